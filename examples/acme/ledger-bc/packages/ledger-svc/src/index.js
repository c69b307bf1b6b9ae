'use strict';

// Ledger HTTP service: records transfers built by the domain library.
const express = require('express');
const pino = require('pino');
const { v4: uuid } = require('uuid');
const { transfer, balanced } = require('@acme/domain-lib');

const log = pino();
const app = express();
app.use(express.json());

const journal = new Map();

app.post('/transfers', (req, res) => {
  const { from, to, amount } = req.body;
  const postings = transfer(from, to, amount);
  if (!balanced(postings)) return res.status(500).end();
  const id = uuid();
  journal.set(id, postings);
  log.info({ id }, 'transfer recorded');
  return res.status(201).json({ id, postings });
});

app.get('/transfers/:id', (req, res) => {
  const postings = journal.get(req.params.id);
  return postings ? res.json(postings) : res.status(404).end();
});

app.listen(Number(process.env.PORT || 3001), () => log.info('ledger-svc ready'));
