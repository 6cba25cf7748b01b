"""Typed operations: what the window asks the worker, with success and failure callbacks.

In the style of Anki's ``QueryOp`` (``aqt/operations``)::

    QueryOp(parent=self, op=Search("Curie"), success=self.show_results).failure(
        self.show_error).run_in_background()

Each operation is a frozen dataclass naming what it asks; the worker
(``gui/worker.py``) answers it on its own thread, choosing the code by the operation's
type, and the answer comes back to the window's thread, where ``success`` (with the
value) or ``failure`` (with an ``OperationFailed``) is called. A result is dropped, never
delivered, when its ``parent`` has been deleted, or when a newer operation with the same
``parent`` and ``key`` was started since (a search typed again, another article asked
for). Callbacks run on the GUI thread; the worker never sees them nor any widget.

Long knowledge-base tasks (import, rebuild, fetch, attach, download) are operations too:
their progress is broadcast (``Worker.taskProgress``) and so is their end
(``Worker.taskFinished``, which the main window reads to analyse again), and the one who
started the task gets its ``TaskFinished`` through ``success``, or ``failure`` when it
failed. A stopped task (Cancel) succeeds with ``TaskFinished.cancelled`` set.

Cancellation is recognised by type (``is_cancelled``): the engine's ``Cancelled``, the
download's ``DownloadCancelled`` and the online fetcher's ``FetchCancelled``, and their
subclasses.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PySide6.QtCore import QObject

    from glossator.gui.worker import WorkerThread


# ------------------------------------------------------------------ look-ups


@dataclass(frozen=True, slots=True)
class GetArticle:
    """One article of the knowledge base. Answer: ``Article`` or None."""

    title: str


@dataclass(frozen=True, slots=True)
class FindChoices:
    """"Not this? Choose another" for ``name``: ``titles`` first, then the rest.

    The rest: the name's candidates and a search. Answer: ``list[Choice]``.
    """

    name: str
    titles: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Search:
    """A full-text search of the knowledge base. Answer: ``list[Choice]``."""

    query: str


@dataclass(frozen=True, slots=True)
class GetStats:
    """The knowledge base's counts, per layer and attached ZIM. Answer: ``dict``."""


@dataclass(frozen=True, slots=True)
class RememberChoice:
    """"``name`` means ``title``" from now on.

    Answer: the ``Article``, or None when the knowledge base does not have it.
    """

    name: str
    title: str


@dataclass(frozen=True, slots=True)
class ForgetChoice:
    """Undo ``RememberChoice`` for each of ``names``. Answer: how many were forgotten."""

    names: tuple[str, ...]
    title: str


# ----------------------------------------------------------------- KB tasks


@dataclass(frozen=True, slots=True)
class ImportFile:
    """Import a JSON Lines or ZIM file into the user layer. Answer: ``TaskFinished``."""

    path: str


@dataclass(frozen=True, slots=True)
class RebuildStarter:
    """Rebuild the starter pack, then reopen the knowledge base. Answer: ``TaskFinished``."""


@dataclass(frozen=True, slots=True)
class FetchMissing:
    """Fetch these names' summaries from Wikipedia. Answer: ``TaskFinished``."""

    names: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ZimTask:
    """Attach (a path), go on indexing (an id) or detach (an id) a Kiwix ZIM.

    Answer: ``TaskFinished`` (when the index is built, for attach and resume).
    """

    action: str  # "attach" | "resume" | "detach"
    target: str


@dataclass(frozen=True, slots=True)
class CountLinks:
    """Count an attached ZIM's links into name priors, p(article | name) (issue 14).

    The optional second pass after the name index (``link_priors.LinkJob``, the CLI's
    ``kb attach FILE --links``); Cancel pauses it, the same operation goes on later.
    ``target`` is the ZIM's id. ``recount``: count priors that are done again (the old
    ones are used until the new count is finished; a pass running just goes on).
    Answer: ``TaskFinished`` (task "links").
    """

    target: str
    recount: bool = False


@dataclass(frozen=True, slots=True)
class DownloadZim:
    """Download a Kiwix ZIM into ``folder``, then attach it.

    From ``url``, or the ``catalogue``'s entry ``name``. Answer: ``TaskFinished`` once it
    is attached.
    """

    folder: str
    url: str = ""
    sha256: str = ""
    catalogue: str = ""
    name: str = ""


Operation = (GetArticle | FindChoices | Search | GetStats | RememberChoice | ForgetChoice
             | ImportFile | RebuildStarter | FetchMissing | ZimTask | CountLinks | DownloadZim)
LOOKUPS = (GetArticle, FindChoices, Search, GetStats, RememberChoice, ForgetChoice)
TASKS = (ImportFile, RebuildStarter, FetchMissing, ZimTask, CountLinks, DownloadZim)


# ------------------------------------------------------------ the messages


@dataclass(frozen=True, slots=True)
class OpRequest:
    """An operation on its way to the worker, with its number."""

    id: int
    op: Operation


@dataclass(frozen=True, slots=True)
class OpResult:
    """The worker's answer to ``OpRequest`` ``id``: a value, or the failure."""

    id: int
    value: Any = None
    error: OperationFailed | None = None


class OperationFailed(Exception):
    """An operation that failed: ``title`` says what, ``message`` why (user-facing).

    ``finished`` is the task's ``TaskFinished`` when a long task failed.
    """

    def __init__(self, title: str, message: str, finished: Any = None) -> None:
        super().__init__(f"{title}: {message}")
        self.title = title
        self.message = message
        self.finished = finished


def is_cancelled(exc: BaseException) -> bool:
    """Whether ``exc`` is one of the core's "stopped as asked" exceptions (by type)."""
    return isinstance(exc, cancelled_types())


_CANCELLED: tuple[type[BaseException], ...] | None = None


def cancelled_types() -> tuple[type[BaseException], ...]:
    """The core's cancellation exceptions (imported when first asked: spaCy comes too)."""
    global _CANCELLED
    if _CANCELLED is None:
        found: list[type[BaseException]] = []
        try:
            from glossator.core.nlp.engine import Cancelled

            found.append(Cancelled)
        except ImportError:  # a build without the reading engine
            pass
        from glossator.core.kb.download import DownloadCancelled
        from glossator.core.kb.online_http import FetchCancelled

        found += [DownloadCancelled, FetchCancelled]
        _CANCELLED = tuple(found)
    return _CANCELLED


# ------------------------------------------------------------------ QueryOp

Success = Callable[[Any], None]
Failure = Callable[[OperationFailed], None]


class QueryOp:
    """An operation with its callbacks, run on the worker thread.

    ``parent`` bounds the callbacks' life: once it is deleted its results are dropped.
    ``key``: a newer operation with the same parent and key makes this one's result
    stale (dropped). Without ``failure``, a failure is shown as a message box over
    ``parent`` when it is a widget.
    """

    def __init__(self, *, parent: QObject, op: Operation, success: Success | None = None,
                 key: str | None = None) -> None:
        self.parent = parent
        self.op = op
        self._success = success
        self._failure: Failure | None = None
        self.key = key

    def failure(self, failure: Failure) -> QueryOp:
        """Call ``failure`` (with the ``OperationFailed``) instead of showing the error."""
        self._failure = failure
        return self

    def run_in_background(self, worker: WorkerThread | None = None) -> int:
        """Queue the operation on ``worker`` (else the parent's ``worker``); its number."""
        if worker is None:
            worker = _worker_of(self.parent)
        return worker.run(self.op, parent=self.parent, success=self._success,
                          failure=self._failure or _show_failure(self.parent), key=self.key)


def _worker_of(parent: Any) -> WorkerThread:
    from glossator.gui.worker import WorkerThread

    obj = parent
    while obj is not None:
        worker = getattr(obj, "worker", None)
        if isinstance(worker, WorkerThread):
            return worker
        obj = obj.parent() if hasattr(obj, "parent") else None
    raise LookupError(f"no worker found for {type(parent).__name__}")


def _show_failure(parent: Any) -> Failure:
    def show(error: OperationFailed) -> None:
        from PySide6.QtWidgets import QWidget

        from glossator.gui.dialogs import show_error

        show_error(parent if isinstance(parent, QWidget) else None, error.title,
                   error.message)
    return show
