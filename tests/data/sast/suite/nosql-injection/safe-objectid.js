const { ObjectId } = require('mongodb')
const Quote = require('./models/quote')

async function get (req, res) {
  if (!ObjectId.isValid(req.params.id)) return res.status(400).end()
  const quote = await Quote.findById(new ObjectId(req.params.id))
  res.json(quote)
}
module.exports = { get }
