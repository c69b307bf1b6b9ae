#!/usr/bin/env bash
# Side-by-side benchmark: range checks (does version V satisfy range R?) by vigil's semver module
# and by node-semver, in the same run, on the same input. Results go to standard output;
# docs/benchmarks.md explains them and holds the last run.
#
#   bench/semver.sh                      # 10 rounds over 2000 ranges x 500 versions, 3 runs each
#   BENCH_ROUNDS=50 bench/semver.sh
#   VIGIL=/path/to/vigil bench/semver.sh
#
# Input: bench/semver/gen.js takes the ranges (dependencies, devDependencies, peer and optional)
# and versions of every package-lock.json in ../shared/corpus, plus the ranges and versions of
# the node-semver fixtures in ../shared/vectors/semver, keeps those valid to node-semver,
# deduplicates and sorts them, and thins them by a fixed stride: the same corpus gives the same
# file, byte for byte. Both sides parse every range once and every version once, then time
# rounds of range.test(version) over every pair (vigil: `vigil semver --bench`, Range::test;
# node: bench/semver/bench.js, Range.prototype.test), and print checks per second and how many
# checks were satisfied (the two counts must agree, or the script fails).
#
# Environment:
#   BENCH_ROUNDS     rounds over all pairs per run (default 10)
#   BENCH_RUNS       runs per side (default 3); the best is reported
#   BENCH_RANGES, BENCH_VERSIONS   how many of each to keep (default 2000, 500)
#   BENCH_CORPUS     the corpus folder (default ../shared/corpus beside the checkout)
#   VIGIL            the vigil binary; default build/release/src/vigil, built (release preset)
#                    when missing
# node-semver is installed from bench/semver/package-lock.json with `npm ci` (npm's configured
# registry), once.
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
rounds="${BENCH_ROUNDS:-10}"
runs="${BENCH_RUNS:-3}"
corpus="${BENCH_CORPUS:-$root/../shared/corpus}"
vectors="$root/../shared/vectors/semver"
log() { echo "semver.sh: $*" >&2; }

vigil="${VIGIL:-}"
if [ -z "$vigil" ]; then
  vigil="$root/build/release/src/vigil"
  if [ ! -x "$vigil" ]; then
    log "building vigil (cmake --preset release)"
    if [ ! -f "$root/build/release/build.ninja" ]; then
      (cd "$root" && cmake --preset release >&2)
    fi
    (cd "$root" && cmake --build --preset release -j 2 --target vigil >&2)
  fi
fi

if [ ! -f "$here/semver/node_modules/semver/package.json" ]; then
  log "installing node-semver (npm ci in bench/semver)"
  (cd "$here/semver" && npm ci --no-audit --no-fund --loglevel=error >&2)
fi
node_semver="$(node -p "require('$here/semver/node_modules/semver/package.json').version")"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
input="$work/semver-bench.txt"
(cd "$here/semver" && node gen.js "$corpus" "$vectors" "$input" "${BENCH_RANGES:-2000}" "${BENCH_VERSIONS:-500}")

field() { sed -n "s/.*$1=\([^ ]*\).*/\1/p"; }
best() {  # best run of a command: prints its line with the highest checks_per_second
  local top="" topv=0 line v
  for _ in $(seq "$runs"); do
    line="$("$@")"
    v="$(echo "$line" | field checks_per_second)"
    if [ "$v" -gt "$topv" ]; then topv="$v"; top="$line"; fi
  done
  echo "$top"
}

vline="$(best "$vigil" semver --bench "$input" "$rounds")"
nline="$(best node "$here/semver/bench.js" "$input" "$rounds")"
vsat="$(echo "$vline" | field satisfied)"
nsat="$(echo "$nline" | field satisfied)"
vps="$(echo "$vline" | field checks_per_second)"
nps="$(echo "$nline" | field checks_per_second)"

echo "semver range checks ($(echo "$vline" | field ranges) ranges x $(echo "$vline" | field versions) versions x $rounds rounds, best of $runs; $(nproc) CPUs, node $(node --version), node-semver $node_semver)"
printf '  %-22s %14s checks/s  (%s satisfied)\n' "vigil semver" "$vps" "$vsat"
printf '  %-22s %14s checks/s  (%s satisfied)\n' "node-semver" "$nps" "$nsat"
awk -v a="$vps" -v b="$nps" 'BEGIN { printf "  vigil / node-semver:  %.1fx\n", a / b }'
if [ "$vsat" != "$nsat" ]; then
  log "the two sides disagree on how many checks are satisfied ($vsat vs $nsat)"
  exit 1
fi
