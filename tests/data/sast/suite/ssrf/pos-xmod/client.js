const axios = require('axios')

class EndpointClient {
  async put (url, body) {
    return axios.put(url, body) // vigil-expect: ssrf
  }
}
module.exports = new EndpointClient()
