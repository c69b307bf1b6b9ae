exports.assignIn = function (store, ns, prop, val) {
  store[ns][prop] = val // vigil-expect: prototype-pollution
}
