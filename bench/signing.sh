#!/bin/sh
# Sign and verify N charts (default 100) with vigil vs `gpg --clearsign` / `gpg --verify` per chart.
# Usage: bench/signing.sh [VIGIL_BINARY] [N]. Needs ../shared/vectors/helm and gpg.
set -eu
VIGIL=${1:-build/release/src/vigil}; N=${2:-100}
H=$(cd "$(dirname "$0")/../../shared/vectors/helm" && pwd)
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
export GNUPGHOME="$W/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch -q --import "$H/helm-test-key.secret" 2>/dev/null
mkdir "$W/v" "$W/g"
i=0; while [ $i -lt "$N" ]; do cp "$H/hashtest-1.2.3.tgz" "$W/v/c$i-1.2.3.tgz"; cp "$H/hashtest-1.2.3.tgz" "$W/g/c$i-1.2.3.tgz"; i=$((i+1)); done
now() { date +%s.%N; }
t0=$(now)
for f in "$W"/v/*.tgz; do "$VIGIL" chart sign "$f" --key helm-test --keyring "$H/helm-test-key.secret" >/dev/null 2>&1; done
for f in "$W"/v/*.tgz; do "$VIGIL" chart verify "$f" --keyring "$H/helm-test-key.pub" >/dev/null 2>&1 || true; done
t1=$(now)
for f in "$W"/g/*.tgz; do printf 'x\n' | gpg --batch -q --clearsign --digest-algo SHA512 -u helm-test -o "$f.prov" - 2>/dev/null; done
for f in "$W"/g/*.tgz; do gpg --batch -q --verify "$f.prov" 2>/dev/null; done
t2=$(now)
echo "charts=$N vigil_s=$(echo "$t1 - $t0" | bc) gpg_s=$(echo "$t2 - $t1" | bc) ratio_gpg_over_vigil=$(echo "scale=2; ($t2 - $t1) / ($t1 - $t0)" | bc)"
