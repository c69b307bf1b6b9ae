import type { Context } from 'koa'

export function setAuth (ctx: Context, token: string): void {
  ctx.cookies.set('auth_token', token, { httpOnly: false, sameSite: 'lax' }) // vigil-expect: insecure-cookie
}
