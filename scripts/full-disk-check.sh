#!/usr/bin/env bash
# Reproduces the full-disk check of docs/batch.md ("Atomic outputs"): on a 12 MB tmpfs with about
# 2.4 MB left, a run after a codebook edit cannot stage its reports beside the run cache; it
# empties the cache, writes the reports, and says so. Prints the run's warning and whether every
# report equals a --no-cache run's. Needs root (it mounts the tmpfs).
#
#   scripts/full-disk-check.sh [LEITBILD]     (default: .build/release/leitbild)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
leitbild="${1:-$root/.build/release/leitbild}"
[ "$(id -u)" = 0 ] || { echo "full-disk-check: needs root to mount a tmpfs" >&2; exit 1; }
mnt="$(mktemp -d)"
work="$(mktemp -d)"
trap 'umount "$mnt" 2>/dev/null || true; rm -rf "$mnt" "$work"' EXIT
mount -t tmpfs -o size=12m tmpfs "$mnt"
cp -r "$root/corpus" "$work/p"
"$leitbild" analyze "$work/p" --out "$mnt/out" --quiet
free=$(df -k "$mnt" | awk 'NR==2 { print $4 }')
dd if=/dev/zero of="$mnt/filler" bs=1k count=$((free - 2400)) status=none
echo "free before the run: $(df -k "$mnt" | awk 'NR==2 { print $4 }') KB"
# A codebook edit: every interview is coded again and every report written again.
python3 - "$work/p/codebook.yaml" <<'PY'
import sys
path = sys.argv[1]
text = open(path).read()
first = text.index("    terms:\n") + len("    terms:\n")
open(path, "w").write(text[:first] + "      - Testbegriffxyz\n" + text[first:])
PY
status=0
"$leitbild" analyze "$work/p" --out "$mnt/out" > "$work/run.txt" 2>&1 || status=$?
echo "exit code: $status"
grep -E "disk was full|error" "$work/run.txt" || echo "(no full-disk warning)"
"$leitbild" analyze "$work/p" --out "$work/ref" --quiet --no-cache
same=yes
for f in "$work/ref"/*; do cmp -s "$f" "$mnt/out/$(basename "$f")" || { same=no; echo "differs: $(basename "$f")"; }; done
echo "reports equal to a --no-cache run's: $same"
