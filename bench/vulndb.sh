#!/usr/bin/env bash
# Side-by-side benchmark of the offline vulnerability database: `vigil db update` ingesting a
# zip of 200,000 OSV records (osv.dev's all.zip layout), a second, incremental run over the same
# zip (every record unchanged), and the lookup a scan makes (load_for of ~8,500 package names,
# then matching one version of each, via `vigil db match --timing`).
#
# The peer is the naive ingest anyone would write first: Python's json + sqlite3 modules (the
# SQLite engine the sqlite3 CLI uses) loading every record into an equivalent table (whole JSON
# text, id/modified, aliases, one row per affected package with its name indexed), in one
# transaction (bench/vulndb/peer.py). It checks nothing and compresses nothing.
#
#   bench/vulndb.sh                   # 200,000 records, the osv.dev-like mix
#   VULNDB_HEAVY=1 bench/vulndb.sh    # half of the records on real package names (load_for worst case)
#   BENCH_RECORDS=50000 bench/vulndb.sh
#   VIGIL=/path/to/vigil bench/vulndb.sh
#
# The feed comes from bench/vulndb/gen.py (deterministic: same arguments, same bytes), built from
# the shapes of the real records in ../shared/vulndb and the package names of every
# package-lock.json in ../shared/corpus. Files go to a temporary folder removed at the end
# (BENCH_KEEP=1 keeps it and prints where).
set -euo pipefail

here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
records="${BENCH_RECORDS:-200000}"
corpus="${BENCH_CORPUS:-$root/../shared/corpus}"
log() { echo "vulndb.sh: $*" >&2; }

vigil="${VIGIL:-}"
if [ -z "$vigil" ]; then
  vigil="$root/build/release/src/vigil"
  if [ ! -x "$vigil" ]; then
    log "building vigil (release preset)"
    cmake --preset release -S "$root" >/dev/null
    cmake --build "$root/build/release" --target vigil -j2 >/dev/null
  fi
fi
command -v python3 >/dev/null || { log "python3 is needed"; exit 2; }

work="$(mktemp -d "${TMPDIR:-/tmp}/vigil-vulndb.XXXXXX")"
if [ "${BENCH_KEEP:-0}" = 1 ]; then log "keeping $work"; else trap 'rm -rf "$work"' EXIT; fi

now() { python3 -c 'import time; print(time.monotonic())'; }
elapsed() { python3 -c "print(f'{$2 - $1:.2f}')"; }
size_mb() { python3 -c "import os; print(f'{os.path.getsize(\"$1\") / 1e6:.1f}')"; }

log "generating $records records"
python3 "$here/vulndb/gen.py" "$work/feed.zip" "$work/names.txt" "$records" "$corpus"

t0=$(now); "$vigil" db update --from "$work/feed.zip" --db "$work/vigil.db" >"$work/update1.txt"; t1=$(now)
"$vigil" db update --db "$work/vigil.db" >"$work/update2.txt"; t2=$(now)
vigil_first=$(elapsed "$t0" "$t1"); vigil_second=$(elapsed "$t1" "$t2")
"$vigil" db match --timing --db "$work/vigil.db" "$work/names.txt" >"$work/matches.txt" 2>"$work/match-timing.txt"
# The whole corpus scanned against the feed (findings written as JSON, the biggest output).
scan_start=$(date +%s.%N)
"$vigil" scan "$corpus" --db "$work/vigil.db" --allow-out-of-sync --max-age-days 100000 --format json -o "$work/scan.json" || [ $? -eq 1 ]
scan_secs=$(echo "$(date +%s.%N) - $scan_start" | bc)
scan_findings=$(python3 -c "import json,sys; print(json.load(open(sys.argv[1]))['summary']['findings'])" "$work/scan.json")

t0=$(now); python3 "$here/vulndb/peer.py" "$work/feed.zip" "$work/peer.db"; t1=$(now)
peer_first=$(elapsed "$t0" "$t1")

echo "feed: $records records, $(size_mb "$work/feed.zip") MB zipped; $(nproc) cores"
echo "vigil db update: $(cat "$work/update1.txt")"
echo "vigil db update (again): $(cat "$work/update2.txt")"
printf '%-34s %10s %10s %8s\n' "" "vigil" "peer" "ratio"
printf '%-34s %9ss %9ss %7sx\n' "ingest (fresh database)" "$vigil_first" "$peer_first" \
  "$(python3 -c "print(f'{$peer_first / $vigil_first:.1f}')")"
printf '%-34s %9ss %10s\n' "second run (all unchanged)" "$vigil_second" "-"
printf '%-34s %8sMB %8sMB %7sx\n' "database size" "$(size_mb "$work/vigil.db")" "$(size_mb "$work/peer.db")" \
  "$(python3 -c "import os; print(f'{os.path.getsize(\"$work/peer.db\") / os.path.getsize(\"$work/vigil.db\"):.1f}')")"
echo "lookup: $(cat "$work/match-timing.txt")"
echo "vigil scan of the corpus: ${scan_secs}s, $scan_findings findings, $(size_mb "$work/scan.json") MB of JSON"
