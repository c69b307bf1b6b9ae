import pino from 'pino'
import type { Context, Next } from 'koa'

const log = pino()

export async function audit (ctx: Context, next: Next): Promise<void> {
  const ua = ctx.request.headers['user-agent']
  log.warn('request from agent ' + ua) // vigil-expect: log-injection
  await next()
}
