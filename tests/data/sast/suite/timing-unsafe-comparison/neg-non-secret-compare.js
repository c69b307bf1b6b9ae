module.exports.check = (request, h) => {
  if (request.headers['content-type'] !== 'application/json') return h.response().code(415)
  if (request.params.tokenType === 'bearer') return h.response({ kind: 'bearer' })
  if (request.payload.password === undefined || request.payload.password.length < 12) return h.response().code(400)
  return h.continue
}
