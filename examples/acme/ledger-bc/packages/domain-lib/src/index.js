'use strict';

// Ledger domain model: a transfer is two postings that sum to zero.
const Decimal = require('decimal.js');

function transfer(from, to, amount) {
  const value = new Decimal(amount);
  if (value.lte(0)) throw new RangeError('amount must be positive');
  return [
    { account: from, amount: value.negated().toFixed(2) },
    { account: to, amount: value.toFixed(2) },
  ];
}

function balanced(postings) {
  return postings.reduce((sum, p) => sum.plus(p.amount), new Decimal(0)).isZero();
}

module.exports = { transfer, balanced };
