module.exports = (req, res, next) => {
  res.setHeader('Access-Control-Allow-Origin', req.headers.origin) // vigil-expect: cors-misconfiguration
  res.setHeader('Access-Control-Allow-Credentials', 'true')
  next()
}
