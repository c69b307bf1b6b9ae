const https = require('https')
const fs = require('fs')

module.exports = new https.Agent({
  ca: fs.readFileSync('/etc/ssl/certs/hub-ca.pem'),
  rejectUnauthorized: true,
  minVersion: 'TLSv1.2'
})
