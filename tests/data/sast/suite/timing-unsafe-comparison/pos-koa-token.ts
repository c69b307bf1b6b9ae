import type { Context, Next } from 'koa'

const ADMIN_TOKEN = process.env.ADMIN_TOKEN ?? ''

export async function admin (ctx: Context, next: Next): Promise<void> {
  const token = ctx.get('x-admin-token')
  if (token === ADMIN_TOKEN) { // vigil-expect: timing-unsafe-comparison
    await next()
    return
  }
  ctx.status = 403
}
