#!/usr/bin/env bash
# Times two leitbild executables alternately on one project, so that a machine whose speed
# drifts from minute to minute affects both alike (docs/batch.md, "Measured").
#
#   scripts/compare-builds.sh OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]
#
# PROJECT is copied into a work folder first (modification times kept), so it is never changed.
# For each build one untimed run fills its own output folder and cache. Then each kind is timed
# ROUNDS times (default 3), the builds alternating:
#   unchanged  a run with nothing changed;
#   plus1      the project's last transcript moved out, an untimed run, the file moved back (its
#              modification time kept), then the timed run: the benchmark's "+1 file" run;
#   touched    every transcript's modification time set to now, contents unchanged, then the
#              timed run: the benchmark's "touched" run (every file read and known by content);
#   full       a run into a new, empty folder (none is emptied right before a run: on ext4 that
#              slows creating the next run's files, see docs/batch.md, "Benchmark").
# `sync` runs before every timed run. Prints each run's wall and CPU (user + system) seconds and
# the means per build and kind. The work folder is removed afterwards. Builds with the report
# manifest's stat check (since e79c67d) tell an unchanged run of settled files by their stat;
# older builds by content. KINDS (e.g. `KINDS=plus1`) times only those kinds. Besides the means,
# the medians, which one slow run (this machine has them) moves less.
set -euo pipefail
default_rounds=3
source "$(dirname "$0")/compare-setup.sh"

run() { "$1" analyze "$project" --out "$2" --quiet > /dev/null; }
timed() { # prints "wall cpu" of a run in seconds
    local TIMEFORMAT='%R %U %S' out
    sync
    out=$( { time run "$@" 2> /dev/null; } 2>&1 )
    awk '{ printf "%.2f %.2f\n", $1, $2 + $3 }' <<< "$out"
}

read -r -a kinds <<< "${KINDS:-unchanged plus1 touched full}"
declare -A wall cpu walls
for build in old new; do run "${!build}" "$work/out-$build"; done
for kind in "${kinds[@]}"; do
    for ((r = 1; r <= rounds; r++)); do
        for build in old new; do
            exe="${!build}" out="$work/out-$build"
            case "$kind" in
                full) out="$work/full-$build-$r" ;;
                plus1)
                    mv "$transcripts/$last" "$side/"
                    run "$exe" "$out"
                    mv "$side/$last" "$transcripts/" ;;
                touched) find "$transcripts" -maxdepth 1 -type f -exec touch {} + ;;
            esac
            read -r w c <<< "$(timed "$exe" "$out")"
            printf '%-9s %-3s %6.2f s wall %6.2f s CPU\n' "$kind" "$build" "$w" "$c"
            wall[$kind-$build]=$(awk -v a="${wall[$kind-$build]:-0}" -v b="$w" 'BEGIN { print a + b }')
            cpu[$kind-$build]=$(awk -v a="${cpu[$kind-$build]:-0}" -v b="$c" 'BEGIN { print a + b }')
            walls[$kind-$build]+="$w "
        done
    done
done
median() { tr ' ' '\n' <<< "$1" | grep . | sort -g | awk '{ v[NR] = $1 } END { print (NR % 2) ? v[(NR + 1) / 2] : (v[NR / 2] + v[NR / 2 + 1]) / 2 }'; }
for kind in "${kinds[@]}"; do
    awk -v k="$kind" -v o="${wall[$kind-old]}" -v n="${wall[$kind-new]}" -v co="${cpu[$kind-old]}" -v cn="${cpu[$kind-new]}" -v r="$rounds" \
        'BEGIN { printf "mean %-9s wall old %6.2f s new %6.2f s (%+.0f %%)   CPU old %6.2f s new %6.2f s (%+.0f %%)\n",
                 k, o / r, n / r, 100 * (n - o) / o, co / r, cn / r, 100 * (cn - co) / co }'
    awk -v k="$kind" -v o="$(median "${walls[$kind-old]}")" -v n="$(median "${walls[$kind-new]}")" \
        'BEGIN { printf "median %-7s wall old %6.2f s new %6.2f s (%+.0f %%)\n", k, o, n, 100 * (n - o) / o }'
done
