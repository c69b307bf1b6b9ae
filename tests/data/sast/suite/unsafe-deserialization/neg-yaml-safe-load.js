const yaml = require('js-yaml')

module.exports.importRules = async (request, h) => {
  const rules = yaml.load(request.payload.rules)
  const strict = yaml.load(request.payload.extra, { schema: yaml.JSON_SCHEMA })
  return h.response({ count: rules.length + Object.keys(strict).length })
}
