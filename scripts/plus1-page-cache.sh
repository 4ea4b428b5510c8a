#!/usr/bin/env bash
# How far the page cache grows during a +1 file run (docs/batch.md, "Atomic outputs"): the
# kernel's `Cached:` in /proc/meminfo sampled every 10 ms while the run goes, its peak over the
# value before the run. A run replaces every report; a build that lets go of the last reports'
# cached pages before writing the new ones grows the page cache by about the reports' size less.
#
#   scripts/plus1-page-cache.sh LEITBILD PROJECT [ROUNDS]
#
# PROJECT is copied into a work folder first (modification times kept, `project-copy.sh`), so it
# is never changed. One untimed run fills the output folder; then, ROUNDS times (default 3): the
# copy's last transcript moved aside, an untimed run, the file moved back, `sync`, and the
# sampled run. Prints each round's peak growth in MB and the run's wall time.
set -euo pipefail
[[ $# -ge 2 ]] || { echo "usage: $0 LEITBILD PROJECT [ROUNDS]" >&2; exit 1; }
exe="$1" rounds="${3:-3}"
source "$(dirname "$0")/project-copy.sh" "$2"
out="$work/out"
cached() { awk '/^Cached:/ { print $2 }' /proc/meminfo; }
"$exe" analyze "$project" --out "$out" --quiet > /dev/null
for ((r = 1; r <= rounds; r++)); do
    mv "$transcripts/$last" "$side/"
    "$exe" analyze "$project" --out "$out" --quiet > /dev/null
    mv "$side/$last" "$transcripts/"
    sync
    before=$(cached) peak=$before start=$(date +%s.%N)
    "$exe" analyze "$project" --out "$out" --quiet > /dev/null & pid=$!
    while kill -0 "$pid" 2> /dev/null; do
        now=$(cached)
        (( now > peak )) && peak=$now
        sleep 0.01
    done
    wait "$pid"
    awk -v r="$r" -v kb=$((peak - before)) -v s="$start" -v e="$(date +%s.%N)" \
        'BEGIN { printf "round %d: page cache peak +%d MB during the +1 file run (%.2f s)\n", r, kb / 1024, e - s }'
done
