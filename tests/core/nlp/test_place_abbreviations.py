"""US states' abbreviations: read where a place stands, never taken for misspellings."""

from __future__ import annotations

import pytest

from glossator.core.nlp.place_abbreviations import STATES, TITLES, abbreviated, state_of


def _at(text: str, word: str) -> str | None:
    start = text.index(word)
    return abbreviated(text, start, start + len(word))


@pytest.mark.parametrize(("text", "word", "state"), [
    ("Officials in Sacramento, Calif., said", "Calif", "California"),
    ("Police in Austin, Tex., said", "Tex", "Texas"),
    ("He lives in Houston, TX with his wife.", "TX", "Texas"),
    ("She returned to Washington, D.C., on Monday.", "D.C.", "District of Columbia"),
    ("Protesters gathered in D.C. on Saturday.", "D.C.", "District of Columbia"),
    ("The plant in Albany, N.Y., closed.", "N.Y.", "New York"),
    ("The firm moved from Calif. to Nev. last year.", "Calif", "California"),
    ("The firm moved from Calif. to Nev. last year.", "Nev", "Nevada"),
    ("She flew to Jackson, Miss., and then on.", "Miss", "Mississippi"),
    ("Indianapolis, IN - A storm hit.", "IN", "Indiana"),
])
def test_read_where_a_place_stands(text, word, state):
    assert _at(text, word) == state


@pytest.mark.parametrize(("text", "word"), [
    ("Miss Smith attended Mass. Later she left.", "Mass"),  # a sentence ends
    ("Miss Smith attended Mass. Later she left.", "Miss"),  # a title, no full stop
    ("It was founded by William Penn. Penn later left.", "Penn"),
    ("Tex Ritter sang.", "Tex"),  # no full stop: a name
    ("Sales in IN and OR rose.", "IN"),  # a postal code alone is a word as often
    ("The CA rules changed.", "CA"),
    ("Californian wine sold well.", "Californian"),
    ("John Smith, MD, said the trial ended.", "MD"),  # a doctor's letters
    ("Jane Roe, PA, saw the patient.", "PA"),
    ("He bought an iPhone, CO for short.", "CO"),  # no capitalised word before the comma
])
def test_not_read_elsewhere(text, word):
    assert _at(text, word) is None


def test_every_form_names_one_state():
    forms = [f.replace(" ", "").rstrip(".") for fs in STATES.values() for f in fs]
    assert len(forms) == len(set(forms))
    assert len(STATES) == 51 and all(fs[0].isupper() and len(fs[0]) == 2
                                     for fs in STATES.values())
    assert state_of("W. Va.") == "West Virginia" and state_of("Calif") == "California"
    assert set(TITLES) <= set(STATES)


def test_the_kb_titles_exist(starter_kb):
    """Where the starter KB has a state, its title is the one the table gives."""
    assert starter_kb.contains("Washington, D.C.")
    assert starter_kb.contains("New York (state)")


def linked(engine, text):
    return {e.name: e for e in engine.annotate(text).entities}


def test_an_abbreviation_is_its_state_not_a_spelling_neighbour(engine):
    ents = linked(engine, "Officials in Sacramento, Calif., said the fire was contained.")
    assert ents["Calif"].kb_title == "California"  # it was Cali, Colombia
    ents = linked(engine, "The firm moved from Calif. to Nev. last year.")
    assert ents["Calif"].kb_title == "California"
    ents = linked(engine, "He lives in Houston, TX with his wife.")
    assert ents["TX"].kb_title == "Texas"


def test_dc_is_the_capital_not_direct_current(engine):
    # The KB's title, comma and all, is one name (NER reads two: "Washington" was NIL
    # beside a linked "D.C." until the fifty-fifth session).
    ents = linked(engine, "The senator returned to Washington, D.C., on Monday.")
    assert ents["Washington, D.C."].kb_title == "Washington, D.C."
    assert "Washington" not in ents and "D.C." not in ents
    ents = linked(engine, "The senator flew back to D.C. on Monday.")
    assert ents["D.C."].kb_title == "Washington, D.C."
    assert all(a.kb_title != "Direct current" for a in ents["D.C."].alternatives)


def test_a_place_put_in_an_abbreviated_state_fits_it(engine):
    ents = linked(engine, "Police in Austin, Tex., said the man was arrested.")
    austin = ents["Austin"]
    best = austin.kb_title or austin.alternatives[0].kb_title
    assert best == "Austin, Texas"
    assert austin.kb_title == "Austin, Texas" or austin.alternatives[0].score > 0.3
