const AdmZip = require('adm-zip')
const tar = require('tar')

module.exports = async (zipFile, tgz, dest) => {
  new AdmZip(zipFile).extractAllTo(dest, true)
  await tar.x({ file: tgz, cwd: dest, strict: true })
}
