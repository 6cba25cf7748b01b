"""Did you mean: a result clicked in Look up or in the panel of a name the knowledge base
lacks shows that article, and offers to link the name of the text to it (issue 15)."""

from __future__ import annotations

from glossator.gui.messages import Choice
from tests.gui.conftest import open_and_wait


def _click_row(panel, title: str):
    item = next(panel.choices.item(i) for i in range(panel.choices.count())
                if panel.choices.item(i).data(256) == title)
    panel.choices.itemClicked.emit(item)
    return item


def _opened_recording_choices(qtbot, window, monkeypatch):
    """The sample shown; the links the panel asks for are recorded, not made."""
    state = open_and_wait(qtbot, window)
    chosen: list = []
    monkeypatch.setattr(window, "choose_article", lambda e, t: chosen.append((e.name, t)))
    window.panel.choiceMade.disconnect()
    window.panel.choiceMade.connect(window.choose_article)
    return state, chosen


def test_a_look_up_result_clicked_shows_its_article_and_offers_the_link(
        qtbot, fake_window, monkeypatch):
    window = fake_window
    state, chosen = _opened_recording_choices(qtbot, window, monkeypatch)
    window.look_up("Marie Curie")
    panel = window.panel
    qtbot.waitUntil(lambda: panel.choices.count() > 0, timeout=10_000)
    assert panel.description.text() == "Did you mean\u2026"
    _click_row(panel, "Marie Curie")
    qtbot.waitUntil(lambda: panel.preview_summary.text() != "", timeout=10_000)
    article = state.articles["Marie Curie"]
    assert panel.preview.isVisible()
    assert panel.preview_title.text() == "Marie Curie"
    assert panel.preview_summary.text() == article.extract
    assert "CC BY-SA" in panel.preview_meta.text()
    # The words are a name of the text: it may be linked to the article shown.
    assert panel.use_button.isVisible() and panel.use_button.isEnabled()
    assert panel.use_button.text() == "Link \u201cMarie Curie\u201d to this article"
    panel.choices.setCurrentItem(_click_row(panel, "Marie Curie"))
    panel.use_button.click()
    assert chosen == [("Marie Curie", "Marie Curie")]


def test_words_that_are_no_name_show_the_article_without_a_link(qtbot, fake_window):
    window = fake_window
    open_and_wait(qtbot, window)
    window.look_up("physics prize")
    panel = window.panel
    qtbot.waitUntil(lambda: panel.choices.count() > 0, timeout=10_000)
    title = panel.choices.item(0).data(256)
    panel.choices.itemActivated.emit(panel.choices.item(0))  # Enter: shows it too
    qtbot.waitUntil(lambda: panel.preview_summary.text() != "", timeout=10_000)
    assert panel.preview_title.text() == title
    assert not panel.use_button.isVisible()


def test_a_name_not_in_the_kb_offers_did_you_mean_and_links_the_one_clicked(
        qtbot, fake_window, monkeypatch):
    window = fake_window
    state, chosen = _opened_recording_choices(qtbot, window, monkeypatch)
    missing = next(m for m in state.mentions if m.text == "Zorbulax Quentin")
    window.explain(missing)
    panel = window.panel
    # At once, without a click on "Choose another": the name's candidates.
    assert panel.choices_box.isVisible()
    assert panel.choices_label.text() == "Did you mean\u2026"
    assert panel.search.isVisible() and not panel.choose_button.isVisible()
    assert panel.search.placeholderText() == "Search the knowledge base\u2026"
    qtbot.waitUntil(lambda: "Looking" not in panel.choices.item(0).text(), timeout=10_000)
    panel.set_choices([Choice("Albert Einstein", "physicist")])  # as a search would
    _click_row(panel, "Albert Einstein")
    qtbot.waitUntil(lambda: panel.preview_summary.text() != "", timeout=10_000)
    assert panel.preview_title.text() == "Albert Einstein"
    assert panel.preview_summary.text().startswith("Albert Einstein")
    assert panel.use_button.accessibleName() == "Link \u201cZorbulax Quentin\u201d to this article"
    # The button under the list, above the preview: a long summary never hides it.
    qtbot.waitUntil(lambda: panel.use_button.isVisible() and panel.preview.isVisible())
    assert panel.use_button.geometry().bottom() < panel.preview.geometry().top()
    panel.choices.setCurrentRow(0)
    panel.use_button.click()
    assert chosen == [("Zorbulax Quentin", "Albert Einstein")]


def test_did_you_mean_keeps_to_the_surname_itself(starter_kb):
    """A name the KB lacks: its last word's people come in when it is their very surname
    ("Marei Curie": the Curies) or a spelling of it with the same first name ("Ludwig
    Bethoven"), not otherwise ("Downing Street" is no Meryl Streep)."""
    from types import SimpleNamespace

    from glossator.gui.operations import FindChoices
    from glossator.gui.worker import Worker

    def titles(name: str) -> list[str]:
        return [c.title for c in Worker._choices(SimpleNamespace(kb=starter_kb),
                                                 FindChoices(name))]

    assert "Meryl Streep" not in titles("Downing Street")
    assert "Marie Curie" in titles("Marei Curie")
    assert "Ludwig van Beethoven" in titles("Ludwig Bethoven")  # the same first name


def test_did_you_mean_puts_another_town_last(starter_kb):
    """"Crewe" is a town of its own: Crete, one letter away, is no first choice for it
    (a tour of the app); "Basrah" is Basra written another way, still first."""
    from types import SimpleNamespace

    from glossator.gui.operations import FindChoices
    from glossator.gui.worker import Worker

    def titles(name: str) -> list[str]:
        return [c.title for c in Worker._choices(SimpleNamespace(kb=starter_kb),
                                                 FindChoices(name))]

    crewe = titles("Crewe")
    assert crewe[-1] == "Crete"  # after what the search finds
    # a search hit on another word of the same stem is none ("crewed" spaceflight)
    assert "Apollo 11" not in crewe and "Moon landing" not in crewe
    albany = titles("Albany")
    assert "Albania" in albany and albany[0] != "Albania"
    assert titles("Basrah")[0] == "Basra"
    assert titles("Itally")[0] == "Italy"
