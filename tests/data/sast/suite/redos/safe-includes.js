module.exports = async (ctx) => {
  const term = String(ctx.query.term || '').toLowerCase()
  ctx.body = ['FSP1', 'FSP2'].filter((n) => n.toLowerCase().includes(term))
}
