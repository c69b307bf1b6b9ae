const https = require('https')
const tlsOptions = require('./tls-options')

module.exports = new https.Agent({ keepAlive: true, ...tlsOptions })
