module.exports = (app) => {
  app.get('/login/done', (req, res) => {
    const returnTo = String(req.query.returnTo || '/')
    if (!returnTo.startsWith('/') || returnTo.startsWith('//')) return res.redirect('/')
    res.redirect(returnTo)
  })
}
