#!/usr/bin/env bash
# What writing a new file costs on this machine, by size and by how (docs/batch.md, "Where the
# targets stand", Scaling; docs/batch-rounds.md, "Round b198d2e → 7bad311"): zeros written with
# `dd bs=1M` into a new file, through the page cache and with `conv=fsync` and with
# `oflag=direct`, each after PAUSE seconds without writing; the file is removed after each.
#
#   scripts/page-cache-cost.sh [FOLDER] [PAUSE] [MB ...]    (defaults: $TMPDIR or /tmp, 10, 171 500 1000)
#
# Prints each write's wall and system seconds. FOLDER needs room for the largest size.
set -euo pipefail
folder="${1:-${TMPDIR:-/tmp}}" pause="${2:-10}"
shift $(( $# < 2 ? $# : 2 ))
sizes=("$@")
[ ${#sizes[@]} -gt 0 ] || sizes=(171 500 1000)
file="$(mktemp "$folder/leitbild-page-cost.XXXXXX")"
trap 'rm -f "$file"' EXIT
TIMEFORMAT='%R %S'
for mb in "${sizes[@]}"; do
    for how in "" "conv=fsync" "oflag=direct"; do
        rm -f "$file"
        sync
        sleep "$pause"
        times=$( { time dd if=/dev/zero of="$file" bs=1M count="$mb" ${how:+"$how"} status=none; } 2>&1 )
        awk -v mb="$mb" -v how="${how:-page cache}" '{ printf "%5d MB  %-12s %.2f s wall, %.2f s system\n", mb, how, $1, $2 }' <<< "$times"
    done
done
