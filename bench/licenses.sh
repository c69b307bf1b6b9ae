#!/usr/bin/env bash
# Side-by-side benchmark: the licenses of one installed codebase by vigil (`vigil licenses`) and by
# license-checker-rseidelsohn (npm), on the same node_modules tree. Prints the wall time of each,
# their ratio, and the per-package agreement with every disagreement; docs/benchmarks.md and
# docs/licenses.md hold the last run.
#
#   bench/licenses.sh                                  # account-lookup-service of the corpus
#   BENCH_CODEBASE=central-ledger bench/licenses.sh
#   VIGIL=/path/to/vigil bench/licenses.sh
#
# The codebase's package.json and package-lock.json are copied into a temporary folder and
# installed there with `npm ci --ignore-scripts` (npm's configured registry); the peer is
# installed from bench/licenses/package-lock.json with `npm ci`, once. Each tool runs
# BENCH_RUNS times (default 3); the best wall time is reported.
#
# Agreement: a package (name@version) agrees when vigil's normalised expression equals
# license-checker's license string (its array of licenses joined with OR, parentheses and a
# trailing "*" - its mark for a license guessed from a file - removed), or both say they do not
# know (vigil UNKNOWN, license-checker UNKNOWN / "Custom: ...").
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="${BENCH_CORPUS:-$root/../shared/corpus/mojaloop}"
codebase="${BENCH_CODEBASE:-account-lookup-service}"
runs="${BENCH_RUNS:-3}"
vigil="${VIGIL:-$root/build/release/src/vigil}"
log() { echo "licenses.sh: $*" >&2; }

[ -x "$vigil" ] || { log "no vigil binary at $vigil (set VIGIL)"; exit 2; }
[ -f "$corpus/$codebase/package-lock.json" ] || { log "no $corpus/$codebase/package-lock.json"; exit 2; }
if [ ! -x "$here/licenses/node_modules/.bin/license-checker-rseidelsohn" ]; then
  log "installing the peer (npm ci in bench/licenses)"
  (cd "$here/licenses" && npm ci --ignore-scripts --no-audit --no-fund >&2)
fi
peer="$here/licenses/node_modules/.bin/license-checker-rseidelsohn"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/$codebase"
cp "$corpus/$codebase/package.json" "$corpus/$codebase/package-lock.json" "$work/$codebase/"
log "npm ci --ignore-scripts in $work/$codebase"
(cd "$work/$codebase" && npm ci --ignore-scripts --no-audit --no-fund >&2)

best() {  # best wall time in seconds of running "$@" $runs times (output of the last run kept)
  local b="" t0 t1 d
  for _ in $(seq "$runs"); do
    t0=$(date +%s.%N); "$@"; t1=$(date +%s.%N)
    d=$(echo "$t1 - $t0" | bc -l)
    if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
  done
  echo "$b"
}
tv=$(best sh -c "'$vigil' licenses '$work/$codebase' -f json -o '$work/vigil.json' 2>'$work/vigil.err' || true")
tp=$(best sh -c "'$peer' --start '$work/$codebase' --json --out '$work/peer.json' >/dev/null 2>'$work/peer.err' || true")
printf 'codebase: %s\nvigil: %.3f s   license-checker-rseidelsohn: %.3f s   ratio (peer/vigil): %.1f\n' \
  "$codebase" "$tv" "$tp" "$(echo "$tp / $tv" | bc -l)"

node - "$work/vigil.json" "$work/peer.json" "$codebase" <<'JS'
const fs = require('fs');
const [vj, pj, cb] = process.argv.slice(2);
const v = JSON.parse(fs.readFileSync(vj, 'utf8'));
const p = JSON.parse(fs.readFileSync(pj, 'utf8'));
const peer = new Map();
for (const [id, info] of Object.entries(p)) {
  let l = info.licenses;
  if (Array.isArray(l)) l = l.join(' OR ');
  peer.set(id, String(l === undefined ? 'UNKNOWN' : l));
}
const clean = (s) => s.replace(/[()]/g, '').replace(/\*$/, '').trim();
const unknown = (s) => s === 'UNKNOWN' || s.startsWith('Custom:') || s === 'UNLICENSED';
let agree = 0, total = 0, onlyVigil = 0, onlyPeer = 0;
const dis = [];
const seen = new Set();
for (const l of v.libraries) {
  const id = l.name + '@' + l.version;
  if (seen.has(id)) continue;
  seen.add(id);
  if (!peer.has(id)) { onlyVigil++; continue; }
  total++;
  const pv = peer.get(id);
  const vv = l.expression;
  if (clean(vv) === clean(pv) || (vv === 'UNKNOWN' && unknown(pv))) agree++;
  else dis.push(`${id}: vigil ${vv} (${l.declared || 'no field'}; ${l.source}) / license-checker ${pv}`);
}
for (const id of peer.keys()) if (!seen.has(id) && !id.startsWith(require(vj.replace(/vigil\.json$/, cb + '/package.json')).name + '@')) onlyPeer++;
console.log(`packages in both: ${total}, agree: ${agree} (${(100 * agree / Math.max(total, 1)).toFixed(1)}%), only vigil: ${onlyVigil}, only license-checker: ${onlyPeer}`);
console.log(`vigil verdicts: ${JSON.stringify(v.summary)}`);
for (const d of dis.sort()) console.log('  disagree: ' + d);
JS
