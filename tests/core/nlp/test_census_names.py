"""The census name lists: which words are people's names in their own right."""

from __future__ import annotations

import gzip
import random

import pytest

from glossator.core.nlp import census_names
from glossator.core.nlp.census_names import build, is_given_name, is_known_name
from glossator.core.nlp.training import misspell, name_one_slip_away


def test_given_names_and_common_surnames_are_known():
    for word in ("Zofia", "Kamala", "jaqueline", "Sana"):
        assert is_given_name(word) and is_known_name(word), word
    for word in ("Bowne", "Payne", "Merck", "Nava"):
        assert is_known_name(word), word
    assert not is_given_name("Bowne")  # a surname only
    # Misspellings and names the census does not hold are no names of their own.
    for word in ("Gremany", "Pakistn", "Obama", "Gaddafi", ""):
        assert not is_known_name(word), word


def test_the_worlds_given_names_are_names_too():
    """Names the US census does not hold, from nam_dict.txt (GAP dev texts linked them to
    Riga, Shinto, Kazan and Nubia). A person is made of a famous name only where it is a
    census surname ("Trout"), not a given name ("Paris", "India")."""
    assert census_names._world()  # the installed data file was read
    for word in ("Rika", "Shingo", "Nuria", "Sayaka"):
        assert word.lower() not in census_names._table(), word  # the census lacks them
        assert is_given_name(word) and is_known_name(word), word
        assert not census_names.is_surname(word), word
    # Rare entries are other spellings of places, brands and famous one-name people.
    for word in ("Riga", "Tokio", "Nike", "Voltaire"):
        assert not is_known_name(word), word
    assert is_given_name("Nuño")  # folded as the census lookups are
    assert census_names.is_surname("Trout") and not census_names.is_surname("India")


def _world_text() -> str:
    path, _stat = census_names._world_source()
    return census_names._read_world(path)


def test_the_installers_gzipped_world_file_reads_the_same(tmp_path, monkeypatch):
    """The installer bundles nam_dict.txt gzipped (the bundle's size budget); both read alike."""
    plain = _world_text()
    assert plain and plain.count("\n") > 40000
    package = tmp_path / "fake_world_names"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    gz = package / "data" / "nam_dict.txt.gz"
    gz.write_bytes(gzip.compress(plain.encode("utf-8")))
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(census_names, "WORLD_PACKAGE", "fake_world_names")
    assert census_names._world_source()[0] == gz
    assert _world_text() == plain
    assert census_names._derive_world(gz) == census_names._world()
    gz.write_bytes(b"not gzip")  # broken: no names
    assert census_names._read_world(gz) is None and census_names._derive_world(gz) is None
    gz.unlink()
    assert census_names._world_source() is None
    monkeypatch.setattr(census_names, "WORLD_PACKAGE", "no_such_package_here")
    assert census_names._world_source() is None
    sizes = census_names.list_sizes()
    assert sizes["census"] > 10000 and sizes["world"] == len(census_names._world()) > 10000


def test_the_worlds_names_are_kept_in_the_cache_folder(tmp_path, monkeypatch):
    """Read once, then from the cache folder, until nam_dict.txt or the code changes."""
    from glossator.core import cache_folder

    # A package name of its own: an imported package stays in sys.modules.

    package = tmp_path / "kept_world_names"
    (package / "data").mkdir(parents=True)
    (package / "__init__.py").write_text("")
    source = package / "data" / "nam_dict.txt"
    row = "M  {:<27}{}\n"
    source.write_text(row.format("Shingo", "5") + row.format("Rarename", "1"), encoding="utf-8")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(census_names, "WORLD_PACKAGE", "kept_world_names")
    monkeypatch.setattr(cache_folder, "_FOLDER", tmp_path / "cache")
    census_names._world.cache_clear()
    try:
        assert census_names._world() == {"shingo"}  # the rare name is out
        cached = tmp_path / "cache" / "world-names.txt"
        assert cached.read_text().splitlines()[1:] == ["shingo"]
        census_names._world.cache_clear()  # a new start reads the cache, not the file
        monkeypatch.setattr(census_names, "_derive_world", lambda path: pytest.fail("read"))
        assert census_names._world() == {"shingo"}
        monkeypatch.undo()
        monkeypatch.syspath_prepend(str(tmp_path))
        monkeypatch.setattr(census_names, "WORLD_PACKAGE", "kept_world_names")
        monkeypatch.setattr(cache_folder, "_FOLDER", tmp_path / "cache")
        # Another nam_dict.txt (another size) is read again.
        source.write_text(row.format("Shingo", "5") + row.format("Sayaka", "4")
                          + row.format("Nuria", "6"), encoding="utf-8")
        census_names._world.cache_clear()
        assert census_names._world() == {"shingo", "sayaka", "nuria"}
        # A file that cannot be read for a moment (locked, an I/O error) gives no names
        # and leaves no empty list behind: the next start reads it.
        source.write_text(row.format("Kamala", "5"), encoding="utf-8")
        real = census_names._read_world
        monkeypatch.setattr(census_names, "_read_world", lambda path: None)
        census_names._world.cache_clear()
        assert census_names._world() == frozenset()
        monkeypatch.setattr(census_names, "_read_world", real)
        census_names._world.cache_clear()
        assert census_names._world() == {"kamala"}
    finally:
        census_names._world.cache_clear()


def test_random_slips_seldom_make_a_known_name():
    """The premise of ``slip_is_a_name``: a slip of a surname is seldom a census name."""
    rng = random.Random(3)
    surnames = ["Merkel", "Einstein", "Dickens", "Roosevelt", "Tolkien", "Mandela",
                "Churchill", "Picasso", "Beethoven", "Napoleon", "Gandhi", "Lincoln"]
    slips = [misspell(w, rng) for w in surnames for _ in range(20)]
    assert sum(is_known_name(s) for s in slips) / len(slips) < 0.15


def test_the_table_is_built_from_the_census_lists(tmp_path):
    (tmp_path / "dist.female.first").write_text("ZOFIA          0.001  90.000   4000\n")
    (tmp_path / "dist.male.first").write_text("JOHN           3.271  3.271      1\n")
    (tmp_path / "dist.all.last").write_text(
        "SMITH          1.006  1.006      1\nJOHN           0.001  80.000   9000\n"
        "RAREONE        0.000  90.000  88000\nO'BRIEN        0.010  20.000    500\n")
    lines = build(tmp_path, surnames=40000)
    assert lines == ["john\tgs", "smith\ts", "zofia\tg"]  # rare and non-letter ones out
    out = tmp_path / "t.tsv.gz"
    assert census_names.main([str(tmp_path), "--out", str(out)]) == 0
    assert gzip.decompress(out.read_bytes()).decode().splitlines() == lines


def test_a_name_one_slip_away_is_a_census_name_one_edit_away():
    from rapidfuzz.distance import OSA

    rng = random.Random(1)
    for word in ("Donne", "Sofia", "Wayne", "Merkel"):
        other = name_one_slip_away(word, rng)
        assert other is not None and other[0].isupper() and is_known_name(other), word
        assert OSA.distance(other.lower(), word.lower()) == 1, (word, other)
    assert name_one_slip_away("Li", rng) is None  # too short: nearly every word is one
