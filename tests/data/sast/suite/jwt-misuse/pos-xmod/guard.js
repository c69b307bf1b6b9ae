const { readClaims } = require('./token')

module.exports = (req, res, next) => {
  const claims = readClaims(req.cookies.session)
  if (claims.exp * 1000 < Date.now()) return res.status(401).end()
  req.user = claims
  next()
}
