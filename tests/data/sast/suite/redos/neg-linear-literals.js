const MSISDN = /^[0-9]{6,15}$/
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i
const CURRENCY = /^[A-Z]{3}$/

module.exports = (p) => MSISDN.test(p.msisdn) && UUID.test(p.transferId) && CURRENCY.test(p.currency)
