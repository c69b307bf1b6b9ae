const serialize = require('node-serialize')

module.exports = async (ctx) => {
  ctx.body = serialize.serialize({ user: ctx.state.user.id, at: Date.now() })
}
