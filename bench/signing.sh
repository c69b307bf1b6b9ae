#!/bin/sh
# Sign and verify N charts (default 100): vigil vs `gpg --clearsign` / `gpg --verify` run per chart
# (the way helm plugins do it). Three vigil runs:
#   per-chart  one `vigil chart sign` and one `vigil chart verify` process per chart (like gpg);
#   batch      one `vigil chart sign *.tgz` (keyring read, key unlocked once) and one
#              `vigil chart verify *.tgz` (keyring read once);
#   startup    `vigil --version` N times: the cost of starting the process alone.
# gpg signs the same message block helm signs (Chart.yaml, `...`, files: NAME: sha256:HEX), built per
# chart with sha256sum before the clock starts; its verify is `gpg --verify` alone (no sha256 or
# metadata check): a lower bound for the gpg flow.
# Usage: bench/signing.sh [VIGIL_BINARY] [N]. Needs ../shared/vectors/helm, gpg, sha256sum, bc.
set -eu
VIGIL=${1:-build/release/src/vigil}; N=${2:-100}
H=$(cd "$(dirname "$0")/../../shared/vectors/helm" && pwd)
W=$(mktemp -d); trap 'rm -rf "$W"' EXIT
export GNUPGHOME="$W/gnupg"; mkdir -m 700 "$GNUPGHOME"
gpg --batch -q --import "$H/helm-test-key.secret" 2>/dev/null
mkdir "$W/p" "$W/b" "$W/g"
i=0; while [ $i -lt "$N" ]; do
  for d in p b g; do cp "$H/hashtest-1.2.3.tgz" "$W/$d/c$i-1.2.3.tgz"; done
  i=$((i+1))
done
CHART_YAML=$(tar -xzOf "$H/hashtest-1.2.3.tgz" hashtest/Chart.yaml)
now() { date +%s.%N; }
sec() { echo "$2 - $1" | bc; }

t0=$(now)
for f in "$W"/p/*.tgz; do "$VIGIL" chart sign "$f" --key helm-test --keyring "$H/helm-test-key.secret" >/dev/null; done
for f in "$W"/p/*.tgz; do "$VIGIL" chart verify "$f" --keyring "$H/helm-test-key.pub" >/dev/null; done
t1=$(now)
"$VIGIL" chart sign "$W"/b/*.tgz --key helm-test --keyring "$H/helm-test-key.secret" >/dev/null
"$VIGIL" chart verify "$W"/b/*.tgz --keyring "$H/helm-test-key.pub" >/dev/null
t2=$(now)
for f in "$W"/g/*.tgz; do  # the message blocks, made before the clock starts (gpg's lower bound)
  sum=$(sha256sum "$f" | cut -d' ' -f1)
  printf '%s\n\n...\nfiles:\n  %s: sha256:%s\n' "$CHART_YAML" "$(basename "$f")" "$sum" > "$f.body"
done
t2g=$(now)
for f in "$W"/g/*.tgz; do gpg --batch -q --clearsign --digest-algo SHA512 -u helm-test -o "$f.prov" "$f.body"; done
for f in "$W"/g/*.tgz; do gpg --batch -q --verify "$f.prov" 2>/dev/null; done
t3=$(now)
i=0; while [ $i -lt "$N" ]; do "$VIGIL" --version >/dev/null; i=$((i+1)); done
t4=$(now)
per=$(sec "$t0" "$t1"); batch=$(sec "$t1" "$t2"); g=$(sec "$t2g" "$t3"); start=$(sec "$t3" "$t4")
echo "charts=$N vigil_per_chart_s=$per vigil_batch_s=$batch gpg_s=$g vigil_startup_x${N}_s=$start"
echo "ratio gpg/vigil: per_chart=$(echo "scale=2; $g / $per" | bc) batch=$(echo "scale=2; $g / $batch" | bc)"
