const jwt = require('jsonwebtoken')
const OPTIONS = { algorithms: ['ES256'] }

module.exports.kidOf = (token, keys) => {
  const verified = jwt.verify(token, keys.current, OPTIONS)
  const header = jwt.decode(token, { complete: true }).header
  return { sub: verified.sub, kid: header.kid }
}
