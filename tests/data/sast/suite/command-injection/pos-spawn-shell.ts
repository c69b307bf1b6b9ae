import { spawn } from 'child_process'
import type { Context } from 'koa'

export async function convert (ctx: Context): Promise<void> {
  const file = ctx.request.body.file
  const child = spawn(`convert ${file} out.png`, { shell: true }) // vigil-expect: command-injection
  ctx.body = await new Promise((resolve) => child.on('close', resolve))
}
