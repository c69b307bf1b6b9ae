const EMAIL = /^([a-zA-Z0-9_.-]+)+@([a-zA-Z0-9-]+\.)+[a-zA-Z]{2,}$/ // vigil-expect: redos

module.exports.register = (request, h) => {
  if (!EMAIL.test(request.payload.email)) return h.response().code(400)
  return h.response().code(201)
}
