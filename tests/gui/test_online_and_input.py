"""Internet look-ups against a local fake Wikipedia, paste, drop, cancel (fake engine)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QPointF, Qt, QUrl
from PySide6.QtGui import QDropEvent, QGuiApplication

from tests.core.kb.fakewiki import FakeWiki
from tests.gui.conftest import _make_window, make_document, open_and_wait
from tests.gui.fake_engine import FakeEngine

TEXT = "# Engines\n\nAda Lovelace wrote about the Analytical Engine of Charles Babbage.\n"


def test_make_document_available_offline(qtbot, settings, tmp_path, starter_kb_path,
                                         monkeypatch):
    from glossator.core.kb import KnowledgeBase

    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter_kb_path)
    window = _make_window(qtbot, settings, kb, FakeEngine)
    with FakeWiki() as fake:
        monkeypatch.setenv("GLOSSATOR_WIKIPEDIA_API", fake.url)
        state = open_and_wait(qtbot, window, make_document(TEXT))
        at = TEXT.index("Analytical Engine")
        assert state.entity_of(window.reader.mention_at(at)).kb_title is None
        assert not window.offline_action.isEnabled()  # offline by default
        window.make_offline()
        assert window.last_error and "internet" in window.last_error.lower()
        window.settings.online = True
        assert window.offline_action.isEnabled()
        with qtbot.waitSignal(window.annotationDone, timeout=60_000):
            window.make_offline()
        assert "Analytical Engine" in fake.titles_requested()
        state = window.state
        entity = state.entity_of(window.reader.mention_at(at))
        assert entity.kb_title == "Analytical Engine"
        assert state.articles["Analytical Engine"].layer == "user"
    window.close()
    kb.close()


def test_fetch_when_online_queues_the_name(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window, make_document(TEXT))
    entity = state.entity_of(fake_window.reader.mention_at(TEXT.index("Analytical Engine")))
    fake_window._show_entity(entity)
    assert fake_window.panel.fetch_button.isVisible()
    fake_window.panel.fetch_button.click()
    assert fake_window.settings.fetch_queue == ["Analytical Engine"]
    assert "when internet look-ups are allowed" in fake_window.status_label.text()


def test_paste_opens_the_clipboard_text(qtbot, fake_window):
    QGuiApplication.clipboard().setText("Marie Curie lived in Paris.\n\nShe worked there.")
    with qtbot.waitSignal(fake_window.annotationDone, timeout=30_000):
        fake_window.paste()
    assert fake_window.state.document.format == "paste"
    assert fake_window.reader.mention_at(0) is not None


def test_drop_a_file(qtbot, fake_window, tmp_path: Path):
    path = tmp_path / "dropped.txt"
    path.write_text("Albert Einstein visited Warsaw.\n", encoding="utf-8")
    mime = QMimeData()
    mime.setUrls([QUrl.fromLocalFile(str(path))])
    event = QDropEvent(QPointF(50, 50), Qt.DropAction.CopyAction, mime,
                       Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    with qtbot.waitSignal(fake_window.annotationDone, timeout=30_000):
        fake_window.dropEvent(event)
    assert "Albert Einstein visited Warsaw" in fake_window.state.document.text
    assert fake_window.settings.recent_files[0] == str(path)


def test_cancel_keeps_what_was_found(qtbot, fake_window):
    paras = [f"Chapter {i}. Marie Curie went from Warsaw to Paris." for i in range(3000)]
    doc = make_document("\n\n".join(paras))
    with qtbot.waitSignal(fake_window.annotationDone, timeout=60_000):
        fake_window.show_document(doc)
        qtbot.waitUntil(lambda: len(fake_window.state.mentions) > 0, timeout=30_000)
        fake_window.cancel_analysis()
    assert "cancelled" in fake_window.status_label.text().lower()
    assert not fake_window.state.finished
    assert 0 < fake_window.state.done < fake_window.state.total
    assert not fake_window.cancel_button.isVisible()


def _window_with(qtbot, settings, kb_factory=None, engine_factory=FakeEngine):
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread

    worker = WorkerThread(kb_factory=kb_factory, engine_factory=engine_factory)
    window = MainWindow(settings, worker)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.engineReady, timeout=30_000):
        worker.start()
    return window


def test_corrupt_user_kb_is_a_readable_dialog_and_reading_goes_on(qtbot, settings,
                                                                  starter_kb_path,
                                                                  monkeypatch):
    from glossator import paths

    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter_kb_path))
    paths.user_kb_path().write_bytes(b"this is not a database at all" * 100)
    window = _window_with(qtbot, settings)
    assert window.last_error and "not a Glossator knowledge base" in window.last_error
    assert "Traceback" not in window.last_error
    assert window.status.ready  # the starter pack alone still explains names
    state = open_and_wait(qtbot, window, make_document())
    assert state.entity_of(window.reader.mention_at(
        state.document.text.index("Marie Curie"))).kb_title == "Marie Curie"
    window.close()


def test_missing_model_is_a_readable_dialog(qtbot, settings, session_kb):
    from glossator.core.nlp.model import ModelNotFoundError
    from tests.gui.conftest import SharedKB

    def no_model(_kb):
        raise ModelNotFoundError("No English language model for spaCy is installed.")

    window = _window_with(qtbot, settings, lambda _ro: SharedKB(session_kb), no_model)
    assert window.last_error == "No English language model for spaCy is installed."
    assert "Analysis unavailable" in window.status_label.text()
    with qtbot.waitSignal(window.annotationDone, timeout=10_000):
        window.show_document(make_document())
    assert "Marie Curie" in window.reader.document().toPlainText()
    window.close()


def test_rebuild_the_starter_pack_from_the_kb_window(qtbot, settings, tmp_path, monkeypatch):
    from glossator import paths

    target = tmp_path / "starter-rebuilt.sqlite"
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(target))
    window = _window_with(qtbot, settings)
    window.open_kb_window()
    kbw = window._kb_window
    kbw._rebuild()
    assert not kbw.rebuild_button.isEnabled()
    qtbot.waitUntil(kbw.rebuild_button.isEnabled, timeout=120_000)
    assert "Rebuilt the starter pack: 10,033 articles" in kbw.task_label.text()
    assert paths.starter_kb_path() == target and target.is_file()
    qtbot.waitUntil(lambda: "Starter pack: 10,033" in kbw.counts.text(), timeout=10_000)
    kbw.close()
    window.close()
