"""Coverage: how many of a text's names the knowledge base explains (issue 14)."""

from __future__ import annotations

from glossator.core.nlp.types import Annotation, Entity, Mention


def _ann() -> Annotation:
    ents = [Entity("e1", "Angela Merkel", "PERSON", kb_title="Angela Merkel"),
            Entity("e2", "Ines Borg", "PERSON"), Entity("e3", "Trafigura", "ORG"),
            Entity("e4", "Berlin", "GPE", kb_title="Berlin")]
    spans = [("e1", 0), ("e2", 20), ("e3", 40), ("e3", 60), ("e4", 80), ("e2", 100)]
    mentions = [Mention(s, s + 5, "x", "name", e, 1.0, "") for e, s in spans]
    mentions.append(Mention(120, 123, "she", "reference", "e2", 0.9, ""))
    mentions.append(Mention(130, 133, "the", "reference", "e5", 0.9, ""))  # no name: no count
    return Annotation("x" * 140, [*ents, Entity("e5", "the plan", "")], mentions)


def test_counts_named_entities_and_lists_the_missing_most_used_first():
    cov = _ann().coverage()
    assert (cov.names, cov.explained) == (4, 2)
    assert cov.missing == ("Ines Borg", "Trafigura")  # two uses each: the first named first
    assert cov.sentence() == "2 of 4 names explained; 2 not in your knowledge"


def test_in_the_annotate_json():
    data = _ann().to_json()
    assert data["coverage"] == {"names": 4, "explained": 2,
                                "missing": ["Ines Borg", "Trafigura"]}


def test_a_text_without_names_or_with_all_explained():
    assert Annotation("").coverage().sentence() == "No names found"
    one = Annotation("Berlin", [Entity("e1", "Berlin", "GPE", kb_title="Berlin")],
                     [Mention(0, 6, "Berlin", "name", "e1", 1.0, "")])
    assert one.coverage().sentence() == "1 of 1 name explained"


def test_the_real_engine_reports_coverage(engine):
    ann = engine.annotate("Angela Merkel met the economist Ines Borg in Berlin. Borg said "
                          "Merkel listened.")
    cov = ann.coverage()
    assert cov.names >= 3 and "Ines Borg" in cov.missing
    assert cov.explained == cov.names - len(cov.missing)
