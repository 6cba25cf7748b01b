"""GUI test set-up: settings in a temporary INI file, workers with the real or a fake engine.

The spaCy model is loaded once per session (the real engine is shared by every
test that needs it); widget tests use a small fake engine with the same interface.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from glossator.core.documents.model import Block, Document
from tests.gui.fake_engine import FakeEngine

ARTICLE = (
    "# The Curies\n\n"
    "In 1891 Marie Curie left Warsaw for Paris, where she studied physics. She met Pierre "
    "Curie in 1894 and they married the following year.\n\n"
    "Albert Einstein admired her. Henri Becquerel shared the prize with the Curies, and "
    "Zorbulax Quentin was never mentioned again.\n"
)


# The offscreen platform cannot pass size constraints to a window manager and says so for
# every top-level window with a fixed size, nor raise a pop-up (the hover card) above others.
OFFSCREEN_NOISE = ("This plugin does not support propagateSizeHints",
                   r"This plugin does not support raise\(\)")


def pytest_collection_modifyitems(items):
    here = Path(__file__).parent
    for item in items:
        if here in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.qt_log_ignore(*OFFSCREEN_NOISE))


class SharedKB:
    """The session's knowledge base, which a worker must not close."""

    def __init__(self, kb):
        self._kb = kb

    def close(self) -> None:
        pass

    def __getattr__(self, name):
        return getattr(self._kb, name)


@pytest.fixture(scope="session")
def session_kb(tmp_path_factory: pytest.TempPathFactory, starter_kb_path: Path):
    """A writable user layer (session temp folder) over the real starter pack."""
    from glossator.core.kb import KnowledgeBase

    user = tmp_path_factory.mktemp("gui-kb") / "user.sqlite"
    kb = KnowledgeBase.open(user, starter_kb_path)
    yield kb
    kb.close()


@pytest.fixture(scope="session")
def real_engine(session_kb):
    """The real reading engine, loaded once per session (skips if it is not built yet)."""
    engine_mod = pytest.importorskip("glossator.core.nlp.engine")
    return engine_mod.Engine(session_kb, model=None)


@pytest.fixture
def settings(tmp_path: Path):
    from glossator.gui.settings import Settings

    return Settings(str(tmp_path / "settings.ini"))


def _make_window(qtbot, settings, kb, engine_factory):
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread

    worker = WorkerThread(kb_factory=lambda _ro: SharedKB(kb), engine_factory=engine_factory)
    window = MainWindow(settings, worker)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    with qtbot.waitSignal(window.engineReady, timeout=60_000):
        worker.start()
    return window


@pytest.fixture
def fake_window(qtbot, settings, session_kb):
    window = _make_window(qtbot, settings, session_kb, FakeEngine)
    yield window
    window.close()


@pytest.fixture
def real_window(qtbot, settings, session_kb, real_engine):
    window = _make_window(qtbot, settings, session_kb, lambda _kb: real_engine)
    yield window
    window.close()


@pytest.fixture
def live_window(qtbot, settings, starter_kb_path, tmp_path, monkeypatch):
    """The window over a worker made as the app makes it (its default factories: the
    user knowledge base in the test's data folder, a copy of the starter pack, the real
    engine), for tests of the knowledge base changing under a running app; and the
    starter copy's path."""
    import shutil

    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread

    pytest.importorskip("glossator.core.nlp.engine")
    starter = tmp_path / "starter" / "starter-en.sqlite"
    starter.parent.mkdir()
    shutil.copy(starter_kb_path, starter)
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter))
    worker = WorkerThread()  # the app's own factories
    window = MainWindow(settings, worker)
    qtbot.addWidget(window)
    window.resize(1100, 760)
    window.show()
    with qtbot.waitSignal(window.engineReady, timeout=120_000):
        worker.start()
    assert window.status.ready, window.status
    yield window, starter
    window.close()


def wait_reanalysed(qtbot, window, trigger) -> list:
    """Run ``trigger`` (a knowledge task); the window analyses the document again when it
    ends. Returns the tasks that finished meanwhile (the last without an error)."""
    finished: list = []
    # An analysis started before (a task asked again) may end while this task runs: wait
    # for an analysis that ends after the task has (a race a loaded machine showed).
    events: list[str] = []

    def task_done(result) -> None:
        finished.append(result)
        events.append("task")

    def analysed(*_args) -> None:
        events.append("analysis")

    window.worker.worker.taskFinished.connect(task_done)
    window.annotationDone.connect(analysed)
    try:
        trigger()
        qtbot.waitUntil(lambda: "task" in events
                        and "analysis" in events[events.index("task"):], timeout=120_000)
    finally:
        window.worker.worker.taskFinished.disconnect(task_done)
        window.annotationDone.disconnect(analysed)
    window.reader.flush()
    assert finished and not finished[-1].error, finished
    assert window.state.finished
    assert "failed" not in window.status_label.text().lower(), window.status_label.text()
    return finished


def make_document(text: str = ARTICLE) -> Document:
    """A Markdown-like document built in code: a heading and paragraphs."""
    blocks = []
    pos = 0
    for part in text.split("\n\n"):
        stripped = part.strip()
        if stripped:
            start = pos + part.index(stripped)
            if stripped.startswith("# "):
                blocks.append(Block("heading", start + 2, start + len(stripped), level=1))
            else:
                blocks.append(Block("paragraph", start, start + len(stripped)))
        pos += len(part) + 2
    return Document(text=text, blocks=blocks, title="The Curies", format="markdown")


def open_and_wait(qtbot, window, doc: Document | None = None, path: str | None = None):
    """Show a document (or open a file) and wait for the analysis to finish."""
    with qtbot.waitSignal(window.annotationDone, timeout=120_000):
        if path is not None:
            window.open_path(path)
        else:
            window.show_document(doc or make_document())
    window.reader.flush()
    return window.state
