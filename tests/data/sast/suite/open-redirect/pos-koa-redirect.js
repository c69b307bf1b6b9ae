module.exports = async (ctx) => {
  const target = ctx.query.url || '/'
  ctx.redirect(target) // vigil-expect: open-redirect
}
