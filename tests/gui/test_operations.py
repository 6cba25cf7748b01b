"""Typed operations (gui/operations.py): dispatched by type, answered through callbacks on
the GUI thread, dropped when stale or when the window that asked is gone; cancellation
recognised by type (issue 15)."""

from __future__ import annotations

import dataclasses
import threading

import pytest
import shiboken6
from PySide6.QtCore import QObject, QThread

from glossator.core.models import Article
from glossator.core.nlp.engine import Cancelled
from glossator.gui.operations import (
    GetArticle,
    GetStats,
    OperationFailed,
    QueryOp,
    RememberChoice,
    Search,
    is_cancelled,
)
from tests.gui.conftest import make_document
from tests.gui.fake_engine import FakeEngine


class TinyKB:
    """Just what the look-ups read, and the thread each question was asked on."""

    def __init__(self) -> None:
        self.threads: list[threading.Thread] = []
        self.fail = False

    def _ask(self) -> None:
        self.threads.append(threading.current_thread())
        if self.fail:
            raise OSError("the disk is gone")

    def article(self, title: str) -> Article | None:
        self._ask()
        if title != "Marie Curie":
            return None
        return Article(title=title, description="Polish-French physicist",
                       extract="Marie Curie was a physicist.")

    def search(self, query: str, limit: int = 20):
        self._ask()
        return [(f"{query} {i}", "", "") for i in range(2)]

    def stats(self):
        self._ask()
        return {"starter": {"articles": 1}}

    def candidates(self, name: str, limit: int = 12):
        return []

    def remember_choice(self, name: str, title: str) -> bool:
        self._ask()
        return title == "Marie Curie"

    def lookup(self, name: str):
        return []

    def close(self) -> None:
        pass


@pytest.fixture
def worker(qtbot):
    from glossator.gui.worker import WorkerThread

    kb = TinyKB()
    w = WorkerThread(kb_factory=lambda _ro: kb, engine_factory=FakeEngine)
    w.start()
    qtbot.waitUntil(lambda: w.worker.engine is not None, timeout=10_000)
    w.tiny = kb
    yield w
    w.stop()


def test_an_operation_is_answered_on_the_gui_thread(qtbot, worker):
    parent = QObject()
    got: list = []
    where: list = []

    def success(article):
        where.append(QThread.currentThread())
        got.append(article)

    QueryOp(parent=parent, op=GetArticle("Marie Curie"), success=success
            ).run_in_background(worker)
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)
    assert got[0].description == "Polish-French physicist"
    assert where[0] is parent.thread()  # the callback runs on the GUI thread
    assert worker.tiny.threads[0] is not threading.main_thread()  # the KB is asked there
    assert worker.pending() == 0


def test_each_type_gets_its_own_answer(qtbot, worker):
    parent = QObject()
    got: dict = {}
    for op in (GetStats(), Search("Curie"), RememberChoice("Marie", "Marie Curie"),
               RememberChoice("Marie", "Nobody")):
        QueryOp(parent=parent, op=op, success=lambda v, op=op: got.__setitem__(op, v)
                ).run_in_background(worker)
    qtbot.waitUntil(lambda: len(got) == 4, timeout=5_000)
    assert got[GetStats()] == {"starter": {"articles": 1}}
    assert [c.title for c in got[Search("Curie")]] == ["Curie 0", "Curie 1"]
    assert got[RememberChoice("Marie", "Marie Curie")].title == "Marie Curie"
    assert got[RememberChoice("Marie", "Nobody")] is None


def test_an_unknown_operation_fails_by_its_type(qtbot, worker):
    @dataclasses.dataclass(frozen=True)
    class Sing:
        song: str

    failed: list[OperationFailed] = []
    worker.run(Sing("la"), parent=QObject(), success=pytest.fail, failure=failed.append)
    qtbot.waitUntil(lambda: bool(failed), timeout=5_000)
    assert "Sing" in failed[0].message


def test_a_failure_goes_to_the_failure_callback(qtbot, worker):
    worker.tiny.fail = True
    failed: list[OperationFailed] = []
    parent = QObject()
    QueryOp(parent=parent, op=Search("Curie"), success=pytest.fail).failure(
        failed.append).run_in_background(worker)
    qtbot.waitUntil(lambda: bool(failed), timeout=5_000)
    assert failed[0].title == "Could not search the knowledge base"
    assert "the disk is gone" in failed[0].message


def test_a_newer_question_with_the_same_key_makes_the_older_stale(qtbot, worker):
    parent = QObject()
    got: list = []
    for query in ("Cu", "Cur", "Curie"):
        QueryOp(parent=parent, op=Search(query), key="search",
                success=lambda found, q=query: got.append(q)).run_in_background(worker)
    other: list = []  # another key, or another parent, is not superseded
    QueryOp(parent=parent, op=GetStats(), key="stats", success=other.append
            ).run_in_background(worker)
    QueryOp(parent=QObject(parent), op=Search("x"), key="search", success=other.append
            ).run_in_background(worker)
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=5_000)
    qtbot.wait(50)
    assert got == ["Curie"]
    assert len(other) == 2


def test_the_answer_for_a_deleted_window_is_dropped(qtbot, worker):
    from PySide6.QtWidgets import QWidget

    got: list = []
    widget = QWidget()
    QueryOp(parent=widget, op=GetArticle("Marie Curie"), success=got.append
            ).run_in_background(worker)
    shiboken6.delete(widget)  # the window is gone before the answer comes
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=5_000)
    qtbot.wait(50)
    assert got == []


def test_forgotten_answers_are_dropped(qtbot, worker):
    parent = QObject()
    got: list = []
    QueryOp(parent=parent, op=Search("a"), key="lookup", success=got.append
            ).run_in_background(worker)
    QueryOp(parent=parent, op=GetStats(), key="stats", success=got.append
            ).run_in_background(worker)
    worker.forget(parent, "lookup")
    qtbot.waitUntil(lambda: worker.pending() == 0, timeout=5_000)
    qtbot.wait(50)
    assert got == [{"starter": {"articles": 1}}]


def test_query_op_finds_the_worker_of_its_parent(qtbot, worker):
    class Window(QObject):
        pass

    window = Window()
    window.worker = worker
    child = QObject(window)
    got: list = []
    QueryOp(parent=child, op=GetStats(), success=got.append).run_in_background()
    qtbot.waitUntil(lambda: bool(got), timeout=5_000)


# ------------------------------------------------------------- cancellation


class Stopped(Cancelled):
    """A subclass of the engine's Cancelled with another name."""


class NamedCancelled(Exception):
    """Not a cancellation, whatever its name says."""


NamedCancelled.__name__ = "Cancelled"


def test_cancellation_is_recognised_by_type():
    from glossator.core.kb.download import DownloadCancelled

    assert is_cancelled(Cancelled()) and is_cancelled(Stopped())
    assert is_cancelled(DownloadCancelled("stopped"))
    assert not is_cancelled(NamedCancelled())
    assert not is_cancelled(RuntimeError("Cancelled"))


def _annotate_with(qtbot, error: type[Exception]):
    from glossator.gui.worker import WorkerThread

    class Raising(FakeEngine):
        def annotate(self, text, should_stop=None, progress=None):
            raise error()

    w = WorkerThread(kb_factory=lambda _ro: TinyKB(), engine_factory=Raising)
    finished: list = []
    w.worker.annotationFinished.connect(finished.append)
    w.start()
    qtbot.waitUntil(lambda: w.worker.engine is not None, timeout=10_000)
    w.annotate(make_document())
    qtbot.waitUntil(lambda: bool(finished), timeout=10_000)
    w.stop()
    return finished[0]


def test_the_engine_stopping_is_a_cancellation_not_a_failure(qtbot):
    done = _annotate_with(qtbot, Stopped)
    assert done.unavailable is None, done


def test_an_exception_only_named_cancelled_is_a_failure(qtbot):
    done = _annotate_with(qtbot, NamedCancelled)
    assert done.unavailable and "The analysis failed" in done.unavailable


def test_an_answer_for_the_document_left_is_dropped(qtbot, fake_window):
    from tests.gui.conftest import open_and_wait

    window = fake_window
    open_and_wait(qtbot, window)
    window.look_up("Marie Curie")
    window.show_document(make_document("# Other\n\nNothing to see here.\n"))
    qtbot.waitUntil(lambda: window.worker.pending() == 0, timeout=10_000)
    qtbot.wait(50)
    assert "Marie Curie" not in window.panel.title.text()
    window.look_up("Marie Curie")  # asked for the document shown: it is shown
    qtbot.waitUntil(lambda: "Marie Curie" in window.panel.title.text(), timeout=10_000)
