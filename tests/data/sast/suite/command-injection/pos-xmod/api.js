const run = require('./shell')

module.exports.backup = async (request, h) => {
  const target = request.payload.target
  const output = run(`tar czf /backups/${target}.tgz /data`)
  return h.response({ output })
}
