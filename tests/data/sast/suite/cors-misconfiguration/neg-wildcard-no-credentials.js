const Hapi = require('@hapi/hapi')

module.exports = () => Hapi.server({
  port: 3000,
  routes: { cors: { origin: ['*'], credentials: false } }
})
