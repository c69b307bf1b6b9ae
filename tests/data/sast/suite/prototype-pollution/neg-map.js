const store = new Map()

module.exports.put = (request, h) => {
  const { ns, prop } = request.params
  if (!store.has(ns)) store.set(ns, new Map())
  store.get(ns).set(prop, request.payload)
  return h.response().code(204)
}
