'use strict';

// ACME payments API: a minimal Hapi service that validates payment orders and stores them.
const Hapi = require('@hapi/hapi');
const Joi = require('joi');
const jwt = require('jsonwebtoken');
const _ = require('lodash');
const knex = require('knex')({ client: 'pg', connection: process.env.DATABASE_URL });

const order = Joi.object({
  payer: Joi.string().required(),
  payee: Joi.string().required(),
  amount: Joi.number().positive().precision(2).required(),
  currency: Joi.string().length(3).uppercase().required(),
});

async function main() {
  const server = Hapi.server({ port: Number(process.env.PORT || 3000) });
  server.route({
    method: 'POST',
    path: '/payments',
    options: { validate: { payload: order } },
    handler: async (request, h) => {
      const token = (request.headers.authorization || '').replace(/^Bearer /, '');
      const claims = jwt.verify(token, process.env.JWT_SECRET);
      const row = _.merge({}, request.payload, { created_by: claims.sub });
      const [id] = await knex('payments').insert(row).returning('id');
      return h.response({ id }).code(201);
    },
  });
  await server.start();
  console.log('payments-api listening on %s', server.info.uri);
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
