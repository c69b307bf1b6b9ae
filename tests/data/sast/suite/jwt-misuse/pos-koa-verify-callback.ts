import jwt from 'jsonwebtoken'
import type { Context, Next } from 'koa'

export async function auth (ctx: Context, next: Next): Promise<void> {
  const token = ctx.get('authorization').slice(7)
  await new Promise<void>((resolve, reject) => {
    jwt.verify(token, process.env.JWT_SECRET as string, (err, decoded) => { // vigil-expect: jwt-misuse
      if (err) return reject(err)
      ctx.state.user = decoded
      resolve()
    })
  })
  await next()
}
