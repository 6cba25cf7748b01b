"""The card's words follow the ranker's confidence: a guess never looks like a fact."""

import dataclasses

from glossator.core.models import Article
from glossator.core.nlp.types import Alternative, Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.explain import NOT_IN_KB, NOT_SURE_IN_KB, card_for, doubt_note, source_words
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
        "Click the name for the others."
    assert card.note == doubt_note(entity)
    assert "Click" not in doubt_note(entity, on_card=False)  # the panel has a button


def test_percentages_are_rounded_down():
    _card_unused, entity = _card(0.797)
    assert doubt_note(entity).startswith("Not sure (79%).")


def test_a_candidate_under_one_percent_is_not_offered():
    """"Perhaps “Origen” (0%)" for Oregon says nothing a reader can use."""
    _card_unused, entity = _card(0.7, title=None)
    entity.alternatives[:] = [Alternative("Origen", 0.004)]
    assert doubt_note(entity) == ""
    entity.alternatives[:] = [Alternative("Pierre Curie", 0.2), Alternative("Origen", 0.004)]
    assert "Origen" not in doubt_note(entity) and "Pierre Curie" in doubt_note(entity)
    _card_unused, sure = _card(0.62)
    sure.alternatives[:] = [Alternative("Origen", 0.004)]
    assert doubt_note(sure) == "Not sure (62%). Click the name to choose another."


def test_a_nil_entity_names_no_long_shot():
    """"Perhaps “Liverpool” (3%)" on the club the text calls a sports team is noise."""
    _card_unused, entity = _card(0.7, title=None)
    entity.alternatives[:] = [Alternative("Liverpool", 0.03)]
    assert doubt_note(entity) == ""
    entity.alternatives[:] = [Alternative("Valencia", 0.34), Alternative("Liverpool", 0.03)]
    assert doubt_note(entity) == "Perhaps \u201cValencia\u201d (34%): too uncertain to show."
    entity.alternatives[:] = [Alternative("Valencia", 0.52), Alternative("Liverpool", 0.2)]
    assert doubt_note(entity) == ("Perhaps \u201cValencia\u201d (52%); \u201cLiverpool\u201d "
                                  "(20%): each too uncertain to show.")


def test_a_nil_perhaps_that_bears_the_name_says_what_it_is():
    """"Perhaps “Valencia” (34%)" on a team called Valencia repeated the name."""
    doc = make_document()
    a = doc.text.index("Marie Curie")
    state = DocState(doc)
    entity = Entity("e1", "Marie Curie", "ORG", kb_title=None, confidence=0.66,
                    alternatives=[Alternative("Marie Curie", 0.34)])
    mention = Mention(a, a + 11, "Marie Curie", "name", "e1", 0.66, "")
    state.add_part([mention], [entity], {"Marie Curie": Article(
        "Marie Curie", description="Polish-French physicist", extract=SUMMARY)})
    card = card_for(state, mention)
    assert card.note == ("Perhaps \u201cMarie Curie\u201d (Polish-French physicist, 34%): "
                         "too uncertain to show.")
    # A common noun that opens the description is written as inside a sentence.
    state.articles["Marie Curie"] = Article("Marie Curie", description="Municipality in Spain")
    assert "(municipality in Spain, 34%)" in card_for(state, mention).note
    for kept in ("American physicist", "NASA mission", "Paris-based firm"):
        state.articles["Marie Curie"] = Article("Marie Curie", description=kept)
        assert f"({kept}, 34%)" in card_for(state, mention).note
    # Another name's title says what it is by itself; a linked entity's doubt names its
    # rivals by title, as the side panel does.
    state.articles["Pierre Curie"] = Article("Pierre Curie", description="French physicist")
    entity.alternatives[:] = [Alternative("Pierre Curie", 0.34)]
    assert "physicist" not in card_for(state, mention).note
    linked = dataclasses.replace(entity, kb_title="Pierre Curie", confidence=0.6,
                                 alternatives=[Alternative("Marie Curie", 0.3)])
    assert "physicist" not in doubt_note(linked, article=state.articles.get)


def test_a_nil_entity_names_its_best_candidates():
    card, _ = _card(0.7, title=None)
    assert card.note == "Perhaps \u201cPierre Curie\u201d (20%): too uncertain to show."
    # The KB holds the candidates: "not in your knowledge base" would be false for them.
    assert card.footer == f"{NOT_SURE_IN_KB} Click for options."


def test_a_nil_entity_with_no_likely_candidate_is_not_in_the_kb():
    _card_unused, entity = _card(0.7, title=None)
    entity.alternatives[:] = [Alternative("Pierre Curie", 0.05)]
    doc = make_document()
    a = doc.text.index("Marie Curie")
    state = DocState(doc)
    mention = Mention(a, a + 11, "Marie Curie", "name", "e1", 0.7, "")
    state.add_part([mention], [entity], {})
    assert card_for(state, mention).footer == f"{NOT_IN_KB} Click for options."


# ------------------------------------------------------------ what the text says (issue 13)

NEWS = ("Colonel Ahmed Salih, the strongman of the south, spoke. Salih said no. Colonel "
        "Saleh denied it.")


def _salih(kb_title=None, confidence=0.0):
    from glossator.core.nlp.types import TextDescriptor

    doc = make_document("# News\n\n" + NEWS)
    text = doc.text
    col = text.index("Colonel")
    strong = text.index("the strongman")
    entity = Entity("e1", "Ahmed Salih", "PERSON", kb_title=kb_title, confidence=confidence,
                    descriptors=[TextDescriptor("Colonel", "title", col, col + 7, "title"),
                                 TextDescriptor("the strongman of the south", "apposition",
                                                strong, strong + 26, "appositive")],
                    spellings=["Ahmed Salih", "Salih", "Saleh"],
                    first_sentence="Colonel Ahmed Salih, the strongman of the south, spoke.",
                    first_sentence_start=col)
    state = DocState(doc)
    mentions = []
    for word in ("Ahmed Salih", "Salih said", "Saleh"):
        at = text.index(word)
        surface = word.split(" said")[0]
        mentions.append(Mention(at, at + len(surface), surface, "name", "e1", 0.8, ""))
    articles = {} if kb_title is None else {kb_title: Article(
        kb_title, "Libyan officer", extract="Ahmed Salih is a Libyan officer. He leads.")}
    state.add_part(mentions, [entity], articles)
    return state, mentions, entity


def test_a_name_not_in_the_kb_shows_what_the_text_says():
    state, mentions, _entity = _salih()
    card = card_for(state, mentions[0])
    assert card.title == "Ahmed Salih" and card.description == "Person"
    assert card.said == ("Colonel \u00b7 also written Saleh, Salih \u00b7 "
                         "\u201cthe strongman of the south\u201d")
    assert card.quote == ""  # the reader is looking at the first sentence
    later = card_for(state, mentions[1])
    assert later.quote == ("First mentioned: \u201cColonel Ahmed Salih, the strongman of "
                           "the south, spoke.\u201d")
    assert "Not in your knowledge base yet" in card.footer


def test_what_the_text_says_goes_beside_the_summary():
    state, mentions, _entity = _salih("Ahmed Salih", 0.95)
    card = card_for(state, mentions[1])
    assert card.summary.startswith("Ahmed Salih is a Libyan officer")
    assert "Colonel" in card.said and card.quote == ""


def test_role_and_panel_lines_use_no_engine_words():
    from glossator.gui.explain import role_words, said_lines

    _state, _mentions, entity = _salih()
    assert role_words(entity) == "Colonel, strongman of the south"
    assert said_lines(entity) == ["Colonel", "\u201cthe strongman of the south\u201d",
                                  "Also written Saleh, Salih"]
    bare = Entity("e2", "Lyon", "GPE", kb_title="Lyon", confidence=0.99)
    assert role_words(bare, Article("Lyon", "City in France")) == "City in France"
    # A guessed link's description is a guess too; the text's own words are not.
    guess = dataclasses.replace(bare, kb_title="Lyon", confidence=0.6)
    assert role_words(guess, Article("Lyon", "City in France")) == \
        "perhaps Lyon: City in France"
    assert role_words(dataclasses.replace(entity, kb_title="Lyon", confidence=0.6),
                      Article("Lyon", "City in France")) == "Colonel, strongman of the south"
    for words in (role_words(entity), *said_lines(entity)):
        assert not any(w in words for w in ("GPE", "PERSON", "apposition", "premodifier"))


def test_an_age_and_a_place_read_as_words():
    from glossator.core.export.said import said_line
    from glossator.core.nlp.types import TextDescriptor

    borg = Entity("e1", "Ines Borg", "PERSON", descriptors=[
        TextDescriptor("economist", "role", 4, 13, "premodifier"),
        TextDescriptor("42", "apposition", 25, 27, "age")], spellings=["Ines Borg"])
    assert said_line(borg) == "economist \u00b7 aged 42"
    paris = Entity("e2", "Paris", "GPE", descriptors=[
        TextDescriptor("Texas", "apposition", 7, 12, "location")], spellings=["Paris"])
    assert said_line(paris) == "in Texas"


def test_a_courtesy_title_alone_is_no_role():
    """A book's who's-who said "Mr" under half its people: a form of address is no role;
    the knowledge base's description, or another title, is shown instead."""
    from glossator.core.nlp.types import TextDescriptor
    from glossator.gui.explain import role_words

    shorten = Entity("e1", "Bill Shorten", "PERSON", kb_title="Bill Shorten", confidence=0.95,
                     descriptors=[
        TextDescriptor("Mr", "title", 0, 2), TextDescriptor("Ms.", "title", 30, 33)])
    assert role_words(shorten, Article("Bill Shorten", "Australian politician")) == \
        "Australian politician"
    assert role_words(shorten) == ""
    doctor = Entity("e2", "Ines Borg", "PERSON", descriptors=[
        TextDescriptor("Mr", "title", 0, 2), TextDescriptor("Dr", "title", 40, 42),
        TextDescriptor("economist", "role", 50, 59)])
    assert role_words(doctor) == "Dr, economist"


def test_the_source_names_a_kiwix_file_not_its_internal_id():
    zim = Article("Ada Lovelace", source="zim:wikipedia_en_all_mini_2024-05.zim",
                  layer="zim:wikipedia-en-all-1a2b3c4d")
    assert source_words(zim) == "Wikipedia, via the Kiwix file wikipedia_en_all_mini_2024-05.zim"
    assert source_words(Article("Ada", layer="zim:x-1")) == "Wikipedia, via an attached Kiwix file"
    assert source_words(Article("Ada", layer="starter")) == "Wikipedia, via the starter pack"


def test_a_close_spelling_says_how_the_text_spells_it():
    """"Itally" linked to Italy: the card says the text spells it so; a name the article
    writes itself ("Basrah" in Basra's summary, "Russian" in Russia's) gets no such note."""
    from glossator.gui.explain import spelled_note

    italy = Article("Italy", description="country in Southern Europe",
                    extract="Italy, officially the Italian Republic, is a country.")
    basra = Article("Basra", extract="Basra (also Basrah) is a city in Iraq.")
    russia = Article("Russia", extract="Russia is a country. The Russian language ...")

    assert spelled_note(["Itally"], italy) == "Spelled \u201cItally\u201d in this text."
    assert spelled_note(["Italy"], italy) == ""
    assert spelled_note(["Basrah"], basra) == ""
    assert spelled_note(["Russian"], russia) == ""
    assert spelled_note(["Ital"], italy) != ""  # a word of its own, not a prefix
    # a people's adjective, an abbreviation, another typography: none is a slip
    germany = Article("Germany", extract="Germany is a country in Europe.", etype="GPE")
    assert spelled_note(["German", "US", "Germany"], germany) == ""
    assert spelled_note(["Itally"], dataclasses.replace(italy, etype="GPE")) != ""
    # a nickname quoted inside the name is no other spelling (a tour's Lincoln card)
    lincoln = Article("Abraham Lincoln", extract="Abraham Lincoln was a lawyer.")
    assert spelled_note(['Abraham "Abe" Lincoln', "Abraham ``Abe'' Lincoln"], lincoln) == ""
    assert spelled_note(['Abraham "Abe" Lincon'], lincoln) != ""
    sao = Article("São Paulo", extract="São Paulo is a city.", etype="GPE")
    assert spelled_note(["Sao\u00a0Paulo"], sao) == ""
    obrien = Article("Conan O'Brien", extract="Conan O'Brien is a host.")
    assert spelled_note(["Conan O\u2019Brien"], obrien) == ""
    assert spelled_note(["Italy", "Itally", "Itali", "Itally"], italy) == \
        "Spelled \u201cItally\u201d, \u201cItali\u201d in this text."


def test_the_card_of_a_close_spelling_keeps_its_summary_and_says_the_spelling():
    doc = make_document()
    a = doc.text.index("Marie Curie")
    state = DocState(doc)
    entity = Entity("e1", "Marie Curie", "PERSON", kb_title="Maria Curie", confidence=0.9)
    mention = Mention(a, a + 11, "Marie Curie", "name", "e1", 0.9, "")
    state.add_part([mention], [entity], {"Maria Curie": Article(
        "Maria Curie", extract="Maria Skłodowska-Curie was a physicist.")})
    card = card_for(state, mention)
    assert card.title == "Maria Curie"
    assert card.note == "Spelled \u201cMarie Curie\u201d in this text."
