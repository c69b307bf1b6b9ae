const axios = require('axios')

module.exports = (app) => {
  app.get('/proxy', async (req, res) => {
    const response = await axios.get(req.query.url) // vigil-expect: ssrf
    res.json(response.data)
  })
}
