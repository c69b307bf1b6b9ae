function merge (target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object' && source[key] !== null) {
      if (!target[key]) target[key] = {}
      merge(target[key], source[key])
    } else {
      target[key] = source[key]
    }
  }
  return target
}

module.exports.updateConfig = (request, h) => {
  const config = merge({}, request.payload) // vigil-expect: prototype-pollution
  return h.response(config)
}
