const repo = require('./repo')

module.exports.getParty = async (request, h) => {
  const party = await repo.findByMsisdn(request.params.ID)
  return h.response(party)
}
