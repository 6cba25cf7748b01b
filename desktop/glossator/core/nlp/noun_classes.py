"""What kind of thing a common noun names, from WordNet's lexicographer classes.

What a text says about a name often has a head no KB description uses: "his great
*rival* Lionel Messi", "the *colt* Auguste Rodin", "rival *carmakers* Volkswagen and
Toyota". The KB's own descriptions cannot say which articles such a word fits. WordNet
files every sense of a noun under one of 26 classes (person, animal, artifact, group,
location...); the linker reads which kinds of article each class can name
(``linking.CLASS_KINDS``, ``Linker.kind_share``).

The shipped table (``data/noun_classes.tsv.gz``) holds each one-word noun's classes, its
most frequent sense first, up to ``SENSES``, and marks a noun that is also an adjective
(``ADJECTIVE_MARK``): the small tagger calls "the mathematician Alan Turing" an adjective,
and only a word that is never one may be read back as the noun it is. It also holds the
two-word nouns of another kind than their last word ("aircraft carrier"). It is built from
WordNet 3.0's ``index.noun``, ``data.noun`` and ``index.adj`` (Princeton University's
WordNet licence, docs/licenses.md) by ``python -m glossator.core.nlp.noun_classes
WORDNET_DIR`` (Debian's ``wordnet-base`` installs them in /usr/share/wordnet).

WordNet 3.0 Copyright 2006 by Princeton University. All rights reserved. The table is
provided "as is", without warranties; the licence's full text is in
resources/ATTRIBUTION.md and docs/licenses.md.
"""

from __future__ import annotations

import argparse
import bisect
import sys
from functools import cache, lru_cache
from pathlib import Path

from glossator.core.nlp.data_tables import read_lines, write_lines

TABLE_FILE = "noun_classes.tsv.gz"
SENSES = 3  # a word's rarer senses say little about what a text means by it
# WordNet's noun classes by lexicographer file number (03 to 28), "noun." left out.
CLASSES = ("Tops", "act", "animal", "artifact", "attribute", "body", "cognition",
           "communication", "event", "feeling", "food", "group", "location", "motive",
           "object", "person", "phenomenon", "plant", "possession", "process", "quantity",
           "relation", "shape", "state", "substance", "time")
_FIRST_NOUN_FILE = 3
ADJECTIVE_MARK = "adj"  # a third column: the noun is also an adjective ("chief", "giant")


# Where WordNet's first sense is not what news means: its counterpart.n.01, "a person or
# thing having the same function", is filed under cognition, and "his Chinese counterpart
# Xi Jinping" was no person (NIL at 0.65).
_READ_AS = {"counterpart": ("person", "cognition", "artifact")}


@cache
def _table() -> list[str]:
    """The table's lines (a word, a tab, its classes), sorted: searched by bisection."""
    return read_lines(TABLE_FILE)  # none on a broken install: no word is known


def _row(word: str) -> str | None:
    """The table's line for a word, after its tab; None if the word is unknown."""
    lines = _table()
    key = word + "\t"
    i = bisect.bisect_left(lines, key)
    return lines[i][len(key):] if i < len(lines) and lines[i].startswith(key) else None


@lru_cache(maxsize=65536)  # the heads of one book's descriptors, and then some
def noun_classes(word: str) -> tuple[str, ...]:
    """A noun's senses' classes (lower case), most frequent first; () if unknown.

    A word, or two words that are one noun of another kind than the last word alone
    ("aircraft carrier"). The table (55,191 nouns and 9,779 pairs) is read on the
    first call, in about 0.02 s.
    """
    if word in _READ_AS:
        return _READ_AS[word]
    row = _row(word)
    return () if row is None else tuple(row.split("\t", 1)[0].split(","))


@lru_cache(maxsize=16384)
def noun_only(word: str) -> bool:
    """Whether WordNet knows a one-word noun that is never an adjective ("mathematician").

    False for an unknown word and for one that is both ("chief", "veteran", "giant").
    """
    row = _row(word)
    return row is not None and not row.endswith("\t" + ADJECTIVE_MARK)


def build(wordnet: Path) -> list[str]:
    """The table's lines from a WordNet dictionary directory (index/data.noun, index.adj)."""
    adjectives = set()
    with (wordnet / "index.adj").open(encoding="utf-8") as f:
        for line in f:
            if not line.startswith(" "):
                adjectives.add(line.split(" ", 1)[0])
    lexfile: dict[str, int] = {}
    with (wordnet / "data.noun").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):  # the licence at the top
                continue
            offset, number = line.split(" ", 2)[:2]
            lexfile[offset] = int(number)
    lines = []
    pairs: dict[str, list[str]] = {}
    first: dict[str, str] = {}  # a one-word noun's most frequent class
    with (wordnet / "index.noun").open(encoding="utf-8") as f:
        for line in f:
            if line.startswith(" "):
                continue
            fields = line.split()
            word = fields[0]
            synsets = int(fields[2])
            offsets = fields[-synsets:]
            # One class per sense, repeats kept: each sense weighs by its rank.
            classes = [CLASSES[lexfile[o] - _FIRST_NOUN_FILE] for o in offsets[:SENSES]]
            parts = word.split("_")
            if len(parts) == 2 and all(p.isalpha() and p.islower() for p in parts):
                pairs[" ".join(parts)] = classes
                continue
            if not word.isalpha() or not word.islower():
                continue  # "new_york", "a-bomb": proper names, hyphened words
            mark = f"\t{ADJECTIVE_MARK}" if word in adjectives else ""
            lines.append(f"{word}\t{','.join(classes)}{mark}")
            first[word] = classes[0]
    # A two-word noun whose kind is not its last word's: "aircraft carrier" is a ship,
    # "carrier" most often a person. The others say what their last word says; and only
    # a first word WordNet knows as a noun, as a descriptor reads a noun's compound
    # ("aircraft", not "blessed").
    for pair, classes in pairs.items():
        before, last = pair.split(" ")
        if before in first and last in first and first[last] != classes[0]:
            lines.append(f"{pair}\t{','.join(classes)}")
    return sorted(lines)


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("wordnet", type=Path, help="WordNet 3.0 dict directory")
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent / "data" / TABLE_FILE)
    args = p.parse_args(argv)
    if not (args.wordnet / "index.noun").is_file():
        p.error(f"no index.noun in {args.wordnet}")
    lines = build(args.wordnet)
    write_lines(args.out, lines)
    print(f"{len(lines)} nouns -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
