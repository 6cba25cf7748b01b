"""The knowledge-base window: Enter searches, and an import refreshes what is shown (issue 15)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import Qt

TITLE = "Quillinex Varrowby"


@pytest.fixture
def kb_window(qtbot, settings, tmp_path: Path, starter_kb_path, monkeypatch):
    """The knowledge-base window over a user layer of its own; the file dialog recorded."""
    from glossator.core.kb import KnowledgeBase
    from glossator.gui import kbwindow
    from tests.gui.conftest import _make_window
    from tests.gui.fake_engine import FakeEngine

    asked: list[str] = []

    def no_dialog(*args, **kwargs):
        asked.append("open-file")
        return "", ""

    monkeypatch.setattr(kbwindow.QFileDialog, "getOpenFileName", staticmethod(no_dialog))
    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter_kb_path)
    window = _make_window(qtbot, settings, kb, FakeEngine)
    window.open_kb_window()
    kbw = window._kb_window
    kbw.asked = asked
    qtbot.waitUntil(lambda: "Starter pack" in kbw.counts.text(), timeout=10_000)
    yield kbw
    kbw.close()
    window.close()
    kb.close()


def _items(kbw) -> list[str]:
    return [kbw.results.item(i).text() for i in range(kbw.results.count())]


def test_enter_in_the_search_box_searches_and_opens_no_dialog(qtbot, kb_window):
    kbw = kb_window
    kbw.search.setFocus()
    qtbot.keyClicks(kbw.search, "radium")
    kbw._debounce.stop()  # only Enter may search
    qtbot.keyClick(kbw.search, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: kbw.results.count() > 0, timeout=10_000)
    assert kbw.asked == []
    assert kbw.isVisible()
    assert any("Marie Curie" in text or "Radium" in text for text in _items(kbw))
    qtbot.keyClick(kbw.search, Qt.Key.Key_Enter)
    assert kbw.asked == []
    assert not any(b.isDefault() or b.autoDefault()
                   for b in (kbw.import_button, kbw.rebuild_button, kbw.cancel_button))


def test_an_import_refreshes_the_list_and_the_preview(qtbot, kb_window, tmp_path: Path):
    kbw = kb_window
    kbw.search.setText("Quillinex")
    kbw._do_search()
    qtbot.waitUntil(lambda: _items(kbw) == ["Nothing found."], timeout=10_000)
    kbw.show_title(TITLE)
    qtbot.waitUntil(lambda: "not in the knowledge base" in kbw.article.toPlainText(),
                    timeout=10_000)
    before = kbw.counts.text()

    src = tmp_path / "extra.jsonl"
    src.write_text(json.dumps({"title": TITLE, "description": "Imaginary cartographer",
                               "extract": f"{TITLE} is a cartographer invented for a test."})
                   + "\n", encoding="utf-8")
    kbw.start_import(str(src))
    qtbot.waitUntil(kbw.import_button.isEnabled, timeout=30_000)
    assert "1 added" in kbw.task_label.text(), kbw.task_label.text()
    # The list, the preview and the counts show the imported article without another search.
    qtbot.waitUntil(lambda: any(TITLE in text for text in _items(kbw)), timeout=10_000)
    qtbot.waitUntil(lambda: "cartographer invented" in kbw.article.toPlainText(),
                    timeout=10_000)
    qtbot.waitUntil(lambda: kbw.counts.text() != before, timeout=10_000)
    assert "Your knowledge base: 1 article, 1 name (" in kbw.counts.text()
    assert kbw.results.currentItem() is not None
    assert kbw.results.currentItem().data(Qt.ItemDataRole.UserRole) == TITLE
