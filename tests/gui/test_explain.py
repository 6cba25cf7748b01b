"""The card's words follow the ranker's confidence: a guess never looks like a fact."""

from glossator.core.models import Article
from glossator.core.nlp.types import Alternative, Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.explain import card_for, doubt_note
from tests.gui.conftest import make_document

SUMMARY = "Marie Curie was a physicist. She won two Nobel Prizes. She was born in Warsaw."


def _card(confidence: float, title: str | None = "Marie Curie"):
    doc = make_document()
    a = doc.text.index("Marie Curie")
    state = DocState(doc)
    entity = Entity("e1", "Marie Curie", "PERSON", kb_title=title, confidence=confidence,
                    alternatives=[Alternative("Pierre Curie", 0.2)])
    mention = Mention(a, a + 11, "Marie Curie", "name", "e1", confidence, "")
    state.add_part([mention], [entity], {"Marie Curie": Article("Marie Curie",
                                                                 extract=SUMMARY)})
    return card_for(state, mention), entity


def test_a_sure_link_shows_the_summary():
    card, _ = _card(0.95)
    assert card.title == "Marie Curie" and card.summary == SUMMARY


def test_a_guess_says_perhaps_with_one_sentence_and_the_odds():
    card, entity = _card(0.62)
    assert card.title == "Perhaps Marie Curie?"
    assert card.summary == "Marie Curie was a physicist."
    assert card.note == "Not sure (62%). Could also be: \u201cPierre Curie\u201d (20%). " \
        "Click to choose another."
    assert card.note == doubt_note(entity)
    assert "Click" not in doubt_note(entity, on_card=False)  # the panel has a button


def test_percentages_are_rounded_down():
    _card_unused, entity = _card(0.797)
    assert doubt_note(entity).startswith("Not sure (79%).")


def test_a_nil_entity_names_its_best_candidates():
    card, _ = _card(0.7, title=None)
    assert card.note == ("Perhaps \u201cPierre Curie\u201d (20%), but it is not likely enough "
                         "to show.")
    assert "not" in card.footer.lower()
