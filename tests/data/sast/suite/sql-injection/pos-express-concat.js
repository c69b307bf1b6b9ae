const express = require('express')
const mysql = require('mysql')
const pool = mysql.createPool({ host: 'db', user: 'app', database: 'shop' })
const router = express.Router()

router.get('/orders', (req, res) => {
  const sql = 'SELECT * FROM orders WHERE customer = \'' + req.query.customer + '\''
  pool.query(sql, (err, rows) => { // vigil-expect: sql-injection
    if (err) return res.status(500).end()
    res.json(rows)
  })
})
module.exports = router
