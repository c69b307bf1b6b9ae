const fs = require('fs')
const path = require('path')

module.exports = (app) => {
  app.get('/files/:name', (req, res) => {
    const file = path.join(__dirname, 'uploads', req.params.name)
    fs.readFile(file, (err, data) => { // vigil-expect: path-traversal
      if (err) return res.status(404).end()
      res.send(data)
    })
  })
}
