'use strict';

// ACME web UI: fetches the payment history of the signed-in customer and renders it.
const axios = require('axios');
const moment = require('moment');
const classNames = require('classnames');

async function renderHistory(root, customerId) {
  const { data } = await axios.get(`/api/customers/${encodeURIComponent(customerId)}/payments`);
  root.innerHTML = data
    .map((p) => {
      const cls = classNames('payment', { refunded: p.refunded });
      return `<li class="${cls}">${moment(p.createdAt).format('LL')} — ${p.amount} ${p.currency}</li>`;
    })
    .join('');
}

module.exports = { renderHistory };
