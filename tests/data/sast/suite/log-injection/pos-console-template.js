module.exports.getParty = async (request, h) => {
  const { Type, ID } = request.params
  console.log(`lookup ${Type}/${ID} from ${request.headers['fspiop-source']}`) // vigil-expect: log-injection
  return h.response().code(202)
}
