const express = require('express')
const User = require('./models/user')
const app = express()

app.post('/login', async (req, res) => {
  const username = String(req.body.username)
  const user = await User.findOne({ username: username })
  res.json({ found: Boolean(user) })
})
