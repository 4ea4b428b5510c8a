# Sourced by compare-builds.sh and compare-phases.sh: checks the arguments (OLD NEW PROJECT
# [ROUNDS], with $default_rounds) and sets old, new, rounds, work (a temporary folder removed on
# exit), project (PROJECT copied into it, modification times kept), transcripts, last (the
# project's last transcript by name) and side (a folder to move it into). OLD_ENV and NEW_ENV
# (optional, space-separated VAR=value) go into the environment of that build's runs, e.g.
# NEW_ENV=GLIBC_TUNABLES=glibc.malloc.hugetlb=1 with the same executable twice.
[ $# -ge 3 ] || { echo "usage: $0 OLD_LEITBILD NEW_LEITBILD PROJECT [ROUNDS]" >&2; exit 1; }
old="$1" new="$2" rounds="${4:-$default_rounds}"
work="$(mktemp -d "${TMPDIR:-/tmp}/leitbild-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$3" "$work/project"
project="$work/project"
transcripts="$project/transcripts"
[ -d "$transcripts" ] || transcripts="$project"
last="$(cd "$transcripts" && ls | LC_ALL=C sort | tail -n 1)"
side="$work/side"
mkdir "$side"
# shellcheck disable=SC2206  # split on spaces on purpose
old_env=(${OLD_ENV:-}) new_env=(${NEW_ENV:-})
