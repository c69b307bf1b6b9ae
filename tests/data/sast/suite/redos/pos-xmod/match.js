module.exports.compile = (pattern) => RegExp(pattern, 'g') // vigil-expect: redos
