"""The world's towns: which words are places of their own, not slipped titles."""

from __future__ import annotations

import gzip
import json

from glossator.core.nlp import world_places
from glossator.core.nlp.world_places import (
    another_place,
    build,
    is_region,
    region_codes,
    region_name,
    state_by_towns,
    state_not_country,
    town_in,
)


def test_a_town_of_its_own_is_another_place_than_the_title_one_slip_away():
    assert world_places.table_size() > 30000  # the shipped table was read
    for town, title in (("Crewe", "Crete"), ("Albany", "Albania"), ("Portland", "Poland"),
                        ("Lublin", "Dublin"), ("Changzhou", "Hangzhou"), ("Perm", "Peru")):
        assert another_place(town, title), town


def test_a_towns_other_spelling_is_the_same_place():
    """GeoNames' close other names: "Basrah" is Basra and "Sevilla" Seville."""
    for town, title in (("Basrah", "Basra"), ("Sevilla", "Seville"),
                        ("Nizhniy Novgorod", "Nizhny Novgorod"), ("Gonder", "Gondar"),
                        ("Crewe", "Crewe")):
        assert not another_place(town, title), town
    # A candidate is the same place when any of its names is.
    assert not another_place("Sevilla", "Sevilla FC", "Seville")
    # Singapur is a town in India too, smaller than Singapore, whose other names hold it:
    # the title's town lists the text's spelling (found by the review).
    for town, title in (("Singapur", "Singapore"), ("Pittsburg", "Pittsburgh"),
                        ("Sidney", "Sydney")):
        assert not another_place(town, title), town
    assert another_place("Crewe", "1984", "Crete")  # a name of no letters is no name


def test_where_the_towns_of_a_name_are():
    assert town_in("Paris", "Texas") and town_in("Paris", "France")
    assert town_in("Atlanta", "Ga.") and town_in("London", "Britain")  # other names
    assert town_in("Paris", "London") is False  # a list, not a place in another
    assert town_in("Sarlat", "France") is None  # no town of 15,000 people
    assert region_codes("Georgia") == {"georgia", "us-ga"}
    # GeoNames' names of a country are not all the text's: the United Kingdom's nations,
    # "The Netherlands", "Czechia".
    assert town_in("Birmingham", "England") and town_in("Perth", "Scotland")
    assert town_in("Amsterdam", "Netherlands") and town_in("Brno", "Czech Republic")
    assert is_region("Colombia") and is_region("Oregon") and is_region("Ga.")
    # Provinces, states and nations of Canada, Australia and the United Kingdom.
    assert town_in("London", "Ontario") and not town_in("London", "Quebec")
    assert town_in("Perth", "Western Australia") and town_in("Kingston", "Ontario")
    assert region_codes("Ontario") == {"ca-08", "ontario"} and is_region("Scotland")
    assert region_name("ca-08") == "Ontario" and region_name("us-ga") == "Georgia"
    assert region_name("gb-sct") == "Scotland" and region_name("xx-99") is None
    assert not is_region("Paris") and not is_region("")
    # Georgia after Athens or Atlanta is the state: no town of the name is in the country.
    assert state_not_country("Athens", "Georgia") and state_not_country("Atlanta", "Georgia")
    assert not state_not_country("Tbilisi", "Georgia")  # the country's capital
    assert not state_not_country("Paris", "Texas")  # no country is named Texas
    assert not state_not_country("Atlanta", "Ga.")  # the abbreviation names the state alone
    # By the other towns a text names: all of them in the state, none in the country.
    assert state_by_towns("Georgia", ["Savannah", "Paris"])  # a Paris is in neither
    assert not state_by_towns("Georgia", ["Atlanta", "Tbilisi"])  # the country's capital
    assert not state_by_towns("Georgia", ["Athens"])  # Greece's too
    assert not state_by_towns("Texas", ["Austin"]) and not state_by_towns("Georgia", [])
    # And by two other states it names, by names no town bears, unless it names another
    # country too.
    assert state_by_towns("Georgia", ["Plains", "Texas", "California"])
    assert not state_by_towns("Georgia", ["Texas"])
    assert not state_by_towns("Georgia", ["Texas", "California", "Armenia"])
    assert not state_by_towns("Georgia", ["Washington", "Florida"])  # towns' names too
    assert state_by_towns("Georgia", ["Savannah", "Mexico"])  # a town still tells
    assert not state_by_towns("Georgia", ["Plains"])  # a town no table holds says nothing


def test_the_country_every_town_of_a_name_is_in():
    """"Memphis" beside the US or one of its states: every Memphis is there."""
    from glossator.core.nlp.world_places import country_of_towns

    assert country_of_towns("Memphis", ["US"]) == "United States"
    assert country_of_towns("Memphis", ["Berlin", "Texas"]) == "United States"
    assert country_of_towns("Memphis", ["Egypt"]) is None  # no Memphis is there
    assert country_of_towns("Carthage", ["Tunisia"]) == "Tunisia"
    assert country_of_towns("Paris", ["US"]) is None  # towns in two countries
    assert country_of_towns("Babylon", ["Iraq"]) is None  # no town of the name
    assert country_of_towns("Memphis", []) is None
    # A country with a town of its name elsewhere is the country ("returning to Jamaica"
    # in a text that names the United States: Jamaica, Queens is a town of New York).
    assert country_of_towns("Jamaica", ["United States"]) is None


def test_a_missing_or_broken_table_knows_no_town(monkeypatch, tmp_path):
    """A broken install links as before, without the bound; it never raises."""
    for name in ("no-such-table.tsv.gz", "broken.tsv.gz"):
        monkeypatch.setattr(world_places, "TABLE_FILE", name)
        if name == "broken.tsv.gz":
            monkeypatch.setattr(world_places.resources, "files",
                                lambda _pkg: tmp_path)
            (tmp_path / "data").mkdir(exist_ok=True)
            (tmp_path / "data" / name).write_bytes(b"\x1f\x8b\x08\x00not gzip at all")
        world_places.clear_caches()
        try:
            assert world_places.table_size() == 0
            assert not another_place("Crewe", "Crete")
            assert town_in("Paris", "Texas") is None
        finally:
            world_places.clear_caches()


def test_words_that_are_no_town_are_left_to_the_ranker():
    for word in ("Caliphornia", "Itally", "Gremany", "Kiyv", "Crete", "", "Sarlat"):
        assert not another_place(word, "Anything"), word


def test_the_table_is_built_from_geonames_records(tmp_path):
    """Other names: Latin letters only, close to the name, and never a country's or a
    bigger town's own name (an Albany's "Albania")."""
    cities = {
        "1": {"name": "Albany", "population": 100000, "countrycode": "US", "admin1code": "NY",
              "alternatenames": ["Albania", "Olbani", "Олбани", "Albany City Far Away"]},
        "2": {"name": "Basrah", "population": 1300000,
              "alternatenames": ["Basra", "Al Basrah", "البصرة"]},
        "3": {"name": "Bassa", "population": 20000,
              "alternatenames": ["Basrah", "Bassah"]},
        "4": {"name": "Uşak", "population": 300000,
              "alternatenames": []},
        "5": {"name": "Ayr", "population": 46000, "alternatenames": []},
        "6": {"name": "Kingston", "population": 130000, "countrycode": "CA", "admin1code": "08",
              "alternatenames": []},
        "7": {"name": "Kingston", "population": 600000, "countrycode": "JM", "admin1code": "17",
              "alternatenames": []},
    }
    cities["2"]["countrycode"] = "IQ"
    countries = {"AL": {"name": "Albania"}, "US": {"name": "United States"},
                 "IQ": {"name": "Iraq"}, "CA": {"name": "Canada"}, "JM": {"name": "Jamaica"}}
    lines = build(cities, countries)
    table = {k: (close, regions) for k, close, regions in (line.split("\t") for line in lines)}
    assert table["albany"] == ("olbani", "unitedstates,us-ny")  # not Albania, no Cyrillic,
    # nothing far; the country by its name's key, an American town's state by its code
    assert set(table["basrah"][0].split(",")) == {"basra", "albasrah"}
    assert table["basrah"][1] == "iraq"
    assert table["bassa"] == ("bassah", "")  # Basrah is a bigger town's own name; no country
    assert "usak" in table and "ayr" not in table  # folded; three letters are too few
    # Every town of the name: Canada's with its province, Jamaica's without (no table of
    # Jamaica's parishes).
    assert table["kingston"] == ("", "ca-08,canada,jamaica")
    out = tmp_path / "places.tsv.gz"
    source = tmp_path / "data"
    source.mkdir()
    (source / "cities15000.json").write_text(json.dumps(cities), encoding="utf-8")
    (source / "countries.json").write_text(json.dumps(countries), encoding="utf-8")
    assert world_places.main([str(source), "--out", str(out)]) == 0
    assert gzip.decompress(out.read_bytes()).decode("utf-8").splitlines() == lines
    first = out.read_bytes()
    world_places.main([str(source), "--out", str(out)])
    assert out.read_bytes() == first  # the same data gives the same bytes


def test_a_town_the_kb_lacks_is_not_linked_to_the_title_one_slip_away(engine):
    """GAP development (dev half): "Crewe" was Crete at 0.72-0.75, "Albany" Albania at 0.70."""
    for text, town in (("She grew up in Crewe before moving to the coast.", "Crewe"),
                       ("Schools in Albany closed after the storm.", "Albany")):
        ann = engine.annotate(text)
        found = [e for e in ann.entities if e.name == town]
        assert found and found[0].kb_title is None, text
        assert all(a.kb_title not in ("Crete", "Albania") for a in found[0].alternatives)
    # A misspelled place that is no town is still found.
    ann = engine.annotate("Protesters gathered in Caliphornia on Monday.")
    assert [e.kb_title for e in ann.entities if e.name == "Caliphornia"] == ["California"]
