"""What the text says about each entity (issue 13), and a knowledge base that changes."""

from __future__ import annotations

import shutil

import pytest

from glossator.core.kb import KnowledgeBase, SummaryRecord

NEWS = (
    "Clashes in the south\n\n"
    "Colonel Ahmed Salih, the strongman of the south, told reporters on Monday that his "
    "forces would not withdraw. Salih said the ceasefire had failed. Some papers spell it "
    "Saleh, and Colonel Saleh has denied every report of fighting.\n\n"
    "The economist Ines Borg, 42, said the fighting would push up fuel prices. Borg is a "
    "professor at the University of Lund. Tomas Ruiz, the deputy mayor of Lyon, asked for "
    "calm.\n\n"
    "The mining firm Trafigura said its shipments were delayed. Trafigura is a commodity "
    "trader based in Geneva.\n"
)


def _by_name(ann):
    return {e.name: e for e in ann.entities}


def test_descriptors_spellings_and_first_sentence(engine):
    ann = engine.annotate(NEWS)
    ents = _by_name(ann)
    salih = ents["Ahmed Salih"]
    said = [(d.kind, d.text) for d in salih.descriptors]
    assert said[:2] == [("title", "Colonel"), ("apposition", "the strongman of the south")]
    assert said.count(("title", "Colonel")) == 1  # said twice, kept once
    assert salih.spellings[0] == "Ahmed Salih" and {"Salih", "Saleh"} <= set(salih.spellings)
    assert salih.first_sentence.startswith("Colonel Ahmed Salih, the strongman of the south")
    assert salih.first_sentence.endswith("would not withdraw.")
    assert NEWS[salih.first_sentence_start:].startswith("Colonel Ahmed Salih")

    borg = [(d.kind, d.text) for d in ents["Ines Borg"].descriptors]
    assert ("role", "economist") in borg
    assert ("apposition", "42") in borg
    assert ("definition", "a professor at the University of Lund") in borg
    assert ("apposition", "the deputy mayor of Lyon") in [
        (d.kind, d.text) for d in ents["Tomas Ruiz"].descriptors]
    trafigura = [(d.kind, d.text) for d in ents["Trafigura"].descriptors]
    assert trafigura[0] == ("modifier", "mining firm")  # not a person: a modifier
    assert ("definition", "a commodity trader based in Geneva") in trafigura

    for e in ann.entities:
        assert [d.start for d in e.descriptors] == sorted(d.start for d in e.descriptors)
        for d in e.descriptors:
            assert d.kind in ("title", "role", "apposition", "definition", "modifier")
            assert " ".join(NEWS[d.start:d.end].split()) == d.text
        assert len(set(e.spellings)) == len(e.spellings)
        names = {m.text for m in ann.mentions if m.entity == e.id and m.kind == "name"}
        assert set(e.spellings) == names


def test_a_linked_names_rank_is_shown(engine):
    """A rank is also a clash with places (fifty-first session); a clash's words are not
    shown on a linked card ("Paris hospital"), but the rank is what the text says."""
    ents = _by_name(engine.annotate("President Barack Obama met Angela Merkel in Berlin."))
    assert ents["Barack Obama"].kb_title == "Barack Obama"
    assert [(d.kind, d.text) for d in ents["Barack Obama"].descriptors] == [
        ("title", "President")]


def test_json_has_descriptors_and_spellings(engine):
    data = engine.annotate(NEWS).to_json()
    for e in data["entities"]:
        assert {"id", "name", "label", "kb_title", "confidence", "alternatives",
                "descriptors", "spellings"} == set(e)
        for d in e["descriptors"]:
            assert set(d) == {"text", "kind", "start", "end"}
    salih = next(e for e in data["entities"] if e["name"] == "Ahmed Salih")
    assert {"text": "Colonel", "kind": "title", "start": NEWS.index("Colonel"),
            "end": NEWS.index("Colonel") + 7} in salih["descriptors"]


def test_a_long_first_sentence_is_trimmed_around_the_name(engine):
    text = ("On a day when " + "many things happened in many places and " * 20 +
            "the economist Ines Borg spoke, " + "and people listened to her for hours " * 20
            + "until night.")
    borg = _by_name(engine.annotate(text))["Ines Borg"]
    assert "Ines Borg" in borg.first_sentence
    assert borg.first_sentence.startswith("\u2026") and borg.first_sentence.endswith("\u2026")
    assert len(borg.first_sentence) < 400


# ---------------------------------------------------------------- the KB changes


@pytest.fixture()
def own_engine(starter_kb_path, tmp_path):
    """An engine of its own over a user layer and a copy of the starter pack."""
    from glossator.core.nlp.engine import Engine

    starter = tmp_path / "starter.sqlite"
    shutil.copy(starter_kb_path, starter)
    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter)
    engine = Engine(kb)
    yield engine, starter
    engine.kb.close()


OKONKWO = "Zelvana Okonkwo said on Monday that Paris would wait."


def _okonkwo() -> SummaryRecord:
    return SummaryRecord(title="Zelvana Okonkwo", description="Nigerian diplomat",
                         extract="Zelvana Okonkwo is a Nigerian diplomat and writer.")


def test_set_kb_replaces_every_holder(own_engine, tmp_path):
    engine, starter = own_engine
    old = engine.kb
    old.close()  # as Knowledge > Rebuild starter pack does
    with pytest.raises(Exception, match="closed"):
        engine.annotate(OKONKWO)
    new = KnowledgeBase.open(tmp_path / "user.sqlite", starter)
    engine.set_kb(new)
    assert engine.kb is new and engine.linker.kb is new
    assert engine.nlp.get_pipe("glossator_mentions").gazetteer is engine.gazetteer
    ann = engine.annotate(OKONKWO)
    assert "Paris" in {e.kb_title for e in ann.entities}


def test_imported_knowledge_is_used_once_the_engine_is_told(own_engine):
    engine, _starter = own_engine
    assert _by_name(engine.annotate(OKONKWO))["Zelvana Okonkwo"].kb_title is None
    engine.kb.upsert([_okonkwo()])
    engine.set_kb(engine.kb)  # the same handle, new rows: caches and gazetteer afresh
    ann = engine.annotate(OKONKWO)
    assert _by_name(ann)["Zelvana Okonkwo"].kb_title == "Zelvana Okonkwo"


def test_assigning_kb_is_set_kb(own_engine, tmp_path):
    engine, starter = own_engine
    engine.kb.close()
    engine.kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter)
    assert engine.linker.kb is engine.kb
    assert engine.annotate(OKONKWO).entities


def test_a_region_word_inside_a_reference_is_no_name_of_its_own(engine):
    """"The Gulf state" refers to Qatar; "Gulf" is not listed as a place of its own."""
    text = ("Qatar has hosted talks between the two sides for months. The Gulf state said on "
            "Monday that a deal was close.")
    ann = engine.annotate(text)
    names = {e.name for e in ann.entities}
    assert "Gulf" not in names
    ref = next(m for m in ann.mentions if m.text == "The Gulf state")
    assert ref.kind == "reference"
    qatar = next(e for e in ann.entities if e.name == "Qatar")
    assert ref.entity == qatar.id
    assert not any(m.kind == "name" and m.start >= ref.start and m.end <= ref.end
                   for m in ann.mentions)
