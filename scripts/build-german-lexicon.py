#!/usr/bin/env python3
"""Builds the word lists the decompounder and the keyness stage read at run time:

  Sources/GermanText/Resources/compound-lexicon.txt   German words in their written case
  Sources/GermanText/Resources/word-frequencies.tsv   word<TAB>Zipf frequency

Inputs (developer machine only; the binary needs neither at run time):
  /usr/share/dict/ngerman                 Debian package wngerman (igerman98, GPL-2+)
  /usr/share/hunspell/de_DE.dic           Debian package hunspell-de-de (igerman98, GPL-2+);
                                          its roots add base forms that ngerman lacks ("Platz", "Weg");
                                          compound stubs ("Wohn/hij") are skipped
  ../shared/data/lexicons/wordfreq_3.1.1_small_de.tsv   wordfreq 3.1.1 (CC BY-SA 4.0)

    apt-get install -y wngerman hunspell-de-de
    python3 scripts/build-german-lexicon.py

The compound lexicon keeps the words a compound can be built from: every short word, every
word frequent enough to be in wordfreq's list, and every word that is not itself a compound
of two other words of the list (rare compounds like "Platzvormerkung" add nothing, since
their parts are there). Inflected forms of lower-case words (adjectives, verbs) are dropped
when their base form is present. The output is sorted and deterministic.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RES = os.path.join(ROOT, "Sources", "GermanText", "Resources")
NGERMAN = "/usr/share/dict/ngerman"
HUNSPELL = "/usr/share/hunspell/de_DE.dic"
WORDFREQ = os.path.join(ROOT, "..", "shared", "data", "lexicons", "wordfreq_3.1.1_small_de.tsv")

LINKS = ["", "s", "es", "n", "en", "e", "er"]
ADJ_ENDINGS = ("e", "em", "en", "er", "es", "st", "ste", "stem", "sten", "ster", "stes",
               "ere", "erem", "eren", "erer", "eres")
VERB_ENDINGS = ("e", "st", "t", "te", "ten", "tet", "test", "est", "et")


def read_wordfreq():
    """(word, zipf) pairs in the list's order (most frequent first)."""
    pairs = []
    with open(WORDFREQ, encoding="utf-8") as f:
        header = f.readline().rstrip("\n").split("\t")
        if header[:3] != ["rank", "word", "zipf"]:
            sys.exit("unexpected header in %s: %r" % (WORDFREQ, header))
        for line in f:
            cols = line.rstrip("\n").split("\t")
            pairs.append((cols[1], cols[2]))
    return pairs


# Inflection and derivation flags of noun roots that the list expands: plurals and cases
# (E -e, P -en, S -s, T -es, N -n, R -er/-ern, p umlaut plurals, q/Q -se/-sen/-ses), female
# forms (F -in/-innen) and -ung nouns (J). ngerman lacks many of these forms ("Preise", "Werke").
NOUN_FLAGS = set("EPSTNRpqQFJ")


def read_suffix_rules():
    """hunspell SFX rules of de_DE.aff: flag -> [(strip, add, condition regex)]."""
    rules = {}
    with open(HUNSPELL[:-4] + ".aff", encoding="utf-8") as f:
        for line in f:
            cols = line.split()
            if len(cols) >= 5 and cols[0] == "SFX":
                flag, strip, add, cond = cols[1], cols[2], cols[3], cols[4]
                strip = "" if strip == "0" else strip
                add = add.split("/", 1)[0]
                add = "" if add == "0" else add
                rules.setdefault(flag, []).append((strip, add, re.compile("(?:%s)$" % cond)))
    return rules


def read_words():
    """All words, and the lemma of each inflected form generated from a hunspell noun root."""
    words = set()
    lemmas = {}
    with open(NGERMAN, encoding="utf-8") as f:
        words.update(line.strip() for line in f)
    rules = read_suffix_rules()
    roots = set()
    with open(HUNSPELL, encoding="utf-8") as f:
        f.readline()  # entry count
        for line in f:
            w, _, flags = line.strip().partition("/")
            # Roots flagged NEEDAFFIX (h) or ONLYINCOMPOUND (o) are compound stubs, not words
            # ("Wohn/hij", "Kranken/hij"); the decompounder derives such forms by rule.
            if "h" in flags or "o" in flags or not w or not w.isalpha():
                continue
            words.add(w)
            roots.add(w)
            if w[:1].isupper():
                for flag in flags:
                    if flag not in NOUN_FLAGS:
                        continue
                    for strip, add, cond in rules.get(flag, []):
                        if cond.search(w) and w.endswith(strip):
                            form = w[: len(w) - len(strip)] + add
                            words.add(form)
                            # Female forms and -ung nouns are lemmas of their own; their plurals point to them.
                            if flag == "F":
                                lemma = form[:-3] if form.lower().endswith("innen") else form
                            elif flag == "J":
                                lemma = form[:-2] if form.endswith("ungen") else form
                            else:
                                lemma = w
                            if lemma != form:
                                lemmas.setdefault(form, set()).add(lemma)
    words.discard("")
    # A form that is a root itself is its own lemma ("Laden" is not only the plural of "Lade");
    # a form two roots generate differently is left to the run-time rules.
    lemma_of = {f: next(iter(ls)) for f, ls in lemmas.items() if f not in roots and len(ls) == 1}
    return words, lemma_of


def main():
    freq = read_wordfreq()
    in_wordfreq = {w for w, _ in freq}
    words, lemma_of = read_words()
    lower_any = {w.lower() for w in words}
    lower_only = {w for w in words if w[:1].islower()}

    def decomposable(lw):
        # Parts of four letters or more: a prefix such as "vor" or "nach" does not make
        # "Vorplatz" or "Nachfolge" a compound to drop.
        for i in range(4, len(lw) - 3):
            if lw[i:] not in lower_any:
                continue
            mod = lw[:i]
            for link in LINKS:
                if link and not mod.endswith(link):
                    continue
                base = mod[: len(mod) - len(link)] if link else mod
                if len(base) >= 4 and (base in lower_any or base + "e" in lower_any or base + "en" in lower_any):
                    return True
        return False

    def inflected_lower(w):
        for suf in ADJ_ENDINGS:
            if w.endswith(suf) and w[: -len(suf)] in lower_only:
                return True
        if not w.endswith("en"):
            for suf in VERB_ENDINGS:
                stem = w[: -len(suf)]
                if w.endswith(suf) and (stem + "en" in lower_only or stem + "n" in lower_only):
                    return True
        return False

    keep = []
    for w in words:
        lw = w.lower()
        if lw in in_wordfreq:
            keep.append(w)
        elif w[:1].islower() and inflected_lower(w):
            continue
        elif len(w) <= 5 or not decomposable(lw):
            keep.append(w)
    keep.sort()

    with open(os.path.join(RES, "compound-lexicon.txt"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# German words for decompounding, one per line, in their written case (capital = noun);\n")
        f.write("# an inflected noun form is followed by a tab and its lemma (Wege<TAB>Weg), an adjective\n")
        f.write("# by a tab and '+' (frei<TAB>+).\n")
        f.write("# Derived from igerman98 20161207 (Debian wngerman + hunspell-de-de), GPL-2.0-or-later;\n")
        f.write("# see compound-lexicon.LICENSE.md. Made by scripts/build-german-lexicon.py; do not edit.\n")
        for w in keep:
            if w in lemma_of:
                f.write(w + "\t" + lemma_of[w] + "\n")
            elif w[:1].islower() and all(w + e in lower_only for e in ("e", "es", "er", "en")):
                f.write(w + "\t+\n")  # declines like an adjective: frei, freie, freies, freier, freien
            else:
                f.write(w + "\n")
    with open(os.path.join(RES, "word-frequencies.tsv"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# wordfreq 3.1.1 'small' German list (Robyn Speer et al.), CC BY-SA 4.0: word<TAB>Zipf.\n")
        f.write("# Zipf = log10(occurrences per billion words). See word-frequencies.LICENSE.md.\n")
        f.write("# Made by scripts/build-german-lexicon.py from ../shared/data/lexicons; do not edit.\n")
        for w, z in freq:
            f.write("%s\t%s\n" % (w, z))
    print("compound-lexicon.txt: %d words; word-frequencies.tsv: %d words" % (len(keep), len(freq)), file=sys.stderr)


if __name__ == "__main__":
    main()
