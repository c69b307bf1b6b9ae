const AdmZip = require('adm-zip')
const fs = require('fs')
const path = require('path')

module.exports = function extract (zipFile, dest) {
  const zip = new AdmZip(zipFile)
  for (const entry of zip.getEntries()) {
    const target = path.join(dest, entry.entryName)
    fs.writeFileSync(target, entry.getData()) // vigil-expect: zip-slip
  }
}
