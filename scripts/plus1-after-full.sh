#!/usr/bin/env bash
# The benchmark's "+1 file" run as `leitbild-bench batch` makes it, for two builds alternately:
# each round and build, a full run without the project's last transcript into a new output
# folder (kept until the end, as the benchmark keeps its folders, so the page cache grows), the
# file moved back, `sync`, then the +1 file run with `--verbose`. Prints each +1 file run's wall
# and system seconds and its reports phase, then the means per build (docs/batch-rounds.md,
# "Round b2b2dbb → 0160f0f": on this machine such runs are slow at some moments and not at
# others, by how new the memory is that their reports are written into).
#
#   scripts/plus1-after-full.sh OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]
#
# PROJECT is copied into a work folder first (modification times kept), so it is never changed;
# the work folder, with every output folder, is removed afterwards. Needs about 1.2 GB of disk
# per round and build at 5,000 interviews.
set -euo pipefail
[[ $# -ge 3 ]] || { echo "usage: $0 OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]" >&2; exit 1; }
old="$1" new="$2" rounds="${4:-3}"
source "$(dirname "$0")/project-copy.sh" "$3"
for ((r = 1; r <= rounds; r++)); do
    for build in old new; do
        exe="${!build}" out="$work/out-$build-$r"
        mv "$transcripts/$last" "$side/"
        "$exe" analyze "$project" --out "$out" --quiet > /dev/null
        mv "$side/$last" "$transcripts/"
        sync
        TIMEFORMAT='time %R %S'
        { time "$exe" analyze "$project" --out "$out" --verbose 2>&1 > /dev/null | grep '^Timings'; } 2>&1 |
            awk -v b="$build" '/^Timings/ { for (i = 1; i < NF; i++) if ($i == "reports") reports = $(i + 1) }
                               /^time/ { printf "%s +1 file %.2f s wall, %.2f s system, reports %.3f s\n", b, $2, $3, reports }'
    done
done | tee "$work/lines"
awk '{ wall[$1] += $4; sys[$1] += $7; rep[$1] += $11; n[$1]++ }
     END { for (b in n) printf "mean %s: +1 file %.3f s wall, %.3f s system, reports %.3f s\n", b, wall[b] / n[b], sys[b] / n[b], rep[b] / n[b] }' \
    "$work/lines" | sort
