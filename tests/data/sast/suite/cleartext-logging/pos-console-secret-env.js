'use strict'
const config = { dbPassword: process.env.DB_PASSWORD, port: 3000 }

console.log('starting with db password', config.dbPassword) // vigil-expect: cleartext-logging
module.exports = config
