const crypto = require('crypto')

module.exports.sign = (payload, key) => {
  return crypto.createHmac('sha1', key).update(JSON.stringify(payload)).digest('base64') // vigil-expect: weak-crypto
}
