#!/usr/bin/env bash
# Side-by-side benchmark: the outdated direct dependencies of one corpus codebase by vigil
# (`vigil outdated`), `npm outdated` and npm-check-updates, all against the registry npm's own
# configuration names, cold (empty caches) and warm (caches filled by the cold run). Prints the
# wall time of each and the ratios; docs/benchmarks.md holds the last run.
#
#   bench/outdated.sh                                   # central-services-error-handling of the corpus
#   BENCH_CODEBASE=central-services-shared bench/outdated.sh
#   VIGIL=/path/to/vigil BENCH_RUNS=3 bench/outdated.sh
#
# The codebase's package.json, package-lock.json and .ncurc* are copied into a temporary folder
# and installed there with `npm ci --ignore-scripts` (npm outdated compares the installed tree).
# Cold: each tool starts from an empty cache of its own (vigil --cache, npm --cache, ncu without
# --cache). Warm: vigil's cache within its TTL, npm with --prefer-offline on its filled cache,
# ncu --cache --cacheFile on its filled cache file. Each measurement is the best of BENCH_RUNS (default 3).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="${BENCH_CORPUS:-$root/../shared/corpus/mojaloop}"
codebase="${BENCH_CODEBASE:-central-services-error-handling}"
runs="${BENCH_RUNS:-3}"
vigil="${VIGIL:-$root/build/release/src/vigil}"
log() { echo "outdated.sh: $*" >&2; }

[ -x "$vigil" ] || { log "no vigil binary at $vigil (set VIGIL)"; exit 2; }
[ -f "$corpus/$codebase/package-lock.json" ] || { log "no $corpus/$codebase/package-lock.json"; exit 2; }
if [ ! -x "$here/outdated/node_modules/.bin/ncu" ]; then
  log "installing the peer (npm ci in bench/outdated)"
  (cd "$here/outdated" && npm ci --ignore-scripts --no-audit --no-fund >&2)
fi
ncu="$here/outdated/node_modules/.bin/ncu"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
app="$work/$codebase"
mkdir -p "$app"
cp "$corpus/$codebase/package.json" "$corpus/$codebase/package-lock.json" "$app/"
cp "$corpus/$codebase"/.ncurc* "$app/" 2>/dev/null || true
log "npm ci --ignore-scripts in $app"
(cd "$app" && npm ci --ignore-scripts --no-audit --no-fund >&2)

secs() {  # wall time in seconds of "$@"
  local t0 t1
  t0=$(date +%s.%N); "$@" >/dev/null 2>&1 || true; t1=$(date +%s.%N)
  echo "$t1 - $t0" | bc -l
}
best() {  # best of $runs; before each run, "$1" (a setup command) runs untimed
  local setup="$1" b="" d
  shift
  for _ in $(seq "$runs"); do
    eval "$setup"
    d=$(secs "$@")
    if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
  done
  echo "$b"
}

vc() { "$vigil" outdated "$app" --cache "$work/vigil.db" --format json; }
nc() { (cd "$app" && npm outdated --json --cache "$work/npm-cache"); }
uc() { (cd "$app" && "$ncu" --jsonUpgraded); }
vw() { "$vigil" outdated "$app" --cache "$work/vigil.db" --format json; }
nw() { (cd "$app" && npm outdated --json --cache "$work/npm-cache" --prefer-offline); }
uw() { (cd "$app" && "$ncu" --jsonUpgraded --cache --cacheFile "$work/ncu-cache.json"); }

cold_v=$(best 'rm -f "$work/vigil.db"' vc)
cold_n=$(best 'rm -rf "$work/npm-cache"' nc)
cold_u=$(best 'true' uc)
uw >/dev/null 2>&1 || true  # fill ncu's cache file
warm_v=$(best 'true' vw)
warm_n=$(best 'true' nw)
warm_u=$(best 'true' uw)

deps=$(node -e 'const p=require(process.argv[1]);console.log(Object.keys({...p.dependencies,...p.devDependencies}).length)' "$app/package.json")
printf 'codebase: %s (%s direct dependencies), best of %s\n' "$codebase" "$deps" "$runs"
printf '%-6s  vigil %7.3f s   npm outdated %7.3f s (%5.1fx)   ncu %7.3f s (%5.1fx)\n' \
  cold "$cold_v" "$cold_n" "$(echo "$cold_n / $cold_v" | bc -l)" "$cold_u" "$(echo "$cold_u / $cold_v" | bc -l)"
printf '%-6s  vigil %7.3f s   npm outdated %7.3f s (%5.1fx)   ncu %7.3f s (%5.1fx)\n' \
  warm "$warm_v" "$warm_n" "$(echo "$warm_n / $warm_v" | bc -l)" "$warm_u" "$(echo "$warm_u / $warm_v" | bc -l)"
# What each says is outdated (names), for a side-by-side look.
vc > "$work/v.json" 2>/dev/null || true
nc > "$work/n.json" 2>/dev/null || true
node - "$work/v.json" "$work/n.json" <<'JS'
const fs = require('fs');
const v = JSON.parse(fs.readFileSync(process.argv[2], 'utf8'));
let n = {};
try { n = JSON.parse(fs.readFileSync(process.argv[3], 'utf8') || '{}'); } catch (e) {}
const vs = new Set(v.entries.filter(e => e.latest && e.current !== e.latest && e.behind !== 'up-to-date').map(e => e.name));
const ns = new Set(Object.keys(n).filter(k => n[k].current !== n[k].latest));
const only = (a, b) => [...a].filter(x => !b.has(x)).sort();
console.log(`newer release known: vigil ${vs.size}, npm outdated ${ns.size}; only vigil: ${only(vs, ns).join(', ') || '-'}; only npm: ${only(ns, vs).join(', ') || '-'}`);
JS
