const fs = require('fs/promises')

module.exports.getTemplate = async (request, h) => {
  const { templateName } = request.params
  const content = await fs.readFile(`./templates/${templateName}.json`, 'utf8') // vigil-expect: path-traversal
  return h.response(JSON.parse(content))
}
