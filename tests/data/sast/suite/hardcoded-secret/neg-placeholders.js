const defaults = {
  password: '',
  apiKey: '<your-api-key>',
  secret: 'changeme',
  token: '${TOKEN}',
  passwordField: 'password',
  tokenHeader: 'X-Api-Token'
}
module.exports = defaults
