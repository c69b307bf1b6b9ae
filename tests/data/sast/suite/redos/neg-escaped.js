const escapeStringRegexp = require('escape-string-regexp')

module.exports = (app) => {
  app.get('/parties', (req, res) => {
    const re = new RegExp('^' + escapeStringRegexp(String(req.query.prefix)))
    res.json(['alice', 'bob'].filter((p) => re.test(p)))
  })
}
