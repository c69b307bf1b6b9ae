function isValidIdentifier (value) {
  return /^(\w+\s?)*$/.test(value) // vigil-expect: redos
}
module.exports = { isValidIdentifier }
