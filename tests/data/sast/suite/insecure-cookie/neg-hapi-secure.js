module.exports.register = (server) => {
  server.state('session', { ttl: 86400000, isSecure: true, isHttpOnly: true, isSameSite: 'Strict', encoding: 'iron', password: process.env.COOKIE_PASSWORD })
}
