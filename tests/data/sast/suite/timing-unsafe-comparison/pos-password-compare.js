async function checkPassword (user, password) {
  return user.password == password // vigil-expect: timing-unsafe-comparison
}
module.exports = { checkPassword }
