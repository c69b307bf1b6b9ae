module.exports = async (ctx) => {
  ctx.session = null
  ctx.redirect('/login?reason=' + encodeURIComponent(ctx.query.reason || 'logout'))
}
