const jwt = require('jsonwebtoken')

module.exports.readClaims = function (token) {
  return jwt.decode(token, { complete: true }).payload // vigil-expect: jwt-misuse
}
