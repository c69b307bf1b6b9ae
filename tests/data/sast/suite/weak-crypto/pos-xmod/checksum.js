const crypto = require('crypto')
const { DIGEST, CIPHER } = require('./algos')

exports.checksum = (buf) => crypto.createHash(DIGEST).update(buf).digest('hex') // vigil-expect: weak-crypto
exports.obfuscate = (buf, key) => crypto.createCipheriv(CIPHER, key, '').update(buf) // vigil-expect: weak-crypto
