const axios = require('axios')
const ALLOWED = new Map([['rates', 'https://rates.internal.example/v1'], ['fx', 'https://fx.internal.example/v2']])

module.exports = (app) => {
  app.get('/proxy', async (req, res) => {
    const base = ALLOWED.get(req.query.service)
    if (!base) return res.status(400).end()
    const response = await axios.get(base + '/latest')
    res.json(response.data)
  })
}
