"""People's names that are names in their own right: given names and common surnames.

A name one slip away from a KB title is a misspelling of it only if it is no name of its
own. "Zofia" is a Polish given name, not the city of Sofia; "John Bowne" and "Paul Bryan"
are other men than John Donne and Paul Biya; "Carter" (Jimmy) is no slipped Cartier.
Random slips seldom make a real name (about 4% of the training's misspelled surnames did
with the census alone),
so a slip that makes an ordinary name of an unusual one is taken for another person (the
ranker's ``slip_is_a_name``). Two ordinary names one slip apart are that only where they
do not sound alike: "John Payne" is another man than John Wayne, but "Micheal" Jackson
and Ronald "Regan" are misspellings as often as not.

The US census knows few names of other peoples: "Rika" (Riga), "Shingo" (Shinto), "Karan"
(Kazan), "Nuria" (Nubia) were linked to the places in GAP's texts. So the given names of
Jörg Michael's ``nam_dict.txt`` (47,780 entries from 54 countries; GNU FDL 1.2 or
later), as the `gender-guesser` package ships it, count too, where common enough in some
country (``WORLD_FREQUENCY``): read as data, verbatim, from the installed package
(``importlib.resources`` imports its empty ``__init__``; its detector is never used).

The shipped table (``data/census_names.tsv.gz``) holds the 1990 US Census's given names
(all 5,163, kind ``g``) and its most common surnames (the first ``SURNAMES`` by rank, kind
``s``), lower case. It is built by ``python -m glossator.core.nlp.census_names DIR``
from the census lists ``dist.female.first``, ``dist.male.first`` and ``dist.all.last``
(public domain; the `names` package on the package index ships them; docs/licenses.md).
"""

from __future__ import annotations

import argparse
import contextlib
import gzip
import logging
import os
import string
import sys
import zlib
from functools import cache
from importlib import resources
from pathlib import Path

from glossator.core.cache_folder import cached_lines, fingerprint
from glossator.core.kb import normalize
from glossator.core.kb.normalize import normalise
from glossator.core.nlp.data_tables import read_lines, write_lines

TABLE_FILE = "census_names.tsv.gz"
# Surnames by frequency rank: past this, a surname is rare enough that random slips of
# other names hit the list often (every 88,799: 6.8% of slipped KB surnames; the first
# 40,000: 4.0%), and the list already holds the neighbours GAP dev showed ("Bowne" ranks
# 17,433, "Merck" 24,414).
SURNAMES = 40000
SOURCES = {"g": ("dist.female.first", "dist.male.first"), "s": ("dist.all.last",)}


@cache
def _table() -> dict[str, str]:
    """name -> its kinds ("g", "s" or "gs")."""
    return dict(line.split("\t", 1) for line in read_lines(TABLE_FILE) if "\t" in line)


_log = logging.getLogger(__name__)
WORLD_PACKAGE, WORLD_FILE = "gender_guesser", "data/nam_dict.txt"


# The least frequency (nam_dict's 1-13 scale, per country) a world name must reach in one
# country: rarer entries hold real places' other spellings ("Tokio", "Kenia", "Riga"),
# brands ("Nike") and famous one-name people ("Voltaire"). 200 slips of each of 50 famous
# places make a census name 2.9% of the time, a census or world name 4.9% with every
# world name and 3.3% with this bound (15,578 keys of 43,070).
WORLD_FREQUENCY = 3


@cache
def _world() -> frozenset[str]:
    """The given names of ``nam_dict.txt`` common enough in some country (``_key``s).

    Reading the 4.3 MB file took a tenth of a second at the first name the KB lacks, in
    nearly every text (a fifth of what an article's ``glossator annotate`` added to
    spaCy's), so the keys are kept in the user's cache folder (``core/cache_folder``)
    under the file's path, size and time and this code.
    """
    source = _world_source()
    if source is None:  # a broken install: the self-test reports it (``list_sizes``)
        _log.warning("the world's given names (%s/%s) are missing", WORLD_PACKAGE, WORLD_FILE)
        return frozenset()
    path, stat = source
    key = fingerprint(WORLD_FREQUENCY, str(path), stat.st_size, stat.st_mtime_ns,
                      files=(__file__, normalize.__file__))
    def derive() -> list[str] | None:
        keys = _derive_world(path)
        return None if keys is None else sorted(keys)

    return frozenset(cached_lines("world-names", key, derive))


def _derive_world(path: Path) -> set[str] | None:
    """The world's given-name keys of ``nam_dict.txt`` at ``path`` (plain or gzip).

    None when the file cannot be read now (nothing is then kept in the cache folder).

    Keys of four letters or more, of names that reach ``WORLD_FREQUENCY`` in a country.
    A line is a gender code, the name at column 3 and, from column 30, its frequency in
    each country (one hexadecimal digit each, blank where none); "+" joins a compound's
    parts ("Abd+al" is Abdal, Abd al, Abd-al; the key of each is the same). Lines of "#"
    are comments, of "=" pairs of equivalent names.
    """
    text = _read_world(path)
    if text is None:
        return None
    frequent = frozenset(ch for ch in string.hexdigits if int(ch, 16) >= WORLD_FREQUENCY)
    out = set()
    for line in text.splitlines():
        if line[:1] in "#=" or len(line) < 4 or frequent.isdisjoint(line[30:85]):
            continue
        key = _key(line[3:].split(None, 1)[0])
        if len(key) >= 4:
            out.add(key)
    return out


def _world_source() -> tuple[Path, os.stat_result] | None:
    """Where ``nam_dict.txt`` is: the package's file, or the installer's gzip copy of it.

    The installer bundles the file gzipped (4.3 MB is 0.33 MB; its bytes are unchanged
    inside).
    """
    try:
        folder = resources.files(WORLD_PACKAGE)
    except ModuleNotFoundError:
        return None
    for name in (WORLD_FILE, WORLD_FILE + ".gz"):
        with contextlib.suppress(OSError, TypeError):
            path = Path(str(folder.joinpath(name)))
            return path, path.stat()
    return None


def _read_world(path: Path) -> str | None:
    try:
        data = path.read_bytes()
        return (gzip.decompress(data) if path.suffix == ".gz" else data).decode("utf-8")
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        return None


def list_sizes() -> dict[str, int]:
    """How many keys each name list holds (the self-test checks that both loaded)."""
    return {"census": len(_table()), "world": len(_world())}


def _key(word: str) -> str:
    """The table's key of a word: folded to ASCII letters ("Zoë" is "zoe", "O'Neal" "oneal").

    Plain ASCII, most words, needs no ``normalise`` (the same key, a third of the time).
    """
    text = word.lower() if word.isascii() else normalise(word)
    return "".join(ch for ch in text if ch.isalpha())


def is_given_name(word: str) -> bool:
    """Whether a word is a given name: the census's or the world's ("Zofia", "Rika")."""
    key = _key(word)
    return "g" in _table().get(key, "") or key in _world()


def is_surname(word: str) -> bool:
    """Whether a word is one of the census's common surnames ("Trout", "Bowne")."""
    return "s" in _table().get(_key(word), "")


def is_known_name(word: str) -> bool:
    """Whether a word is a given name or a common surname ("Bowne", "Payne", "Shingo")."""
    key = _key(word)
    return key in _table() or key in _world()


def build(census: Path, surnames: int = SURNAMES) -> list[str]:
    """The table's lines from the census lists in one directory."""
    kinds: dict[str, str] = {}
    for kind, files in SOURCES.items():
        for name in files:
            with (census / name).open(encoding="utf-8") as f:
                for line in f:
                    fields = line.split()  # NAME  frequency  cumulative  rank
                    if len(fields) != 4 or not fields[0].isalpha():
                        continue
                    if kind == "s" and int(fields[3]) > surnames:
                        continue
                    word = fields[0].lower()
                    if kind not in kinds.get(word, ""):
                        kinds[word] = kinds.get(word, "") + kind
    return sorted(f"{w}\t{k}" for w, k in kinds.items())


def _default_source() -> Path | None:
    """The census lists of an installed `names` package, if any (build input only)."""
    try:
        from importlib.metadata import PackageNotFoundError, files
        found = files("names") or []
    except PackageNotFoundError:
        return None
    for f in found:
        if f.name == "dist.all.last":
            return Path(str(f.locate())).parent
    return None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("census", type=Path, nargs="?",
                   help="directory of dist.female.first, dist.male.first, dist.all.last "
                        "(default: the installed `names` package's)")
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent / "data" / TABLE_FILE)
    args = p.parse_args(argv)
    census = args.census or _default_source()
    if census is None or not all((census / n).is_file()
                                 for files in SOURCES.values() for n in files):
        p.error("no census name lists: give their directory, or install the `names` "
                "package (pip install names==0.3.0)")
    lines = build(census)
    write_lines(args.out, lines)
    print(f"{len(lines)} names -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
