const Koa = require('koa')
const { removeSessions } = require('./store')
const app = new Koa()

app.use(async (ctx) => {
  await removeSessions(ctx.query.owner)
  ctx.status = 204
})
