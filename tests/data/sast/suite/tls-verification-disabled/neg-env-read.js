if (process.env.NODE_TLS_REJECT_UNAUTHORIZED === '0') {
  console.warn('TLS certificate verification is disabled by the environment; refusing to start')
  process.exit(1)
}
module.exports = { strict: true }
