const { isValidSecret } = require('./secrets')

module.exports = (req, res, next) => {
  if (!isValidSecret(req.headers['x-client-secret'], process.env.CLIENT_SECRET)) return res.status(401).end()
  next()
}
