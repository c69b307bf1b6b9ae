// Compares eslint (JSON output) and vigil sast (SARIF) on tests/data/sast/suite.
// usage: node suite-table.js SUITE_DIR ESLINT_JSON [VIGIL_SARIF_DIR]
// A mark is "found" by vigil when a result with the same rule id is on the marked line; by eslint
// when any eslint message is on the marked line (its rules do not map 1:1 to ours). A negative case
// counts as a false positive when the tool reports anything in it.
'use strict'
const fs = require('fs')
const path = require('path')
const [suite, eslintJson, sarifDir] = process.argv.slice(2)

function walk (dir, out = []) {
  for (const e of fs.readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name)
    if (e.isDirectory()) walk(p, out); else if (/\.(js|ts)$/.test(e.name)) out.push(p)
  }
  return out
}
const key = (file, line) => path.resolve(file) + ':' + line
const eslintHits = new Set()
const eslintFiles = new Set()
for (const r of JSON.parse(fs.readFileSync(eslintJson, 'utf8'))) {
  for (const m of r.messages) { if (!m.fatal) { eslintHits.add(key(r.filePath, m.line)); eslintFiles.add(path.resolve(r.filePath)) } }
}
function vigilResults (caseName, rule) {
  if (!sarifDir) return null
  const f = path.join(sarifDir, rule + '__' + caseName + '.sarif')
  if (!fs.existsSync(f)) return []
  // vigil names a folder case's files relative to that folder, a file case by its own name
  const casePath = path.join(suite, rule, caseName)
  const base = fs.statSync(casePath).isDirectory() ? casePath : path.join(suite, rule)
  let doc
  try { doc = JSON.parse(fs.readFileSync(f, 'utf8')) } catch { return [] }
  const res = []
  for (const run of doc.runs || []) {
    for (const r of run.results || []) {
      const loc = (r.locations || [])[0]?.physicalLocation
      if (!loc) continue
      let uri = decodeURIComponent(String(loc.artifactLocation?.uri || '').replace(/^file:\/\//, ''))
      const abs = path.isAbsolute(uri) ? uri : path.resolve(base, uri)
      res.push({ key: key(fs.existsSync(abs) ? abs : path.resolve(uri), loc.region?.startLine), rule: r.ruleId })
    }
  }
  return res
}
const rows = []
const tot = { pos: 0, neg: 0, marks: 0, vm: 0, em: 0, vfp: 0, efp: 0 }
for (const rule of fs.readdirSync(suite).filter((d) => fs.statSync(path.join(suite, d)).isDirectory()).sort()) {
  const row = { rule, pos: 0, neg: 0, marks: 0, vm: 0, em: 0, vfp: 0, efp: 0 }
  for (const c of fs.readdirSync(path.join(suite, rule)).sort()) {
    const p = path.join(suite, rule, c)
    const files = fs.statSync(p).isDirectory() ? walk(p) : [p]
    const vr = vigilResults(c, rule)
    if (/^(neg|safe)-/.test(c)) {
      row.neg++
      if (files.some((f) => eslintFiles.has(path.resolve(f)))) row.efp++
      if (vr && vr.length) row.vfp++
      continue
    }
    row.pos++
    for (const f of files) {
      fs.readFileSync(f, 'utf8').split('\n').forEach((text, i) => {
        const m = /\/\/ vigil-expect: (.*)$/.exec(text)
        if (!m) return
        for (const id of m[1].split(',').map((s) => s.trim())) {
          row.marks++
          const k = key(f, i + 1)
          if (eslintHits.has(k)) row.em++
          if (vr && vr.some((x) => x.key === k && x.rule === id)) row.vm++
        }
      })
    }
  }
  rows.push(row)
  for (const k of Object.keys(tot)) tot[k] += row[k]
}
const v = (n) => (sarifDir ? String(n) : '-')
console.log('| rule | pos cases | neg cases | marks | vigil found | eslint found | vigil FP cases | eslint FP cases |')
console.log('|---|---|---|---|---|---|---|---|')
for (const r of rows.concat([{ rule: '**total**', ...tot }])) {
  console.log(`| ${r.rule} | ${r.pos} | ${r.neg} | ${r.marks} | ${v(r.vm)} | ${r.em} | ${v(r.vfp)} | ${r.efp} |`)
}
