const fs = require('fs')
const path = require('path')

module.exports.writeEntry = (root, name, data) => fs.writeFileSync(path.join(root, name), data) // vigil-expect: zip-slip
