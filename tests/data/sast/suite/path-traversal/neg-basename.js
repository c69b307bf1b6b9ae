const fs = require('fs')
const path = require('path')

module.exports = (app) => {
  app.get('/files/:name', (req, res) => {
    const file = path.join(__dirname, 'uploads', path.basename(req.params.name))
    fs.readFile(file, (err, data) => res.send(err ? '' : data))
  })
}
