module.exports = (req, res) => {
  const prefs = JSON.parse(Buffer.from(req.cookies.prefs, 'base64').toString())
  res.json({ theme: prefs.theme === 'dark' ? 'dark' : 'light' })
}
