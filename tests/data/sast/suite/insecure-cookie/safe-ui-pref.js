module.exports.setTheme = (req, res) => {
  const theme = req.query.theme === 'dark' ? 'dark' : 'light'
  res.clearCookie('legacy_theme')
  res.cookie('theme', theme, { secure: true, sameSite: 'lax', maxAge: 31536000000 })
  res.status(204).end()
}
