"""Corrections that last, Export notes and Look up, in the window (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog

from glossator import paths
from glossator.core.reading.corrections import Correction
from tests.gui.conftest import make_document, open_and_wait


def _entity(state, name):
    return next(e for e in state.entities.values() if e.name == name)


def _pick(monkeypatch, name):
    """The picker answers with the row of ``name``."""
    def get_item(_parent, _title, _prompt, labels, *_args):
        return next(label for label in labels if label.startswith(name)), True
    monkeypatch.setattr(QInputDialog, "getItem", staticmethod(get_item))


def test_same_person_merges_at_once_and_lasts_after_reopening(qtbot, fake_window,
                                                              monkeypatch):
    window = fake_window
    state = open_and_wait(qtbot, window)
    marie, pierre = _entity(state, "Marie Curie"), _entity(state, "Pierre Curie")
    window.whos_dock.show()
    _pick(monkeypatch, "Pierre Curie")
    window.whos_who.correctionWanted.emit("same", marie)
    # One entity now, in the state, who's who and the underlines (no new analysis).
    merged = [e for e in window.state.entities.values()
              if {"Marie Curie", "Pierre Curie"} & {e.name, *e.spellings}]
    assert len(merged) == 1
    kept = merged[0]
    assert {marie.name, pierre.name} <= {kept.name, *kept.spellings}
    rows = [name for group in window.whos_who.rows().values() for name, _n in group]
    assert sum(1 for r in rows if r in ("Marie Curie", "Pierre Curie")) == 1
    window.reader.flush()
    for m in window.state.mentions_of(kept.id):
        assert window.reader.mention_at(m.start).entity == kept.id
    stored = json.loads(Path(paths.corrections_path()).read_text(encoding="utf-8"))
    assert list(stored.values()) == [[{"kind": "same", "names": ["Marie Curie",
                                                                 "Pierre Curie"],
                                       "start": -1, "end": -1, "target": ""}]]
    # Reopened (the analysis runs again): the correction is applied to its updates.
    state = open_and_wait(qtbot, window, make_document())
    assert sum(1 for e in state.entities.values()
               if e.name in ("Marie Curie", "Pierre Curie")) == 1
    assert window.corrections_now() == [Correction("same", ("Marie Curie", "Pierre Curie"))]


def test_not_a_name_from_the_text_and_undo(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    warsaw = next(m for m in state.mentions if m.text == "Warsaw")
    menu = window.reader.context_menu_at(window.reader.viewport().rect().center())
    menu.deleteLater()
    window.reader.correctionWanted.emit("not_name", warsaw)
    assert all(m.text != "Warsaw" for m in window.state.mentions)
    assert all(e.name != "Warsaw" for e in window.state.entities.values())
    window.reader.flush()
    assert window.reader.mention_at(warsaw.start) is None
    assert window.undo_correction_action.isEnabled()
    assert "Not a name: Warsaw" in window.undo_correction_action.text()
    # Ctrl+Z in the text takes it back.
    window.reader.setFocus()
    qtbot.waitUntil(window.reader.hasFocus)
    qtbot.keyClick(window.reader, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    assert any(m.text == "Warsaw" for m in window.state.mentions)
    assert window.corrections_now() == []
    assert not window.undo_correction_action.isEnabled()
    window.reader.flush()
    assert window.reader.mention_at(warsaw.start) is not None


def test_a_reference_refers_to_another_person_from_the_panel(qtbot, fake_window,
                                                             monkeypatch):
    window = fake_window
    state = open_and_wait(qtbot, window)
    ref = next(m for m in state.mentions if m.kind == "reference" and m.text == "her")
    window.explain(ref)
    assert window.panel.correct_button.isVisible()
    assert window.panel.refers_action.isVisible()
    assert not window.panel.same_action.isVisible()
    _pick(monkeypatch, "Henri Becquerel")
    window.panel.refers_action.trigger()
    henri = _entity(window.state, "Henri Becquerel")
    assert ref.entity != henri.id
    assert window.state.mention_at(ref.start).entity == henri.id
    assert "Henri Becquerel" in window.panel.refers.text()  # the panel followed at once
    window.undo_correction()
    assert window.state.mention_at(ref.start).entity == ref.entity


def test_corrections_apply_to_every_update_of_the_analysis(qtbot, fake_window):
    from glossator.gui.messages import AnnotationPart

    window = fake_window
    state = open_and_wait(qtbot, window)
    window.correct(Correction("not_name", ("Paris",)))
    paris = next(m for m in window._raw.mentions if m.text == "Paris")
    # A later update of the same job sends Paris again, and a new entity.
    part = AnnotationPart(state.job, [paris], [window._raw.entities[paris.entity]], {},
                          len(state.document.text), len(state.document.text))
    window._on_part(part)
    assert all(m.text != "Paris" for m in window.state.mentions)


def test_export_notes_has_choices_known_names_and_corrections(qtbot, fake_window,
                                                               tmp_path: Path):
    window = fake_window
    state = open_and_wait(qtbot, window)
    einstein = _entity(state, "Albert Einstein")
    window.set_known(einstein, True)
    marie = _entity(state, "Marie Curie")
    window.panel.show_entity(state, marie, known=False)
    window.correct(Correction("link", ("Marie Curie",), target="Marie Sk\u0142odowska"))
    window.correct(Correction("not_name", ("Warsaw",)))
    out = tmp_path / "notes.md"
    assert window.export_notes_action.isEnabled()
    assert window.export_to(str(out), "notes")
    text = out.read_text(encoding="utf-8")
    assert text.startswith("# Notes: The Curies")
    assert "## Links I chose" in text and "**Marie Curie** is Marie Sk\u0142odowska" in text
    assert "## Names I know" in text and "- Albert Einstein" in text
    assert "## My corrections" in text and "Not a name: Warsaw" in text


def test_choosing_another_article_is_tracked_for_the_notes(qtbot, fake_window,
                                                           monkeypatch):
    window = fake_window
    from glossator.gui.operations import RememberChoice

    run = window.worker.run  # the KB is shared: nothing is remembered in it
    monkeypatch.setattr(window.worker, "run", lambda op, **kw: -1
                        if isinstance(op, RememberChoice) else run(op, **kw))
    state = open_and_wait(qtbot, window)
    marie = _entity(state, "Marie Curie")
    window.panel.show_entity(state, marie, known=False)
    window.choose_article(marie, "Paris")
    assert window.chosen_links() == {}  # not before the knowledge base has it
    paris = state.articles["Paris"]
    window._remembered(marie.id, "Paris", paris)  # what RememberChoice answers
    assert window.chosen_links() == {"Marie Curie": "Paris"}
    assert _entity(window.state, "Marie Curie").kb_title == "Paris"
    assert window.panel.title.text() == "Paris"
    # Kept with the document: reopened, the link is applied again to the new analysis.
    state = open_and_wait(qtbot, window)
    assert window.chosen_links() == {"Marie Curie": "Paris"}
    assert _entity(window.state, "Marie Curie").kb_title == "Paris"
    stored = json.loads(Path(paths.corrections_path()).read_text(encoding="utf-8"))
    assert {"kind": "link", "names": ["Marie Curie"], "start": -1, "end": -1,
            "target": "Paris"} in next(iter(stored.values()))
    # Undone as a correction is.
    assert "Marie Curie is Paris" in window.undo_correction_action.text()
    window.undo_correction()
    assert window.chosen_links() == {}
    assert _entity(window.state, "Marie Curie").kb_title == "Marie Curie"


def test_not_a_name_in_every_document(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    warsaw = next(m for m in state.mentions if m.text == "Warsaw")
    menu = window.reader.context_menu_at(window.reader.viewport().rect().center())
    menu.deleteLater()
    window.reader.correctionWanted.emit("not_name_everywhere", warsaw)
    assert all(m.text != "Warsaw" for m in window.state.mentions)
    assert "in every document" in window.status_label.text()
    # Another document naming Warsaw: not a name there either.
    other = make_document("# Trains\n\nThe train from Warsaw to Berlin was late.\n")
    state = open_and_wait(qtbot, window, other)
    assert any(m.text == "Berlin" for m in state.mentions)
    assert all(m.text != "Warsaw" for m in window.state.mentions)
    assert window._raw is not None and any(m.text == "Warsaw" for m in window._raw.mentions)
    # A "this document" correction stays in its document.
    berlin = next(m for m in window.state.mentions if m.text == "Berlin")
    window.reader.correctionWanted.emit("not_name", berlin)
    state = open_and_wait(qtbot, window)
    assert any(m.text == "Berlin" for m in window.state.mentions) or \
        "Berlin" not in state.document.text
    assert all(m.text != "Warsaw" for m in window.state.mentions)
    # Undo takes back the one for every document too.
    window.undo_correction()
    assert any(m.text == "Warsaw" for m in window.state.mentions)


def test_look_up_shows_did_you_mean_in_the_panel(qtbot, fake_window):
    window = fake_window
    open_and_wait(qtbot, window)
    window.look_up("Marie  Curie")
    panel = window.panel
    qtbot.waitUntil(lambda: panel.title.text() == "\u201cMarie Curie\u201d", timeout=30_000)
    assert window.panel_dock.isVisible()
    assert panel.title.text() == "\u201cMarie Curie\u201d"
    assert panel.choices.count() > 0
    assert "Did you mean" in panel.description.text()


def test_with_underlines_off_hovering_a_name_still_shows_its_card(qtbot, fake_window):
    from tests.gui.helpers import hover

    window = fake_window
    window.settings.density = "off"
    state = open_and_wait(qtbot, window)
    marie = next(m for m in state.mentions if m.text == "Marie Curie")
    window.reader.flush()
    assert window.reader.underline_at(marie.start) is None  # no underline
    hover(window.reader, marie.start + 2)
    window.card.show_now()
    qtbot.waitUntil(window.card.isVisible, timeout=3000)
    assert "Marie Curie" in window.card.title.text()


def test_selected_words_offer_look_up_in_the_context_menu(qtbot, fake_window):
    from PySide6.QtGui import QTextCursor

    window = fake_window
    open_and_wait(qtbot, window)
    reader = window.reader
    cursor = QTextCursor(reader.document())
    start = reader.qt_position(window.state.document.text.index("physics"))
    cursor.setPosition(start)
    cursor.setPosition(start + len("physics"), QTextCursor.MoveMode.KeepAnchor)
    reader.setTextCursor(cursor)
    menu = reader.context_menu_at(reader.viewport().rect().topLeft())
    texts = [a.text() for a in menu.actions()]
    menu.deleteLater()
    assert "Look up \u201cphysics\u201d" in texts
    asked = []
    window.reader.lookUpWanted.connect(asked.append)
    next(a for a in menu.actions() if a.text().startswith("Look up")).trigger()
    assert asked == ["physics"]
    # The shortcut, with the text focused.
    reader.setFocus()
    qtbot.waitUntil(reader.hasFocus)
    qtbot.keyClick(reader, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.panel.title.text() == "\u201cphysics\u201d", timeout=30_000)


def test_the_context_menu_hides_the_hover_card(qtbot, qtlog, fake_window):
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QMenu

    from tests.gui.helpers import hover, point_of

    window = fake_window
    state = open_and_wait(qtbot, window)
    marie = next(m for m in state.mentions if m.text == "Marie Curie")
    hover(window.reader, marie.start + 2)
    window.card.show_now()
    qtbot.waitUntil(window.card.isVisible, timeout=3000)
    point = point_of(window.reader, marie.start + 2)
    event = QContextMenuEvent(QContextMenuEvent.Reason.Mouse, point,
                              window.reader.viewport().mapToGlobal(point))
    with qtlog.disabled():  # offscreen: "does not support grabbing the keyboard"
        QApplication.sendEvent(window.reader.viewport(), event)
    assert not window.card.isVisible()
    menus = [w for w in QApplication.topLevelWidgets() if isinstance(w, QMenu)
             and w.isVisible()]
    assert menus
    texts = [a.text() for a in menus[-1].actions()]
    assert "These are the same person\u2026" in texts and "This is not a name" in texts
    for menu in menus:
        menu.close()


def test_escape_closes_the_card_first_and_a_correction_closes_it(qtbot, fake_window):
    """An app tour: after "Link" the card of the old reading stayed on screen, and Esc,
    which closed it, closed both panels with it."""
    from glossator.core.reading.corrections import Correction
    from tests.gui.helpers import hover

    window = fake_window
    state = open_and_wait(qtbot, window)
    marie = next(m for m in state.mentions if m.text == "Marie Curie")
    window.explain(marie)
    assert window.panel_dock.isVisible()
    window.reader.flush()
    hover(window.reader, marie.start + 2)
    window.card.show_now()
    qtbot.waitUntil(window.card.isVisible, timeout=3000)
    window.close_panels()  # Esc: the card only
    assert not window.card.isVisible() and window.panel_dock.isVisible()
    window.close_panels()  # Esc again: the panels
    assert not window.panel_dock.isVisible()
    warsaw = next(m for m in state.mentions if m.text == "Warsaw")
    hover(window.reader, warsaw.start + 2)
    window.card.show_now()
    qtbot.waitUntil(window.card.isVisible, timeout=3000)
    window.reader.focus_mention(marie, scroll=False, announce=False)
    window.correct(Correction("not_name", ("Warsaw",)))
    qtbot.wait(700)  # longer than the card's delay: no card comes back on its own
    assert not window.card.isVisible()
    assert window.reader.focused is not None and window.reader.focused.start == marie.start
