module.exports.load = () => ({ clientId: 'hub', clientSecret: process.env.OAUTH_CLIENT_SECRET })
