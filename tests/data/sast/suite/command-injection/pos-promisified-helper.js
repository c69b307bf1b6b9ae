const util = require('util')
const exec = util.promisify(require('child_process').exec)

async function gitLog (branch) {
  const { stdout } = await exec('git log --oneline ' + branch) // vigil-expect: command-injection
  return stdout
}

module.exports = (app) => {
  app.get('/log', async (req, res) => {
    res.send(await gitLog(req.query.branch))
  })
}
