const settings = { general: {}, ui: {} }
const SECTIONS = new Set(['general', 'ui'])

module.exports = (app) => {
  app.post('/settings', (req, res) => {
    const { section, key, value } = req.body
    if (!SECTIONS.has(section) || key === '__proto__' || key === 'constructor' || key === 'prototype') {
      return res.status(400).end()
    }
    settings[section][key] = value
    res.json(settings)
  })
}
