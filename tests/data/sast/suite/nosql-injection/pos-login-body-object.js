const express = require('express')
const User = require('./models/user')
const app = express()
app.use(express.json())

app.post('/login', async (req, res) => {
  const { username, password } = req.body
  const user = await User.findOne({ username: username, password: password }) // vigil-expect: nosql-injection
  if (!user) return res.status(401).end()
  res.json({ id: user.id })
})
