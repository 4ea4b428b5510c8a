#!/usr/bin/env bash
# CPU time (user + system, `perf stat` task-clock) of one `leitbild tokenize --sentences --ud`
# process, median of N runs: on a one-line input (start-up) and on a text (default: the peer
# kit's 5 MB throughput text, rebuilt from ../shared/data the same way). CPU time, unlike wall
# time, does not change when other processes share the machine.
#   scripts/tokenize-cpu-time.sh [FILE] [N]          (needs perf: apt-get install linux-perf)
set -euo pipefail
cd "$(dirname "$0")/.."
FILE="${1:-}"
N="${2:-9}"
BIN=.build/release/leitbild
command -v perf >/dev/null || { echo "tokenize-cpu-time.sh: perf is missing (apt-get install linux-perf)." >&2; exit 1; }
[ -x "$BIN" ] || swift build -c release --product leitbild
TMP=$(mktemp -d)
trap 'rm -rf "$TMP"' EXIT
echo "Das ist ein kurzer Satz. Und noch einer." > "$TMP/tiny.txt"
if [ -z "$FILE" ]; then
  FILE="$TMP/corpus.txt"
  python3 - "$FILE" <<'PY'
import math, sys
texts = []
for name in ["de_gsd-ud-test.conllu"]:
    with open("../shared/data/ud-german-gsd/" + name, encoding="utf-8") as f:
        texts += [l[len("# text = "):].rstrip("\n") for l in f if l.startswith("# text = ")]
one = "".join(" ".join(texts[i:i + 10]) + "\n" for i in range(0, len(texts), 10))
with open(sys.argv[1], "w", encoding="utf-8") as f:
    f.write(one * math.ceil(5e6 / len(one.encode("utf-8"))))
PY
fi
median_ms() {
  for _ in $(seq "$N"); do
    perf stat -x, -e task-clock -- "$BIN" tokenize --sentences --ud < "$1" 2>&1 >/dev/null | grep task-clock | cut -d, -f1
  done | sort -n | awk '{a[NR]=$1} END {printf "%.1f", a[int((NR+1)/2)]}'
}
bytes=$(wc -c < "$FILE")
startup=$(median_ms "$TMP/tiny.txt")
total=$(median_ms "$FILE")
awk -v s="$startup" -v t="$total" -v b="$bytes" -v n="$N" 'BEGIN {
  printf "CPU time, median of %d runs: start-up %s ms; %.2f MB in %s ms = %.1f MB/s per CPU second (%.1f MB/s without start-up)\n",
         n, s, b / 1e6, t, b / 1e6 / (t / 1000), b / 1e6 / ((t - s) / 1000) }'
