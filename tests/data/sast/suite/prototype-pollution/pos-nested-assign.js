const express = require('express')
const app = express()
app.use(express.json())
const settings = {}

app.post('/settings', (req, res) => {
  const { section, key, value } = req.body
  settings[section][key] = value // vigil-expect: prototype-pollution
  res.json(settings)
})
