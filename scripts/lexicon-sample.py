#!/usr/bin/env python3
"""Real sentences in which two lexicon rules of the signals stage would act, for reading by hand
(docs/priorities.md, "Zuordnung" and the modifiers): a contrast word after a verb of
modal-particles.txt (a modal particle, no clause boundary), and "gut" before an amount
(ignore.txt's "gut <zahl> …"). The sentences come from ../shared/data (the cimt-ottensen
citizen contributions and UD German GSD); the rules are re-stated here in a few lines, as a
search for candidates, not as the tool's own matcher.

    scripts/lexicon-sample.py [--data ../shared/data] [--sample 40] [--seed 1]
"""
import argparse, csv, os, random, re

here = os.path.dirname(os.path.abspath(__file__))
resources = os.path.join(here, "..", "Sources", "Signals", "Resources")

def roles(path):
    table = {}
    for line in open(path, encoding="utf-8"):
        line = line.split("#", 1)[0].strip()
        if line:
            word, role = [x.strip() for x in line.split("|")]
            table[word.lower()] = role
    return table

def words(path):
    return {l.strip() for l in open(path, encoding="utf-8") if l.strip() and not l.startswith("#")}

def sentences(data):
    texts = []
    with open(os.path.join(data, "cimt-ottensen", "dataset-Ottensen-thematic-d1a.csv"), encoding="utf-8") as f:
        texts += [row["text"] for row in csv.DictReader(f)]
    for name in ("de_gsd-ud-dev.conllu", "de_gsd-ud-test.conllu"):
        for line in open(os.path.join(data, "ud-german-gsd", name), encoding="utf-8"):
            if line.startswith("# text = "):
                texts.append(line[9:].strip())
    for text in texts:
        yield from (s for s in re.split(r"(?<=[.!?])\s+", text.replace("\n", " ")) if s)

def finite(tokens, k, modal):
    """Whether token k is a finite verb of modal-particles.txt: a verb, or a full verb with a pronoun right before it."""
    role = modal.get(tokens[k].lower())
    return role == "verb" or (role == "fullverb" and k >= 1 and modal.get(tokens[k - 1].lower()) == "pronoun")

def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--data", default=os.path.join(here, "..", "..", "shared", "data"))
    ap.add_argument("--sample", type=int, default=40)
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args()
    modal = roles(os.path.join(resources, "modal-particles.txt"))
    stopwords = {w.lower() for w in words(os.path.join(here, "..", "Sources", "GermanText", "Resources", "stopwords.txt"))}
    numbers = words(os.path.join(resources, "number-words.txt"))
    all_sentences = list(sentences(args.data))
    particles, amounts = [], []
    for s in all_sentences:
        tokens = re.findall(r"\w+|[^\w\s]", s)
        for i, w in enumerate(tokens):
            if i > 0 and modal.get(w.lower()) == "particle":
                before = tokens[i - 1].lower()
                after_verb = finite(tokens, i - 1, modal) or (modal.get(before) == "pronoun" and i >= 2 and finite(tokens, i - 2, modal))
                following = []
                for x in tokens[i + 1:]:
                    if not re.match(r"\w", x) or len(following) == 8:
                        break
                    following.append(x)
                lower = [x.lower() for x in following]
                verb_follows = any(modal.get(x) == "verb" for x in lower[:4])
                # An article whose noun (the next capitalised word) is followed by a word that is
                # neither capitalised nor a stop word (a verb: "der Bus fehlt").
                noun = next((k for k in range(1, len(following)) if following[k][:1].isupper()), None)
                article_clause = (bool(lower) and modal.get(lower[0]) == "article" and noun is not None
                                  and noun + 1 < len(following) and not following[noun + 1][:1].isupper()
                                  and lower[noun + 1] not in stopwords)
                if after_verb and not verb_follows and not article_clause:
                    particles.append(s)
                    break
        for m in re.finditer(r"\b[Gg]ut\s+(\S+)", s):
            amount = m.group(1).strip(".,;:").lower()
            endings = [n[1:] for n in numbers if n.startswith("*")]
            if (re.match(r"^\d", amount) or amount in numbers or amount == "die"
                    or any(amount.endswith(e) and len(amount) > len(e) for e in endings)):
                amounts.append(s)
    print(f"{len(all_sentences)} sentences; a contrast word read as a modal particle in {len(particles)}; "
          f"'gut' before an amount in {len(amounts)}")
    random.seed(args.seed)
    print(f"\nmodal particles (a sample of {min(args.sample, len(particles))}):")
    for s in random.sample(particles, min(args.sample, len(particles))):
        print("-", s[:200])
    print("\n'gut' before an amount:")
    for s in amounts:
        print("-", s[:200])

if __name__ == "__main__":
    main()
