const { compile } = require('./match')

module.exports.grep = async (request, h) => {
  const re = compile(request.query.pattern)
  return h.response({ hits: (request.payload.text || '').match(re) })
}
