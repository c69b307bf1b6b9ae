const AdmZip = require('adm-zip')
const { writeEntry } = require('./write')

module.exports = (file, root) => {
  new AdmZip(file).getEntries().forEach((e) => writeEntry(root, e.entryName, e.getData()))
}
