const { execFile } = require('child_process')

module.exports = (app) => {
  app.get('/ping', (req, res) => {
    execFile('ping', ['-c', '1', req.query.host], (err, stdout) => {
      res.send(err ? 'down' : stdout)
    })
  })
}
