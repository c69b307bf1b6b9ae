#!/usr/bin/env node
'use strict';

// Reconciles a bank statement (CSV) against the ledger export and prints the differences.
const fs = require('fs');
const program = require('commander');
const parse = require('csv-parse/lib/sync');

program
  .usage('<statement.csv> <ledger.csv>')
  .parse(process.argv);

const [statementFile, ledgerFile] = program.args;
const read = (file) => parse(fs.readFileSync(file), { columns: true });
const ledger = new Map(read(ledgerFile).map((row) => [row.reference, row.amount]));

for (const row of read(statementFile)) {
  if (ledger.get(row.reference) !== row.amount) {
    console.log('%s: statement %s, ledger %s', row.reference, row.amount, ledger.get(row.reference) || '-');
  }
}
