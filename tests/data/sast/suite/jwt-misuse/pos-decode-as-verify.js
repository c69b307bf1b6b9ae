const jwt = require('jsonwebtoken')

module.exports.validate = async (request, h) => {
  const token = request.headers.authorization.split(' ')[1]
  const claims = jwt.decode(token) // vigil-expect: jwt-misuse
  if (!claims || claims.role !== 'admin') return h.response().code(403)
  return h.continue
}
