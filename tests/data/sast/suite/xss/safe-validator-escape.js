const validator = require('validator')

module.exports = async (ctx) => {
  const msg = validator.escape(String(ctx.query.message))
  ctx.type = 'html'
  ctx.body = '<div class="error">' + msg + '</div>'
}
