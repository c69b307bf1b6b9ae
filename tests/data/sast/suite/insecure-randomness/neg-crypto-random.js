const crypto = require('crypto')

module.exports.requestReset = async (request, h) => {
  const resetToken = crypto.randomBytes(32).toString('hex')
  const sessionId = crypto.randomUUID()
  return h.response({ sessionId, len: resetToken.length }).code(202)
}
