#!/usr/bin/env bash
# Compares `leitbild tokenize` with the peers of the shared kit (../shared/bench: spaCy, SoMaJo,
# blingfire, syntok, a naive regex): token and sentence accuracy on UD German GSD test, and
# whole-process throughput on the kit's 5 MB text. Extra arguments go to the kit, e.g.
#   scripts/bench-tokenizers.sh --gold ../shared/data/ud-german-gsd/de_gsd-ud-dev.conllu
#   scripts/bench-tokenizers.sh --throughput-mb 0          # accuracy only
# In-process figures per task: .build/release/leitbild-bench tokenizer
set -euo pipefail
cd "$(dirname "$0")/.."
KIT="${KIT:-../shared/bench}"
if [ ! -f "$KIT/tokenizers.py" ]; then
  echo "bench-tokenizers.sh: the peer kit is missing at $KIT; check out ../shared beside the project (or set KIT)." >&2
  exit 1
fi
bash "$KIT/setup.sh"
swift build -c release --product leitbild
python3 "$KIT/tokenizers.py" --cmd ".build/release/leitbild tokenize --sentences --ud" --name leitbild "$@"
