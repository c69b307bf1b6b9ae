const client = require('./client')

module.exports.forward = async (request, h) => {
  await client.put(request.headers['fspiop-uri'], request.payload)
  return h.response().code(202)
}
