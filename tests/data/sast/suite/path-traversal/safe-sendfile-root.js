const express = require('express')
const app = express()

app.get('/download', (req, res) => {
  res.sendFile(req.query.report, { root: '/srv/reports', dotfiles: 'deny' })
})
