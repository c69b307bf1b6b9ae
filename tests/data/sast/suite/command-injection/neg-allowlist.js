const { exec } = require('child_process')
const FORMATS = { csv: 'csv', json: 'json' }

module.exports.exportReport = (request, h) => {
  const format = FORMATS[request.query.format] || 'json'
  exec('node scripts/report.js --format ' + format)
  return h.response().code(202)
}
