#!/usr/bin/env bash
# Runs a command with TMPDIR pointing at a fresh folder and removes that folder afterwards,
# also when the command fails or is interrupted. The tests remove their own scratch projects
# and output folders (each test case's in a folder of its own, `ScratchFolder` in
# Tests/TestSupport); what this still catches is a test killed halfway and SwiftPM's own
# leftovers (`TemporaryDirectory.*` folders and lock files).
#
#   scripts/with-scratch-tmp.sh swift test [ARGS...]
set -euo pipefail
base="${TMPDIR:-/tmp}"
scratch="$(mktemp -d "$base/leitbild-test-run.XXXXXX")"
cleanup() { rm -rf "$scratch"; }
trap cleanup EXIT
trap 'exit 130' INT
trap 'exit 143' TERM
TMPDIR="$scratch" "$@"
