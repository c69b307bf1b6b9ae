module.exports.getCallback = async (request, h) => {
  const { callbackHost } = request.payload
  const resp = await fetch(`http://${callbackHost}/parties/notify`, { method: 'PUT' }) // vigil-expect: ssrf
  return h.response({ status: resp.status })
}
