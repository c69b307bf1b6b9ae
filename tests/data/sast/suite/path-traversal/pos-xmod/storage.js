const fs = require('fs')
const path = require('path')
const ROOT = '/var/lib/app'

exports.remove = function (rel) {
  fs.unlinkSync(path.join(ROOT, rel)) // vigil-expect: path-traversal
}
