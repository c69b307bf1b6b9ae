'use strict'
const Oracle = require('../models/oracle')

module.exports.updateOracle = async (request, h) => {
  const filter = request.payload.filter
  await Oracle.updateMany(filter, { $set: { isActive: false } }) // vigil-expect: nosql-injection
  return h.response().code(204)
}
