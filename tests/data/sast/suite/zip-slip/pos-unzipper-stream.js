const unzipper = require('unzipper')
const fs = require('fs')
const path = require('path')

module.exports = (input, outDir) => fs.createReadStream(input)
  .pipe(unzipper.Parse())
  .on('entry', (entry) => {
    const filePath = path.join(outDir, entry.path)
    entry.pipe(fs.createWriteStream(filePath)) // vigil-expect: zip-slip
  })
