const Knex = require('knex')

module.exports = Knex({
  client: 'mysql2',
  connection: {
    host: 'central-ledger-db',
    user: 'central_ledger',
    password: 'Xk7#pQ2v!Lm9zR4t', // vigil-expect: hardcoded-secret
    database: 'central_ledger'
  }
})
