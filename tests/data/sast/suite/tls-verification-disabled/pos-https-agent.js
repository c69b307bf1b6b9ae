const https = require('https')
const axios = require('axios')

const agent = new https.Agent({ rejectUnauthorized: false }) // vigil-expect: tls-verification-disabled

module.exports = axios.create({ httpsAgent: agent, timeout: 5000 })
