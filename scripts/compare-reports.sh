#!/usr/bin/env bash
# Whether two leitbild executables write the same reports for a project: each analyses PROJECT
# with --no-cache into a folder of its own, then every report (and the pseudonym key) is compared
# byte for byte. Reproduces the "byte-identical to the last round's reports" lines of
# docs/batch-rounds.md (e.g. `scripts/compare-reports.sh OLD/leitbild .build/release/leitbild corpus`,
# and the same with a `leitbild synth 5001` project). Exits 1 on the first difference listed.
#
#   scripts/compare-reports.sh OLD_LEITBILD NEW_LEITBILD PROJECT
set -euo pipefail
old="$1" new="$2" project="$3"
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
"$old" analyze "$project" --out "$work/old" --no-cache --quiet > /dev/null || true
"$new" analyze "$project" --out "$work/new" --no-cache --quiet > /dev/null || true
status=0
for report in "$work"/old/*; do
    name="$(basename "$report")"
    if cmp -s "$report" "$work/new/$name"; then echo "same      $name"; else echo "DIFFERENT $name"; status=1; fi
done
for report in "$work"/new/*; do
    [ -e "$work/old/$(basename "$report")" ] || { echo "only new  $(basename "$report")"; status=1; }
done
exit $status
