const { decode } = require('./codec')

module.exports.handle = async (request, h) => {
  const event = decode(request.payload.event)
  return h.response({ type: event.type })
}
