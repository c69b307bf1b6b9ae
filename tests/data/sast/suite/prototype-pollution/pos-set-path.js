function setPath (obj, path, value) {
  const [group, field] = path.split('.')
  if (!obj[group]) return
  obj[group][field] = value // vigil-expect: prototype-pollution
}

module.exports = (app) => {
  const profile = { contact: {}, display: {} }
  app.patch('/profile', (req, res) => {
    setPath(profile, req.query.field, req.query.value)
    res.json(profile)
  })
}
