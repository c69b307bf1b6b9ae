const winston = require('winston')
const logger = winston.createLogger({ transports: [new winston.transports.Console()] })

module.exports = (req, res, next) => {
  logger.info('login attempt for user ' + req.body.username) // vigil-expect: log-injection
  next()
}
