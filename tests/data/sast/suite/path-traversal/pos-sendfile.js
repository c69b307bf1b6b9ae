const express = require('express')
const app = express()

app.get('/download', (req, res) => {
  res.sendFile('/srv/reports/' + req.query.report) // vigil-expect: path-traversal
})
