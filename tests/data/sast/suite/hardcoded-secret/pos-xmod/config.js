module.exports = {
  PORT: 3001,
  SLACK_WEBHOOK_TOKEN: 'xoxb-2918374650-7364519283-Rk4Vz8QmT2pWx6LnY9cB3sHd', // vigil-expect: hardcoded-secret
  LOG_LEVEL: 'info'
}
