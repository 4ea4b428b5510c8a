#!/usr/bin/env bash
# Times the phases of two leitbild executables' +1 file runs alternately (docs/batch.md,
# "Measured"): where `compare-builds.sh` gives whole runs, this gives the `--verbose` lines, so
# that a change to one phase (the aggregation, one report) is seen apart from the others.
#
#   scripts/compare-phases.sh OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]
#
# PROJECT is copied into a work folder first (modification times kept), so it is never changed.
# Each build fills its own output folder and cache once; then, ROUNDS times (default 5) and the
# builds alternating, the project's last transcript is moved out, an untimed run made, the file
# moved back and a `--verbose` run made, whose "Timings" and "Outputs" lines are printed. Then
# the mean of each phase and output per build. The work folder is removed afterwards. OLD_ENV and
# NEW_ENV set environment variables for one build's runs (see compare-setup.sh).
set -euo pipefail
default_rounds=5
source "$(dirname "$0")/compare-setup.sh"

# The build's executable with its OLD_ENV or NEW_ENV.
leitbild() { local envs="${1}_env[@]" exe="${!1}"; shift; env "${!envs}" "$exe" "$@"; }
for build in old new; do leitbild "$build" analyze "$project" --out "$work/out-$build" --quiet > /dev/null; done
for ((r = 1; r <= rounds; r++)); do
    for build in old new; do
        out="$work/out-$build"
        mv "$transcripts/$last" "$side/"
        leitbild "$build" analyze "$project" --out "$out" --quiet > /dev/null
        mv "$side/$last" "$transcripts/"
        sync
        leitbild "$build" analyze "$project" --out "$out" --verbose 2>&1 | grep -E '^(Timings|Outputs)' | sed "s/^/$build /"
    done
done | tee "$work/lines"
# "name 0.123 s" pairs of every line, averaged per build.
awk '{ build = $1; for (i = 2; i < NF; i++) if ($(i + 1) ~ /^s[,;.]?$/) {
         name = $(i - 1); gsub(/[(:,]/, "", name); if (name ~ /^[0-9.]+$/) continue
         if (name == "jobs") name = "files (work)"
         sum[name, build] += $i; n[name, build]++; names[name] = 1 } }
     END { for (name in names) if (n[name, "old"] && n[name, "new"])
             printf "mean %-18s old %6.3f s  new %6.3f s\n", name, sum[name, "old"] / n[name, "old"], sum[name, "new"] / n[name, "new"] }' \
    "$work/lines" | sort
