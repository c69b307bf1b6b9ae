const tar = require('tar-stream')
const fs = require('fs')

module.exports = (stream, root) => new Promise((resolve, reject) => {
  const extract = tar.extract()
  extract.on('entry', (header, body, next) => {
    body.pipe(fs.createWriteStream(root + '/' + header.name)).on('finish', next) // vigil-expect: zip-slip
  })
  extract.on('finish', resolve).on('error', reject)
  stream.pipe(extract)
})
