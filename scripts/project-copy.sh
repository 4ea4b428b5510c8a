# Sourced by compare-setup.sh and plus1-after-idle.sh: copies the project folder $1 into a
# temporary work folder (modification times kept), so that moving its last transcript aside
# never changes the user's project, and sets work (removed on exit), project, transcripts,
# last (the project's last transcript by name, in byte order) and side (a folder to move it
# into).
[ -d "$1" ] || { echo "$0: no project folder $1" >&2; exit 1; }
work="$(mktemp -d "${TMPDIR:-/tmp}/leitbild-compare.XXXXXX")"
trap 'rm -rf "$work"' EXIT
cp -a "$1" "$work/project"
project="$work/project"
transcripts="$project/transcripts"
[ -d "$transcripts" ] || transcripts="$project"
last="$(cd "$transcripts" && ls | LC_ALL=C sort | tail -n 1)"
[ -n "$last" ] || { echo "$0: no transcripts in $transcripts" >&2; exit 1; }
side="$work/side"
mkdir "$side"
