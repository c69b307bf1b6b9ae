const crypto = require('crypto')

exports.encrypt = function (text, key) {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv)
  const enc = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
  return { iv, enc, tag: cipher.getAuthTag(), digest: crypto.createHash('sha256').update(enc).digest('hex') }
}
