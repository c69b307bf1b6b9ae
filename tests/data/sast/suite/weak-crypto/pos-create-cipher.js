const crypto = require('crypto')

exports.encrypt = function (text, password) {
  const cipher = crypto.createCipher('aes-256-cbc', password) // vigil-expect: weak-crypto
  return cipher.update(text, 'utf8', 'hex') + cipher.final('hex')
}
