const express = require('express')
const app = express()

app.post('/calc', express.text(), (req, res) => {
  const data = JSON.parse(req.body)
  res.json({ sum: Number(data.a) + Number(data.b) })
})
