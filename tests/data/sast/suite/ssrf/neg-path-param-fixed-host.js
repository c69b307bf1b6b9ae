const axios = require('axios')
const BASE = 'http://account-lookup:4002'

module.exports.lookup = async (request, h) => {
  const id = encodeURIComponent(request.params.id)
  const r = await axios.get(`${BASE}/participants/MSISDN/${id}`)
  return h.response(r.data)
}
