"""The window over the real engine, the real starter pack and the real Worker (issue 15).

The paths the fake engine hides: spaCy's names and references, the linker's articles, and
corrections applied to what the streaming analysis really sends. The model is loaded once
per session (``real_engine``); each test takes a few seconds.
"""

from __future__ import annotations

import pytest
from PySide6.QtWidgets import QInputDialog

from glossator.gui.reader import DASHED, DOTTED, SOLID
from tests.gui.conftest import make_document, open_and_wait
from tests.gui.helpers import click

pytestmark = pytest.mark.slow  # runs in `make test` (only "packaging" is left out)

NEWS = ("# Summit in Berlin\n\n"
        "Angela Merkel met Emmanuel Macron in Berlin on Tuesday. She said the talks had gone "
        "well. Merkel later flew to Brussels, where the chancellor met officials of the "
        "European Union.\n\n"
        "President Macron told reporters that France would keep its promise. Mr Macron's "
        "spokesman, Hart Willowby, said nothing. Pravdin Koster, an adviser, said Merkel was "
        "tired. Koster left early.\n")


def _rows(window) -> dict[str, int]:
    window.whos_who.rebuild()
    return {name: n for group in window.whos_who.rows().values() for name, n in group}


def _open(qtbot, window):
    state = open_and_wait(qtbot, window, make_document(NEWS))
    assert state.finished and window.status.ready
    window.whos_dock.show()
    return state


def test_a_known_name_is_underlined_and_its_panel_shows_its_article(qtbot, real_window):
    window = real_window
    state = _open(qtbot, window)
    reader = window.reader
    at = NEWS.index("Angela Merkel")
    mention = reader.mention_at(at)
    assert mention is not None and mention.text == "Angela Merkel"
    merkel = state.entity_of(mention)
    assert merkel.kb_title == "Angela Merkel"
    assert reader.underline_at(at)[0] == SOLID
    # "Merkel" alone is the same person, underlined the same way.
    later = NEWS.index("Merkel later")
    assert state.entity_of(reader.mention_at(later)).id == merkel.id
    # A name the starter pack lacks is dashed.
    assert reader.underline_at(NEWS.index("Hart Willowby"))[0] == DASHED
    click(reader, at + 3)
    panel = window.panel
    article = state.articles["Angela Merkel"]
    assert panel.title.text() == "Angela Merkel"
    assert panel.summary.text() == article.extract and "German" in article.extract
    assert panel.mentions.count() == len(state.mentions_of(merkel.id)) >= 3
    assert _rows(window)["Angela Merkel"] == len(state.mentions_of(merkel.id))


def test_a_reference_shows_what_it_refers_to(qtbot, real_window):
    window = real_window
    state = _open(qtbot, window)
    she = NEWS.index(" She ") + 1
    m = window.reader.mention_at(she)
    assert m is not None and m.kind == "reference"
    assert window.reader.underline_at(she)[0] == DOTTED
    assert state.entity_of(m).name == "Angela Merkel"
    click(window.reader, she + 1)
    panel = window.panel
    assert panel.refers.isVisible()
    assert "Refers to" in panel.refers.text() and "Show Angela Merkel" in panel.refers.text()
    assert panel.title.text() == "Angela Merkel"


def _pick(monkeypatch, name):
    def get_item(_parent, _title, _prompt, labels, *_args):
        return next(label for label in labels if label.startswith(name)), True
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))


def test_corrections_update_the_whos_who_at_once(qtbot, real_window, monkeypatch):
    window = real_window
    state = _open(qtbot, window)
    rows = _rows(window)
    assert {"Hart Willowby", "Pravdin Koster", "Emmanuel Macron"} <= set(rows)
    koster = rows["Pravdin Koster"]
    # "These are the same person": two rows become one, with both names' mentions.
    hart = next(e for e in state.entities.values() if e.name == "Hart Willowby")
    _pick(monkeypatch, "Pravdin Koster")
    window.whos_who.correctionWanted.emit("same", hart)
    rows = _rows(window)
    assert ("Hart Willowby" in rows) != ("Pravdin Koster" in rows)
    assert rows.get("Pravdin Koster", rows.get("Hart Willowby")) == koster + 1
    # "This is not a name" on a word of the text: its row and underline go.
    word = window.reader.mention_at(NEWS.index("Emmanuel Macron"))
    window.reader.correctionWanted.emit("not_name", word)
    window.reader.flush()
    assert window.reader.mention_at(NEWS.index("Emmanuel Macron")) is None
    rows = _rows(window)
    assert rows.get("Emmanuel Macron", 0) == 2  # "Macron" twice is still a name
    window.undo_correction()
    window.undo_correction()
    rows = _rows(window)
    assert rows["Hart Willowby"] == 1 and rows["Pravdin Koster"] == koster
    assert rows["Emmanuel Macron"] == 3


def test_did_you_mean_for_a_misspelled_name_links_it(qtbot, real_window):
    """A name the KB lacks: its candidates at once; one clicked shows its article; the
    link makes the name mean it (written in the session's user layer)."""
    window = real_window
    text = "# Concert\n\nThe orchestra played Ludwig Bethoven all night.\n"
    state = open_and_wait(qtbot, window, make_document(text))
    at = text.index("Ludwig Bethoven")
    entity = state.entity_of(window.reader.mention_at(at))
    assert entity.kb_title is None
    assert window.reader.underline_at(at)[0] == DASHED
    click(window.reader, at + 2)
    panel = window.panel
    assert panel.choices_box.isVisible() and panel.choices_label.text() == "Did you mean\u2026"
    titles = lambda: [panel.choices.item(i).data(256) for i in range(panel.choices.count())]  # noqa: E731
    qtbot.waitUntil(lambda: "Ludwig van Beethoven" in titles(), timeout=10_000)
    panel.choices.setCurrentRow(titles().index("Ludwig van Beethoven"))
    qtbot.waitUntil(lambda: "composer" in panel.preview_description.text().lower()
                    or "composer" in panel.preview_summary.text(), timeout=10_000)
    assert panel.preview_title.text() == "Ludwig van Beethoven"
    panel.use_button.click()
    qtbot.waitUntil(lambda: window.state.entity_of(
        window.reader.mention_at(at)).kb_title == "Ludwig van Beethoven", timeout=10_000)
    assert panel.title.text() == "Ludwig van Beethoven"
    window.reader.flush()
    assert window.reader.underline_at(at)[0] == SOLID
    # Undo takes the choice back everywhere: the KB forgets it and the document is
    # analysed again, so the name means what the KB says (nothing) in this analysis and
    # in any later one.
    with qtbot.waitSignal(window.annotationDone, timeout=60_000):
        window.undo_correction()
    assert window.state.entity_of(window.reader.mention_at(at)).kb_title is None
    with qtbot.waitSignal(window.annotationDone, timeout=60_000):
        window.reannotate()
    assert window.state.entity_of(window.reader.mention_at(at)).kb_title is None
