const https = require('https')
const Config = require('./config')

module.exports = new https.Agent({
  rejectUnauthorized: Config.TLS.VERIFY !== false
})
