// Usage: vigil licenses CORPUS --license-scanner config.toml -f json -o licenses.json
//        node bench/licenses/compare.js licenses.json config.toml
// Plain string matching as license-scanner does it (allowedList entries equal to the license
// string, or "X*" prefixes), against vigil's verdicts with the same config imported.
const fs = require('fs');
const [json, toml] = process.argv.slice(2);
const r = JSON.parse(fs.readFileSync(json, 'utf8'));
const text = fs.readFileSync(toml, 'utf8');
const list = (k) => { const m = text.match(new RegExp(k + '\\s*=\\s*\\[([\\s\\S]*?)\\n\\]')); return [...m[1].matchAll(/"([^"]*)"/g)].map(x => x[1]); };
const allowed = list('allowedList'); const excluded = new Set(list('excludeList').map(e => e.split(';')[0]));
const plain = (lic, id) => excluded.has(id) || allowed.some(a => a.endsWith('*') ? lic.startsWith(a.slice(0, -1)) : a === lic);
const lib = new Map();
for (const l of r.libraries) {
  if (l.declared === '') continue;  // neither tool can judge without a license string
  const id = l.name + '@' + l.version;
  if (!lib.has(id)) lib.set(id, l);
}
let both = 0, onlyPlain = [], onlyVigil = [], neither = 0; const verdicts = {};
for (const [id, l] of lib) {
  const p = plain(l.declared, id); const v = l.verdict === 'compliant' || l.verdict === 'low-risk';
  verdicts[l.verdict] = (verdicts[l.verdict] || 0) + 1;
  if (p && v) both++; else if (!p && !v) neither++; else if (p) onlyVigil.push(`${id} "${l.declared}" -> ${l.verdict}: ${l.reason}`); else onlyPlain.push(`${id} "${l.declared}" -> ${l.verdict}: ${l.reason}`);
}
console.log('libraries with a declared license:', lib.size, 'vigil verdicts:', verdicts);
console.log('both pass:', both, 'both flag:', neither);
console.log('flagged by plain matching only (vigil passes):', onlyPlain.length); onlyPlain.forEach(x => console.log('  ' + x));
console.log('flagged by vigil only (plain matching passes):', onlyVigil.length); onlyVigil.forEach(x => console.log('  ' + x));
const flaggedBoth = [...lib].filter(([id, l]) => !plain(l.declared, id) && !(l.verdict === 'compliant' || l.verdict === 'low-risk')).map(([id, l]) => `${id} "${l.declared}" -> ${l.verdict}`);
console.log('flagged by both:'); flaggedBoth.forEach(x => console.log('  ' + x));
