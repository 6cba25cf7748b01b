"""Step 2: grouping mentions inside the document, on synthetic and real spaCy mentions."""

from __future__ import annotations

from glossator.core.nlp.grouping import Grouper, word_similar
from glossator.core.nlp.mentions import NameMention


def nm(text, label="PERSON", sent=0, start=0, title=None):
    return NameMention(start, start + len(text), text, label, "ner", sent, title)


def test_surname_and_title_surname_join_the_full_name():
    groups = Grouper().group([nm("Angela Merkel", start=0), nm("Merkel", start=40, sent=1),
                              nm("Merkel", start=90, sent=2, title="Chancellor")])
    assert len(groups) == 1
    assert groups[0].name == "Angela Merkel"


def test_variant_spellings_of_one_general_are_one_entity():
    names = ["Khalifa Haftar", "Khalifa Hafter", "Khalifa Heftar", "Haftar", "Hifter",
             "Khalifa Haftr"]
    ms = [nm(t, start=i * 100, sent=i) for i, t in enumerate(names)]
    ms[3].label = "ORG"  # NER often mislabels a lone foreign surname
    groups = Grouper().group(ms)
    assert len(groups) == 1, [g.name for g in groups]


def test_different_people_with_similar_names_stay_apart():
    groups = Grouper().group([nm("Jane Smith", sent=0), nm("John Smith", start=50, sent=1)])
    assert len(groups) == 2
    # Two spellings in one sentence are two entities, however close.
    groups = Grouper().group([nm("Marian", start=0, sent=0), nm("Marion", start=20, sent=0)])
    assert len(groups) == 2


def test_names_the_kb_knows_as_different_articles_stay_apart(starter_kb):
    def known(name):
        return frozenset(c.title for c in starter_kb.lookup(name) if c.kind == "title")

    groups = Grouper(known).group([nm("Austria", "GPE"), nm("Australia", "GPE", 1, 30)])
    assert len(groups) == 2


def test_acronym_joins_its_expansion_without_brackets():
    groups = Grouper().group([nm("European Central Bank", "ORG"), nm("ECB", "ORG", 2, 80)])
    assert len(groups) == 1 and groups[0].name == "European Central Bank"


def test_places_and_people_do_not_merge_on_a_lookalike():
    groups = Grouper().group([nm("Paris", "GPE"), nm("Parris", "PERSON", 3, 60)])
    assert len(groups) == 2


def test_gender_from_title_and_first_name():
    g = Grouper().group([nm("Smith", title="Mrs", sent=0)])[0]
    assert g.gender == "female"
    g = Grouper().group([nm("John Brown")])[0]
    assert g.gender == "male"


def test_word_similarity_uses_sound_and_spelling():
    assert word_similar("gaddafi", "qaddafi") >= 0.8
    assert word_similar("haftar", "hafter") >= 0.8
    assert word_similar("smith", "jones") < 0.5


def test_grouping_on_real_text(engine):
    text = ("Gen. Khalifa Hafter said his forces would advance. Haftar later met the envoy. "
            "Heftar's troops entered the city.")
    ann = engine.annotate(text)
    ids = {m.entity for m in ann.mentions if m.kind == "name"
           and m.text in ("Khalifa Hafter", "Haftar", "Heftar")}
    assert len(ids) == 1 and None not in ids
    e = ann.entity(ids.pop())
    assert e.label == "PERSON" and e.kb_title is None


def test_a_peoples_adjective_is_not_short_for_an_organisation(engine):
    ann = engine.annotate("Scottish Athletics held its meeting in Glasgow. Scottish officials "
                          "said the vote was close.")
    groups = {}
    for m in ann.mentions:
        if m.kind == "name":
            groups.setdefault(m.entity, set()).add(m.text)
    assert {"Scottish Athletics"} in groups.values()
    assert not any({"Scottish", "Scottish Athletics"} <= g for g in groups.values())


def test_a_country_and_its_capital_and_a_firm_and_its_product_stay_apart(engine):
    ann = engine.annotate("Prices rose in Mexico this year. Mexico City's mayor said rents in "
                          "Mexico City doubled. Microsoft said sales of the Microsoft Surface "
                          "tablet fell. Microsoft shares dropped.")
    by_text = {}
    for m in ann.mentions:
        if m.kind == "name":
            by_text.setdefault(m.text, set()).add(m.entity)
    assert by_text["Mexico"].isdisjoint(by_text["Mexico City"])
    assert by_text["Microsoft"].isdisjoint(by_text["Microsoft Surface"])
    assert {ann.entity(e).kb_title for e in by_text["Mexico"]} == {"Mexico"}
    assert {ann.entity(e).kb_title for e in by_text["Microsoft"]} == {"Microsoft"}
