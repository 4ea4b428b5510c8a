#!/usr/bin/env bash
# Browser test of report.html (CI): analyses the browser fixture project and the demo corpus,
# then drives headless Chromium (Debian's chromium + chromium-driver) through Selenium:
# no console errors, filters change the rows, drill-down shows a highlighted quote, transcript
# markup stays text. Screenshots go to .ci/artifacts/.
#   scripts/browser-test.sh            (needs: chromium chromium-driver; python3 with venv)
set -euo pipefail
cd "$(dirname "$0")/.."

ARTIFACTS=.ci/artifacts
VENV=${LEITBILD_BROWSER_VENV:-.build/browser-venv}
mkdir -p "$ARTIFACTS"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import selenium' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5'
fi

if ! swift build --product leitbild >"$ARTIFACTS/build.log" 2>&1; then cat "$ARTIFACTS/build.log"; exit 1; fi
BIN=$(swift build --product leitbild --show-bin-path)/leitbild

rm -rf "$ARTIFACTS/browser-fixture" "$ARTIFACTS/corpus"
"$BIN" analyze Tests/ReportingTests/Fixtures/browser-project --out "$ARTIFACTS/browser-fixture" >"$ARTIFACTS/analyze.log" 2>&1
# The demo corpus may contain files a reader does not support yet (exit code 2): the report is still written.
"$BIN" analyze corpus --out "$ARTIFACTS/corpus" >>"$ARTIFACTS/analyze.log" 2>&1 || [ $? -eq 2 ]

SE_AVOID_STATS=true "$VENV/bin/python" scripts/browser-test.py \
  --fixture "$ARTIFACTS/browser-fixture/report.html" \
  --corpus "$ARTIFACTS/corpus/report.html" \
  --screenshots "$ARTIFACTS"
