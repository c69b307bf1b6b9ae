const express = require('express')
const app = express()

app.get('/parties', (req, res) => {
  const re = new RegExp('^' + req.query.prefix) // vigil-expect: redos
  res.json(['alice', 'bob'].filter((p) => re.test(p)))
})
