const sanitize = require('mongo-sanitize')
const Oracle = require('../models/oracle')

module.exports.find = async (request, h) => {
  const filter = sanitize(request.payload.filter)
  const docs = await Oracle.find(filter)
  return h.response(docs)
}
