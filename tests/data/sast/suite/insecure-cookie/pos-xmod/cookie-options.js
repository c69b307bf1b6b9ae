module.exports.SESSION_COOKIE = { maxAge: 3600000, httpOnly: false, secure: false } // vigil-expect: insecure-cookie
