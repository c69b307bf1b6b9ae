function evaluate (expr) {
  return eval('(' + expr + ')') // vigil-expect: code-injection
}
module.exports = { evaluate }
