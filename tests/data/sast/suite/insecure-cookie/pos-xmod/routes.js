const { SESSION_COOKIE } = require('./cookie-options')

module.exports = (app) => {
  app.post('/login', (req, res) => {
    res.cookie('sid', req.sessionID, SESSION_COOKIE)
    res.status(204).end()
  })
}
