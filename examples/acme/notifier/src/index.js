'use strict';

// ACME notifier: reads payment events from Kafka and posts them to the customer's webhook,
// retrying failed calls and tracing each delivery.
require('dotenv').config();
const { trace } = require('@opentelemetry/api');
const { NodeTracerProvider } = require('@opentelemetry/sdk-trace-node');
const { Kafka } = require('kafkajs');
const fetch = require('node-fetch');
const pRetry = require('p-retry');

new NodeTracerProvider().register();
const tracer = trace.getTracer('notifier');
const kafka = new Kafka({ clientId: 'notifier', brokers: (process.env.KAFKA_BROKERS || 'localhost:9092').split(',') });
const consumer = kafka.consumer({ groupId: 'notifier' });

async function deliver(event) {
  const res = await fetch(event.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ paymentId: event.paymentId, status: 'settled' }),
  });
  if (!res.ok) throw new Error(`webhook answered ${res.status}`);
}

async function main() {
  await consumer.connect();
  await consumer.subscribe({ topic: 'payments.settled', fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => {
      const event = JSON.parse(message.value.toString());
      await tracer.startActiveSpan('deliver', async (span) => {
        try {
          await pRetry(() => deliver(event), { retries: 5 });
        } finally {
          span.end();
        }
      });
    },
  });
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
