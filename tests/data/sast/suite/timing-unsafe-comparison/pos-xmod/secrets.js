module.exports.isValidSecret = (given, secret) => given === secret // vigil-expect: timing-unsafe-comparison
