"""The main window's status bar and text column (issue 15)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPushButton

from tests.gui.conftest import open_and_wait


def _column_x(window) -> int:
    """Where the text column starts, in window coordinates."""
    reader = window.reader
    cursor = QTextCursor(reader.document())
    cursor.setPosition(0)
    rect = reader.cursorRect(cursor)
    return reader.viewport().mapTo(window, QPoint(rect.left(), 0)).x()


def _settle(qtbot, window) -> None:
    qtbot.wait(50)
    window.reader.flush()


def test_a_failed_open_does_not_replace_the_status_of_the_document_shown(
        qtbot, fake_window, tmp_path: Path):
    window = fake_window
    good = tmp_path / "notes.md"
    good.write_text("# Notes\n\nMarie Curie worked in Paris.\n", encoding="utf-8")
    open_and_wait(qtbot, window, path=str(good))
    summary = window.status_label.text()
    assert "names" in summary
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4\ngarbage garbage\n")
    with qtbot.waitSignal(window.loads.failed, timeout=30_000):
        window.open_path(str(bad))
    # The failure is said for a while; the line about the document shown stays.
    assert window.statusBar().currentMessage() == "Could not open broken.pdf."
    assert window.status_label.text() == summary
    assert "Could not open" not in window.status_label.text()
    # A good document loaded afterwards: nothing about the failure is left.
    other = tmp_path / "other.md"
    other.write_text("# Other\n\nAlbert Einstein lived in Bern.\n", encoding="utf-8")
    open_and_wait(qtbot, window, path=str(other))
    assert window.statusBar().currentMessage() == ""
    assert "Could not open" not in window.status_label.text()
    assert "names" in window.status_label.text()


def test_the_text_column_stays_put_when_the_panel_opens(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    mention = next(m for m in state.mentions if m.kind == "name")
    window.resize(1500, 760)
    _settle(qtbot, window)
    before = _column_x(window)
    window.explain(mention)
    _settle(qtbot, window)
    assert window.panel_dock.isVisible()
    # Wide enough for the column and the panel side by side: it does not move at all.
    assert _column_x(window) == before
    window.close_panels()
    _settle(qtbot, window)
    assert _column_x(window) == before


def test_the_text_column_moves_only_as_far_as_the_panel_needs(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    mention = next(m for m in state.mentions if m.kind == "name")
    window.resize(1100, 760)
    _settle(qtbot, window)
    before = _column_x(window)
    side = window.reader.viewportMargins().right()
    window.explain(mention)
    _settle(qtbot, window)
    reader = window.reader
    panel_room = window.width() - reader.mapTo(window, QPoint(0, 0)).x() - reader.width()
    after = _column_x(window)
    # Centred in what is left, the column would move by half the panel's room.
    assert before - after < panel_room // 2
    assert before - after <= max(0, panel_room - side) + 1
    margins = reader.viewportMargins()
    assert margins.left() >= 0 and margins.right() >= 0


# ---------------------------------------------------------------- coverage (issue 14)


def _plain(text: str) -> str:
    return text.replace("&", "")


def test_every_analysed_document_gets_its_coverage_line(qtbot, fake_window):
    from glossator.core.nlp.types import Annotation

    window = fake_window
    state = open_and_wait(qtbot, window)
    expected = Annotation(state.document.text, list(state.entities.values()),
                          state.mentions).coverage()
    line = window.status_label.text()
    assert line.startswith(expected.sentence())
    assert expected.missing, "the test article has names the starter pack lacks"
    assert f"{expected.explained} of {expected.names} names explained; " \
           f"{len(expected.missing)} not in your knowledge" in line
    assert "Zorbulax Quentin" in window.status_label.toolTip()
    # Analysed again (after the knowledge changed): the line again, for the new state.
    with qtbot.waitSignal(window.annotationDone, timeout=60_000):
        window.reannotate()
    assert window.status_label.text().startswith(window.state.coverage().sentence())


def test_a_name_the_kb_lacks_says_what_would_explain_it(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    nil = next(e for e in state.entities.values() if e.kb_title is None)
    window._show_entity(nil)
    text = window.panel.summary.text()
    assert text.startswith("Not in your knowledge: attach a Wikipedia ZIM")
    # The words name the real menus and actions.
    menus = {_plain(a.text()): a for a in window.menuBar().actions()}
    knowledge = menus["Knowledge"].menu()
    items = [_plain(a.text()) for a in knowledge.actions()]
    for item in ("Knowledge base…", "Allow internet look-ups",
                 "Make this document available offline"):
        assert item in items
        assert f"Knowledge \u25b8 {item}" in text
    assert "Knowledge \u25b8 Knowledge base\u2026 \u25b8 Attach a Kiwix ZIM\u2026" in text
    window.open_kb_window()
    buttons = [b.text() for b in window._kb_window.findChildren(QPushButton)]
    assert "Attach a Kiwix ZIM\u2026" in buttons
    window._kb_window.close()
    # Online, it offers to fetch (the panel's own button) and the whole document's fetch.
    window.settings.online = True
    assert window.panel.summary.text().startswith("Not in your knowledge: fetch it now")
    assert "Knowledge \u25b8 Make this document available offline" in window.panel.summary.text()
    assert window.panel.fetch_button.text() == "Fetch now"
    # The who's-who says it too, on the row of a name the KB lacks.
    window.whos_dock.show()
    window.whos_who.rebuild()
    assert "Not in your knowledge" in window.whos_who.item_for(nil.id).toolTip(0)
