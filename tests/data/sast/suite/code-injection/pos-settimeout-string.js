const express = require('express')
const router = express.Router()

router.get('/delay', (req, res) => {
  const callback = req.query.cb
  setTimeout('notify(' + callback + ')', 1000) // vigil-expect: code-injection
  res.status(202).end()
})
module.exports = router
