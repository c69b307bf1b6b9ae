const crypto = require('crypto')

module.exports = (req, res, next) => {
  const given = Buffer.from(String(req.headers['x-api-key'] || ''))
  const expected = Buffer.from(process.env.API_KEY || '')
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) {
    return res.status(401).end()
  }
  next()
}
