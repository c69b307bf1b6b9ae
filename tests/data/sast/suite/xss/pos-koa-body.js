const Koa = require('koa')
const app = new Koa()

app.use(async (ctx) => {
  const msg = ctx.query.message
  ctx.type = 'html'
  ctx.body = '<div class="error">' + msg + '</div>' // vigil-expect: xss
})
