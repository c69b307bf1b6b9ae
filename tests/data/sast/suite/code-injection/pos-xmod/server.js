const express = require('express')
const { evaluate } = require('./evaluator')
const app = express()

app.get('/filter', (req, res) => {
  res.json({ value: evaluate(req.query.filter) })
})
