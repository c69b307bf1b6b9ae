#!/usr/bin/env python3
"""The peer of `vigil db update` in bench/vulndb.sh: the naive ingest anyone would write with
Python's json and sqlite3 modules (the same SQLite engine the sqlite3 CLI uses) — read the zip,
json.loads every record, store it whole with its id/modified and one row per affected package
(name indexed, ranges as JSON text), in one transaction. No validation, no compression.

usage: peer.py FEED.zip OUT.db
"""
import json
import sqlite3
import sys
import zipfile

feed, out = sys.argv[1], sys.argv[2]
db = sqlite3.connect(out)
db.executescript("""
PRAGMA journal_mode=WAL;
CREATE TABLE IF NOT EXISTS advisories(id TEXT PRIMARY KEY, modified TEXT, withdrawn TEXT, json TEXT);
CREATE TABLE IF NOT EXISTS aliases(alias TEXT, id TEXT);
CREATE INDEX IF NOT EXISTS aliases_alias ON aliases(alias);
CREATE TABLE IF NOT EXISTS affected(id TEXT, ecosystem TEXT, name TEXT, ranges TEXT);
CREATE INDEX IF NOT EXISTS affected_name ON affected(name);
""")
with db, zipfile.ZipFile(feed) as z:
    for info in z.infolist():
        if not info.filename.endswith(".json"):
            continue
        text = z.read(info)
        rec = json.loads(text)
        db.execute("INSERT OR REPLACE INTO advisories VALUES(?,?,?,?)", (rec["id"], rec["modified"], rec.get("withdrawn"), text))
        db.executemany("INSERT INTO aliases VALUES(?,?)", [(a, rec["id"]) for a in rec.get("aliases") or []])
        db.executemany("INSERT INTO affected VALUES(?,?,?,?)",
                       [(rec["id"], a["package"]["ecosystem"], a["package"]["name"], json.dumps(a.get("ranges", [])))
                        for a in rec.get("affected") or [] if a.get("package")])
db.close()
