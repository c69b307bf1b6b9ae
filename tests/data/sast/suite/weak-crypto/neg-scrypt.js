const crypto = require('crypto')
const { promisify } = require('util')
const scrypt = promisify(crypto.scrypt)

async function hashPassword (password) {
  const salt = crypto.randomBytes(16)
  const key = await scrypt(password, salt, 64)
  return salt.toString('hex') + ':' + key.toString('hex')
}
module.exports = { hashPassword }
