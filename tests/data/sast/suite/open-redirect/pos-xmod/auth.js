const { afterLogin } = require('./urls')

module.exports = (router) => {
  router.post('/login', (req, res) => {
    res.redirect(302, afterLogin(req.body.tenantHost)) // vigil-expect: open-redirect
  })
}
