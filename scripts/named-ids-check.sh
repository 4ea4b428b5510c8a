#!/usr/bin/env bash
# Reproduces the figures of docs/reports.md and docs/batch-rounds.md on names in interview ids
# and file names (round 3af38b0 -> ebe85fc):
#
#   scripts/named-ids-check.sh [LEITBILD] [N]
#
# 1. A synthetic project of N interviews (default 5001) whose every interview id and file name
#    gets its respondent's surname appended ("S00002-Kießling", "S00002-koeditz-kießling.exb"), analysed
#    without the cache: prints the run's time, how many interviews the shared reports rename, and
#    how many of the respondents' surnames (as written, lower-cased, umlauts written out) are left
#    in an id or path of analysis.json or analysis.sqlite (must be 0).
# 2. The demo corpus with a 1 MB word and a 260 KB interview id in its metadata sheet: prints the
#    run's time and exit code (0: the long cells are read, and a name in the same cell renamed).
# LEITBILD defaults to .build/release/leitbild. Needs python3 and sqlite3. Fails on a leak.
set -euo pipefail
cd "$(dirname "$0")/.."
leitbild="${1:-.build/release/leitbild}"
count="${2:-5001}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

"$leitbild" synth "$count" --out "$work/p" > /dev/null
python3 - "$work/p" <<'PY'
import csv, os, sys
project = sys.argv[1]
rows = list(csv.reader(open(f"{project}/metadata.csv", encoding="utf-8")))
h = rows[0]; fi, ii, ri = h.index("file"), h.index("interview_id"), h.index("respondent")
for r in rows[1:]:
    surname = r[ri].split()[-1] if r[ri].strip() else "x"
    stem, ext = os.path.splitext(r[fi])
    new = f"{stem}-{surname.lower()}{ext}"
    os.rename(f"{project}/transcripts/{r[fi]}", f"{project}/transcripts/{new}")
    r[fi], r[ii] = new, f"{r[ii]}-{surname}"
csv.writer(open(f"{project}/metadata.csv", "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
start=$(date +%s.%N)
"$leitbild" analyze "$work/p" --out "$work/o" --no-cache --quiet
end=$(date +%s.%N)
python3 - "$work" "$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }')" <<'PY'
import csv, json, sqlite3, sys
work, seconds = sys.argv[1], sys.argv[2]
rows = list(csv.reader(open(f"{work}/p/metadata.csv", encoding="utf-8")))[1:]
surnames = {r[6].split()[-1] for r in rows if r[6].strip()}
forms = set()
for s in surnames:
    lower = s.lower()
    forms |= {lower, lower.replace("ß", "ss").replace("ä", "ae").replace("ö", "oe").replace("ü", "ue")}
data = json.load(open(f"{work}/o/analysis.json", encoding="utf-8"))
shown = [(i["id"], i["file"]) for i in data["interviews"]]
db = sqlite3.connect(f"{work}/o/analysis.sqlite")
shown += list(db.execute("select id, file from interviews"))
renamed = sum(1 for i in data["interviews"] if "Person" in i["id"])
leaks = sorted({f for f in forms for pair in shown for value in pair if f in value.lower()})
print(f"named ids: {len(rows)} interviews, {len(surnames)} surnames, full run without the cache {seconds} s, "
      f"{renamed} ids renamed, surnames left in ids or paths: {len(leaks)} {leaks[:5]}")
sys.exit(1 if leaks else 0)
PY

cp -r corpus "$work/hostile"
python3 - "$work/hostile/metadata.csv" <<'PY'
import csv, sys
rows = list(csv.reader(open(sys.argv[1], encoding="utf-8")))
rows[1][7] = "x" + "hertel" * 170000 + " InterviewHertel"
rows[2][0] = "I02-" + "hopperdietzel" * 20000
csv.writer(open(sys.argv[1], "w", encoding="utf-8", newline=""), lineterminator="\n").writerows(rows)
PY
start=$(date +%s.%N)
status=0
"$leitbild" analyze "$work/hostile" --out "$work/ho" --no-cache --quiet 2> /dev/null || status=$?
end=$(date +%s.%N)
renamed=$(grep -c "InterviewPerson" "$work/ho/analysis.json" || true)
echo "long cells: sheet of $(wc -c < "$work/hostile/metadata.csv") bytes, $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.2f", b - a }') s, exit $status, 'InterviewHertel' renamed: $([ "$renamed" -gt 0 ] && echo yes || echo no)"
[ "$status" -eq 0 ] && [ "$renamed" -gt 0 ]
