#!/usr/bin/env python3
"""Writes Tests/GermanTextTests/Fixtures/cistem-nltk.tsv: words and their CISTEM stems as
NLTK's reference implementation computes them, for the agreement test of CistemStemmer.

Run it with the bench kit's venv (bash ../shared/bench/setup.sh), which pins nltk==3.10.4:

    ~/.cache/leitbild-bench-venv/bin/python scripts/make-cistem-fixture.py

Words: every 20th word of the Snowball German test vocabulary (BSD-3, read in place from
../shared/data/snowball-german), every 40th of them capitalised (CISTEM treats a capitalised
word differently), and hand-written edge cases. The output is sorted and deterministic.
"""
import os
import sys

from nltk import __version__ as nltk_version
from nltk.stem import Cistem

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
VOC = os.path.join(ROOT, "..", "shared", "data", "snowball-german", "classic_2009", "voc.txt")
OUT = os.path.join(ROOT, "Tests", "GermanTextTests", "Fixtures", "cistem-nltk.tsv")

EDGE_CASES = [
    # capitalised nouns keep a final t; lower case loses it
    "Arbeit", "arbeit", "Zeit", "zeit", "Gesundheit", "Markt", "Lieferzeit",
    # ge- goes only when four or more letters follow
    "gehen", "gebet", "Gebet", "gesagt", "gemeinde", "Gemeinden", "geht", "geeignet",
    # sch, ei, ie, doubled letters stay together
    "schneller", "Schnee", "Bienen", "Feiern", "Wetter", "Kaffee", "Allee", "Sessel", "Straße",
    "Strassen", "Fußgänger", "Mühlen", "Öffnungszeiten", "Ärztinnen", "Bürger", "Bürgerinnen",
    # -em, -er, -nd only from words longer than five letters
    "Autobahnen", "lesend", "wichtigem", "anderer", "Kinder", "Lehrer", "Hausarztversorgung",
    "Radwegenetz", "Arbeitsplätze", "Breitbandausbau", "Glasfaseranschluss", "Ärztemangel",
    # short words and odd input
    "a", "ab", "Ei", "Eis", "sss", "ÄÖÜ", "ẞ", "x*y", "ge",
]


def main():
    voc = [line.rstrip("\n") for line in open(VOC, encoding="utf-8")]
    words = set(voc[::20])
    words.update(w[:1].upper() + w[1:] for w in voc[::40])
    words.update(EDGE_CASES)
    stemmer = Cistem()
    with open(OUT, "w", encoding="utf-8", newline="\n") as f:
        f.write("# CISTEM stems computed by NLTK %s (nltk.stem.Cistem(), case_insensitive=False).\n" % nltk_version)
        f.write("# Made by scripts/make-cistem-fixture.py from the Snowball German vocabulary (BSD-3,\n")
        f.write("# ../shared/data/snowball-german/COPYING) and hand-written edge cases. word<TAB>stem\n")
        for w in sorted(words):
            f.write("%s\t%s\n" % (w, stemmer.stem(w)))
    print("wrote %s (%d words)" % (os.path.relpath(OUT, ROOT), len(words)), file=sys.stderr)


if __name__ == "__main__":
    main()
