const express = require('express')
const { errorPage } = require('./render')
const app = express()

app.get('/callback', (req, res) => {
  if (req.query.error) {
    return res.status(400).send(errorPage(req.query.error_description)) // vigil-expect: xss
  }
  res.redirect('/')
})
