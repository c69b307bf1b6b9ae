'use strict';

// ACME admin portal: serves the operators' single-page app and the refund approval API.
const path = require('path');
const Fastify = require('fastify');
const { z } = require('zod');
const { formatISO } = require('date-fns');

const refund = z.object({ paymentId: z.string().uuid(), reason: z.string().min(3) });
const app = Fastify({ logger: true });

app.register(require('@fastify/static'), { root: path.join(__dirname, '..', 'public') });

app.post('/api/refunds', async (request, reply) => {
  const parsed = refund.safeParse(request.body);
  if (!parsed.success) return reply.code(400).send(parsed.error.issues);
  return reply.code(202).send({ ...parsed.data, requestedAt: formatISO(new Date()) });
});

app.listen({ port: Number(process.env.PORT || 3002) });
