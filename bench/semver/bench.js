// node-semver's side of bench/semver.sh: the same file, the same work as
// `vigil semver --bench FILE ROUNDS`: every range parsed once (new Range), every version once
// (new SemVer), then each round tests every range against every version (range.test).
'use strict'
const fs = require('fs')
const semver = require('semver')

const [file, roundsArg] = process.argv.slice(2)
const rounds = Math.max(1, Number(roundsArg || 1))
const ranges = []
const versions = []
let bad = 0
for (const line of fs.readFileSync(file, 'utf8').split('\n')) {
  if (line.length < 2 || line[1] !== ' ') continue
  const text = line.slice(2)
  try {
    if (line[0] === 'r') ranges.push(new semver.Range(text))
    else if (line[0] === 'v') versions.push(new semver.SemVer(text))
  } catch { bad++ }
}
let satisfied = 0
const t0 = process.hrtime.bigint()
for (let r = 0; r < rounds; r++) {
  for (const range of ranges) {
    for (const v of versions) if (range.test(v)) satisfied++
  }
}
const secs = Number(process.hrtime.bigint() - t0) / 1e9
const checks = rounds * ranges.length * versions.length
console.log(`ranges=${ranges.length} versions=${versions.length} invalid=${bad} checks=${checks} satisfied=${satisfied} seconds=${secs.toFixed(6)} checks_per_second=${Math.round(checks / secs)}`)
