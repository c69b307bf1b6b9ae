const axios = require('axios')
const { SLACK_WEBHOOK_TOKEN } = require('./config')

module.exports = (text) => axios.post('https://slack.com/api/chat.postMessage', { text }, {
  headers: { Authorization: 'Bearer ' + SLACK_WEBHOOK_TOKEN }
})
