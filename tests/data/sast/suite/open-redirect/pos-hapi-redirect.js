module.exports.afterLogout = (request, h) => {
  const { next } = request.query
  return h.redirect(next) // vigil-expect: open-redirect
}
