'use strict'
const Db = require('../lib/db')

const getParticipantLimits = async (request, h) => {
  const { name, currency } = request.params
  const rows = await Db.getKnex().raw(`SELECT * FROM participantLimit WHERE name = '${name}' AND currency = '${currency}'`) // vigil-expect: sql-injection
  return h.response(rows[0]).code(200)
}

module.exports = { getParticipantLimits }
