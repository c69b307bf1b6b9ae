const http = require('http')

function notify (endpoint, body) {
  const req = http.request(endpoint, { method: 'POST' }) // vigil-expect: ssrf
  req.end(JSON.stringify(body))
}

module.exports = (router) => {
  router.post('/subscribe', (ctx) => {
    notify(ctx.request.body.webhook, { ok: true })
    ctx.status = 202
  })
}
