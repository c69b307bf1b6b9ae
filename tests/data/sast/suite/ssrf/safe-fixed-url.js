const https = require('https')

module.exports = (ctx) => {
  https.get('https://status.example.org/health', (r) => { ctx.status = r.statusCode })
  ctx.body = { requested: ctx.query.component }
}
