'use strict'
process.env.NODE_TLS_REJECT_UNAUTHORIZED = '0' // vigil-expect: tls-verification-disabled

const Server = require('./server')
Server.start()
