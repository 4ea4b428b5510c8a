#!/usr/bin/env bash
# Checks that `leitbild analyze` opens no network socket: transcripts are confidential and
# nothing may leave the machine. Runs the analysis under `strace -f -e trace=network` (every
# thread and child process) and fails on any socket, connect, bind, send or receive whose
# address family is not AF_UNIX/AF_LOCAL (local IPC, e.g. to nscd). Before that it checks
# itself on a command that does open an internet socket, so a broken check cannot pass.
#
#   scripts/check-no-network.sh [PROJECT]         (default: corpus)
#   LEITBILD=path/to/leitbild scripts/check-no-network.sh
#
# Needs strace (Debian package `strace`, installed by scripts/setup-system.sh).
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT="${1:-corpus}"
LEITBILD="${LEITBILD:-.build/release/leitbild}"
if [ ! -x "$LEITBILD" ]; then
  # Missing (or LEITBILD names no executable): build the release binary and check that one.
  echo "check-no-network: $LEITBILD is not an executable; building the release binary" >&2
  swift build -c release --product leitbild >&2
  LEITBILD="$(swift build -c release --show-bin-path)/leitbild"
  [ -x "$LEITBILD" ] || { echo "check-no-network: the build did not produce $LEITBILD" >&2; exit 1; }
  echo "check-no-network: using $LEITBILD" >&2
fi
command -v strace >/dev/null || { echo "check-no-network: strace is missing (apt-get install strace)" >&2; exit 1; }

WORK="$(mktemp -d)"
trap 'rm -rf "$WORK"' EXIT

# Lines of a trace that use a network family other than local sockets.
offending() {
  grep -E 'AF_[A-Z0-9]+' "$1" | grep -vE '^[0-9]+ +(socket|socketpair)\((AF_UNIX|AF_LOCAL)|sa_family=AF_(UNIX|LOCAL)' || true
}

# 1. The check itself: an internet socket must be caught.
strace -f -qq -e trace=network -o "$WORK/control.log" \
  python3 -c 'import socket; socket.socket(socket.AF_INET, socket.SOCK_STREAM).close()' >/dev/null 2>&1 || true
if [ -z "$(offending "$WORK/control.log")" ]; then
  echo "check-no-network: the check did not see a control program's AF_INET socket; strace is not tracing" >&2
  exit 1
fi

# 2. leitbild: a full run (every stage, every report), a cached re-run, and the corpus generator.
status=0
run() {
  local name="$1"; shift
  strace -f -qq -e trace=network -o "$WORK/$name.log" "$@" >/dev/null 2>"$WORK/$name.err" || {
    local rc=$?
    # Exit codes 2 and 3 are analysis outcomes (failed inputs), not a failure of this check.
    if [ "$rc" -ne 2 ] && [ "$rc" -ne 3 ]; then echo "check-no-network: '$*' failed ($rc):" >&2; cat "$WORK/$name.err" >&2; status=1; fi
  }
  local bad
  bad="$(offending "$WORK/$name.log")"
  local calls
  calls=$(wc -l < "$WORK/$name.log")
  if [ -n "$bad" ]; then
    echo "check-no-network: FAIL: '$name' used the network:" >&2
    echo "$bad" >&2
    status=1
  else
    echo "check-no-network: $name: no network sockets ($calls local socket calls traced)"
  fi
}
run analyze "$LEITBILD" analyze "$PROJECT" --out "$WORK/out" --quiet
run analyze-cached "$LEITBILD" analyze "$PROJECT" --out "$WORK/out" --quiet
run synth "$LEITBILD" synth 20 --out "$WORK/synth" --from "$PROJECT"
exit $status
