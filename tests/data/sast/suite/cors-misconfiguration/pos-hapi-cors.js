const Hapi = require('@hapi/hapi')

module.exports = async () => {
  const server = Hapi.server({
    port: 3000,
    routes: { cors: { origin: ['*'], credentials: true } } // vigil-expect: cors-misconfiguration
  })
  await server.start()
  return server
}
