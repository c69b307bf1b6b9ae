const { spawn } = require('child_process')

async function convert (ctx) {
  const child = spawn('convert', [ctx.request.body.file, 'out.png'])
  ctx.body = await new Promise((resolve) => child.on('close', resolve))
}
module.exports = { convert }
