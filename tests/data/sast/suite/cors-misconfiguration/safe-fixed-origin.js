module.exports = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', 'https://portal.example.org')
  res.setHeader('Access-Control-Allow-Credentials', 'true')
  res.setHeader('Vary', 'Origin')
  next()
}
