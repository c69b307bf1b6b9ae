const logger = require('./logger')

module.exports.login = async (req, res) => {
  const { username, password } = req.body
  logger.debug(`login ${username} with password ${password}`) // vigil-expect: cleartext-logging, log-injection
  res.status(204).end()
}
