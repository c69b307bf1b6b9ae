module.exports = {
  TRANSFER_ID: 'b51ec534-ee48-4575-b6a9-ead2955b8069',
  EMPTY_SHA256: 'e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855',
  CONTENT_TYPE: 'application/vnd.interoperability.transfers+json;version=1.1',
  secretName: 'central-ledger-db-credentials'
}
