#!/usr/bin/env bash
# Benchmark: `vigil audit` of a whole organisation (default ../shared/corpus/mojaloop) into SQLite
# and into PostgreSQL, wall time of each. A first run fills the registry cache (not timed); the
# timed runs read it (--offline), so the numbers are the inventory, vulnerabilities, licenses,
# outdated evaluation and the store's write. PostgreSQL is a temporary cluster of Debian's
# postgresql package on 127.0.0.1, started and removed by this script.
#
#   bench/audit.sh                       # VIGIL=path/to/vigil  CORPUS=folder  BENCH_RUNS=3
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$here")"
corpus="${CORPUS:-$root/../shared/corpus/mojaloop}"
vigil="${VIGIL:-$root/build/release/src/vigil}"
runs="${BENCH_RUNS:-3}"
log() { echo "audit.sh: $*" >&2; }
[ -x "$vigil" ] || { log "no vigil binary at $vigil"; exit 2; }

work="$(mktemp -d)"
bindir="$(pg_config --bindir)"
as=""
if [ "$(id -u)" = 0 ]; then as="runuser -u postgres --"; chown postgres "$work"; fi
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
cleanup() { $as "$bindir/pg_ctl" -D "$work/pg" -m immediate stop >/dev/null 2>&1 || true; rm -rf "$work"; }
trap cleanup EXIT
$as "$bindir/initdb" -D "$work/pg" -U vigil --auth=trust -E UTF8 --no-locale >/dev/null
$as "$bindir/pg_ctl" -D "$work/pg" -l "$work/pg.log" -o "-p $port -k $work -c listen_addresses=127.0.0.1" -w start >/dev/null
pg="postgresql://vigil@127.0.0.1:$port/postgres"

"$vigil" db update --from "$root/examples/osv" --db "$work/vuln.db" >/dev/null
common=(--vuln-db "$work/vuln.db" --registry-cache "$work/registry.db" --allow-out-of-sync)
log "filling the registry cache (not timed)"
"$vigil" audit "$corpus" --label warm --db "$work/warm.db" "${common[@]}" >/dev/null 2>&1 || true

secs() { local t0 t1; t0=$(date +%s.%N); "$@" >/dev/null 2>&1; t1=$(date +%s.%N); echo "$t1 - $t0" | bc -l; }
best() { local b="" d; for i in $(seq "$runs"); do d=$(secs "$@" --label "run-$i-$RANDOM"); if [ -z "$b" ] || [ "$(echo "$d < $b" | bc -l)" = 1 ]; then b=$d; fi; done; echo "$b"; }
ts=$(best "$vigil" audit "$corpus" --db "$work/b.db" --offline "${common[@]}")
tp=$(best "$vigil" audit "$corpus" --db "$pg" --offline "${common[@]}")
rows=$(sqlite3 "$work/b.db" "SELECT COUNT(*) FROM libraries WHERE baseline = (SELECT MAX(id) FROM baselines)" 2>/dev/null || echo "?")
printf 'corpus: %s (%s library rows per baseline), best of %s\n' "$corpus" "$rows" "$runs"
printf 'vigil audit into SQLite: %.3f s   into PostgreSQL: %.3f s   (PostgreSQL/SQLite %.2f)\n' "$ts" "$tp" "$(echo "$tp / $ts" | bc -l)"
