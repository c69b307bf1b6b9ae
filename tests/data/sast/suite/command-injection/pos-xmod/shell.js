const cp = require('child_process')

module.exports = function run (cmd) {
  return cp.execSync(cmd, { encoding: 'utf8' }) // vigil-expect: command-injection
}
