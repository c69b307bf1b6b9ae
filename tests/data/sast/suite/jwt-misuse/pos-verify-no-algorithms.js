const jwt = require('jsonwebtoken')

module.exports.authenticate = (req, res, next) => {
  const token = (req.headers.authorization || '').replace('Bearer ', '')
  try {
    req.user = jwt.verify(token, process.env.JWT_PUBLIC_KEY) // vigil-expect: jwt-misuse
    next()
  } catch (e) {
    res.status(401).end()
  }
}
