#!/usr/bin/env bash
# Browser test of report.html (CI): analyses the browser fixture project and the demo corpus,
# then drives headless Chromium (Debian's chromium + chromium-driver) through Selenium:
# no console errors, filters change the rows, drill-down shows a highlighted quote, transcript
# markup stays text. Screenshots go to .ci/artifacts/. Also validates the demo corpus's
# analysis.json against docs/analysis.schema.json.
#   scripts/browser-test.sh            (needs: chromium chromium-driver; python3 with venv)
set -euo pipefail
cd "$(dirname "$0")/.."

ARTIFACTS=.ci/artifacts
VENV=${LEITBILD_BROWSER_VENV:-.build/browser-venv}
mkdir -p "$ARTIFACTS"

if [ ! -x "$VENV/bin/python" ] || ! "$VENV/bin/python" -c 'import selenium, jsonschema' 2>/dev/null; then
  python3 -m venv "$VENV"
  "$VENV/bin/pip" install --quiet --disable-pip-version-check 'selenium>=4.20,<5' 'jsonschema>=4.18,<5'
fi

if ! swift build --product leitbild >"$ARTIFACTS/build.log" 2>&1; then cat "$ARTIFACTS/build.log"; exit 1; fi
BIN=$(swift build --product leitbild --show-bin-path)/leitbild

rm -rf "$ARTIFACTS/browser-fixture" "$ARTIFACTS/corpus"
"$BIN" analyze Tests/ReportingTests/Fixtures/browser-project --out "$ARTIFACTS/browser-fixture" >"$ARTIFACTS/analyze.log" 2>&1
# The demo corpus may contain files a reader does not support yet (exit code 2): the report is still written.
"$BIN" analyze corpus --out "$ARTIFACTS/corpus" >>"$ARTIFACTS/analyze.log" 2>&1 || [ $? -eq 2 ]

"$VENV/bin/python" - "$ARTIFACTS/corpus/analysis.json" docs/analysis.schema.json <<'PY'
import json, sys
import jsonschema
instance, schema = (json.load(open(p, encoding="utf-8")) for p in sys.argv[1:3])
errors = list(jsonschema.Draft202012Validator(schema).iter_errors(instance))
for e in errors[:10]:
    print("schema:", "/".join(map(str, e.absolute_path)), e.message[:300])
print(f"analysis.json of the demo corpus: {'valid' if not errors else str(len(errors)) + ' schema errors'}")
sys.exit(1 if errors else 0)
PY

SE_AVOID_STATS=true "$VENV/bin/python" scripts/browser-test.py \
  --fixture "$ARTIFACTS/browser-fixture/report.html" \
  --corpus "$ARTIFACTS/corpus/report.html" \
  --screenshots "$ARTIFACTS"
