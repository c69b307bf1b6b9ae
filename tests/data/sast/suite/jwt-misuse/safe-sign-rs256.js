const jwt = require('jsonwebtoken')
const fs = require('fs')
const privateKey = fs.readFileSync(process.env.JWS_SIGNING_KEY_PATH)

module.exports.issue = (user) => jwt.sign({ sub: user.id }, privateKey, { algorithm: 'RS256', expiresIn: '15m' })
