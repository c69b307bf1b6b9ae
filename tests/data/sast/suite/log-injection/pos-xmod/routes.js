const { audit } = require('./log')

module.exports = (app) => {
  app.delete('/users/:id', (req, res) => {
    audit(req.headers['x-user'], 'delete ' + req.params.id)
    res.status(204).end()
  })
}
