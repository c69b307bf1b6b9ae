const { sequelize } = require('./models')

function buildFilter (field, value) {
  return `WHERE ${field} = '${value}'`
}

async function search (req, res) {
  const where = buildFilter('email', req.body.email)
  const users = await sequelize.query('SELECT id, email FROM users ' + where) // vigil-expect: sql-injection
  res.json(users)
}
module.exports = { search }
