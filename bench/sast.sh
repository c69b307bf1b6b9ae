#!/usr/bin/env bash
# bench/sast.sh — vigil sast vs eslint (eslint-plugin-security + @microsoft/eslint-plugin-sdl) on
# published Mojaloop source (fetched with `npm pack`, never committed) and on tests/data/sast/suite.
# Prints: lines of code, wall times and the eslint/vigil ratio, vigil's share of `vigil sast --parse-only`
# throughput (the tree-sitter ceiling), and the per-rule suite table (which tool finds which cases).
# The vigil half runs when a binary is found: $VIGIL, build/release/src/vigil or build/h-sast/src/vigil.
# env: WORK (default /tmp/vigil-bench-sast), PACKAGES (space separated npm specs), RUNS (default 3).
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/.." && pwd)
BENCH="$ROOT/bench/sast"
SUITE="$ROOT/tests/data/sast/suite"
WORK=${WORK:-/tmp/vigil-bench-sast}
RUNS=${RUNS:-3}
PACKAGES=${PACKAGES:-"@mojaloop/central-ledger @mojaloop/central-services-shared @mojaloop/sdk-standard-components"}

VIGIL=${VIGIL:-}
if [ -z "$VIGIL" ]; then
  for c in "$ROOT/build/release/src/vigil" "$ROOT/build/h-sast/src/vigil"; do
    if [ -x "$c" ] && "$c" --help 2>/dev/null | grep -qE "^ +sast "; then VIGIL=$c; break; fi
  done
fi
[ -d "$BENCH/node_modules" ] || (cd "$BENCH" && npm ci --no-audit --no-fund >/dev/null)
ESLINT="$BENCH/node_modules/.bin/eslint"
mkdir -p "$WORK/pkgs"

# (a) fetch published source
for spec in $PACKAGES; do
  name=${spec##*/}
  if [ ! -d "$WORK/pkgs/$name" ]; then
    tgz=$(cd "$WORK" && npm pack --silent "$spec" | tail -1)
    mkdir -p "$WORK/pkgs/$name" && tar -xzf "$WORK/$tgz" -C "$WORK/pkgs/$name" --strip-components=1
    ver=$(node -p "require('$WORK/pkgs/$name/package.json').version")
    echo "fetched $spec@$ver"
  fi
done

src_files() { find "$1" -type f \( -name '*.js' -o -name '*.cjs' -o -name '*.mjs' -o -name '*.ts' \) -not -path '*/node_modules/*' -not -name '*.d.ts'; }
loc() { src_files "$1" | xargs cat | wc -l; }
now() { date +%s.%N; }
# best-of-RUNS wall time of a command, in seconds
best() {
  local b="" t0 t1 d
  for _ in $(seq "$RUNS"); do
    t0=$(now); "$@" >/dev/null 2>&1 || true; t1=$(now)
    d=$(echo "$t1 - $t0" | bc -l); if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi
  done
  printf '%.3f' "$b"
}
run_eslint() { (cd "$1" && "$ESLINT" -c "$BENCH/eslint.config.js" --no-inline-config -f json . ); }

echo
echo "== real code (best of $RUNS, $(nproc) cores) =="
printf '%-28s %8s %7s %9s %9s %9s %8s %8s\n' package lines files eslint_s vigil_s parse_s ratio share
for spec in $PACKAGES; do
  d="$WORK/pkgs/${spec##*/}"
  lines=$(loc "$d"); files=$(src_files "$d" | wc -l)
  te=$(best run_eslint "$d")
  tv=-; tp=-; ratio=-; share=-
  if [ -n "$VIGIL" ]; then
    rc=0; "$VIGIL" sast --format json "$d" >/dev/null 2>"$WORK/vigil.err" || rc=$?
    if [ "$rc" -gt 1 ]; then echo "vigil sast failed on $d (exit $rc): $(head -c 300 "$WORK/vigil.err")" >&2; exit 2; fi
    tv=$(best "$VIGIL" sast --format json "$d")
    tp=$(best "$VIGIL" sast --parse-only "$d")
    ratio=$(printf '%.1fx' "$(echo "$te / $tv" | bc -l)")
    share=$(printf '%.0f%%' "$(echo "100 * $tp / $tv" | bc -l)")
  fi
  printf '%-28s %8s %7s %9s %9s %9s %8s %8s\n' "${spec##*/}" "$lines" "$files" "$te" "$tv" "$tp" "$ratio" "$share"
done
echo "ratio = eslint time / vigil time; share = vigil throughput as % of parse-only throughput (= parse time / vigil time)"

# (d) a ~30,000-line service: the largest package's lib/src tree, or the whole package
if [ -n "$VIGIL" ]; then
  big=$(for spec in $PACKAGES; do d="$WORK/pkgs/${spec##*/}"; echo "$(loc "$d") $d"; done | sort -n | tail -1 | cut -d' ' -f2)
  echo "30k-line check: $(loc "$big") lines in ${big##*/}: vigil sast $(best "$VIGIL" sast --format json "$big") s"
fi

# (e) suite table
echo
echo "== suite: $SUITE =="
run_eslint "$SUITE" > "$WORK/suite-eslint.json" || true
if [ -n "$VIGIL" ]; then
  rm -rf "$WORK/sarif" && mkdir -p "$WORK/sarif"
  for rule in $(ls "$SUITE" | sort); do
    [ -d "$SUITE/$rule" ] || continue
    for c in $(ls "$SUITE/$rule"); do
      (cd "$SUITE/$rule" && "$VIGIL" sast --format sarif "$c" > "$WORK/sarif/${rule}__$c.sarif" 2>/dev/null) || true
    done
  done
  node "$BENCH/suite-table.js" "$SUITE" "$WORK/suite-eslint.json" "$WORK/sarif"
else
  echo "(no vigil binary: vigil columns shown as -)"
  node "$BENCH/suite-table.js" "$SUITE" "$WORK/suite-eslint.json"
fi
