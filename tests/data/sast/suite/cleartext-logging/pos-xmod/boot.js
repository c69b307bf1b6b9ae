const { load } = require('./creds')
const creds = load()

console.info('oauth client secret is ' + creds.clientSecret) // vigil-expect: cleartext-logging
