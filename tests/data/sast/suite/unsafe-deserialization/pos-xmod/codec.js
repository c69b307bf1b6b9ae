const serialize = require('node-serialize')

exports.decode = (text) => serialize.unserialize(text) // vigil-expect: unsafe-deserialization
