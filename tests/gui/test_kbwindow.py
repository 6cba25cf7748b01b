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


ZIM_TITLE = "Zorvendia Plimsatt"


def _attached(kbw) -> list[str]:
    return [kbw.attached.item(i).text() for i in range(kbw.attached.count())]


def test_attach_a_zim_shows_progress_names_and_text_then_detach(qtbot, kb_window, tmp_path):
    from tests.core.kb.zimfixtures import PAGES, write_zim

    kbw = kb_window
    qtbot.waitUntil(lambda: bool(_attached(kbw)), timeout=10_000)
    assert "No Kiwix file attached" in _attached(kbw)[0]
    assert not kbw.detach_button.isEnabled() and not kbw.resume_button.isEnabled()
    pages = {**PAGES, "Zorvendia_Plimsatt": (ZIM_TITLE, f"<p>{ZIM_TITLE} was an imaginary "
                                             "cartographer of the northern seas.</p>")}
    zim = write_zim(tmp_path / "wikipedia_en_test.zim", pages=pages,
                    redirects=[("Z_Plimsatt", "Z. Plimsatt", "Zorvendia_Plimsatt")])
    seen: list[str] = []
    kbw.worker.worker.taskProgress.connect(lambda p: seen.append(p.task))
    kbw.attach_zim(str(zim))
    assert not kbw.attach_button.isEnabled() and kbw.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: kbw.attach_button.isEnabled(), timeout=30_000)
    # The ZIM is called by its title (its Title metadata), never by its id.
    assert kbw.task_label.text().startswith("Indexed Test Wikipedia: "), kbw.task_label.text()
    assert "attach" in seen
    qtbot.waitUntil(lambda: "indexed" in " ".join(_attached(kbw)), timeout=10_000)
    (line,) = _attached(kbw)
    assert line.startswith("Test Wikipedia") and "6 articles" in line and str(zim) in line
    assert "CC BY-SA 4.0" in kbw.attached.item(0).toolTip()
    assert "Starter pack" in kbw.counts.text() and "Test Wikipedia" not in kbw.counts.text()

    # Its names are searched and its text shown, read from the ZIM.
    kbw.search.setText("Plimsatt")
    kbw._do_search()
    qtbot.waitUntil(lambda: any(ZIM_TITLE in t for t in _items(kbw)), timeout=10_000)
    kbw.show_title(ZIM_TITLE)
    qtbot.waitUntil(lambda: "imaginary cartographer" in kbw.article.toPlainText(),
                    timeout=10_000)
    assert "Layer: Test Wikipedia (Kiwix file)" in kbw.article.toPlainText()
    assert "wikipedia-en-test-" not in kbw.article.toPlainText()

    kbw.attached.setCurrentRow(0)
    assert kbw.detach_button.isEnabled() and not kbw.resume_button.isEnabled()
    kbw.detach_button.click()
    assert kbw.task_label.text() == "Detaching Test Wikipedia\u2026"
    qtbot.waitUntil(lambda: "No Kiwix file attached" in " ".join(_attached(kbw)),
                    timeout=10_000)
    assert kbw.task_label.text() == f"Detached Test Wikipedia; {zim.resolve()} is kept."
    assert zim.is_file()
    qtbot.waitUntil(lambda: "not in the knowledge base" in kbw.article.toPlainText(),
                    timeout=10_000)


def test_attaching_a_file_that_is_no_zim_says_why(qtbot, kb_window, tmp_path, monkeypatch):
    from glossator.gui import dialogs

    shown: list[str] = []
    monkeypatch.setattr(dialogs, "show_error", lambda parent, title, exc: shown.append(str(exc)))
    bad = tmp_path / "notes.zim"
    bad.write_text("plain text")
    kb_window.attach_zim(str(bad))
    qtbot.waitUntil(lambda: kb_window.attach_button.isEnabled(), timeout=10_000)
    assert shown and "is not a Kiwix ZIM file" in shown[0]
    assert "is not a Kiwix ZIM file" in kb_window.task_label.text()


def test_cancel_pauses_indexing_and_resume_goes_on(qtbot, kb_window, tmp_path, monkeypatch):
    import time

    from glossator.core.kb import zim_attach
    from tests.core.kb.zimfixtures import write_zim

    class SlowJob(zim_attach.IndexJob):
        def __init__(self, path, batch_entries=0):
            super().__init__(path, batch_entries=2)

        def step(self):
            time.sleep(0.15)
            return super().step()

    monkeypatch.setattr(zim_attach, "IndexJob", SlowJob)
    kbw = kb_window
    zim = write_zim(tmp_path / "wikipedia_en_test.zim")
    kbw.attach_zim(str(zim))
    qtbot.waitUntil(lambda: "Indexing Test Wikipedia: " in kbw.task_label.text(),
                    timeout=10_000)
    kbw.cancel_button.click()
    qtbot.waitUntil(kbw.attach_button.isEnabled, timeout=10_000)
    assert kbw.task_label.text().startswith("Indexing paused at "), kbw.task_label.text()
    qtbot.waitUntil(lambda: "% done" in " ".join(_attached(kbw)), timeout=10_000)
    kbw.attached.setCurrentRow(0)
    assert kbw.resume_button.isEnabled()
    kbw.resume_button.click()
    assert kbw.task_label.text() == "Indexing Test Wikipedia\u2026"
    qtbot.waitUntil(lambda: kbw.task_label.text().startswith("Indexed "), timeout=20_000)
    qtbot.waitUntil(lambda: ", indexed" in " ".join(_attached(kbw)), timeout=10_000)


def _attach_with_a_slow_link_pass(qtbot, kbw, tmp_path, monkeypatch, released):
    """Attach a test ZIM (indexed, no link priors yet) whose link pass goes one entry a
    step, a tenth of a second each until ``released`` is set."""
    import time

    from glossator.core.kb import link_priors
    from tests.core.kb.zimfixtures import write_zim
    from tests.gui.test_zim_changes import PAGES

    class SlowJob(link_priors.LinkJob):
        def __init__(self, path, batch_entries=0, recount=False):
            super().__init__(path, batch_entries=1, recount=recount)

        def step(self):
            if not released.is_set():
                time.sleep(0.1)
            return super().step()

    monkeypatch.setattr(link_priors, "LinkJob", SlowJob)
    zim = write_zim(tmp_path / "wikipedia_en_test.zim", pages=PAGES, extra=600)
    kbw.attach_zim(str(zim))
    qtbot.waitUntil(lambda: kbw.task_label.text().startswith("Indexed "), timeout=30_000)
    qtbot.waitUntil(lambda: "no link priors" in " ".join(_attached(kbw)), timeout=10_000)
    return kbw


def test_count_link_priors_with_progress_cancel_and_go_on(qtbot, kb_window, tmp_path,
                                                          monkeypatch):
    """The optional link pass of an attached ZIM: a background task with progress, Cancel
    pauses it, the button goes on, and the list says what was counted (issue 14)."""
    import threading


    released = threading.Event()  # slow (a minute in all) until the test has paused it

    kbw = _attach_with_a_slow_link_pass(qtbot, kb_window, tmp_path, monkeypatch, released)
    # The only file attached is selected: its buttons are ready.
    assert kbw.attached.currentRow() == 0
    assert kbw.links_button.isEnabled() and kbw.links_button.text() == "Count link priors"
    width = kbw.links_button.width()
    seen: list = []
    kbw.worker.worker.taskProgress.connect(lambda p: seen.append(p))
    kbw.links_button.click()
    assert not kbw.links_button.isEnabled() and kbw.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: any(p.task == "links" and p.done for p in seen), timeout=10_000)
    assert "Counting the links of Test Wikipedia: " in kbw.task_label.text()
    qtbot.waitUntil(lambda: "% counted" in " ".join(_attached(kbw)), timeout=10_000)
    assert kbw.links_button.text() == "Count link priors"  # "Go on" only when paused
    assert kbw.progress.isVisible() and kbw.progress.maximum() == 1000
    kbw.cancel_button.click()
    qtbot.waitUntil(kbw.attach_button.isEnabled, timeout=10_000)
    assert kbw.task_label.text().startswith("Counting paused at "), kbw.task_label.text()
    released.set()  # the rest at full speed
    qtbot.waitUntil(lambda: "% counted" in " ".join(_attached(kbw)), timeout=10_000)
    kbw.attached.setCurrentRow(0)
    assert kbw.links_button.text() == "Go on counting link priors"
    assert kbw.links_button.width() == width  # the column does not move
    kbw.links_button.click()
    qtbot.waitUntil(lambda: kbw.task_label.text().startswith("Link priors of "),
                    timeout=30_000)
    qtbot.waitUntil(lambda: "link priors: " in " ".join(_attached(kbw)), timeout=10_000)
    assert kbw.task_label.text().startswith("Link priors of Test Wikipedia: ")
    kbw.attached.setCurrentRow(0)
    # Done: the same button counts them again (after asking).
    assert kbw.links_button.isEnabled() and kbw.links_button.text() == "Count link priors again"
    assert kbw.links_button.width() == width
    assert kbw.detach_button.isEnabled()


def test_count_link_priors_again_asks_then_recounts_keeping_the_old_ones(
        qtbot, kb_window, tmp_path, monkeypatch):
    """Link priors that are done can be counted again: the button says so, a question
    says what happens (the old priors stay in use until the new count is finished), and
    the new count pauses and goes on as the first."""
    import threading

    from PySide6.QtWidgets import QMessageBox


    released = threading.Event()
    released.set()  # the first count at full speed

    kbw = _attach_with_a_slow_link_pass(qtbot, kb_window, tmp_path, monkeypatch, released)
    kbw.links_button.click()  # not counted yet: no question
    assert kbw.recount_box is None
    qtbot.waitUntil(lambda: "link priors: " in " ".join(_attached(kbw)), timeout=30_000)
    kbw.attached.setCurrentRow(0)
    assert kbw.links_button.text() == "Count link priors again"

    kbw.links_button.click()
    box = kbw.recount_box
    assert box is not None and box.isVisible() and box.windowTitle() == "Count link priors again"
    assert box.text() == "Count the link priors of Test Wikipedia again?"
    assert "stay in use until the new count is finished" in box.informativeText()
    assert kbw.attach_button.isEnabled()  # nothing started while it asks
    box.button(QMessageBox.StandardButton.Cancel).click()
    qtbot.waitUntil(lambda: kbw.recount_box is None, timeout=10_000)
    assert kbw.attach_button.isEnabled() and "link priors: " in " ".join(_attached(kbw))

    released.clear()  # the new count slowly, to pause it
    seen: list = []
    kbw.worker.worker.taskProgress.connect(lambda p: seen.append(p))
    kbw.links_button.click()
    (go,) = [b for b in kbw.recount_box.buttons() if b.text() == "Count again"]
    go.click()
    assert kbw.task_label.text() == "Counting the links of Test Wikipedia again\u2026"
    assert not kbw.links_button.isEnabled() and kbw.cancel_button.isEnabled()
    qtbot.waitUntil(lambda: any(p.task == "links" and p.done for p in seen), timeout=10_000)
    assert "Counting the links of Test Wikipedia again: " in kbw.task_label.text()
    qtbot.waitUntil(lambda: "counted again (the old ones in use)" in " ".join(_attached(kbw)),
                    timeout=10_000)
    assert kbw.links_button.text() == "Count link priors again"  # what runs (disabled)
    kbw.cancel_button.click()
    qtbot.waitUntil(kbw.attach_button.isEnabled, timeout=10_000)
    assert "The link priors counted before are still used." in kbw.task_label.text()
    released.set()
    kbw.attached.setCurrentRow(0)
    assert kbw.links_button.text() == "Go on counting link priors"
    kbw.links_button.click()  # goes on, without a question
    assert kbw.recount_box is None
    qtbot.waitUntil(lambda: kbw.task_label.text().startswith("Link priors of Test Wikipedia: "),
                    timeout=30_000)
    qtbot.waitUntil(lambda: "link priors: " in " ".join(_attached(kbw)), timeout=10_000)
    kbw.attached.setCurrentRow(0)
    assert kbw.links_button.text() == "Count link priors again"
