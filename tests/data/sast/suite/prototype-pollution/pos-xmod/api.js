const { assignIn } = require('./util')
const cache = { users: {}, teams: {} }

module.exports.put = (request, h) => {
  const { ns, prop } = request.params
  assignIn(cache, ns, prop, request.payload)
  return h.response().code(204)
}
