module.exports.requestReset = async (request, h) => {
  const resetToken = Math.random().toString(36).slice(2) // vigil-expect: insecure-randomness
  await request.server.app.db('users').where({ email: request.payload.email }).update({ resetToken })
  return h.response().code(202)
}
