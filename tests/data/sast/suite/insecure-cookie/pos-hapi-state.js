module.exports.register = (server) => {
  server.state('session', {
    ttl: 24 * 60 * 60 * 1000,
    isSecure: false, // vigil-expect: insecure-cookie
    isHttpOnly: true,
    encoding: 'base64json'
  })
}
