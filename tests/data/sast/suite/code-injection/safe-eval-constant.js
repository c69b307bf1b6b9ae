const vm = require('vm')
const script = new vm.Script('total = items.reduce((a, b) => a + b, 0)')

module.exports = (ctx) => {
  const sandbox = { items: [1, 2, 3], total: 0 }
  script.runInNewContext(sandbox)
  ctx.body = { total: sandbox.total, n: ctx.query.n }
}
