const winston = require('winston')
const logger = winston.createLogger()

const clean = (s) => String(s).replace(/[\r\n]/g, ' ')

module.exports.getParty = async (request, h) => {
  const id = parseInt(request.params.id, 10)
  logger.info('lookup ' + id + ' by ' + clean(request.headers['fspiop-source']))
  return h.response().code(202)
}
