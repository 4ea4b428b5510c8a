#!/usr/bin/env bash
# Installs the Debian packages Leitbild builds and runs with, if any is missing.
# Safe to run again: it only calls apt-get when a package is not installed.
#   libxml2-dev     XML readers (TEI, EXMARaLDA, ELAN, REFI-QDA, .docx) through libxml2
#   libstemmer-dev  Snowball German stemmer (Debian's libstemmer, classic 2009 algorithm)
#   libsqlite3-dev  analysis.sqlite (through GRDB)
#   pkg-config      lets SwiftPM find libxml2
#   libxml2-utils   xmllint: the test that validates project.qdpx against the REFI-QDA schema
#   libssl-dev      SHA-256 (libcrypto) for the run cache's keys and checksums
#   zlib1g-dev      deflate and CRC-32 for project.qdpx (and ZIPFoundation's reading on Linux)
#   strace          scripts/check-no-network.sh: proves that analyze opens no network socket
set -euo pipefail

PACKAGES=(libxml2-dev libstemmer-dev libsqlite3-dev pkg-config libxml2-utils libssl-dev zlib1g-dev strace ${LEITBILD_EXTRA_PACKAGES:-})

missing=()
for p in "${PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi
echo "setup: installing ${missing[*]}" >&2
SUDO=""
if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then SUDO="sudo"; else
    echo "setup: need root to install ${missing[*]}; run: apt-get install -y ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
$SUDO apt-get install -y -qq "${missing[@]}" >/dev/null
