"""WordNet's noun classes: what kind of thing a descriptor's head names."""

from __future__ import annotations

import gzip

from glossator.core.nlp.descriptors import Descriptor
from glossator.core.nlp.linking import GroupInfo
from glossator.core.nlp.noun_classes import (
    CLASSES,
    _table,
    build,
    main,
    noun_classes,
    noun_only,
)


def test_the_shipped_table_knows_people_animals_and_groups():
    table = _table()
    assert len(table) > 50_000
    assert noun_classes("rival")[0] == "person"
    assert noun_classes("colt")[0] == "animal"
    assert noun_classes("carmaker") == ("group",)
    assert noun_classes("xyzzyq") == ()
    assert table == sorted(table)  # searched by bisection
    # Nouns that are never adjectives, against those that are both, and unknown words.
    assert noun_only("mathematician") and noun_only("tabloid")
    assert not noun_only("chief") and not noun_only("veteran") and not noun_only("xyzzyq")
    assert noun_classes("chief")[0] == "person"  # the mark is no class
    # Two words that are one noun of another kind: a carrier is most often a person,
    # an aircraft carrier a ship; a mail carrier is what a carrier is, and not kept.
    assert noun_classes("carrier")[0] == "person"
    assert noun_classes("aircraft carrier") == ("artifact",)
    assert noun_classes("think tank") == ("group",)
    assert noun_classes("mail carrier") == ()
    assert all(c in CLASSES for line in table for c in line.split("\t")[1].split(","))


def _wordnet(tmp_path):
    """A two-word WordNet: index.noun and data.noun in WordNet's own layout."""
    (tmp_path / "data.noun").write_text(
        "  1 This software and database is being provided to you\n"
        "00000010 18 n 01 rival 0 000 | a contestant\n"
        "00000020 05 n 01 colt 0 000 | a young male horse\n"
        "00000030 06 n 01 colt 1 000 | a revolver\n"
        "00000040 14 n 01 new_york 0 000 | a city\n"
        "00000050 06 n 01 racing_colt 0 000 | a toy\n"
        "00000060 06 n 01 rival_colt 0 000 | a toy\n"
        "00000070 18 n 01 colt_rival 0 000 | a contestant\n", encoding="utf-8")
    (tmp_path / "index.noun").write_text(
        "  1 This software and database is being provided to you\n"
        "colt n 2 1 @ 2 0 00000020 00000030  \n"
        "colt_rival n 1 1 @ 1 0 00000070  \n"
        "new_york n 1 1 @ 1 0 00000040  \n"
        "racing_colt n 1 1 @ 1 0 00000050  \n"
        "rival n 1 1 @ 1 0 00000010  \n"
        "rival_colt n 1 1 @ 1 0 00000060  \n", encoding="utf-8")
    (tmp_path / "index.adj").write_text(
        "  1 This software and database is being provided to you\n"
        "rival a 1 1 & 1 0 00000050  \n", encoding="utf-8")
    return tmp_path


def test_a_missing_table_knows_no_word(monkeypatch):
    from glossator.core.nlp import noun_classes as nc

    monkeypatch.setattr(nc, "TABLE_FILE", "no-such-file.tsv.gz")
    nc._table.cache_clear()
    nc.noun_classes.cache_clear()
    try:
        assert nc.noun_classes("rival") == ()  # a broken install links, with less to go on
    finally:
        monkeypatch.undo()
        nc._table.cache_clear()
        nc.noun_classes.cache_clear()
    assert nc.noun_classes("rival")[0] == "person"


def test_build_reads_wordnet_senses_in_order(tmp_path):
    lines = build(_wordnet(tmp_path))
    # No proper names; "rival" is an adjective too. Of the two-word nouns only one of
    # another kind than its last word, after a noun: "rival colt" ("racing" is no noun
    # here, and a "colt rival" is what a rival is).
    assert lines == ["colt\tanimal,artifact", "rival\tperson\tadj", "rival colt\tartifact"]


def test_build_writes_the_same_bytes_twice(tmp_path):
    wn = _wordnet(tmp_path)
    a, b = tmp_path / "a.tsv.gz", tmp_path / "b.tsv.gz"
    assert main([str(wn), "--out", str(a)]) == 0
    assert main([str(wn), "--out", str(b)]) == 0
    assert a.read_bytes() == b.read_bytes()
    assert gzip.decompress(a.read_bytes()).decode() == \
        "colt\tanimal,artifact\nrival\tperson\tadj\nrival colt\tartifact\n"


def _info(*heads: str) -> GroupInfo:
    return GroupInfo(descriptors=[Descriptor("premodifier", h, h) for h in heads])


def test_a_head_no_description_uses_is_read_through_wordnet(engine):
    engine.annotate("Paris is the capital of France.")  # the linker is made on first use
    linker = engine.linker
    # "rival" and "colt" head no KB description: before WordNet they fitted nothing.
    assert linker.kind_fit("PERSON", _info("rival")) == (1.0, 0.0)
    fit, clash = linker.kind_fit("PERSON", _info("colt"))
    assert fit < 0.1 and clash == 1.0  # "the colt Auguste Rodin" is no sculptor
    assert linker.kind_fit("ORG", _info("carmaker"))[1] == 0.0
    assert linker.kind_fit("PERSON", _info("carmaker"))[1] == 1.0
    # The KB's own reading still counts: "star" describes stars there, people in news.
    assert linker.kind_fit("PERSON", _info("star"))[1] == 0.0
    assert linker.kind_fit("PERSON", _info("xyzzyq")) == (0.0, 0.0)  # unknown: no say
    # A band is a group, never a place, though WordNet files countries under groups too
    # ("Swedish rock band Europe" fitted the continent: found in the traps).
    assert linker.kind_fit("LOC", _info("band"))[1] == 1.0
    # What a name is called says its kind, a clash only: "a colt named Rodin".
    called = GroupInfo(descriptors=[Descriptor("called", "a colt", "colt")])
    assert linker.kind_fit("PERSON", called)[1] == 1.0
    assert linker.kind_fit("GPE", _info("country"))[1] == 0.0
