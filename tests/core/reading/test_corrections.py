"""The reader's corrections: applied to an analysis, remembered per document, undone."""

from __future__ import annotations

import json

from glossator.core.nlp.types import Annotation, Entity, Mention, TextDescriptor
from glossator.core.reading.corrections import Correction, CorrectionStore, apply

TEXT = "Ahmed Salih spoke. Colonel Saleh left. Will came. He said it. Bill passed."


def _ann() -> Annotation:
    def at(word, kind, entity, nth=0):
        start = -1
        for _ in range(nth + 1):
            start = TEXT.index(word, start + 1)
        return Mention(start, start + len(word), word, kind, entity, 0.6, "why")

    ents = [Entity("e1", "Ahmed Salih", "PERSON", spellings=["Ahmed Salih"],
                   descriptors=[TextDescriptor("strongman", "role", 60, 69)]),
            Entity("e2", "Saleh", "PERSON", "Ali Abdullah Saleh", 0.55, spellings=["Saleh"],
                   descriptors=[TextDescriptor("Colonel", "title", 19, 26)]),
            Entity("e3", "Will", "PERSON", spellings=["Will"])]
    ms = [at("Ahmed Salih", "name", "e1"), at("Saleh", "name", "e2"), at("Will", "name", "e3"),
          at("He", "reference", "e3"), at("it", "reference", None)]
    return Annotation(TEXT, ents, ms)


def test_same_merges_into_the_linked_one_and_keeps_what_both_say():
    out = apply(_ann(), [Correction("same", ("ahmed  salih", "Saleh"))])
    assert [e.id for e in out.entities] == ["e2", "e3"]  # the linked one keeps its id
    salih = out.entity("e2")
    assert salih.spellings == ["Saleh", "Ahmed Salih"]
    assert [d.text for d in salih.descriptors] == ["Colonel", "strongman"]  # text order
    assert {m.entity for m in out.mentions if m.text in ("Ahmed Salih", "Saleh")} == {"e2"}


def test_not_a_name_removes_every_use_and_its_references_become_unclear():
    out = apply(_ann(), [Correction("not_name", ("will",))])
    assert "Will" not in {m.text for m in out.mentions}
    assert out.entity("e3") is None
    he = next(m for m in out.mentions if m.text == "He")
    assert he.entity is None and he.confidence == 0.0


def test_refers_to_points_the_reference_at_the_named_entity():
    it = TEXT.index(" it") + 1
    out = apply(_ann(), [Correction("refers_to", start=it, end=it + 2, target="Saleh")])
    ref = next(m for m in out.mentions if m.start == it)
    assert ref.entity == "e2" and ref.confidence == 1.0 and "Saleh" in ref.why


def test_apply_keeps_the_original_and_ignores_what_no_longer_fits():
    ann = _ann()
    out = apply(ann, [Correction("same", ("Nobody", "Saleh")),
                      Correction("refers_to", start=0, end=2, target="Nobody")])
    assert [e.id for e in out.entities] == ["e1", "e2", "e3"]
    assert apply(ann, [Correction("same", ("Ahmed Salih", "Saleh"))]) is not ann
    assert len(ann.entities) == 3 and ann.entity("e1").spellings == ["Ahmed Salih"]


def test_the_store_remembers_per_document_and_undoes(tmp_path):
    path = tmp_path / "corrections.json"
    store = CorrectionStore(path)
    store.add("doc-a", Correction("not_name", ("Will",)))
    store.add("doc-a", Correction("same", ("Ahmed Salih", "Saleh")))
    store.add("doc-b", Correction("refers_to", start=3, end=5, target="Saleh"))
    again = CorrectionStore(path)
    assert [c.kind for c in again.get("doc-a")] == ["not_name", "same"]
    assert again.get("doc-b")[0].target == "Saleh" and again.get("doc-c") == []
    assert again.undo("doc-a").kind == "same"
    assert [c.kind for c in CorrectionStore(path).get("doc-a")] == ["not_name"]
    assert again.undo("doc-c") is None


def test_a_damaged_or_hand_edited_file_never_stops_the_reading(tmp_path):
    path = tmp_path / "corrections.json"
    path.write_text("{not json", encoding="utf-8")
    assert CorrectionStore(path).get("doc") == []
    path.write_text(json.dumps({"doc": [{"kind": "same", "names": ["A", "B"]},
                                        {"kind": "explode"}, {"kind": "same", "names": 3},
                                        "junk"], "other": "junk"}), encoding="utf-8")
    store = CorrectionStore(path)
    assert store.get("doc") == [Correction("same", ("A", "B"))]
    store.add("doc", Correction("not_name", ("X",)))
    assert len(json.loads(path.read_text(encoding="utf-8"))["doc"]) == 2


def test_a_link_relinks_the_entity_named_so():
    from glossator.core.nlp.types import Annotation, Entity
    from glossator.core.reading.corrections import Correction, apply, links

    ann = Annotation("Becquerel", [Entity("e1", "Becquerel", "PERSON", kb_title="Becquerel",
                                          ambiguous=True, confidence=0.4)], [])
    fixed = apply(ann, [Correction("link", ("becquerel",), target="Henri Becquerel")])
    assert fixed.entities[0].kb_title == "Henri Becquerel" and fixed.entities[0].confidence == 1
    assert ann.entities[0].kb_title == "Becquerel"  # the analysis is kept as it was
    assert links([Correction("link", ("A",), target="X"),
                  Correction("not_name", ("B",))]) == {"A": "X"}


def test_same_keeps_the_surest_link():
    text = "Maria Skłodowska was born in Warsaw. As Marie Curie she won."
    ents = [Entity("e1", "Maria Skłodowska", "PERSON", "Marie Curie", 0.74, ambiguous=True,
                   spellings=["Maria Skłodowska"]),
            Entity("e2", "Marie Curie", "PERSON", "Marie Curie", 0.95, spellings=["Marie Curie"])]
    ms = [Mention(0, 16, "Maria Skłodowska", "name", "e1", 0.74, "why"),
          Mention(52, 55, "she", "reference", "e1", 0.7, "why"),
          Mention(40, 51, "Marie Curie", "name", "e2", 0.95, "why")]
    fixed = apply(Annotation(text, ents, ms),
                  [Correction("same", ("Maria Skłodowska", "Marie Curie"))])
    assert [(e.id, e.confidence) for e in fixed.entities] == [("e2", 0.95)]
    assert {m.entity for m in fixed.mentions} == {"e2"}


def test_a_link_to_an_article_another_entity_has_makes_them_one():
    """An app tour linked "Maria Skłodowska" to Marie Curie by hand: Who's who kept two
    rows, and "she" followed the unexplained one."""
    text = "Maria Skłodowska was born in Warsaw. As Marie Curie she won. Curie left."
    ents = [Entity("e1", "Maria Skłodowska", "PERSON", spellings=["Maria Skłodowska"]),
            Entity("e2", "Marie Curie", "PERSON", "Marie Curie", 0.95, spellings=["Marie Curie"]),
            Entity("e3", "Curie", "PERSON", "Marie Curie", 0.6, ambiguous=True,
                   spellings=["Curie"])]
    ms = [Mention(0, 16, "Maria Skłodowska", "name", "e1", 0.5, "why"),
          Mention(40, 51, "Marie Curie", "name", "e2", 0.95, "why"),
          Mention(52, 55, "she", "reference", "e1", 0.7, "why"),
          Mention(61, 66, "Curie", "name", "e3", 0.6, "why")]
    fixed = apply(Annotation(text, ents, ms),
                  [Correction("link", ("Maria Skłodowska",), target="Marie Curie")])
    one, perhaps = fixed.entities  # a "perhaps" keeps its own entity
    assert one.kb_title == "Marie Curie" and perhaps.id == "e3"
    assert [m.entity for m in fixed.mentions] == [one.id, one.id, one.id, "e3"]
    assert {"Maria Skłodowska", "Marie Curie"} <= {one.name, *one.spellings}


def test_corrections_for_every_document_come_first_and_are_kept(tmp_path):
    from glossator.core.reading.corrections import (
        EVERY_DOCUMENT,
        Correction,
        CorrectionStore,
    )

    store = CorrectionStore(tmp_path / "c.json")
    everywhere = Correction("not_name", ("Will",))
    own = Correction("not_name", ("Bill",))
    store.add(EVERY_DOCUMENT, everywhere)
    store.add("doc-a", own)
    assert store.for_document("doc-a") == [everywhere, own]
    assert store.for_document("doc-b") == [everywhere]
    again = CorrectionStore(tmp_path / "c.json")
    assert again.for_document("doc-b") == [everywhere]
    assert again.undo(EVERY_DOCUMENT) == everywhere and again.for_document("doc-b") == []
    link = Correction("link", ("Becquerel",), target="Henri Becquerel")
    again.add("doc-a", link)
    assert CorrectionStore(tmp_path / "c.json").get("doc-a") == [own, link]
