// Writes the semver benchmark's input: the ranges and versions found in the corpus lockfiles
// (../shared/corpus) and in the node-semver fixtures (../shared/vectors/semver), deduplicated,
// sorted, and thinned to a fixed count by a fixed stride, so the same corpus gives the same file.
//   node gen.js CORPUS VECTORS OUT [RANGES] [VERSIONS]
// Output lines: "r <range>" and "v <version>". Only ranges and versions valid to node-semver
// (default options) are kept, so both sides check exactly the same pairs.
'use strict'
const fs = require('fs')
const path = require('path')
const semver = require('semver')

const [corpus, vectors, out, nr, nv] = process.argv.slice(2)
if (!out) {
  console.error('usage: node gen.js CORPUS VECTORS OUT [RANGES] [VERSIONS]')
  process.exit(2)
}
const wantRanges = Number(nr || 2000)
const wantVersions = Number(nv || 500)
const ranges = new Set()
const versions = new Set()

function walk (dir, files) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name < b.name ? -1 : 1)) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, files)
    else if (e.name === 'package-lock.json') files.push(p)
  }
  return files
}
for (const file of walk(corpus, [])) {
  let lock
  try { lock = JSON.parse(fs.readFileSync(file, 'utf8')) } catch { continue }
  for (const pkg of Object.values(lock.packages || {})) {
    if (typeof pkg.version === 'string' && semver.valid(pkg.version)) versions.add(pkg.version)
    for (const key of ['dependencies', 'devDependencies', 'peerDependencies', 'optionalDependencies']) {
      for (const r of Object.values(pkg[key] || {})) {
        if (typeof r === 'string' && !r.includes(':') && semver.validRange(r) !== null) ranges.add(r)
      }
    }
  }
}
for (const f of fs.readdirSync(vectors).sort()) {
  if (!/^range-(include|exclude|parse)\.json$/.test(f)) continue
  for (const c of JSON.parse(fs.readFileSync(path.join(vectors, f), 'utf8')).cases) {
    if (typeof c[0] === 'string' && !c[0].includes('\n') && semver.validRange(c[0]) !== null) ranges.add(c[0])
    if (f !== 'range-parse.json' && typeof c[1] === 'string' && semver.valid(c[1])) versions.add(c[1])
  }
}
function thin (set, want) {
  const all = [...set].sort()
  if (all.length <= want) return all
  const out = []
  for (let i = 0; i < want; i++) out.push(all[Math.floor(i * all.length / want)])
  return out
}
const R = thin(ranges, wantRanges)
const V = thin(versions, wantVersions)
fs.writeFileSync(out, R.map(r => 'r ' + r).join('\n') + '\n' + V.map(v => 'v ' + v).join('\n') + '\n')
console.error(`gen: ${ranges.size} distinct ranges, ${versions.size} distinct versions; kept ${R.length} x ${V.length}`)
