#!/usr/bin/env bash
# Times `leitbild analyze` on a transcript of one sentence without full stops, with code hits in
# every few words, at several sizes (docs/batch-rounds.md, round 00a3c42 → d25b16b: such a file
# took quadratic time before 3a715ec). Linear time means the seconds grow with the MB. Also prints
# summary.md's size: its quotes are cut at 600 characters (a5f09bd), so it stays a few KB.
#
#   scripts/long-sentence-time.sh [LEITBILD] [MB ...]     (defaults: .build/release/leitbild, 1 4 16)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
leitbild="${1:-$root/.build/release/leitbild}"
shift || true
sizes=("${@:-1 4 16}")
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/p/transcripts"
cp "$root/corpus/codebook.yaml" "$work/p/"
for mb in ${sizes[@]}; do
    python3 -c "
s = 'der Bus faehrt nicht und die Mobilitaet im Landkreis ist schlecht '
open('$work/p/transcripts/x.txt', 'w').write('B: ' + s * ($mb * 1000000 // len(s)))"
    rm -rf "$work/out"
    /usr/bin/time -f "$mb MB: %e s, peak %M KB" "$leitbild" analyze "$work/p" --out "$work/out" --quiet --no-cache --jobs 1
    echo "$mb MB: summary.md $(wc -c < "$work/out/summary.md") bytes"
done
