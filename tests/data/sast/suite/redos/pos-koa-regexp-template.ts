import type { Context } from 'koa'

export async function search (ctx: Context): Promise<void> {
  const { term } = ctx.query as { term: string }
  const matcher = new RegExp(`${term}.*`, 'i') // vigil-expect: redos
  ctx.body = ['FSP1', 'FSP2'].filter((n) => matcher.test(n))
}
