const winston = require('winston')
const logger = winston.createLogger()

function storeToken (accessToken) {
  logger.info('received access token: ' + accessToken) // vigil-expect: cleartext-logging
}
module.exports = { storeToken }
