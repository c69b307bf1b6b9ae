const Session = require('./session-model')

module.exports.removeSessions = function (criteria) {
  return Session.deleteMany({ $where: `this.owner == '${criteria}'` }) // vigil-expect: nosql-injection
}
