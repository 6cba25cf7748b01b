"""Starting the app: threads, imports and errors (issue 15: an unreadable file at start).

Starting with an unreadable file used to show two "Something went wrong" dialogs with
an import error about ``KBError``, print "QObject::setParent: Cannot set parent, new
parent is in a different thread", and leave the app waiting for the language model
for ever. The worker thread, the loader thread and the window's error message each
imported the knowledge base for the first time at once: Python broke the import
deadlock by handing one thread a half-initialised module.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QThread, Slot

from tests.conftest import REPO
from tests.gui.conftest import SharedKB
from tests.gui.fake_engine import FakeEngine


def _python(code: str, tmp_path: Path, timeout: float = 120) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": f"{REPO / 'desktop'}{os.pathsep}{REPO}",
           "QT_QPA_PLATFORM": "offscreen",
           "GLOSSATOR_DATA_DIR": str(tmp_path / "data"),
           "GLOSSATOR_CONFIG_DIR": str(tmp_path / "config"),
           "GLOSSATOR_CACHE_DIR": str(tmp_path / "cache")}
    return subprocess.run([sys.executable, "-c", code], env=env, text=True,
                          capture_output=True, timeout=timeout, cwd=tmp_path)


# Runs the app's own start-up (app.main) in a fresh interpreter, with the worker's and
# the loader's start replaced by a note of what was imported when they would start.
STARTUP_PROBE = r"""
import json, sys
from PySide6.QtWidgets import QApplication
from glossator.gui import app, mainwindow, worker

seen = {}

def fake_start(self):
    seen["worker"] = sorted(sys.modules)

def fake_open(window, files):
    seen["loader"] = sorted(sys.modules)
    QApplication.quit()

worker.WorkerThread.start = fake_start
mainwindow.open_initial = fake_open
code = app.main([sys.argv[0]])
before = set(seen["worker"]) & set(seen["loader"])

# What the threads import on their own, and what an error message imports.
from glossator.core.documents import DocumentError
from glossator.errors import user_message
import glossator.core.kb
user_message(DocumentError("x"))
user_message(RuntimeError("y"))
shared = sorted(m for m in sys.modules if m.startswith("glossator") and m not in before)
print(json.dumps({"code": code, "imported_later": shared}))
"""


def test_threads_start_only_after_the_modules_they_share_are_imported(tmp_path):
    proc = _python(STARTUP_PROBE, tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["code"] == 0
    # Nothing the worker, the loader or an error message needs is left for two threads
    # to import at once.
    assert result["imported_later"] == []


class _Raiser(QObject):
    """A slot on another thread that raises, as the worker's start once did."""

    @Slot()
    def boom(self) -> None:
        raise RuntimeError("raised on the worker thread")


class _Window:
    def __init__(self) -> None:
        self.reports: list[tuple[str, str, bool]] = []

    def report(self, title: str, exc: BaseException | str) -> None:
        self.reports.append((title, str(exc),
                             threading.current_thread() is threading.main_thread()))


@pytest.mark.qt_no_exception_capture
def test_an_error_on_another_thread_is_shown_by_the_window_thread(qtbot, monkeypatch):
    from glossator.gui.app import install_error_hook

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    window = _Window()
    install_error_hook(window)
    thread = QThread()
    raiser = _Raiser()
    raiser.moveToThread(thread)
    thread.started.connect(raiser.boom)
    try:
        thread.start()
        qtbot.waitUntil(lambda: bool(window.reports), timeout=5000)
    finally:
        thread.quit()
        thread.wait(5000)
    qtbot.wait(50)
    assert window.reports == [("Something went wrong", "raised on the worker thread", True)]


def test_the_worker_reports_its_status_even_when_an_error_cannot_be_explained(
        qtbot, monkeypatch, session_kb):
    """An error while explaining an error (the half-imported module) must not stop start()."""
    import glossator.errors
    from glossator.gui.worker import Worker

    def broken_user_message(exc):
        raise ImportError("cannot import name 'KBError' from partially initialized module")

    def no_kb(_readonly):
        raise ImportError("cannot import name 'KBCorruptError' from partially initialized "
                          "module 'glossator.core.kb.store'")

    monkeypatch.setattr(glossator.errors, "user_message", broken_user_message)
    worker = Worker(kb_factory=no_kb, engine_factory=FakeEngine)
    statuses = []
    worker.statusReady.connect(statuses.append)
    worker.start()
    assert len(statuses) == 1
    assert "KBCorruptError" in (statuses[0].error or "")


def test_an_unreadable_file_at_start_gives_one_message_and_the_app_keeps_working(
        qtbot, settings, session_kb, tmp_path, monkeypatch):
    from glossator.gui import app
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread

    monkeypatch.setattr(sys, "excepthook", sys.excepthook)
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    reports: list[tuple[str, str]] = []
    monkeypatch.setattr(MainWindow, "report",
                        lambda self, title, exc: reports.append((title, str(exc))))
    broken = tmp_path / "broken.pdf"
    broken.write_bytes(b"%PDF-1.4\ngarbage garbage\n")
    picture = tmp_path / "picture.png"
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + b"\0" * 64)
    for bad in (broken, picture):
        reports.clear()
        worker = WorkerThread(kb_factory=lambda _ro: SharedKB(session_kb),
                              engine_factory=FakeEngine)
        window = MainWindow(settings, worker)
        qtbot.addWidget(window)
        app.install_error_hook(window)
        window.show()
        with qtbot.waitSignal(window.engineReady, timeout=30_000), \
                qtbot.waitSignal(window.loads.failed, timeout=30_000):
            app.start_background(window, worker, [str(bad)])
        qtbot.wait(100)
        assert window.status.ready
        assert len(reports) == 1, reports
        title, message = reports[0]
        assert title == f"Cannot open {bad.name}"
        assert bad.name in message and "Error" not in message and "KBError" not in message
        # A good file opened afterwards is analysed.
        good = tmp_path / "good.md"
        good.write_text("# Notes\n\nMarie Curie worked in Paris.\n", encoding="utf-8")
        with qtbot.waitSignal(window.annotationDone, timeout=30_000):
            window.open_path(str(good))
        assert window.state is not None and window.state.finished
        assert window.state.entities
        window.close()


def test_the_about_box_does_not_import_spacy(tmp_path):
    """spaCy is the worker's to import (it takes seconds); the About box reads its version."""
    code = ("import sys, json\nfrom glossator.gui.dialogs import versions\n"
            "v = versions()\nprint(json.dumps({'spacy': 'spacy' in sys.modules, "
            "'version': v.get('spaCy', '')}))")
    proc = _python(code, tmp_path)
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result == {"spacy": False, "version": result["version"]}
    assert result["version"][:1].isdigit()


def test_the_about_box_credits_what_is_bundled():
    from glossator.gui.dialogs import about_html

    html = about_html()
    assert "CC BY-SA 4.0" in html and "GNU General Public License" in html
    assert "WordNet 3.0" in html and "Princeton University" in html  # its licence asks so
    assert "GeoNames" in html and "CC BY 4.0" in html  # attribution, as CC BY asks


# Bengali and Oriya, as in the starter pack's "Chickpea" and "Arrowroot".
FONT_PROBE = r"""
from PySide6.QtCore import qWarning
from PySide6.QtGui import QTextDocument
from glossator.gui.app import make_app
from glossator.gui.reader import reading_font

app = make_app()
doc = QTextDocument()
doc.setDefaultFont(reading_font(13))
doc.setPlainText("Chickpea (Bengali: \u099b\u09cb\u09b2\u09be), "
                 "arrowroot (Odia: \u0b2a\u0b3e\u0b33\u0b41\u0b05)")
doc.setTextWidth(500)
doc.size()
qWarning("other Qt messages are still heard")
"""


def test_text_in_a_script_no_font_covers_prints_no_font_notes(tmp_path):
    proc = _python(FONT_PROBE, tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "qt.text.font.db" not in proc.stderr
    assert "other Qt messages are still heard" in proc.stderr
