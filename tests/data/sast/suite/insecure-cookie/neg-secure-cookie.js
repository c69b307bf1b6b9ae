module.exports.login = (req, res) => {
  res.cookie('session', req.sessionID, { httpOnly: true, secure: true, sameSite: 'strict' })
  res.json({ ok: true })
}
