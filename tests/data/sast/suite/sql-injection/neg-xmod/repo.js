const knex = require('knex')({ client: 'mysql2' })

exports.findByMsisdn = function (msisdn) {
  return knex.raw('SELECT * FROM party WHERE msisdn = ?', [msisdn])
}
