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

test: setup
	$(SWIFT) test

clean:
	rm -rf .build
