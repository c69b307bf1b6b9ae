const express = require('express')
const User = require('./models/user')
const app = express()

app.get('/users/active', async (req, res) => {
  const users = await User.find({ $where: 'this.lastLogin > ' + req.query.since }) // vigil-expect: nosql-injection
  res.json(users)
})
