const fs = require('fs/promises')
const path = require('path')
const ROOT = path.resolve('/srv/reports')

module.exports.get = async (request, h) => {
  const target = path.resolve(ROOT, request.params.report)
  if (!target.startsWith(ROOT + path.sep)) {
    return h.response().code(400)
  }
  return h.response(await fs.readFile(target))
}
