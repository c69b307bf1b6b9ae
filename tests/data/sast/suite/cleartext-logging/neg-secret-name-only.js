const winston = require('winston')
const logger = winston.createLogger()

function rotate (secretName, passwordPolicy) {
  logger.info('rotating secret ' + secretName + ', password policy v' + passwordPolicy.version)
}
module.exports = { rotate }
