module.exports.applyRule = async (request, h) => {
  const { rule } = request.payload
  const predicate = new Function('tx', `return ${rule}`) // vigil-expect: code-injection
  return h.response({ ok: predicate({ amount: 10 }) })
}
