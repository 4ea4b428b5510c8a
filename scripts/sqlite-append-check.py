#!/usr/bin/env python3
"""Checks the premise of the "append snapshot" idea for analysis.sqlite (docs/batch-rounds.md, "Round 11477f8 → 3467e6b"; docs/batch.md, "analysis.sqlite's snapshot"):
a database filled with N interviews, closed, copied and then given interview N+1, the corpus
tables and the indexes has the same bytes as one filled with all N+1 in one go, but for the
header fields that count transactions. A model of analysis.sqlite's layout with the system's
SQLite (Python's sqlite3), not the product's code. Run it in an empty folder:

    cd "$(mktemp -d)" && python3 /path/to/scripts/sqlite-append-check.py

Prints the sizes and the offsets of the bytes that differ (on 2026-11-27, SQLite 3.40.1: only
27 and 95, the low bytes of the change counter at 24 and of version-valid-for at 92).
"""
import sqlite3, random, shutil, os
SCHEMA = """
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE turns(interview_id TEXT NOT NULL, turn_index INTEGER NOT NULL, text TEXT NOT NULL);
CREATE TABLE segments(segment_id INTEGER PRIMARY KEY, interview_id TEXT NOT NULL, text TEXT NOT NULL);
CREATE TABLE codings(coding_id INTEGER PRIMARY KEY, segment_id INTEGER NOT NULL, code_id TEXT NOT NULL);
CREATE TABLE agg(code_id TEXT PRIMARY KEY, v REAL);
"""
INDEXES = "CREATE UNIQUE INDEX turns_key ON turns(interview_id, turn_index); CREATE INDEX codings_by_code ON codings(code_id);"
state = {"seg": 0, "cod": 0}
def interview(db, i):
    r = random.Random(i); iid = f"S{i:05d}"
    for t in range(r.randint(10, 40)): db.execute("INSERT INTO turns VALUES(?,?,?)", (iid, t, "wort " * r.randint(5, 200)))
    for s in range(r.randint(10, 60)):
        state["seg"] += 1
        db.execute("INSERT INTO segments VALUES(?,?,?)", (state["seg"], iid, "satz " * r.randint(3, 50)))
        for c in range(r.randint(0, 3)):
            state["cod"] += 1
            db.execute("INSERT INTO codings VALUES(?,?,?)", (state["cod"], state["seg"], f"C{r.randint(1,30):02d}"))
def corpus(db):
    db.executemany("INSERT INTO meta VALUES(?,?)", [("a", "1")])
    db.executemany("INSERT INTO agg VALUES(?,?)", [(f"C{k:02d}", k / 3) for k in range(30)])
    db.executescript(INDEXES) if False else [db.execute(s) for s in INDEXES.split(";") if s.strip()]
def open_(p):
    db = sqlite3.connect(p, isolation_level=None)
    db.execute("PRAGMA page_size=16384"); db.execute("PRAGMA journal_mode=OFF"); db.execute("PRAGMA synchronous=OFF")
    return db
N = 500
# A: fresh, one transaction, N+1 interviews
state.update(seg=0, cod=0)
a = open_("a.sqlite"); a.execute("BEGIN"); [a.execute(s) for s in SCHEMA.split(";") if s.strip()]
for i in range(N + 1): interview(a, i)
corpus(a); a.execute("COMMIT"); a.close()
# B: snapshot after N, then append 1 in another process-like session
state.update(seg=0, cod=0)
b = open_("snap.sqlite"); b.execute("BEGIN"); [b.execute(s) for s in SCHEMA.split(";") if s.strip()]
for i in range(N): interview(b, i)
b.execute("COMMIT"); b.close()
saved = dict(state)
shutil.copyfile("snap.sqlite", "b.sqlite")
state.update(saved)
b = open_("b.sqlite"); b.execute("BEGIN"); interview(b, N); corpus(b); b.execute("COMMIT"); b.close()
A = open("a.sqlite", "rb").read(); B = open("b.sqlite", "rb").read()
print(len(A), len(B))
diffs = [i for i in range(min(len(A), len(B))) if A[i] != B[i]]
print("differing bytes:", len(diffs), diffs[:20])
