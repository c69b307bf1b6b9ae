const { Pool } = require('pg')
const pool = new Pool()

module.exports = async function getTransfer (req, res) {
  const limit = parseInt(req.query.limit, 10) || 20
  const { rows } = await pool.query('SELECT * FROM transfer WHERE payer = $1 LIMIT ' + limit, [req.query.payer])
  res.json(rows)
}
