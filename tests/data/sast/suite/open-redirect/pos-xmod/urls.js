module.exports.afterLogin = function (dest) {
  return 'https://' + dest + '/home'
}
