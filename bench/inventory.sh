#!/usr/bin/env bash
# Side-by-side benchmark: vigil against @cyclonedx/cyclonedx-npm (and `npm ls`) on real lockfiles
# from ../shared/corpus, then vigil inventory on the whole corpus. Results go to standard output;
# docs/benchmarks.md explains them and holds the last run.
#
#   bench/inventory.sh                  # 5 timed runs per tool (after one warm-up run)
#   BENCH_RUNS=11 bench/inventory.sh    # more runs
#   VIGIL=/path/to/vigil bench/inventory.sh
#
# Environment:
#   BENCH_RUNS       timed runs per measurement (default 5); the median is reported
#   BENCH_WARMUP     untimed runs before them (default 1)
#   BENCH_CORPUS     the corpus folder (default ../shared/corpus beside the checkout)
#   BENCH_PROJECTS   projects to compare, relative to the corpus (default: central-ledger and two
#                    other large npm projects, one per lockfile version)
#   BENCH_NPM_LS=0   skip the `npm ls` peer
#   VIGIL            the vigil binary; default build/release/src/vigil, built (release preset)
#                    when missing, or rebuilt when BENCH_REBUILD=1
#   CYCLONEDX_NPM_VERSION  version of @cyclonedx/cyclonedx-npm installed into bench/.tools
#
# Each timed run is spawned directly by bench/measure.py (no shell, `date` or `time` process
# inside the timed window): wall time from a monotonic nanosecond clock around spawn + wait4.
# Peak RSS comes from up to 3 more runs under GNU time (%M, KiB: the largest resident set of the
# process or a child it waited for). Nothing here needs the network except the one-time installs
# (npm's configured registry; the Debian mirror when python3 or time is missing).
set -euo pipefail

cmdline=""
for v in BENCH_RUNS BENCH_WARMUP BENCH_CORPUS BENCH_PROJECTS BENCH_NPM_LS BENCH_REBUILD VIGIL CYCLONEDX_NPM_VERSION; do
  if [ -n "${!v:-}" ]; then cmdline+="$v=$(printf '%q' "${!v}") "; fi
done
cmdline+="$0${*:+ $*}"
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
runs="${BENCH_RUNS:-5}"
warmup="${BENCH_WARMUP:-1}"
corpus="${BENCH_CORPUS:-$root/../shared/corpus}"
tools="$here/.tools"
cdx_version="${CYCLONEDX_NPM_VERSION:-6.0.1}"
unset NODE_ENV  # cyclonedx-npm would omit dev dependencies under NODE_ENV=production; vigil keeps them

if ! [[ "$runs" =~ ^[1-9][0-9]*$ ]]; then echo "BENCH_RUNS must be a positive integer" >&2; exit 2; fi
if ! [[ "$warmup" =~ ^[0-9]+$ ]]; then echo "BENCH_WARMUP must be a non-negative integer" >&2; exit 2; fi
if [ ! -d "$corpus" ]; then echo "no corpus at $corpus (set BENCH_CORPUS)" >&2; exit 2; fi
corpus="$(cd "$corpus" && pwd)"

log() { echo "$*" >&2; }

# ---- tools ---------------------------------------------------------------------------------
# python3 runs bench/measure.py (spawn, wait4, nanosecond clock); GNU time measures peak RSS.
need=()
command -v python3 >/dev/null || need+=(python3)
[ -x /usr/bin/time ] || need+=(time)
if [ "${#need[@]}" -gt 0 ]; then
  log "installing ${need[*]} (Debian packages)"
  sudo=""; if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  export DEBIAN_FRONTEND=noninteractive
  if ! $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >&2; then
    $sudo apt-get update -q >&2
    $sudo apt-get install -y -q --no-install-recommends "${need[@]}" >&2
  fi
fi

cdx="$tools/node_modules/.bin/cyclonedx-npm"
if [ ! -x "$cdx" ] || [ "$("$cdx" --version 2>/dev/null)" != "$cdx_version" ]; then
  log "installing @cyclonedx/cyclonedx-npm@$cdx_version into bench/.tools (npm's configured registry)"
  mkdir -p "$tools"
  npm install --prefix "$tools" --no-audit --no-fund "@cyclonedx/cyclonedx-npm@$cdx_version" >&2
fi

if [ -n "${VIGIL:-}" ]; then
  vigil="$VIGIL"
else
  vigil="$root/build/release/src/vigil"
  if [ ! -x "$vigil" ] || [ "${BENCH_REBUILD:-0}" = 1 ]; then
    log "building vigil (cmake --preset release)"
    if [ ! -f "$root/build/release/build.ninja" ]; then
      (cd "$root" && cmake --preset release >&2)
    fi
    (cd "$root" && cmake --build --preset release -j "$(nproc)" --target vigil >&2)
  fi
fi
if [ ! -x "$vigil" ]; then echo "no vigil binary at $vigil" >&2; exit 2; fi
vigil="$(cd "$(dirname "$vigil")" && pwd)/$(basename "$vigil")"

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- measuring -----------------------------------------------------------------------------
# measure DIR CMD... : runs CMD in DIR (warm-up, then $runs timed runs) and sets
# m_wall (median seconds), m_rss (median peak RSS, MiB), m_rc (exit status of the last run).
median() { sort -g | awk '{v[NR]=$1} END {if (NR==0) print "nan"; else if (NR%2) print v[(NR+1)/2]; else print (v[NR/2]+v[NR/2+1])/2}'; }
measure() {
  local dir="$1"; shift
  local wall rss
  read -r wall rss m_rc < <(python3 "$here/measure.py" "$dir" "$work/out" "$work/err" "$warmup" "$runs" "$@")
  m_wall="$wall"
  m_rss="$(awk -v k="$rss" 'BEGIN {printf "%.1f", k / 1024}')"
}
ms() { awk -v s="$1" 'BEGIN {printf "%.1f", s * 1000}'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.1f", a / b; else print "-"}'; }
met() { awk -v v="$1" -v t="$2" -v op="$3" 'BEGIN {ok = (op == ">=") ? (v >= t) : (v <= t); print ok ? "met" : "NOT met"}'; }
fraction() { awk -v a="$1" -v b="$2" 'BEGIN {if (b > 0) printf "%.3f", a / b; else print "-"}'; }
# Components in a CycloneDX JSON file, nested ones included, and how many distinct purls they carry.
components() {
  node -e 'let n = 0; const purls = new Set();
           const walk = (cs) => { for (const c of cs || []) { n++; purls.add(c.purl || `${c.name}@${c.version}`); walk(c.components); } };
           try { walk(require(process.argv[1]).components); console.log(`${n} components (${purls.size} distinct purls)`); }
           catch (e) { console.log("no SBOM"); }' "$1"
}
# lockfileVersion, entries and size (KiB) of a package-lock.json.
lockfacts() {
  node -e 'const fs = require("fs"); const f = process.argv[1]; const l = JSON.parse(fs.readFileSync(f, "utf8"));
           let n = 0; if (l.packages) n = Object.keys(l.packages).filter((k) => k !== "").length;
           else { const walk = (d) => { for (const v of Object.values(d || {})) { n++; walk(v.dependencies); } }; walk(l.dependencies); }
           console.log(`v${l.lockfileVersion} ${n} ${Math.round(fs.statSync(f).size / 1024)}`);' "$1"
}

# ---- header --------------------------------------------------------------------------------
cpu="$(lscpu 2>/dev/null | awk -F: '/^Model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}')"
[ -n "$cpu" ] || cpu="$(awk -F: '/^model name/ {sub(/^[ \t]+/, "", $2); print $2; exit}' /proc/cpuinfo)"
mem="$(awk '/^MemTotal/ {printf "%.1f GiB", $2 / 1048576}' /proc/meminfo)"
os="$( (. /etc/os-release 2>/dev/null && echo "$PRETTY_NAME") || uname -s)"
commit="$(git -C "$root" rev-parse --short HEAD 2>/dev/null || echo unknown)"
echo "# vigil benchmark"
echo "command:   $cmdline"
echo "date:      $(date -u +%Y-%m-%dT%H:%M:%SZ)"
echo "machine:   $(nproc) cores ($cpu), $mem RAM, $os, Linux $(uname -r)"
echo "vigil:     $("$vigil" version 2>/dev/null | head -1) ($vigil, commit $commit)"
echo "peers:     cyclonedx-npm $("$cdx" --version), npm $(npm --version 2>/dev/null), node $(node --version)"
echo "load:      $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min load average before the runs)"
echo "method:    $warmup warm-up + $runs timed runs each; median wall (ns clock around spawn + wait4); median peak RSS of min(runs, 3) extra runs under GNU time (%M)"
echo

# ---- side by side --------------------------------------------------------------------------
if [ -n "${BENCH_PROJECTS:-}" ]; then
  read -r -a projects <<<"$BENCH_PROJECTS"
else
  central="mojaloop/central-ledger"
  if [ ! -f "$corpus/$central/package-lock.json" ]; then
    found="$(find "$corpus" -path '*central-ledger*' -name package-lock.json -not -path '*/node_modules/*' | sort | head -1)"
    central="${found#"$corpus"/}"; central="${central%/package-lock.json}"
  fi
  projects=("$central" mojaloop/reporting-hub-bop-settlements-ui mojaloop/finance-portal-ui)
fi

# Real lockfiles are often slightly out of sync with their package.json. cyclonedx-npm is told to
# go on (--ignore-npm-errors); vigil likewise, when it has the flag, so both do the whole job.
sbom_flags=() inv_flags=()
if "$vigil" sbom --help 2>/dev/null | grep -q -- --allow-out-of-sync; then sbom_flags=(--allow-out-of-sync); fi
if "$vigil" inventory --help 2>/dev/null | grep -q -- --allow-out-of-sync; then inv_flags=(--allow-out-of-sync); fi

offline_check="skipped (unshare -n not permitted here)"
if unshare -n true 2>/dev/null; then offline_check="yes"; fi

rows=()
notes=()
targets=()
row() { rows+=("$(printf '| %s | %s | %s | %s | %s | %s | %s | %s |' "$@")"); }
for p in "${projects[@]}"; do
  src="$corpus/$p"
  if [ ! -f "$src/package.json" ] || [ ! -f "$src/package-lock.json" ]; then
    log "skipping $p: no package.json + package-lock.json under $src"
    continue
  fi
  name="$(basename "$p")"
  dir="$work/$name"
  mkdir -p "$dir"
  cp "$src/package.json" "$src/package-lock.json" "$dir/"
  chmod u+w "$dir"/*
  read -r lv entries kib <<<"$(lockfacts "$dir/package-lock.json")"
  log "== $p (package-lock $lv, $entries entries, $kib KiB)"

  # cyclonedx-npm reads the lockfile through `npm ls`; --ignore-npm-errors because real lockfiles
  # are often slightly out of sync with package.json (npm ls then exits with ELSPROBLEMS).
  cdx_cmd=("$cdx" --ignore-npm-errors --package-lock-only --output-format JSON --output-file "$work/x.json")
  offline="$offline_check"
  if [ "$offline_check" = yes ]; then
    if (cd "$dir" && unshare -n "${cdx_cmd[@]}" >"$work/out" 2>"$work/err"); then
      offline="yes (ran without network)"
    elif (cd "$dir" && "${cdx_cmd[@]}" >"$work/out" 2>"$work/err"); then
      offline="NO: fails without network, works with it"
      log "WARNING: cyclonedx-npm needed the network for $p"
    else
      offline="fails either way"
      log "WARNING: cyclonedx-npm fails on $p:"; tail -5 "$work/err" >&2
    fi
  fi
  rm -f "$work/x.json"
  measure "$dir" "${cdx_cmd[@]}"
  cdx_wall="$m_wall" cdx_rss="$m_rss"
  cdx_n="$(components "$work/x.json")"
  row "$name" "$lv, $entries entries, $kib KiB" "cyclonedx-npm --ignore-npm-errors --package-lock-only" "$(ms "$cdx_wall")" "$cdx_rss" "1" "1" "$m_rc"
  [ "$m_rc" = 0 ] || log "cyclonedx-npm exited $m_rc on $p"

  if [ "${BENCH_NPM_LS:-1}" != 0 ]; then
    measure "$dir" npm ls --all --json --package-lock-only
    row "" "" "npm ls --all --json --package-lock-only" "$(ms "$m_wall")" "$m_rss" \
      "$(ratio "$cdx_wall" "$m_wall")" "$(fraction "$m_rss" "$cdx_rss")" "$m_rc"
  fi

  rm -f "$work/y.json"
  measure "$dir" "$vigil" sbom . --format cyclonedx-json "${sbom_flags[@]}" -o "$work/y.json"
  vs_wall="$m_wall" vs_rss="$m_rss"
  [ "$m_rc" = 0 ] || { log "vigil sbom exited $m_rc on $p:"; tail -3 "$work/err" >&2; }
  vigil_n="$(components "$work/y.json")"
  row "" "" "vigil sbom --format cyclonedx-json${sbom_flags[*]:+ ${sbom_flags[*]}}" "$(ms "$vs_wall")" "$vs_rss" \
    "$(ratio "$cdx_wall" "$vs_wall")" "$(fraction "$vs_rss" "$cdx_rss")" "$m_rc"

  # The same job with mimalloc asked for 2 MiB pages from its first segment on (vigil itself does
  # this only for jobs with at least 8 MiB of lockfiles, to keep small jobs small; see
  # docs/benchmarks.md). `env` adds one exec to the timed window.
  measure "$dir" env MIMALLOC_LARGE_OS_PAGES=1 MIMALLOC_EAGER_COMMIT_DELAY=0 \
    "$vigil" sbom . --format cyclonedx-json "${sbom_flags[@]}" -o "$work/y.json"
  [ "$m_rc" = 0 ] || { log "vigil sbom (2 MiB pages) exited $m_rc on $p:"; tail -3 "$work/err" >&2; }
  vl_wall="$m_wall" vl_rss="$m_rss"
  row "" "" "MIMALLOC_LARGE_OS_PAGES=1 vigil sbom (2 MiB pages)" "$(ms "$m_wall")" "$m_rss" \
    "$(ratio "$cdx_wall" "$m_wall")" "$(fraction "$m_rss" "$cdx_rss")" "$m_rc"

  measure "$dir" "$vigil" inventory "${inv_flags[@]}" .
  [ "$m_rc" = 0 ] || { log "vigil inventory exited $m_rc on $p:"; tail -3 "$work/err" >&2; }
  row "" "" "vigil inventory${inv_flags[*]:+ ${inv_flags[*]}}" "$(ms "$m_wall")" "$m_rss" \
    "$(ratio "$cdx_wall" "$m_wall")" "$(fraction "$m_rss" "$cdx_rss")" "$m_rc"
  notes+=("$name: cyclonedx-npm $cdx_n, vigil $vigil_n; cyclonedx-npm without network: $offline")

  if [ "$p" = "${projects[0]}" ]; then
    speed="$(ratio "$cdx_wall" "$vs_wall")" memf="$(fraction "$vs_rss" "$cdx_rss")"
    targets+=("$name: vigil sbom ${speed}x faster than cyclonedx-npm (target >= 100x): $(met "$speed" 100 '>=')")
    targets+=("$name: vigil sbom peak RSS ${memf} of cyclonedx-npm's (target <= 0.100): $(met "$memf" 0.1 '<=')")
    speed="$(ratio "$cdx_wall" "$vl_wall")" memf="$(fraction "$vl_rss" "$cdx_rss")"
    targets+=("$name: with 2 MiB pages, vigil sbom ${speed}x faster (target >= 100x): $(met "$speed" 100 '>='); peak RSS ${memf} of cyclonedx-npm's (target <= 0.100): $(met "$memf" 0.1 '<=')")
  fi
done

echo "## Side by side (median of $runs runs)"
echo
echo "| project | lockfile | command | wall ms | peak RSS MiB | speed-up vs cyclonedx-npm | memory vs cyclonedx-npm | exit |"
echo "|---|---|---|---:|---:|---:|---:|---:|"
printf '%s\n' "${rows[@]}"
echo
echo "SBOM contents (same lockfile, both tools):"
echo
printf -- '- %s\n' "${notes[@]}"
echo

# ---- whole corpus --------------------------------------------------------------------------
read -r nlock mib <<<"$(find "$corpus" -name node_modules -prune -o -type f \
  \( -name package-lock.json -o -name npm-shrinkwrap.json -o -name yarn.lock -o -name pnpm-lock.yaml \) \
  -printf '%s\n' | awk '{n++; s += $1} END {printf "%d %.1f", n, s / 1048576}')"
nmanifest="$(find "$corpus" -name node_modules -prune -o -type f -name package.json -print | wc -l)"
log "== whole corpus: $nlock lockfiles, $mib MiB"
echo "## Whole corpus: vigil inventory $corpus"
echo
echo "$nlock lockfiles ($mib MiB), $nmanifest package.json files"
echo
echo "| command | threads | wall ms | peak RSS MiB | exit |"
echo "|---|---:|---:|---:|---:|"
measure "$work" "$vigil" inventory "${inv_flags[@]}" "$corpus"
corpus_wall="$m_wall" corpus_threads="$(nproc)"
echo "| vigil inventory${inv_flags[*]:+ ${inv_flags[*]}} (default -j) | $(nproc) | $(ms "$m_wall") | $m_rss | $m_rc |"
[ "$m_rc" = 0 ] || { log "vigil inventory exited $m_rc on the corpus:"; tail -3 "$work/err" >&2; }
if [ "$(nproc)" -gt 2 ] && command -v taskset >/dev/null; then
  measure "$work" taskset -c 0,1 "$vigil" inventory "${inv_flags[@]}" -j 2 "$corpus"
  corpus_wall="$m_wall" corpus_threads=2
  echo "| taskset -c 0,1 vigil inventory${inv_flags[*]:+ ${inv_flags[*]}} -j 2 | 2 | $(ms "$m_wall") | $m_rss | $m_rc |"
fi
echo
if [ "$corpus_threads" = 2 ]; then
  targets+=("whole corpus on 2 cores: $(ms "$corpus_wall") ms (target < 500 ms): $(awk -v s="$corpus_wall" 'BEGIN {print (s < 0.5) ? "met" : "NOT met"}')")
else
  targets+=("whole corpus: $(ms "$corpus_wall") ms on $corpus_threads cores (target < 500 ms on 2 cores: not measurable here)")
fi

echo "## Targets"
echo
printf -- '- %s\n' "${targets[@]}"
