module.exports.welcome = (request, h) => {
  const { name } = request.query
  return h.response(`<html><body>Hello ${name}</body></html>`).type('text/html') // vigil-expect: xss
}
