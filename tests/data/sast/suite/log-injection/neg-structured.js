const pino = require('pino')
const log = pino()

module.exports = (req, res, next) => {
  log.info({ user: req.body.username, path: req.path }, 'login attempt')
  next()
}
