const storage = require('./storage')

module.exports = (router) => {
  router.delete('/blobs', async (ctx) => {
    storage.remove(ctx.request.body.key)
    ctx.status = 204
  })
}
