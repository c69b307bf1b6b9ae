module.exports = {
  ca: undefined,
  rejectUnauthorized: false // vigil-expect: tls-verification-disabled
}
