#!/usr/bin/env bash
# Peak memory of `leitbild analyze` on one very large transcript file, the figures README.md gives
# under "Memory stays under 1 GB for projects of interview-sized files": the demo's
# 07-rehau-jugendforum.txt repeated to MB megabytes (default 20), once with its speaker labels and
# once without any (one turn), each analysed alone with `-j 1 --no-cache`.
#
#   scripts/large-file-memory.sh [MB] [LEITBILD]     (LEITBILD: default .build/release/leitbild)
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
mb="${1:-20}" exe="${2:-$here/.build/release/leitbild}"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
for kind in labels nolabels; do
    mkdir -p "$work/$kind/transcripts"
    cp "$here/corpus/codebook.yaml" "$work/$kind/"
    python3 - "$here/corpus/transcripts/07-rehau-jugendforum.txt" "$work/$kind/transcripts/big.txt" "$mb" "$kind" <<'PY'
import re, sys
src, out, mb, kind = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
text = open(src, encoding="utf-8").read()
if kind == "nolabels":
    text = re.sub(r"^[A-Za-zÄÖÜäöüß0-9 .]+:\s*", "", text, flags=re.M)
parts, n = [], 0
while n < mb * 1_000_000:
    parts.append(text)
    n += len(text.encode())
open(out, "w", encoding="utf-8").write("\n".join(parts))
PY
    size=$(stat -c %s "$work/$kind/transcripts/big.txt")
    /usr/bin/time -o "$work/time" -f "%e %M" "$exe" analyze "$work/$kind" --out "$work/$kind/out" --no-cache -q -j 1 > /dev/null 2>&1 || true
    read -r seconds kb < "$work/time"
    awk -v k="$kind" -v b="$size" -v s="$seconds" -v m="$kb" 'BEGIN { printf "%-9s %6.1f MB file  %6.2f s  peak %6.0f MB\n", k, b / 1e6, s, m / 1024 }'
done
