const yaml = require('js-yaml')

module.exports.importRules = async (request, h) => {
  const rules = yaml.load(request.payload.rules, { schema: yaml.DEFAULT_FULL_SCHEMA }) // vigil-expect: unsafe-deserialization
  return h.response({ count: rules.length })
}
