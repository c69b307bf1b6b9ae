const { unsafeLoad } = require('js-yaml')

module.exports = async (ctx) => {
  ctx.body = unsafeLoad(ctx.request.body.manifest) // vigil-expect: unsafe-deserialization
}
