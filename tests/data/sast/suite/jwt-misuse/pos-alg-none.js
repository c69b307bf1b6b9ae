const jwt = require('jsonwebtoken')

exports.verify = (token, key) => jwt.verify(token, key, { algorithms: ['HS256', 'none'] }) // vigil-expect: jwt-misuse
exports.sign = (claims) => jwt.sign(claims, '', { algorithm: 'none' }) // vigil-expect: jwt-misuse
