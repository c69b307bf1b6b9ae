const { sequelize, QueryTypes } = require('./models')

async function byEmail (req, res) {
  const users = await sequelize.query('SELECT id FROM users WHERE email = :email', {
    replacements: { email: req.body.email },
    type: QueryTypes.SELECT
  })
  const ORDER = { asc: 'ASC', desc: 'DESC' }
  const dir = ORDER[req.query.dir] === 'DESC' ? 'DESC' : 'ASC'
  const sorted = await sequelize.query(`SELECT id FROM users ORDER BY created ${dir}`)
  res.json({ users, sorted })
}
module.exports = { byEmail }
