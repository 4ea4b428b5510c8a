#!/usr/bin/env bash
# Times two leitbild executables alternately on one project, so that a machine whose speed
# drifts from minute to minute affects both alike (docs/batch.md, "Measured").
#
#   scripts/compare-builds.sh OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]
#
# For each build: one untimed run fills its own output folder and cache; then ROUNDS (default 3)
# unchanged runs of each, alternating, then ROUNDS full runs of each, each into a new folder
# (none is emptied right before a run: on ext4 that slows creating the next run's files, see
# docs/batch.md, "Benchmark"), with `sync` before every timed run. Prints every time and the
# mean per build and kind. Work folders go to a temporary folder that is removed afterwards.
# Builds with the report manifest's stat check (since e79c67d) tell an unchanged run of a
# project whose files have settled by their stat; older builds by content.
set -euo pipefail
[ $# -ge 3 ] || { echo "usage: $0 OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]" >&2; exit 1; }
old="$1" new="$2" project="$3" rounds="${4:-3}"
work="$(mktemp -d "${TMPDIR:-/tmp}/leitbild-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT

seconds() { # prints the wall time of a command in seconds
    local start end
    sync
    start=$(date +%s.%N); "$@" > /dev/null; end=$(date +%s.%N)
    awk -v a="$start" -v b="$end" 'BEGIN { print b - a }'
}
run() { "$1" analyze "$project" --out "$2" --quiet; }

declare -A sum
for build in old new; do run "${!build}" "$work/out-$build"; done
for kind in unchanged full; do
    for ((r = 1; r <= rounds; r++)); do
        for build in old new; do
            exe="${!build}"
            if [ "$kind" = full ]; then
                t=$(seconds run "$exe" "$work/full-$build-$r")
            else
                t=$(seconds run "$exe" "$work/out-$build")
            fi
            printf '%-9s %-3s %6.2f s\n' "$kind" "$build" "$t"
            sum[$kind-$build]=$(awk -v a="${sum[$kind-$build]:-0}" -v b="$t" 'BEGIN { print a + b }')
        done
    done
done
for kind in unchanged full; do
    awk -v k="$kind" -v o="${sum[$kind-old]}" -v n="${sum[$kind-new]}" -v r="$rounds" \
        'BEGIN { printf "mean %-9s old %6.2f s  new %6.2f s  change %+.0f %%\n", k, o / r, n / r, 100 * (n - o) / o }'
done
