#!/usr/bin/env bash
# Builds and runs Leitbild's libFuzzer targets. See docs/fuzzing.md.
#
#   Fuzz/run.sh build                      build all targets (debug, libFuzzer + AddressSanitizer)
#   Fuzz/run.sh fuzz [-t SEC] [-p N] [T…]  run targets (default: all) for SEC seconds each (default 600),
#                                          N at a time (default 2); a summary table at the end
#   Fuzz/run.sh replay                     run every kept regression input through its target once
#   Fuzz/run.sh summary                    print the table of the last runs again
#   Fuzz/run.sh list                       the targets, their seeds and regression folders
#
# Work files (corpora, logs, crash artifacts) go to $FUZZ_WORK (default Fuzz/.build/fuzz-work);
# nothing there is committed. Crashing inputs worth keeping are minimised with
# `<binary> -minimize_crash=1 -runs=10000 crash-…` and copied into the target's regression folder.
set -euo pipefail

FUZZ_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
ROOT="$(dirname "$FUZZ_DIR")"
SHARED="$(dirname "$ROOT")/shared/data"
WORK="${FUZZ_WORK:-$FUZZ_DIR/.build/fuzz-work}"
BIN="$FUZZ_DIR/.build/debug"
REG_ING="$ROOT/Tests/IngestionTests/Regressions"
REG_TOK="$ROOT/Tests/GermanTextTests/Regressions"
TWINS="$ROOT/Tests/IngestionTests/Fixtures/twins"

ALL_TARGETS=(FuzzPlainText FuzzRTF FuzzVTT FuzzSRT FuzzTEI FuzzEXMARaLDA FuzzELAN FuzzDocx FuzzDocxXML FuzzQDPX FuzzQDE FuzzQDC FuzzCSV FuzzMetadata FuzzTokenizer FuzzSignals FuzzPseudonymizer)

# target -> regression folder
regressions() {
    case "$1" in
        FuzzPlainText) echo "$REG_ING/plain-text" ;;
        FuzzRTF) echo "$REG_ING/rtf" ;;
        FuzzVTT) echo "$REG_ING/vtt" ;;
        FuzzSRT) echo "$REG_ING/srt" ;;
        FuzzTEI) echo "$REG_ING/tei" ;;
        FuzzEXMARaLDA) echo "$REG_ING/exmaralda" ;;
        FuzzELAN) echo "$REG_ING/elan" ;;
        FuzzDocx) echo "$REG_ING/docx" ;;
        FuzzDocxXML) echo "$REG_ING/docx-xml" ;;
        FuzzQDPX) echo "$REG_ING/qdpx" ;;
        FuzzQDE) echo "$REG_ING/qde" ;;
        FuzzQDC) echo "$REG_ING/qdc" ;;
        FuzzCSV) echo "$REG_ING/csv" ;;
        FuzzMetadata) echo "$REG_ING/metadata" ;;
        FuzzTokenizer) echo "$REG_TOK/tokenizer" ;;
        FuzzSignals) echo "$ROOT/Tests/SignalsTests/Regressions/signals" ;;
        FuzzPseudonymizer) echo "$ROOT/Tests/ReportingTests/Regressions/pseudonymizer" ;;
        *) echo "unknown target $1" >&2; return 1 ;;
    esac
}

# target -> dictionary files (concatenated)
dictionaries() {
    local d="$FUZZ_DIR/Dictionaries"
    case "$1" in
        FuzzPlainText) echo "$d/plain-text.dict" ;;
        FuzzRTF) echo "$d/rtf.dict $d/plain-text.dict" ;;
        FuzzVTT | FuzzSRT) echo "$d/subtitles.dict" ;;
        FuzzTEI) echo "$d/xml.dict $d/tei.dict" ;;
        FuzzEXMARaLDA) echo "$d/xml.dict $d/exmaralda.dict" ;;
        FuzzELAN) echo "$d/xml.dict $d/elan.dict" ;;
        FuzzDocx | FuzzDocxXML) echo "$d/xml.dict $d/docx.dict" ;;
        FuzzQDPX | FuzzQDE | FuzzQDC) echo "$d/xml.dict $d/qde.dict" ;;
        FuzzCSV | FuzzMetadata) echo "$d/csv.dict" ;;
        FuzzTokenizer) echo "$d/tokenizer.dict" ;;
        FuzzSignals) echo "$d/tokenizer.dict $d/plain-text.dict $d/signals.dict" ;;
        FuzzPseudonymizer) echo "$d/tokenizer.dict $d/pseudonymizer.dict" ;;
    esac
}

# Extracts one member of each zip given into folder $1 (as <zip name>.<ext>); needs python3.
extract_member() {
    local out="$1" member="$2" ext="$3"
    shift 3
    command -v python3 >/dev/null || { echo "python3 not found: no $member seeds" >&2; return 0; }
    python3 - "$out" "$member" "$ext" "$@" <<'PY'
import sys, zipfile, os
out, member, ext = sys.argv[1:4]
for path in sys.argv[4:]:
    try:
        with zipfile.ZipFile(path) as z:
            names = [n for n in z.namelist() if n.lower().endswith(member)]
            for n in names[:1]:
                name = os.path.basename(path) + "." + ext
                open(os.path.join(out, name), "wb").write(z.read(n))
    except Exception as e:  # damaged fixtures are expected among the seeds
        print(f"skipped {path}: {e}", file=sys.stderr)
PY
}

# Fills $WORK/seeds/<target> from the demo corpus, the test fixtures, ../shared/data and Fuzz/Seeds.
seed() {
    local t="$1" dir="$WORK/seeds/$1"
    rm -rf "$dir"
    mkdir -p "$dir"
    local c="$ROOT/corpus/transcripts" f="$ROOT/Tests/IngestionTests/Fixtures"
    shopt -s nullglob
    case "$t" in
        FuzzPlainText) cp "$c"/*.txt "$TWINS/interview.txt" "$dir"/ ;;
        FuzzRTF) cp "$TWINS/interview.rtf" "$dir"/ ;;
        FuzzVTT) cp "$c"/*.vtt "$TWINS/interview.vtt" "$SHARED"/subtitles/*.vtt "$dir"/ 2>/dev/null || true ;;
        FuzzSRT) cp "$c"/*.srt "$TWINS/interview.srt" "$SHARED"/subtitles/*.srt "$dir"/ 2>/dev/null || true ;;
        FuzzTEI) cp "$c"/*.xml "$TWINS/interview.xml" "$dir"/ ;;
        FuzzEXMARaLDA) cp "$c"/*.exb "$TWINS/interview.exb" "$dir"/ ;;
        FuzzELAN) cp "$c"/*.eaf "$TWINS/interview.eaf" "$dir"/ ;;
        FuzzDocx) cp "$c"/*.docx "$TWINS/interview.docx" "$f"/docx/*.docx "$f"/malformed/*.docx "$dir"/ ;;
        FuzzDocxXML) extract_member "$dir" "word/document.xml" xml "$c"/*.docx "$TWINS/interview.docx" "$f"/docx/*.docx ;;
        FuzzQDPX) cp "$TWINS/interview.qdpx" "$f"/malformed/*.qdpx "$dir"/ ;;
        FuzzQDE) extract_member "$dir" ".qde" qde "$TWINS/interview.qdpx" "$f"/malformed/*.qdpx ;;
        FuzzQDC) cp "$f"/codebook.qdc "$ROOT"/Tests/ThemesTests/Snapshots/golden.qdc "$dir"/ ;;
        FuzzCSV)
            cp "$TWINS/interview.csv" "$ROOT/corpus/metadata.csv" "$dir"/
            # The first lines of a real participation export (RFC 4180 quoting, multi-line fields).
            for csv in "$SHARED"/cimt-ottensen/*.csv; do head -c 6000 "$csv" > "$dir/$(basename "$csv")"; done
            ;;
        FuzzMetadata) cp "$ROOT/corpus/metadata.csv" "$dir"/ ;;
        FuzzTokenizer | FuzzSignals | FuzzPseudonymizer)
            # Turns of the demo corpus, a few per seed, so that inputs stay short and fast.
            for txt in "$c"/*.txt; do
                awk -v out="$dir/$(basename "$txt" .txt)" 'BEGIN { RS = ""; n = 0 } { n++; f = out "-" int(n / 4) ".txt"; print > f }' "$txt"
            done
            ;;
    esac
    if [ -d "$FUZZ_DIR/Seeds/$t" ]; then cp "$FUZZ_DIR/Seeds/$t"/* "$dir"/ 2>/dev/null || true; fi
    local reg
    reg="$(regressions "$t")"
    if [ -d "$reg" ]; then cp "$reg"/* "$dir"/ 2>/dev/null || true; fi
    shopt -u nullglob
}

build() {
    # SwiftPM passes --sanitize=fuzzer and --sanitize=address to swiftc as two flags, and swiftc
    # keeps only the last one, so the Swift code would get ASan but no coverage counters.
    # `-Xswiftc -sanitize=fuzzer,address` comes last and gives both; `--sanitize=fuzzer` tells
    # SwiftPM to link libFuzzer's main instead of the executable's own entry point.
    (cd "$FUZZ_DIR" && swift build -c debug --sanitize=fuzzer -Xswiftc -sanitize=fuzzer,address)
}

run_one() {
    local t="$1" seconds="$2"
    local corpus="$WORK/corpus/$t" artifacts="$WORK/artifacts/$t" log="$WORK/logs/$t.log" dict="$WORK/dicts/$t.dict"
    mkdir -p "$corpus" "$artifacts" "$WORK/logs" "$WORK/dicts"
    seed "$t"
    # shellcheck disable=SC2046
    cat $(dictionaries "$t") > "$dict"
    local extra=()
    [ "$t" = FuzzTokenizer ] || [ "$t" = FuzzSignals ] || [ "$t" = FuzzPseudonymizer ] && extra+=(-max_len=4096)
    echo "$(date -u +%H:%M:%S) $t: fuzzing for ${seconds}s (log $log)"
    # Fork mode with ignore_* keeps fuzzing after a crash, so every target gets its full time and
    # all distinct crashes are saved in $artifacts.
    "$BIN/$t" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
        -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -dict="$dict" -print_final_stats=1 \
        -artifact_prefix="$artifacts/" "${extra[@]}" "$corpus" "$WORK/seeds/$t" > "$log" 2>&1 || true
    echo "$(date -u +%H:%M:%S) $t: done; $(summary_line "$t")"
}

# One table row from a target's log: the last status line of libFuzzer's fork mode.
summary_line() {
    local t="$1" log="$WORK/logs/$1.log" artifacts="$WORK/artifacts/$1"
    [ -f "$log" ] || { echo "| $t | not run | | | | |"; return; }
    local last
    last="$(grep -E '^#[0-9]+: cov: ' "$log" | tail -1 || true)"
    local runs cov ft corp rate otc time
    runs="$(sed -E 's/^#([0-9]+):.*/\1/' <<<"$last")"
    cov="$(sed -nE 's/.* cov: ([0-9]+) .*/\1/p' <<<"$last")"
    ft="$(sed -nE 's/.* ft: ([0-9]+) .*/\1/p' <<<"$last")"
    corp="$(sed -nE 's/.* corp: ([0-9]+) .*/\1/p' <<<"$last")"
    rate="$(sed -nE 's/.* exec\/s: ([0-9]+) .*/\1/p' <<<"$last")"
    otc="$(sed -nE 's/.* oom\/timeout\/crash: ([0-9]+\/[0-9]+\/[0-9]+) .*/\1/p' <<<"$last")"
    time="$(sed -nE 's/.* time: ([0-9]+)s.*/\1/p' <<<"$last")"
    local saved
    saved="$(find "$artifacts" -type f 2>/dev/null | wc -l)"
    echo "| $t | ${time:-?} s | ${runs:-?} | ${cov:-?} / ${ft:-?} | ${corp:-?} | ${rate:-?} | ${otc:-?} | $saved |"
}

summary() {
    echo "| target | time | runs | coverage (edges / features) | corpus | exec/s | oom/timeout/crash | artifacts |"
    echo "|---|---|---|---|---|---|---|---|"
    for t in "${@:-${ALL_TARGETS[@]}}"; do summary_line "$t"; done
}

replay() {
    local failed=0
    for t in "${ALL_TARGETS[@]}"; do
        local reg
        reg="$(regressions "$t")"
        [ -d "$reg" ] && [ -n "$(ls -A "$reg" 2>/dev/null)" ] || continue
        if "$BIN/$t" -runs=0 "$reg" > "$WORK/replay-$t.log" 2>&1; then
            echo "$t: $(ls "$reg" | wc -l) regression inputs replayed cleanly"
        else
            echo "$t: FAILED on a regression input (see $WORK/replay-$t.log)"
            failed=1
        fi
    done
    return $failed
}

# Everything runs from main(), called on the last line, so that bash has read the whole script
# before running it: editing run.sh during a long run cannot change what the run does.
main() {
    cmd="${1:-}"
    shift || true
    mkdir -p "$WORK"
    # Swift's own crash backtracer runs inside the crashing process and trips AddressSanitizer
    # (a report from CrashHandlerLinux.cpp instead of the real crash); libFuzzer prints the stack.
    export SWIFT_BACKTRACE="${SWIFT_BACKTRACE:-enable=no}"
    # Readers must not print: FuzzSupport fails an input that makes them write to stderr.
    export FUZZ_CHECK_STDERR="${FUZZ_CHECK_STDERR:-1}"
    case "$cmd" in
        build) build ;;
        fuzz)
            seconds=600 parallel=2
            while getopts "t:p:" opt; do
                case "$opt" in
                    t) seconds="$OPTARG" ;;
                    p) parallel="$OPTARG" ;;
                    *) exit 1 ;;
                esac
            done
            shift $((OPTIND - 1))
            targets=("${@:-${ALL_TARGETS[@]}}")
            # An incremental build: a no-op when nothing changed, and never fuzzes stale binaries.
            build
            for t in "${targets[@]}"; do
                regressions "$t" >/dev/null
                while [ "$(jobs -rp | wc -l)" -ge "$parallel" ]; do wait -n || true; done
                run_one "$t" "$seconds" &
            done
            wait
            summary "${targets[@]}" | tee "$WORK/summary.md"
            ;;
        replay)
            build
            replay
            ;;
        summary) summary "$@" ;;
        list)
            for t in "${ALL_TARGETS[@]}"; do echo "$t  regressions: $(regressions "$t")  dictionaries: $(dictionaries "$t")"; done
            ;;
        *)
            sed -n '2,13p' "$0"
            exit 1
            ;;
    esac
}

main "$@"; exit $?
