module.exports.welcome = (request, h) => {
  const { name } = request.query
  return h.response({ greeting: `Hello ${name}` }).code(200)
}
