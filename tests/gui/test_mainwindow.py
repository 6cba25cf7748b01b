"""The main window's status bar and text column (issue 15)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint
from PySide6.QtGui import QTextCursor

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
