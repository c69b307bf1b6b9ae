const express = require('express')
const app = express()

app.post('/keys', (req, res) => {
  const apiKey = 'ak_' + Date.now() + Math.random() // vigil-expect: insecure-randomness
  res.status(201).json({ apiKey })
})
