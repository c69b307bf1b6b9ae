function newSessionId () {
  let id = ''
  for (let i = 0; i < 32; i++) {
    id += Math.floor(Math.random() * 16).toString(16) // vigil-expect: insecure-randomness
  }
  return id
}
module.exports = { newSessionId }
