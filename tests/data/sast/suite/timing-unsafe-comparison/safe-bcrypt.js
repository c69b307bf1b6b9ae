const bcrypt = require('bcrypt')

async function checkPassword (user, password) {
  return bcrypt.compare(password, user.passwordHash)
}
module.exports = { checkPassword }
