module.exports = (req, res, next) => {
  console.log('login attempt for user ' + JSON.stringify(req.body.username))
  next()
}
