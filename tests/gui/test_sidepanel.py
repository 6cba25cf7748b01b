"""The side panel of a reference: compact and top-aligned, its link named after the article."""

from __future__ import annotations

from itertools import pairwise

from glossator.core.models import Article
from glossator.core.nlp.types import Alternative, Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.sidepanel import SidePanel
from tests.gui.conftest import make_document

TEXT = ("Russia said on Monday that it would respond. Russian officials said she would "
        "not wait.")


def _panel(qtbot) -> SidePanel:
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.resize(340, 820)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _state(name: str = "Russian", confidence: float = 0.95) -> tuple[DocState, dict]:
    doc = make_document(TEXT)
    state = DocState(doc)
    russia = Entity("e1", name, "GPE", kb_title="Russia", confidence=confidence)
    at = {w: TEXT.index(w) for w in ("Russia ", " it ", "Russian", " she ")}
    mentions = {
        "Russia": Mention(at["Russia "], at["Russia "] + 6, "Russia", "name", "e1", 0.95, ""),
        "it": Mention(at[" it "] + 1, at[" it "] + 3, "it", "reference", "e1", 0.8,
                      "'it': Russia, the nearest earlier place"),
        "Russian": Mention(at["Russian"], at["Russian"] + 7, "Russian", "name", "e1", 0.95, ""),
        "she": Mention(at[" she "] + 1, at[" she "] + 4, "she", "reference", None, 0.3,
                       "'she': unclear, no woman is named nearby"),
    }
    state.add_part(sorted(mentions.values(), key=lambda m: m.start), [russia], {
        "Russia": Article("Russia", description="Country in Eastern Europe",
                          extract="Russia is a country.")})
    return state, mentions


def test_an_unclear_reference_is_compact_and_at_the_top(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state()
    panel.show_mention(state, mentions["she"], known=False)
    qtbot.wait(50)
    shown = [w for w in (panel.refers, panel.title, panel.description) if w.isVisible()]
    assert shown == [panel.refers, panel.title, panel.description]
    # One after the other, a line's spacing apart, not spread over the panel's height.
    for above, below in pairwise(shown):
        gap = below.geometry().top() - above.geometry().bottom()
        assert 0 <= gap <= 16, (above.objectName(), below.objectName(), gap)
    assert panel.description.geometry().bottom() < panel.height() // 3
    for w in shown:
        assert w.height() <= w.sizeHint().height() + 8, w.objectName()


def test_a_reference_to_a_country_shows_the_article_not_the_adjective(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state(name="Russian")
    panel.show_mention(state, mentions["it"], known=False)
    assert "Show Russia</a>" in panel.refers.text()
    assert "Show Russian" not in panel.refers.text()
    assert panel.title.text() == "Russia"


def test_a_guessed_link_is_named_by_the_text(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state(name="Moskva", confidence=0.4)
    panel.show_mention(state, mentions["it"], known=False)
    assert "Show Moskva</a>" in panel.refers.text()


KREMLIN = "The Kremlin said on Monday that Russia would not attend. Washington said no."


def _metonyms() -> tuple[DocState, dict]:
    """ "Kremlin" names the fortress and stands for Russia's government; "Washington"
    stands for a government whose country the text does not name (the same entity)."""
    doc = make_document(KREMLIN)
    state = DocState(doc)
    k, r, w = (KREMLIN.index(x) for x in ("Kremlin", "Russia", "Washington"))
    ms = {
        "Kremlin": Mention(k, k + 7, "Kremlin", "name", "e1", 0.95, ""),
        "Kremlin ref": Mention(k, k + 7, "Kremlin", "reference", "e2", 0.8,
                               "'Kremlin': stands for the government of Russia"),
        "Russia": Mention(r, r + 6, "Russia", "name", "e2", 0.95, ""),
        "Washington": Mention(w, w + 10, "Washington", "name", "e3", 0.95, ""),
        "Washington ref": Mention(w, w + 10, "Washington", "reference", "e3", 0.7,
                                  "'Washington': stands for the government of the United "
                                  "States (not named in the text)"),
    }
    entities = [Entity("e1", "Kremlin", "FAC", kb_title="Moscow Kremlin", confidence=0.95),
                Entity("e2", "Russia", "GPE", kb_title="Russia", confidence=0.95),
                Entity("e3", "Washington", "GPE", kb_title="Washington, D.C.",
                       confidence=0.95)]
    state.add_part(sorted(ms.values(), key=lambda m: (m.start, m.kind)), entities, {
        "Moscow Kremlin": Article("Moscow Kremlin", description="Fortified complex in Moscow",
                                  extract="The Kremlin is a fortified complex."),
        "Russia": Article("Russia", description="Country", extract="Russia is a country."),
        "Washington, D.C.": Article("Washington, D.C.", description="Capital city",
                                    extract="Washington is a city.")})
    return state, ms


def test_a_metonym_shows_the_word_and_what_it_stands_for(qtbot):
    from glossator.gui.explain import card_for

    state, ms = _metonyms()
    k = ms["Kremlin"].start
    assert state.mention_at(k + 2) is ms["Kremlin"]  # the word's own entity first
    assert state.metonym_of(ms["Kremlin"]) is ms["Kremlin ref"]
    card = card_for(state, ms["Kremlin"])
    assert card.title == "Moscow Kremlin"
    assert card.note == "Here it stands for the government of Russia"
    panel = _panel(qtbot)
    panel.show_mention(state, ms["Kremlin"], known=False)
    assert panel.refers.isVisible() and panel.title.text() == "Moscow Kremlin"
    assert panel.refers.text().startswith("Here it stands for the government of Russia")
    assert "Show Russia</a>" in panel.refers.text()
    # The same entity on both: one mention, no link to itself.
    assert [m.kind for m in state.mentions_of("e3")] == ["name"]
    assert dict((e.id, n) for g in state.grouped().values() for e, n in g)["e3"] == 1
    panel.show_mention(state, ms["Washington"], known=False)
    assert "not named in the text" in panel.refers.text() and "Show" not in panel.refers.text()


def test_another_mention_opens_the_panel_at_the_top(qtbot):
    panel = _panel(qtbot)
    panel.resize(340, 200)  # short: the panel scrolls
    state, ms = _metonyms()
    panel.show_mention(state, ms["Washington"], known=False)
    bar = panel.scroll.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    panel.show_mention(state, ms["Kremlin"], known=False)
    assert bar.value() == 0


def test_a_name_with_a_likely_enough_perhaps_is_not_said_to_be_missing(qtbot):
    """The tour's Valencia: "not in your knowledge" over "Did you mean Valencia" was false;
    with a "perhaps" the panel says what to do if it is not that one."""
    panel = _panel(qtbot)
    panel.set_missing_hints("Not in your knowledge: attach a Wikipedia ZIM (K).",
                            "Not in your knowledge: fetch it now (K).")
    doc = make_document(TEXT)
    at = TEXT.index("Russia ")
    for alternatives, first in (([Alternative("Russia", 0.35)], "Perhaps \u201cRussia\u201d"),
                                ([Alternative("Russia", 0.04)], "Not in your knowledge"),
                                ([], "Not in your knowledge")):
        state = DocState(doc)
        entity = Entity("e1", "Russia", "GPE", kb_title=None, confidence=0.65,
                        alternatives=alternatives)
        mention = Mention(at, at + 6, "Russia", "name", "e1", 0.65, "")
        state.add_part([mention], [entity], {})
        panel.show_mention(state, mention, known=False)
        text = panel.summary.text()
        assert text.startswith(first), text
        if alternatives and alternatives[0].score >= 0.1:
            assert text.endswith("If not, attach a Wikipedia ZIM (K).")
            assert "Not in your knowledge" not in text


def test_a_guess_stays_among_the_choices_so_the_reader_can_confirm_it(qtbot):
    """An app tour could not confirm "Perhaps Marie Curie?": "Choose another" left the
    guessed article out, as it leaves a sure link's out."""
    from glossator.gui.messages import Choice

    panel = _panel(qtbot)
    for confidence, expected in ((0.7, ["Russia \u2014 country (the current guess)",
                                        "Russian Empire \u2014 empire"]),
                                 (0.95, ["Russian Empire \u2014 empire"])):
        state, mentions = _state(confidence=confidence)
        panel.show_mention(state, mentions["Russian"], known=False)
        panel.set_choices([Choice("Russia", "country"), Choice("Russian Empire", "empire")])
        assert [panel.choices.item(i).text() for i in range(panel.choices.count())] == \
            expected


def test_the_panel_says_how_the_text_spells_a_name_the_article_never_writes(qtbot):
    """"Itally" linked to Italy: the panel's summary says so after the article's words
    (a tour of the app: only the card did)."""
    panel = _panel(qtbot)
    text = "Officials in Itally said so."
    state = DocState(make_document(text))
    a = text.index("Itally")
    italy = Entity("e1", "Itally", "GPE", kb_title="Italy", confidence=0.9,
                   spellings=["Itally"])
    state.add_part([Mention(a, a + 6, "Itally", "name", "e1", 0.9, "")], [italy], {
        "Italy": Article("Italy", description="Country in Europe",
                         extract="Italy is a country.")})
    panel.show_entity(state, italy, known=False)
    assert panel.summary.text() == "Italy is a country.\n\nSpelled \u201cItally\u201d in this text."
    italy.spellings = ["Italy", "Itally"]
    state.articles["Italy"] = Article("Italy", extract="Italy (Itally in old maps) is ...")
    panel.show_entity(state, italy, known=False)
    assert "Spelled" not in panel.summary.text()  # the article writes both
