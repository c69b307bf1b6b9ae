const logger = require('./logger')

module.exports.login = async (req, res) => {
  const { username } = req.body
  logger.debug({ user: 'redacted', len: String(username).length }, 'login attempt')
  res.status(204).end()
}
