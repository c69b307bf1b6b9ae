const { secretSuffix } = require('./ids')

module.exports.createInvite = (email) => ({ email, inviteCode: secretSuffix() })
