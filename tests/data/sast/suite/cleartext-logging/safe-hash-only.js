const crypto = require('crypto')

module.exports = (token) => {
  const fingerprint = crypto.createHash('sha256').update(token).digest('hex').slice(0, 8)
  console.log('token fingerprint ' + fingerprint)
}
