module.exports = async (ctx) => {
  const flags = Object.create(null)
  for (const [k, v] of Object.entries(ctx.request.body)) {
    flags[k] = Boolean(v)
  }
  const copy = { ...ctx.request.body }
  ctx.body = { flags, size: Object.keys(copy).length }
}
