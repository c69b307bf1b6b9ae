const Db = require('../lib/db')

const getByName = async (request, h) => {
  const rows = await Db.getKnex()('participant').where({ name: request.params.name }).select('*')
  const count = await Db.getKnex().raw('SELECT COUNT(*) AS c FROM participant WHERE name = ?', [request.params.name])
  return h.response({ rows, count: count[0] })
}
module.exports = { getByName }
