#!/usr/bin/env python3
"""Deterministic OSV feed for bench/vulndb.sh: N records (default 200,000) zipped like osv.dev's
npm all.zip (a flat zip of <ID>.json, 2-space indented), plus a names file of ~8,500 name@version
lines to match against it.

Shapes follow the real records in ../shared/vulndb: GHSA records (aliases CVE-..., CVSS v3/v4
vectors, database_specific with severity and cwe_ids, 1-3 affected entries, ranges from 0 or
from a version to a fix, last_affected, open ranges, two pairs in one range, prerelease bounds,
unsorted events), MAL- records with explicit version lists, NSWG-like and CVE records that alias
a GHSA (alias groups), and a few withdrawn ones. Package names are the real ones of every
package-lock.json under the corpus, then synthetic ones. Same arguments, same bytes.

usage: gen.py OUT.zip NAMES.txt [N] [CORPUS]
"""
import json
import os
import random
import sys
import zipfile

out_zip, names_out = sys.argv[1], sys.argv[2]
n = int(sys.argv[3]) if len(sys.argv) > 3 else 200_000
corpus = sys.argv[4] if len(sys.argv) > 4 else os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "corpus")
rng = random.Random(20261125)
# The default mix follows osv.dev's npm feed: most records are MAL- ones (malicious packages, one
# name each, which no organisation depends on), the rest GHSA records over real and synthetic
# names. VULNDB_HEAVY=1 instead puts half of all records on the real names (a worst case for
# load_for: an organisation that depends on every vulnerable package there is).
HEAVY = os.environ.get("VULNDB_HEAVY") == "1"
MAL_SHARE = 0.10 if HEAVY else 0.85

real = set()
for root, dirs, files in os.walk(corpus):
    dirs.sort()
    if "package-lock.json" in files:
        try:
            with open(os.path.join(root, "package-lock.json"), encoding="utf-8") as f:
                lock = json.load(f)
        except (OSError, ValueError):
            continue
        for key in (lock.get("packages") or {}):
            if "node_modules/" in key:
                real.add(key.rsplit("node_modules/", 1)[1])
        for key in (lock.get("dependencies") or {}):
            real.add(key)
real = sorted(x for x in real if x)
synthetic = [f"synth-lib-{i}" if i % 4 else f"@synth{i % 97}/pkg-{i}" for i in range(40_000)]
packages = real + synthetic

B32 = "23456789cfghjmpqrvwx"
def ghsa():
    return "GHSA-" + "-".join("".join(rng.choice(B32) for _ in range(4)) for _ in range(3))

def ver(major_max=20):
    return f"{rng.randrange(major_max)}.{rng.randrange(30)}.{rng.randrange(40)}"

def bump(v):
    a, b, c = (int(x) for x in v.split("."))
    r = rng.random()
    if r < 0.6:
        return f"{a}.{b}.{c + 1 + rng.randrange(5)}"
    if r < 0.9:
        return f"{a}.{b + 1}.0"
    return f"{a + 1}.0.0"

def ranges():
    r = rng.random()
    intro = ver()
    fix = bump(intro)
    if r < 0.45:
        ev = [{"introduced": "0"}, {"fixed": fix}]
    elif r < 0.70:
        ev = [{"introduced": intro}, {"fixed": fix}]
    elif r < 0.78:
        ev = [{"introduced": "0"}, {"last_affected": intro}]
    elif r < 0.83:
        ev = [{"introduced": "0"}]
    elif r < 0.91:
        f2 = bump(fix)
        i2 = bump(f2)
        ev = [{"introduced": "0"}, {"fixed": fix}, {"introduced": i2}, {"fixed": bump(i2)}]
    elif r < 0.96:
        a = intro.split(".")[0]
        ev = [{"introduced": f"{a}.0.0-alpha.0"}, {"fixed": f"{a}.0.0-beta.{rng.randrange(9)}"}]
    else:
        ev = [{"introduced": "0"}, {"introduced": bump(fix)}, {"fixed": bump(bump(fix))}, {"fixed": fix}]  # unsorted
    return [{"type": "ECOSYSTEM" if rng.random() < 0.8 else "SEMVER", "events": ev}]

METRICS = ["AV:N", "AC:L", "PR:N", "UI:N", "S:U"]
def cvss3():
    parts = [rng.choice(["AV:N", "AV:A", "AV:L"]), rng.choice(["AC:L", "AC:H"]), rng.choice(["PR:N", "PR:L", "PR:H"]),
             rng.choice(["UI:N", "UI:R"]), rng.choice(["S:U", "S:C"])] + [f"{m}:{rng.choice('NLH')}" for m in "CIA"]
    return "CVSS:3.1/" + "/".join(parts)

def cvss4():
    parts = [rng.choice(["AV:N", "AV:L"]), "AC:L", "AT:N", rng.choice(["PR:N", "PR:L"]), "UI:N"] + \
            [f"V{m}:{rng.choice('NLH')}" for m in "CIA"] + [f"S{m}:N" for m in "CIA"]
    return "CVSS:4.0/" + "/".join(parts)

WORDS = ("prototype pollution regular expression denial of service cross site scripting path traversal "
         "arbitrary code execution improper input validation uncontrolled resource consumption in the parser "
         "when untrusted user data is provided allows an attacker to").split()
def text(k):
    return " ".join(rng.choice(WORDS) for _ in range(k))

names_lines = []
ids_used = set()
with zipfile.ZipFile(out_zip, "w", compression=zipfile.ZIP_DEFLATED, compresslevel=6) as z:
    def write(rec):
        z.writestr(zipfile.ZipInfo(rec["id"] + ".json", date_time=(2026, 11, 25, 0, 0, 0)), json.dumps(rec, indent=2), compress_type=zipfile.ZIP_DEFLATED)
    i = 0
    while i < n:
        gid = ghsa()
        if gid in ids_used:
            continue
        ids_used.add(gid)
        year = 2015 + rng.randrange(11)
        cve = f"CVE-{year}-{rng.randrange(1000, 60000)}"
        kind = rng.random()
        if HEAVY:
            pkg = packages[min(int(rng.paretovariate(0.9)) - 1, len(packages) - 1)] if rng.random() < 0.5 else rng.choice(packages)
        elif kind < MAL_SHARE:
            pkg = f"mal-{rng.choice(WORDS)}-{i}"  # malicious packages: names nobody depends on
        else:
            pkg = real[min(int(rng.paretovariate(0.9)) - 1, len(real) - 1)] if rng.random() < 0.6 else rng.choice(synthetic)
        modified = f"{year + rng.randrange(2)}-{1 + rng.randrange(12):02d}-{1 + rng.randrange(28):02d}T{rng.randrange(24):02d}:00:00Z"
        if kind < MAL_SHARE:  # malicious package: explicit versions
            rec = {"schema_version": "1.6.0", "id": f"MAL-{year}-{i}", "modified": modified, "published": modified,
                   "summary": f"Malicious code in {pkg} (npm)", "details": "This package contains malicious code. " + text(20),
                   "affected": [{"package": {"ecosystem": "npm", "name": pkg, "purl": f"pkg:npm/{pkg}"},
                                 "versions": sorted({ver(3) for _ in range(1 + rng.randrange(4))})}],
                   "database_specific": {"malicious-packages-origins": [{"source": "ghsa-malware", "sha256": "%064x" % rng.getrandbits(256)}]}}
        else:
            affected = []
            for k in range(1 + (rng.random() < 0.15) + (rng.random() < 0.05)):
                name = pkg if k == 0 else rng.choice(packages)
                affected.append({"package": {"ecosystem": "npm", "name": name, "purl": f"pkg:npm/{name}"}, "ranges": ranges(),
                                 "database_specific": {"source": f"https://github.com/github/advisory-database/blob/main/advisories/github-reviewed/{gid}.json"}})
            sev = []
            if rng.random() < 0.8:
                sev.append({"type": "CVSS_V3", "score": cvss3()})
            if rng.random() < 0.1:
                sev.append({"type": "CVSS_V4", "score": cvss4()})
            rec = {"schema_version": "1.6.0", "id": gid, "modified": modified, "published": modified,
                   "aliases": [cve] if rng.random() < 0.7 else [], "summary": text(6).capitalize() + f" in {pkg}",
                   "details": text(80 + rng.randrange(200)), "severity": sev, "affected": affected,
                   "references": [{"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                                  {"type": "WEB", "url": f"https://github.com/example/{i}/commit/{rng.getrandbits(160):040x}"},
                                  {"type": "PACKAGE", "url": f"https://github.com/example/{i}"}][: 1 + rng.randrange(3)],
                   "database_specific": {"cwe_ids": [f"CWE-{rng.choice([79, 400, 1321, 22, 94, 20, 1333])}"],
                                         "severity": rng.choice(["LOW", "MODERATE", "HIGH", "CRITICAL"]),
                                         "github_reviewed": True, "github_reviewed_at": modified, "nvd_published_at": None}}
            if rng.random() < 0.02:
                rec["withdrawn"] = modified
        write(rec)
        i += 1
        if i < n and rng.random() < 0.05 and rec["id"].startswith("GHSA") and rec.get("aliases"):
            # An NSWG-like record of the same vulnerability: an alias group.
            twin = {"schema_version": "1.6.0", "id": f"NSWG-ECO-{i}", "modified": modified, "aliases": list(rec["aliases"]),
                    "summary": rec["summary"], "affected": [dict(rec["affected"][0], database_specific={"vulnerable_versions": "*"})]}
            write(twin)
            i += 1

# The names a scan of an organisation asks for: the real names, then synthetic ones, with versions.
for name in (real + synthetic)[:8500]:
    names_lines.append(f"{name}@{ver(6)}")
with open(names_out, "w", encoding="utf-8") as f:
    f.write("\n".join(names_lines) + "\n")
print(f"gen.py: {n} records, {len(real)} real package names, {os.path.getsize(out_zip)} bytes", file=sys.stderr)
