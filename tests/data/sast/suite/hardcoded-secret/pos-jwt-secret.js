const jwt = require('jsonwebtoken')
const JWT_SECRET = 'f3a9c1e7b25d48a6907e1c3b5d7f9a2e4c6b8d0f1a3e5c7b' // vigil-expect: hardcoded-secret

module.exports.issue = (user) => jwt.sign({ sub: user.id }, JWT_SECRET, { algorithm: 'HS256', expiresIn: '1h' })
