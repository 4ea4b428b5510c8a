#!/usr/bin/env bash
# Runs a command with TMPDIR pointing at a fresh folder and removes that folder afterwards,
# also when the command fails or is interrupted. The tests create scratch projects and output
# folders in the temporary directory (FileManager.temporaryDirectory follows TMPDIR); without
# this, every run would leave a few hundred of them in /tmp.
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
