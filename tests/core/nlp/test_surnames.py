"""The census surnames: how common a lone surname is, and the table's build."""

from __future__ import annotations

import gzip
from importlib import resources

import pytest

from glossator.core.nlp import surnames
from glossator.core.nlp.surnames import RANKS, TABLE_FILE, build, surname_common


def test_the_shipped_table_lists_the_commonest_surnames_first():
    raw = resources.files("glossator.core.nlp").joinpath("data", TABLE_FILE).read_bytes()
    names = gzip.decompress(raw).decode("ascii").split()
    assert len(names) == RANKS == len(set(names))
    assert names[:3] == ["smith", "johnson", "williams"]
    assert all(n.isalpha() and n.islower() for n in names)


def test_a_common_surname_weighs_more_than_a_rare_one():
    values = [surname_common(n) for n in ("Smith", "Taylor", "Carter", "Clinton", "Merkel")]
    assert values[0] == 1.0
    assert values == sorted(values, reverse=True) and len(set(values)) == 5
    assert values[-1] > 0.0


@pytest.mark.parametrize("name", ["Stalin", "Obama", "da Vinci", "", "O'Xyzzy"])
def test_an_unlisted_surname_is_rare(name):
    assert surname_common(name) == 0.0


def test_a_surname_is_read_folded():
    assert surname_common("Müller") == surname_common("MULLER") > 0.0
    assert surname_common("O'Brien") == surname_common("obrien") > 0.0


def test_build_ranks_by_the_lists_rank_and_drops_what_is_no_entry():
    lines = ["JONES          0.621  3.136      4",
             "SMITH          1.006  1.006      1",
             "header line",
             "O'NEIL         0.010 40.000   1000",
             "SMITH          0.001 90.000  50000"]
    assert build(lines) == ["smith", "jones", "oneil"]


def test_a_missing_table_makes_every_surname_rare(monkeypatch):
    def broken(*_args):
        raise OSError("no table")

    surnames._ranks.cache_clear()
    surname_common.cache_clear()
    monkeypatch.setattr(surnames.resources, "files", broken)
    try:
        assert surname_common("Smith") == 0.0
    finally:
        monkeypatch.undo()
        surnames._ranks.cache_clear()
        surname_common.cache_clear()
    assert surname_common("Smith") == 1.0
