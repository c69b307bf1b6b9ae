const { MongoClient } = require('mongodb')
const client = new MongoClient(process.env.MONGO_URI)

async function listQuotes (req, res) {
  const coll = client.db('als').collection('quotes')
  const docs = await coll.find(req.query).toArray() // vigil-expect: nosql-injection
  res.json(docs)
}
module.exports = { listQuotes }
