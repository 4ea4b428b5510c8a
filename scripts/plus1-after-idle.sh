#!/usr/bin/env bash
# Times a +1 file run that starts IDLE seconds after the run before it, to see what the time
# between runs costs on this machine (docs/batch-rounds.md, "Round 7533600 → 45d744d": pages not touched for a while
# are paged out, so a run minutes after the last is slower than the benchmark's back-to-back one).
#
#   scripts/plus1-after-idle.sh LEITBILD PROJECT OUT IDLE [IDLE ...]
#
# PROJECT is copied into a work folder first (modification times kept, `project-copy.sh`), so it
# is never changed. For each IDLE: the copy's last transcript is moved aside, an untimed run into
# OUT, the file moved back (its modification time kept), `sync`, IDLE seconds of sleep, then the
# timed run. Prints each run's wall and CPU (user + system) seconds.
set -euo pipefail
[[ $# -ge 4 ]] || { echo "usage: $0 LEITBILD PROJECT OUT IDLE [IDLE ...]" >&2; exit 1; }
exe="$1" out="$3"
source "$(dirname "$0")/project-copy.sh" "$2"
shift 3
for idle in "$@"; do
    mv "$transcripts/$last" "$side/"
    "$exe" analyze "$project" --out "$out" --quiet > /dev/null
    mv "$side/$last" "$transcripts/"
    sync
    sleep "$idle"
    TIMEFORMAT='%R %U %S'
    times=$( { time "$exe" analyze "$project" --out "$out" --quiet > /dev/null 2>&1; } 2>&1 )
    awk -v idle="$idle" '{ printf "idle %4s s: +1 file run %.2f s wall, %.2f s CPU\n", idle, $1, $2 + $3 }' <<< "$times"
done
