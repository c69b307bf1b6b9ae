const serialize = require('node-serialize')

module.exports = (req, res) => {
  const prefs = serialize.unserialize(Buffer.from(req.cookies.prefs, 'base64').toString()) // vigil-expect: unsafe-deserialization
  res.json(prefs)
}
