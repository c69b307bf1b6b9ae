// Differential test: vigil semver against node-semver (the version pinned in package.json).
//
// Generates queries deterministically (seeded), asks node-semver and `vigil semver --eval`,
// and reports every answer that differs. Usage (after `npm ci` here):
//   node diff.js VIGIL_BINARY [COUNT] [SEED]
// Exit 0 when all answers agree, 1 when some differ, 2 on a usage error.
'use strict'

const fs = require('fs')
const os = require('os')
const path = require('path')
const { execFileSync } = require('child_process')
const semver = require('semver')

const [vigil, countArg, seedArg] = process.argv.slice(2)
if (!vigil) {
  console.error('usage: node diff.js VIGIL_BINARY [COUNT] [SEED]')
  process.exit(2)
}
const COUNT = Number(countArg || 20000)
let seed = Number(seedArg || 20261125) >>> 0

function rnd () { // mulberry32
  seed = (seed + 0x6d2b79f5) >>> 0
  let t = seed
  t = Math.imul(t ^ (t >>> 15), t | 1)
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const pick = (a) => a[Math.floor(rnd() * a.length)]
const chance = (p) => rnd() < p

const NUMS = ['0', '1', '2', '3', '10', '01', '00', '99', '1234', '9007199254740991', '9007199254740992',
  '9007199254740990', '90071992547409910', '12345678901234567', '123456789012345678901234']
const XS = ['x', 'X', '*']
const IDS = ['alpha', 'beta', 'rc', '0', '1', '2', '01', '10', 'a1', '1a', '-', '--', 'x', 'pre-1',
  '9007199254740991', '9007199254740992', '99999999999999999999', 'alpha-', '-beta', 'B', 'Z9']
const WS = [' ', ' ', ' ', '  ', '\t', '\n', '\u00a0', '\ufeff', '\u3000']
const OPS = ['', '', '', '>', '>=', '<', '<=', '=', '==', '~', '~>', '^', '!', '>=<', '<>']

function num () { return chance(0.1) ? pick(XS) : pick(NUMS) }
function ids (n) {
  const out = []
  for (let i = 0; i < n; i++) out.push(pick(IDS))
  return out.join('.')
}
function version (loosey) {
  let s = ''
  if (chance(0.1)) s += pick(['v', '=', 'v=', '= ', 'V', 'vv'])
  const parts = 1 + Math.floor(rnd() * 4)
  const main = []
  for (let i = 0; i < parts; i++) main.push(loosey && chance(0.7) ? pick(NUMS.slice(0, 9)) : num())
  s += main.join('.')
  if (chance(0.3)) s += (chance(0.85) ? '-' : '') + ids(1 + Math.floor(rnd() * 3))
  if (chance(0.15)) s += '+' + ids(1 + Math.floor(rnd() * 2))
  if (chance(0.03)) s += pick(['.', '+', '-', '..', '+.', 'a'])
  if (chance(0.03)) s = pick(WS) + s + pick(WS)
  return s
}
function cleanVersion () {
  const v = `${pick(['0', '1', '2', '3', '10'])}.${pick(['0', '1', '2', '5'])}.${pick(['0', '1', '3', '9'])}`
  return chance(0.3) ? v + '-' + ids(1 + Math.floor(rnd() * 2)) : v
}
function comparator () {
  const op = pick(OPS)
  const sp = chance(0.2) ? pick(WS) : ''
  return op + sp + version(true)
}
function rangeSet () {
  const r = rnd()
  if (r < 0.15) return version(true) + pick([' - ', ' -  ', '  - ', ' -', '-']) + version(true)
  if (r < 0.2) return pick(['', '*', 'x', '>=*', '<X', '>x', '||', ' ', '>=0.0.0', '>=0.0.0-0', '<0.0.0-0'])
  const n = 1 + Math.floor(rnd() * 3)
  const out = []
  for (let i = 0; i < n; i++) out.push(comparator())
  return out.join(chance(0.8) ? ' ' : pick(WS))
}
function range () {
  const n = chance(0.7) ? 1 : 2 + Math.floor(rnd() * 2)
  const out = []
  for (let i = 0; i < n; i++) out.push(rangeSet())
  return out.join(pick(['||', ' || ', '|| ', ' ||']))
}
function opts () { return pick(['-', '-', '-', 'l', 'p', 'lp']) }
function optObj (o) { return { loose: o.includes('l'), includePrerelease: o.includes('p'), rtl: o.includes('r') } }

function esc (s) {
  let out = ''
  for (const ch of s) {
    const c = ch.codePointAt(0)
    if (ch === '\\') out += '\\\\'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (c < 0x20 || c === 0x7f) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out
}

const show = (x) => x === null || x === undefined ? 'null' : String(x)
function answer (q) {
  const [fn, o, ...a] = q
  const op = optObj(o)
  const guard = (f, onThrow) => { try { return f() } catch (e) { return onThrow } }
  switch (fn) {
    case 'valid': return show(semver.valid(a[0], op))
    case 'clean': return show(semver.clean(a[0], op))
    case 'validRange': return show(semver.validRange(a[0], op))
    case 'satisfies': return show(semver.satisfies(a[0], a[1], op))
    case 'gtr': return guard(() => show(semver.gtr(a[0], a[1], op)), 'false')
    case 'ltr': return guard(() => show(semver.ltr(a[0], a[1], op)), 'false')
    case 'intersects': return guard(() => show(semver.intersects(a[0], a[1], op)), 'false')
    case 'minVersion': return guard(() => { const v = semver.minVersion(a[0], op); return v ? v.version : 'null' }, 'null')
    case 'truncate': return show(semver.truncate(a[0], a[1], op))
    case 'coerce': { const v = semver.coerce(a[0], op); return v ? v.version : 'null' }
    case 'inc': {
      const base = a[3] === 'f' ? false : a[3] && a[3][0] === 't' ? a[3].slice(1) : undefined
      return show(semver.inc(a[0], a[1], op, a[2] || undefined, base))
    }
    case 'compare': return guard(() => String(semver.compare(a[0], a[1], op)), 'throw')
    case 'compareBuild': return guard(() => String(semver.compareBuild(a[0], a[1], op)), 'throw')
    case 'parse': {
      const v = semver.parse(a[0], op)
      if (!v) return 'null'
      return `${v.major} ${v.minor} ${v.patch} [${v.prerelease.map(x => typeof x === 'number' ? '#' + x : x).join(',')}] [${v.build.join(',')}]`
    }
    case 'maxSatisfying': return show(semver.maxSatisfying(a.slice(1), a[0], op))
    case 'minSatisfying': return show(semver.minSatisfying(a.slice(1), a[0], op))
  }
  throw new Error('unknown ' + fn)
}

const RELEASES = ['major', 'minor', 'patch', 'premajor', 'preminor', 'prepatch', 'prerelease', 'release', 'pre', 'fake']
const queries = []
for (let i = 0; i < COUNT; i++) {
  const r = rnd()
  const o = opts()
  const v = () => chance(0.5) ? cleanVersion() : version(o.includes('l'))
  if (r < 0.12) queries.push(['parse', o, version(true)])
  else if (r < 0.16) queries.push(['clean', o, version(true)])
  else if (r < 0.34) queries.push(['validRange', o, range()])
  else if (r < 0.60) queries.push(['satisfies', o, v(), range()])
  else if (r < 0.66) queries.push(['gtr', o, cleanVersion(), range()])
  else if (r < 0.72) queries.push(['ltr', o, cleanVersion(), range()])
  else if (r < 0.76) queries.push(['intersects', o, range(), range()])
  else if (r < 0.80) queries.push(['minVersion', o, range()])
  else if (r < 0.85) {
    const junk = pick(['', 'v', 'x', 'version ', '1.2.3.4.5', 'a', '-', '.', ' '])
    queries.push(['coerce', o + (chance(0.5) ? 'r' : ''), junk + version(true) + pick(['', '.4', 'abc', '.5.6', '-rc.1', '+b'])])
  } else if (r < 0.91) {
    queries.push(['inc', o, v(), pick(RELEASES), pick(['', '', 'alpha', 'beta.1', 'rc', '1', 'a.b', 'invalid/x', '01']),
      pick(['u', 'u', 'f', 't0', 't1', 't2', 'tabc', 't0x1', 't'])])
  } else if (r < 0.95) queries.push([chance(0.5) ? 'compare' : 'compareBuild', o, v(), v()])
  else if (r < 0.97) queries.push(['truncate', o, v(), pick(RELEASES)])
  else queries.push([chance(0.5) ? 'maxSatisfying' : 'minSatisfying', o, range(), v(), v(), v(), v()])
}

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'vigil-semver-diff-'))
const file = path.join(dir, 'queries.tsv')
fs.writeFileSync(file, queries.map(q => q.map(esc).join('\t')).join('\n') + '\n')
const got = execFileSync(vigil, ['semver', '--eval', file], { maxBuffer: 1 << 30 }).toString().split('\n')
let bad = 0
const byFn = {}
queries.forEach((q, i) => {
  const want = answer(q)
  byFn[q[0]] = (byFn[q[0]] || 0) + 1
  if (got[i] !== want) {
    if (bad < 40) console.log(`DIFF ${JSON.stringify(q)}\n  node : ${want}\n  vigil: ${got[i]}`)
    bad++
  }
})
fs.rmSync(dir, { recursive: true })
console.log(`${queries.length} queries (${Object.entries(byFn).map(([k, n]) => `${k} ${n}`).join(', ')}), ${bad} differ`)
process.exit(bad ? 1 : 0)
