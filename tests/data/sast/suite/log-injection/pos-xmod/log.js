const winston = require('winston')
const logger = winston.createLogger()

exports.audit = (actor, action) => logger.info(`${actor} did ${action}`) // vigil-expect: log-injection
