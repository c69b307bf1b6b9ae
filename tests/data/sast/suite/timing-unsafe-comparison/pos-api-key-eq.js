module.exports = (req, res, next) => {
  if (req.headers['x-api-key'] !== process.env.API_KEY) { // vigil-expect: timing-unsafe-comparison
    return res.status(401).end()
  }
  next()
}
