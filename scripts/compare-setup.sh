# Sourced by compare-builds.sh and compare-phases.sh: checks the arguments (OLD NEW PROJECT
# [ROUNDS], with $default_rounds) and sets old, new, rounds, work (a temporary folder removed on
# exit), project (PROJECT copied into it, modification times kept), transcripts, last (the
# project's last transcript by name) and side (a folder to move it into). OLD_ENV and NEW_ENV
# (optional, space-separated VAR=value) go into the environment of that build's runs, e.g.
# NEW_ENV=GLIBC_TUNABLES=glibc.malloc.hugetlb=1 with the same executable twice.
[ $# -ge 3 ] || { echo "usage: $0 OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]" >&2; exit 1; }
old="$1" new="$2" rounds="${4:-$default_rounds}"
source "$(dirname "${BASH_SOURCE[0]}")/project-copy.sh" "$3"
# shellcheck disable=SC2206  # split on spaces on purpose
old_env=(${OLD_ENV:-}) new_env=(${NEW_ENV:-})
