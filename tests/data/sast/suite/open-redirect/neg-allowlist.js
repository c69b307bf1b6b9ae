const TARGETS = { home: '/', settings: '/settings', docs: 'https://docs.example.org' }

module.exports.afterLogout = (request, h) => {
  const target = TARGETS[request.query.next] || '/'
  return h.redirect(target)
}
