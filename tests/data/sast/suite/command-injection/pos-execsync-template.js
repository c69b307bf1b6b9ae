const childProcess = require('child_process')

module.exports.exportReport = (request, h) => {
  const { format } = request.query
  const out = childProcess.execSync(`node scripts/report.js --format ${format}`) // vigil-expect: command-injection
  return h.response(out.toString())
}
