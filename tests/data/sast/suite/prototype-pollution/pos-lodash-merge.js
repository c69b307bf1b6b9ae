const _ = require('lodash')
const defaults = { currency: 'USD', limits: { daily: 1000 } }

module.exports = async (ctx) => {
  const prefs = _.merge({}, defaults, ctx.request.body) // vigil-expect: prototype-pollution
  ctx.body = prefs
}
