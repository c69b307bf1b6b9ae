const Logger = require('@mojaloop/central-services-logger')

function describe (transfer) {
  return `transfer ${transfer.transferId} amount ${transfer.amount.amount}`
}

module.exports.prepare = async (request, h) => {
  Logger.error('prepare failed: ' + describe(request.payload)) // vigil-expect: log-injection
  return h.response().code(202)
}
