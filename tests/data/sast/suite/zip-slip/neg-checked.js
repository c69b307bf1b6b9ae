const AdmZip = require('adm-zip')
const fs = require('fs')
const path = require('path')

module.exports = function extract (zipFile, dest) {
  const root = path.resolve(dest)
  for (const entry of new AdmZip(zipFile).getEntries()) {
    const target = path.resolve(root, entry.entryName)
    if (!target.startsWith(root + path.sep)) throw new Error('bad entry ' + entry.entryName)
    fs.writeFileSync(target, entry.getData())
  }
}
