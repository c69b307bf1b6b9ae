module.exports.login = (req, res) => {
  const sid = req.sessionID
  res.cookie('session', sid, { httpOnly: false, secure: false }) // vigil-expect: insecure-cookie
  res.json({ ok: true })
}
