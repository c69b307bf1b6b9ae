const cors = require('cors')
const ALLOWED = ['https://portal.example.org', 'https://admin.example.org']

module.exports = cors({
  origin: (origin, cb) => cb(null, ALLOWED.includes(origin)),
  credentials: true
})
