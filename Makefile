# The two commands the README promises, plus a few helpers.
#   make analyze   analyse corpus/ into output/ (installs system packages if missing)
#   make test      run all tests (installs system packages if missing)

SWIFT ?= swift
PROJECT ?= corpus
OUT ?= output

.PHONY: analyze test build release setup clean

setup:
	@scripts/setup-system.sh

release: setup
	$(SWIFT) build -c release --product leitbild

build: setup
	$(SWIFT) build

analyze: release
	.build/release/leitbild analyze $(PROJECT) --out $(OUT)

# The tests remove their scratch projects and output folders themselves; the run's TMPDIR is a
# folder removed afterwards (scripts/with-scratch-tmp.sh), for what a killed run and SwiftPM
# leave behind. The build shows its
# progress; the run prints failures, known issues, the accuracy figures and the count (-q), not a
# line per test (TEST_FLAGS= for every line).
TEST_FLAGS ?= -q
test: setup
	$(SWIFT) build --build-tests
	scripts/with-scratch-tmp.sh $(SWIFT) test --skip-build $(TEST_FLAGS)

clean:
	rm -rf .build
