const crypto = require('crypto')

module.exports.webhook = (request, h) => {
  const expected = crypto.createHmac('sha256', process.env.WEBHOOK_SECRET).update(request.payload.raw).digest('hex')
  if (request.headers['x-signature'] === expected) { // vigil-expect: timing-unsafe-comparison
    return h.response().code(204)
  }
  return h.response().code(401)
}
