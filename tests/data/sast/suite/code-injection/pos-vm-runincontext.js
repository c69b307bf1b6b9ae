const vm = require('vm')

async function template (ctx) {
  const code = ctx.query.code
  const sandbox = { user: ctx.state.user }
  ctx.body = vm.runInNewContext(code, sandbox) // vigil-expect: code-injection
}
module.exports = { template }
