"""The one long-lived worker thread: it owns the reading engine and the writable KB.

A ``Worker`` QObject is moved to a ``QThread`` (the pattern of Anki's task
manager and Picard's thread helpers). The window talks to it only through
queued signals carrying the dataclasses of ``glossator.gui.messages``; the
worker never touches a widget. Every document goes through the engine's streaming
analysis (``core/nlp/stream.py``): its pieces are parsed one per event, the piece on
screen first (then where the reader scrolls), so look-ups queued meanwhile are answered
between pieces; after the first piece, and then as often as the analysis's own cost
allows, the document-level result is sent: the entities that changed (ids stay stable) and
the mentions the window has not seen. Cancelling sets a flag that the engine's
``should_stop`` reads.

The worker owns the knowledge-base handle and hands it to the engine, which makes its
gazetteer and linker from it (``Engine.set_kb``): after a rebuild (a new file), an import
or an online fill (new rows), ``_use_kb`` gives every holder the current handle before the
task reports that it finished, so the window's "analyse again" uses the new knowledge.
"""

from __future__ import annotations

import contextlib
import dataclasses
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

import shiboken6
from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from glossator import paths
from glossator.core.documents.model import Document
from glossator.core.kb.normalize import fold
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention
from glossator.core.nlp.world_places import another_place_than
from glossator.gui.explain import named_perhaps
from glossator.gui.messages import (
    AnnotateRequest,
    AnnotationFinished,
    AnnotationPart,
    Choice,
    EngineStatus,
    TaskFinished,
    TaskProgress,
)
from glossator.gui.operations import (
    CountLinks,
    DownloadZim,
    FetchMissing,
    FindChoices,
    ForgetChoice,
    GetArticle,
    GetStats,
    ImportFile,
    Operation,
    OperationFailed,
    OpRequest,
    OpResult,
    RebuildStarter,
    RememberChoice,
    Search,
    ZimTask,
    is_cancelled,
)

# The streaming analysis's pieces: about CHUNK_CHARS, the one on screen FIRST_CHUNK_CHARS.
CHUNK_CHARS = 12_000
FIRST_CHUNK_CHARS = 3_000
# A document-level update is sent after the first piece, then once at least this long
# and UPDATE_COST times the last update's own time have passed (the analysis of what is
# parsed so far is redone each time: this keeps it to about a tenth of the work; at 5, a
# 100,000-word book took 1.04-1.36x annotate's time, at 10 1.08-1.28x), and at the end.
UPDATE_SECONDS = 2.0
UPDATE_COST = 10.0

# Entries per batch of a ZIM's link pass (one worker event: a fraction of a second).
LINK_BATCH = 1_000

# What a look-up answers while no knowledge base is open, and the title of its failure.
_EMPTY: dict[type, Any] = {FindChoices: [], Search: [], GetStats: {}}
_FAILED: dict[type, str] = {RememberChoice: "Could not remember your choice",
                            ForgetChoice: "Could not forget your choice",
                            Search: "Could not search the knowledge base",
                            FindChoices: "Could not search the knowledge base",
                            GetArticle: "Could not read the article",
                            GetStats: "Could not count the knowledge base"}

KBFactory = Callable[[bool], Any]  # readonly -> KnowledgeBase
EngineFactory = Callable[[Any], Any]  # kb -> Engine


def default_kb_factory(readonly: bool) -> Any:
    """The user knowledge base over the bundled starter pack."""
    from glossator.core.kb import KnowledgeBase

    return KnowledgeBase.open(paths.user_kb_path(), paths.starter_kb_path(), readonly=readonly)


def default_engine_factory(kb: Any) -> Any:
    """The reading engine with the configured spaCy model."""
    from glossator.core.cache_folder import set_cache_folder
    from glossator.core.lifetime import long_lived

    set_cache_folder(paths.cache_dir(create=False))  # derived tables, kept between starts
    with long_lived():  # the model and the name index live as long as the app
        from glossator.core.nlp.engine import Engine

        return Engine(kb, model=None)


def explain(exc: BaseException) -> str:
    """A one-line message for the user: the known ones as written, others with their type."""
    try:
        from glossator.errors import user_message

        message = user_message(exc)
    except Exception:  # explaining an error must never stop the worker from reporting it
        message = None
    if message:
        return message
    return f"{type(exc).__name__}: {exc}"


def plan_chunks(document: Document, first: int = 0, size: int = CHUNK_CHARS,
                first_size: int = FIRST_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Character ranges of whole annotatable blocks, what is on screen first.

    The chunk starting at ``first`` is small (``first_size``) so the reader sees
    underlines within a second; the rest of the text follows, then what lies above.
    """
    blocks = [(b.start, b.end) for b in document.blocks if b.annotate and b.end > b.start]
    if not document.blocks:
        n = len(document.text)
        blocks = [(i, min(i + size, n)) for i in range(0, n, size)]
    if not blocks:
        return []
    at = next((i for i, (_s, e) in enumerate(blocks) if first < e), len(blocks) - 1)
    after = _greedy(blocks[at:], size, first_size)
    before = _greedy(blocks[:at], size, size)
    return after + before[::-1]


def _greedy(blocks: list[tuple[int, int]], size: int, first_size: int
            ) -> list[tuple[int, int]]:
    chunks: list[tuple[int, int]] = []
    start = end = -1
    for b_start, b_end in blocks:
        limit = first_size if not chunks else size
        if start < 0:
            start, end = b_start, b_end
        elif b_end - start > limit:
            chunks.append((start, end))
            start, end = b_start, b_end
        else:
            end = b_end
    if start >= 0:
        chunks.append((start, end))
    return chunks


# Documents whose text is exactly what was read (a .txt file, pasted plain text): their
# blocks are only its paragraphs (``documents.text.paragraphs``).
PLAIN_TEXT_FORMATS = frozenset({"text", "paste"})


def analysis_ranges(document: Document) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """What the engine analyses of a document, as ``glossator annotate`` gives it.

    ``annotate`` reads a text file as one text (``Engine.annotate``); other formats as a
    document of blocks (``Engine.annotate_document``: the annotatable blocks, code left
    out, each block start a break no name crosses). The app asks the same of the engine,
    so a book opened in it gets the same entities as ``annotate`` on the file. (A text's
    paragraphs as blocks cut its ranges wherever two paragraphs are three or more line
    breaks apart, and a pronoun there lost its antecedent: 96% of a book's mentions had
    the same entity as ``annotate``.)
    """
    from glossator.core.nlp.stream import document_ranges

    if document.format in PLAIN_TEXT_FORMATS or not document.blocks:
        return [(0, len(document.text))], frozenset()
    return document_ranges(document)


def _same_first(first: str, title: str) -> bool:
    """Whether a title's first word is ``first`` or a close spelling of it."""
    from glossator.core.nlp.grouping import word_similar  # the engine's: not at start-up

    other = title.split()[0] if title.split() else ""
    return word_similar(first.lower(), other.lower()) >= 0.8


_WORD = re.compile(r"\w+")
_MARKED = re.compile(r"\[([^\]]+)\]")  # the words a search snippet marks as matched


class _Job:
    """One annotation in progress: its streaming analysis and what the window was sent."""

    def __init__(self, request: AnnotateRequest) -> None:
        from glossator.core.nlp.stream import plan_pieces

        self.request = request
        doc = request.document
        ranges, self.breaks = analysis_ranges(doc)
        self.pieces = plan_pieces(doc.text, ranges, CHUNK_CHARS, request.first,
                                  FIRST_CHUNK_CHARS)
        self.total = sum(e - s for s, e in self.pieces) or len(doc.text)
        # The pieces still to parse, what is on screen first, then the rest after it, then
        # what lies above (nearest first).
        at = next((i for i, (_s, e) in enumerate(self.pieces) if request.first < e),
                  len(self.pieces) - 1) if self.pieces else 0
        self.chunks: list[tuple[int, int]] = self.pieces[at:] + self.pieces[:at][::-1]
        self.session: Any = None  # the engine's DocumentAnalysis (None: a whole-text engine)
        self.done = 0
        self.sent: dict[tuple[int, int, str], str | None] = {}  # span -> entity id sent
        self.sent_entities: dict[str, Entity] = {}
        self.sent_articles: set[str] = set()
        self.choices: dict[str, str | None] = {}  # name -> the reader's chosen title
        self.started = time.perf_counter()
        self.updated = 0.0  # when the last update was sent (perf_counter)
        self.update_cost = 0.0  # how long it took
        self.unsent = 0  # pieces parsed since


class Worker(QObject):
    """Lives on its own thread; every slot runs there."""

    statusReady = Signal(object)  # EngineStatus
    partReady = Signal(object)  # AnnotationPart
    annotationFinished = Signal(object)  # AnnotationFinished
    opDone = Signal(object)  # OpResult: the answer to one OpRequest
    taskProgress = Signal(object)  # TaskProgress
    taskFinished = Signal(object)  # TaskFinished

    def __init__(self, *, readonly: bool = False, kb_factory: KBFactory | None = None,
                 engine_factory: EngineFactory | None = None) -> None:
        super().__init__()
        self.readonly = readonly
        self._kb_factory = kb_factory or default_kb_factory
        self._engine_factory = engine_factory or default_engine_factory
        self.kb: Any = None
        self.engine: Any = None
        self.status = EngineStatus(ready=False, message="Loading the language model…")
        # Written by the window's thread, read here: a plain int and an Event are enough.
        self.latest_job = 0
        self.reading_at = -1  # the offset on screen, as the reader scrolls (-1: no news)
        self._cancel_task = threading.Event()
        self._job: _Job | None = None
        # The Kiwix task running (an index being built, or a link pass: one at a time), its
        # operation, and for a link pass its steps.
        self._zim_job: Any = None
        self._zim_op = 0
        self._zim_steps: Any = None
        self._download: Any = None  # the ZIM being downloaded, and its operation
        self._download_op = 0
        # The code for each operation, chosen by its type (never by a string).
        self._lookups: dict[type, Callable[[Any], Any]] = {
            GetArticle: self._get_article, FindChoices: self._choices, Search: self._search,
            GetStats: self._stats, RememberChoice: self._remember,
            ForgetChoice: self._forget}
        self._tasks: dict[type, Callable[[int, Any], None]] = {
            ImportFile: self._import, RebuildStarter: self._rebuild, FetchMissing: self._fetch,
            ZimTask: self._zim, CountLinks: self._count_links,
            DownloadZim: self._download_zim}

    # ------------------------------------------------------------ start / stop

    @Slot()
    def start(self) -> None:
        """Open the knowledge base and load the engine (spaCy) in this thread."""
        started = time.perf_counter()
        errors: list[str] = []
        try:
            self.kb = self._kb_factory(self.readonly)
        except Exception as exc:
            errors.append(explain(exc))
            self.kb = self._fallback_kb()
        stats: dict[str, Any] = {}
        if self.kb is not None:
            try:
                stats = self.kb.stats()
            except Exception as exc:  # a stats failure should not stop reading
                errors.append(explain(exc))
        try:
            if self.kb is None:
                raise RuntimeError("no knowledge base could be opened")
            self.engine = self._engine_factory(self.kb)
        except ImportError:
            self.engine = None
            message = "Analysis unavailable: the reading engine is not installed in this build."
        except Exception as exc:
            self.engine = None
            errors.append(explain(exc))
            message = f"Analysis unavailable: {explain(exc)}"
        else:
            message = "Ready"
        seconds = time.perf_counter() - started
        self.status = EngineStatus(
            ready=self.engine is not None, message=message, model=self._model_name(),
            kb_stats=stats, seconds=seconds, error="\n\n".join(errors) or None,
        )
        self.statusReady.emit(self.status)

    def _fallback_kb(self) -> Any:
        """The starter pack alone, read-only, when the user's file cannot be opened."""
        try:
            from glossator.core.kb import KnowledgeBase

            return KnowledgeBase.open(None, paths.starter_kb_path(), readonly=True)
        except Exception:
            return None

    def _model_name(self) -> str:
        nlp = getattr(self.engine, "nlp", None)
        meta = getattr(nlp, "meta", None)
        if isinstance(meta, dict) and meta.get("name"):
            return f"{meta.get('lang', '')}_{meta['name']} {meta.get('version', '')}".strip()
        return ""

    @Slot()
    def shutdown(self) -> None:
        """Close the database before the thread ends."""
        self._job = None
        if self.kb is not None:
            with contextlib.suppress(Exception):
                self.kb.close()
            self.kb = None

    # -------------------------------------------------------------- annotation

    def _stopped(self, job: int) -> bool:
        return job != self.latest_job

    @Slot(object)
    def annotate(self, request: AnnotateRequest) -> None:
        """Start annotating; a newer request supersedes the one in progress."""
        if request.job != self.latest_job:
            return  # already superseded while queued
        if self.engine is None:
            self.annotationFinished.emit(AnnotationFinished(
                job=request.job, seconds=0.0, unavailable=self.status.message))
            return
        job = _Job(request)
        if hasattr(self.engine, "document_session"):
            from glossator.core.nlp.stream import DocumentAnalysis

            job.session = DocumentAnalysis(self.engine, request.document.text, job.pieces,
                                           breaks=job.breaks)
        # else an engine without the streaming path (a test's stand-in): piece by piece,
        # each piece's entities its own.
        self._job = job
        QTimer.singleShot(0, self._step)

    @Slot()
    def _step(self) -> None:
        job = self._job
        if job is None:
            return
        req = job.request
        if self._stopped(req.job) or not (job.chunks or job.unsent):
            self._job = None
            self.annotationFinished.emit(AnnotationFinished(
                job=req.job, seconds=time.perf_counter() - job.started,
                cancelled=self._stopped(req.job)))
            return
        stop = _stopper(lambda: self._stopped(req.job))
        try:
            if job.session is None:
                lo, hi = job.chunks.pop(self._next_chunk(job))
                ann = self.engine.annotate(req.document.text[lo:hi],
                                           should_stop=lambda: self._stopped(req.job),
                                           progress=_ignore)
                job.done = min(job.total, job.done + hi - lo)
                self.partReady.emit(self._part(job, _placed(ann, lo, len(job.pieces) > 1),
                                               set(), set()))
            else:
                if job.chunks:
                    lo, hi = job.chunks.pop(self._next_chunk(job))
                    job.session.feed([job.session.pieces.index((lo, hi))], stop=stop)
                    job.done = min(job.total, job.done + hi - lo)
                    job.unsent += 1
                if self._update_due(job):
                    t = time.perf_counter()
                    update = job.session.update(stop=stop)
                    job.updated = time.perf_counter()
                    job.update_cost = job.updated - t
                    job.unsent = 0
                    self.partReady.emit(self._part(job, update.annotation, update.changed,
                                                   update.removed))
        except Exception as exc:
            if is_cancelled(exc) or self._stopped(req.job):
                job.chunks.clear()
                job.unsent = 0
                QTimer.singleShot(0, self._step)
                return
            traceback.print_exc(file=sys.stderr)
            self._job = None
            self.annotationFinished.emit(AnnotationFinished(
                job=req.job, seconds=time.perf_counter() - job.started,
                unavailable=f"The analysis failed: {explain(exc)}"))
            return
        QTimer.singleShot(0, self._step)

    @staticmethod
    def _update_due(job: _Job) -> bool:
        """Whether to send the document-level result now (its cost stays a fraction)."""
        if not job.unsent:
            return False
        if not job.chunks or not job.updated:
            return True  # the last piece, or the first one (what is on screen)
        waited = time.perf_counter() - job.updated
        return waited >= max(UPDATE_SECONDS, UPDATE_COST * job.update_cost)

    def _next_chunk(self, job: _Job) -> int:
        """The piece to do next: where the reader now is, else the planned order."""
        at = self.reading_at
        if at < 0 or job.chunks[0][0] < 0:
            return 0
        ahead = [i for i, (s, e) in enumerate(job.chunks) if e > at]
        if not ahead:
            return 0
        return min(ahead, key=lambda i: job.chunks[i][0])

    def _part(self, job: _Job, ann: Annotation, changed: set[str] | frozenset[str],
              removed: set[str] | frozenset[str]) -> AnnotationPart:
        """What the window has not seen: changed entities and new or moved mentions.

        The entity ids are the analysis's stable ones. An id merged into another entity
        is sent again as a copy of the entity that took it in, so the mentions the window
        holds under the old id show the right name.
        """
        fresh = not job.sent_entities or job.session is None
        by_id = {e.id: e for e in self._user_choices(ann.entities, job)}
        send: dict[str, Entity] = {}
        for eid, e in by_id.items():
            if fresh or eid in changed or eid not in job.sent_entities:
                send[eid] = e
        mentions: list[Mention] = []
        where: dict[str, str] = {}  # a removed id -> the id that now holds its mentions
        now: set[tuple[int, int, str]] = set()
        for m in ann.mentions:
            key = (m.start, m.end, m.kind)
            now.add(key)
            before = job.sent.get(key, "")
            if before != m.entity:
                if before and m.entity and before in removed:
                    where.setdefault(before, m.entity)
                mentions.append(dataclasses.replace(m))
                job.sent[key] = m.entity
        # What was sent and is found no more: the window forgets it (a whole-document
        # update holds every mention of the pieces parsed so far).
        gone = [] if job.session is None else sorted(k for k in job.sent if k not in now)
        for key in gone:
            del job.sent[key]
        for old in removed:
            target = by_id.get(where.get(old, ""))
            if target is not None:
                send[old] = dataclasses.replace(target, id=old)
        # Copies, never objects this thread may still change.
        entities = [dataclasses.replace(e) for e in send.values()]
        job.sent_entities.update({e.id: e for e in entities})
        articles: dict[str, Article] = {}
        for e in entities:
            # A NIL entity's "perhaps" that bears its very name is described on its card
            # ("Perhaps “Valencia” (city in Spain, 34%)"): its article goes too.
            for title in [e.kb_title] if e.kb_title else named_perhaps(e):
                if title not in job.sent_articles:
                    article = self._article(title)
                    if article is not None:
                        articles[title] = article
                    job.sent_articles.add(title)
        mentions.sort(key=lambda m: m.start)
        return AnnotationPart(job=job.request.job, mentions=mentions, entities=entities,
                              articles=articles, done=job.done, total=job.total, gone=gone)

    def _user_choices(self, entities: list[Entity], job: _Job) -> list[Entity]:
        """Entities relinked where the reader chose another article for their name.

        "Not this? Choose another" stores a user alias; the engine may have linked
        from what it cached before, so the reader's word is applied here too.
        """
        out = []
        for e in entities:
            key = e.name.casefold()
            if key not in job.choices:
                job.choices[key] = self._user_choice(e.name)
            title = job.choices[key]
            # The reader's own choice is sure, also when it is the engine's guess.
            if title and (title != e.kb_title or e.confidence < 1.0):
                e = dataclasses.replace(e, kb_title=title, ambiguous=False, confidence=1.0)
            out.append(e)
        return out

    def _user_choice(self, name: str) -> str | None:
        try:
            found = [c for c in self.kb.lookup(name) if c.kind == "user"]
        except Exception:
            return None
        return max(found, key=lambda c: c.prior).title if found else None

    def _article(self, title: str) -> Article | None:
        try:
            return self.kb.article(title) if self.kb is not None else None
        except Exception:
            return None

    # ---------------------------------------------------------------- operations

    @Slot(object)
    def run(self, request: OpRequest) -> None:
        """Answer one operation (``gui/operations.py``), chosen by its type."""
        op = request.op
        lookup = self._lookups.get(type(op))
        if lookup is not None:
            try:
                value = lookup(op) if self.kb is not None else _EMPTY.get(type(op))
            except Exception as exc:
                self._fail(request.id, OperationFailed(_FAILED.get(type(op), "Look-up failed"),
                                                       explain(exc)))
                return
            self.opDone.emit(OpResult(request.id, value))
            return
        task = self._tasks.get(type(op))
        if task is None:
            self._fail(request.id, OperationFailed(
                "Unknown request", f"The worker cannot do {type(op).__name__}."))
            return
        task(request.id, op)

    def _fail(self, op_id: int, error: OperationFailed) -> None:
        self.opDone.emit(OpResult(op_id, error=error))

    def _finish(self, op_id: int, finished: TaskFinished) -> None:
        """A task ended: tell everyone (taskFinished), and its caller (success/failure)."""
        self.taskFinished.emit(finished)
        if not op_id:
            return
        if finished.error:
            self._fail(op_id, OperationFailed(finished.message, finished.error, finished))
        else:
            self.opDone.emit(OpResult(op_id, finished))

    def _get_article(self, op: GetArticle) -> Article | None:
        return self.kb.article(op.title)

    def _search(self, op: Search) -> list[Choice]:
        return [Choice(t, d, s) for t, d, s in self.kb.search(op.query)]

    def _stats(self, _op: GetStats) -> dict[str, Any]:
        return self.kb.stats()

    def _choices(self, op: FindChoices) -> list[Choice]:
        seen: dict[str, Choice] = {}
        for title in op.titles:
            article = self.kb.article(title)
            if article is not None:
                seen[title] = Choice(title, article.description)
        # A close spelling that is another real town's name comes last: "Crewe" is a town
        # of its own, and Crete first among its choices misled (a tour of the app).
        elsewhere: list[Choice] = []
        for cand in self.kb.candidates(op.name, limit=12):
            if cand.title in seen:
                continue
            choice = Choice(cand.title, cand.description)
            if another_place_than(op.name, cand.title, cand.alias):
                elsewhere.append(choice)
            else:
                seen[cand.title] = choice
        words = op.name.split()
        if len(words) > 1:  # a misspelled first name hides the surname's articles
            for cand in self.kb.candidates(words[-1], limit=5):
                # The surname itself, or a spelling of it with the same first name
                # ("Ludwig Bethoven"); "Downing Street" is no Meryl Streep.
                if cand.kind == "surname" and (cand.edit_distance == 0 or _same_first(
                        words[0], cand.title)):
                    seen.setdefault(cand.title, Choice(cand.title, cand.description))
        # A word search matches the last word as a prefix: "Crewe" found six articles on
        # crewed spaceflight (a tour of the app). A hit counts where its snippet marks one
        # of the name's own words, or its title or description (which the snippet does
        # not mark) writes one.
        own = {fold(w).casefold() for w in _WORD.findall(op.name)}
        for title, description, snippet in self.kb.search(op.name, limit=8):
            found = _MARKED.findall(snippet) + _WORD.findall(f"{title} {description}")
            if not own & {fold(w).casefold() for w in found}:
                continue
            seen.setdefault(title, Choice(title, description, snippet))
        return list(seen.values()) + [c for c in elsewhere if c.title not in seen]

    def _remember(self, op: RememberChoice) -> Article | None:
        """Make ``name`` mean ``title`` from now on; answer with the article."""
        if self.kb.remember_choice(op.name, op.title):
            return self.kb.article(op.title)
        return None

    def _forget(self, op: ForgetChoice) -> int:
        """The names mean what the knowledge base says again (an undone "Choose another")."""
        return sum(self.kb.forget_choice(name, op.title) for name in op.names)

    # --------------------------------------------------------------- KB tasks

    def cancel_task(self) -> None:
        """Ask the running knowledge-base task to stop (thread-safe)."""
        self._cancel_task.set()

    def _import(self, op_id: int, op: ImportFile) -> None:
        """Import a JSON Lines or ZIM file into the user knowledge base."""
        from glossator.core.kb.importers import import_file

        self._cancel_task.clear()
        last = [0.0]

        def progress(stats: Any, done: int, total: int) -> None:
            now = time.perf_counter()
            if now - last[0] > 0.1:
                last[0] = now
                self.taskProgress.emit(TaskProgress("import", done, total, stats.summary()))

        try:
            stats = import_file(self.kb.writable, op.path, progress=progress,
                                should_stop=self._cancel_task.is_set)
        except Exception as exc:
            self._knowledge_changed()  # batches written before the failure are kept
            cancelled = is_cancelled(exc)
            self._finish(op_id, TaskFinished(
                "import", "Import stopped" if cancelled else "Import failed",
                error=None if cancelled else explain(exc), cancelled=cancelled))
            return
        self._knowledge_changed()
        cancelled = self._cancel_task.is_set()
        verb = "Import stopped" if cancelled else "Imported"
        self._finish(op_id, TaskFinished("import", f"{verb}: {stats.summary()}", stats=stats,
                                         cancelled=cancelled))

    def _rebuild(self, op_id: int, _op: RebuildStarter) -> None:
        """Rebuild the starter pack from its source, then reopen the knowledge base."""
        from glossator.core.kb.starter import build_starter

        def progress(stats: Any, total: int) -> None:
            self.taskProgress.emit(TaskProgress("rebuild", stats.processed, total,
                                                stats.summary()))

        try:
            counts = build_starter(paths.starter_kb_path(), progress=progress)
            self._reopen()
        except Exception as exc:
            self._finish(op_id, TaskFinished("rebuild", "Rebuild failed", error=explain(exc)))
            return
        self._finish(op_id, TaskFinished(
            "rebuild", f"Rebuilt the starter pack: {counts.get('articles', 0):,} articles "
            f"in {counts.get('seconds', 0):.1f} s"))

    def _reopen(self) -> None:
        """Open the knowledge base files afresh and hand them to the engine."""
        old, self.kb = self.kb, None
        if old is not None:
            with contextlib.suppress(Exception):
                old.close()
        try:
            kb = self._kb_factory(self.readonly)
        except Exception:
            # Never leave the engine on the closed handle: the starter alone, then say why.
            self._use_kb(self._fallback_kb())
            raise
        self._use_kb(kb)

    def _use_kb(self, kb: Any) -> None:
        """Make ``kb`` the one handle: the worker's and every holder inside the engine.

        Called with a new handle after a rebuild, and with the same one after an import
        or an online fill (its rows changed: the engine's gazetteer and look-up caches are
        made again). An engine without ``set_kb`` is made afresh.
        """
        self.kb = kb
        if self.engine is None:
            return
        if hasattr(self.engine, "set_kb"):
            self.engine.set_kb(kb)
        else:
            self.engine = self._engine_factory(kb)

    def _knowledge_changed(self) -> None:
        """New rows in the open knowledge base: the engine reads them from now on."""
        if self.kb is None:
            return
        try:
            self._use_kb(self.kb)
        except Exception:  # the old engine state still works; the next start will see them
            traceback.print_exc(file=sys.stderr)

    def _fetch(self, op_id: int, op: FetchMissing) -> None:
        """Fetch summaries for these names from Wikipedia (only when the user allowed it)."""
        self._cancel_task.clear()
        try:
            from glossator.core.kb import online

            total = len(op.names)
            done = [0]

            def on_result(result: Any) -> None:
                done[0] += 1
                self.taskProgress.emit(TaskProgress(
                    "fetch", done[0], total, f"{result.title}: {result.status}"))

            with online.WikipediaFetcher(should_stop=self._cancel_task.is_set) as fetcher:
                fetcher.check_online()
                summary = online.fill(self.kb, list(op.names), fetcher, on_result=on_result)
        except Exception as exc:
            self._knowledge_changed()
            cancelled = is_cancelled(exc)
            self._finish(op_id, TaskFinished(
                "fetch", str(exc) or "Stopped." if cancelled else "Fetching failed",
                error=None if cancelled else explain(exc), cancelled=cancelled))
            return
        self._knowledge_changed()
        self._finish(op_id, TaskFinished(
            "fetch", summary.stopped or f"Fetched: {summary.line()}",
            cancelled=self._cancel_task.is_set()))

    def _zim(self, op_id: int, op: ZimTask) -> None:
        """Attach (a path), go on indexing (an id) or detach (an id) a Kiwix ZIM (issue 14).

        The index grows one batch per event (``_zim_step``), so look-ups and analyses
        queued meanwhile are answered between batches and read what is indexed so far.
        """
        from glossator.core.kb import zim_attach

        folder = getattr(self.kb, "zim_dir", None) or zim_attach.index_dir_for(
            paths.user_kb_path())
        try:
            if op.action == "detach":
                found = zim_attach.find_attached(folder, op.target)
                job = self._zim_job
                if job is not None and job.index_path == found.index_path:
                    self._end_zim_job(0)
                zim_attach.detach(found.id, folder)
                message = f"Detached {found.title}; {found.zim_path} is kept."
            else:
                found = (zim_attach.attach(op.target, folder) if op.action == "attach"
                         else zim_attach.find_attached(folder, op.target))
                self._end_zim_job(0)  # one build at a time; the other resumes later
                self._cancel_task.clear()
                self._zim_job = zim_attach.IndexJob(found.index_path, batch_entries=5000)
                self._zim_op = op_id
                QTimer.singleShot(0, self._zim_step)
                message = ""
            if hasattr(self.kb, "refresh_attached"):
                self.kb.refresh_attached()
            self._knowledge_changed()
            if message:
                self._finish(op_id, TaskFinished("attach", message))
        except Exception as exc:
            self._end_zim_job(0)
            self._finish(op_id, TaskFinished("attach", "Attaching failed", error=explain(exc)))

    def _end_zim_job(self, finished_op: int) -> int:
        """Close the Kiwix task running (if any); its operation's number (0: none)."""
        job, op_id, steps = self._zim_job, self._zim_op, self._zim_steps
        self._zim_job, self._zim_op, self._zim_steps = None, 0, None
        if steps is not None:
            steps.close()
        if job is not None:
            job.close()
        if op_id and op_id != finished_op:  # replaced by another build: that one answers
            if steps is not None:
                self._fail(op_id, OperationFailed("Counting paused", "Another Kiwix task "
                                                  "runs first; Count link priors goes on "
                                                  "later."))
            else:
                self._fail(op_id, OperationFailed("Indexing paused", "Another index is built "
                                                  "first; Resume goes on later."))
        return op_id

    def _count_links(self, op_id: int, op: CountLinks) -> None:
        """Count an attached ZIM's links into name priors (issue 14), as ``kb attach --links``.

        ``link_priors.LinkJob`` is driven one batch per event (``_links_step``), as the
        index is built, so look-ups and analyses are answered between batches; Cancel
        pauses it (its work file keeps what was counted) and the same operation goes on.
        """
        from glossator.core.kb import zim_attach
        from glossator.core.kb.link_priors import LinkJob

        folder = getattr(self.kb, "zim_dir", None) or zim_attach.index_dir_for(
            paths.user_kb_path())
        try:
            found = zim_attach.find_attached(folder, op.target)
            self._end_zim_job(0)  # one Kiwix task at a time
            self._cancel_task.clear()
            job = LinkJob(found.index_path, batch_entries=LINK_BATCH, recount=op.recount)
        except Exception as exc:
            self._finish(op_id, TaskFinished("links", "Counting links failed",
                                             error=explain(exc)))
            return
        if job.finished:
            job.close()
            self._finish(op_id, TaskFinished(
                "links", f"Link priors of {found.title} are counted: {job.progress.line()}"))
            return
        self._zim_job, self._zim_op, self._zim_steps = job, op_id, job.steps()
        self.taskProgress.emit(TaskProgress("links", round(100 * job.progress.fraction), 100,
                                            f"Counting the links of {_links_of(job)}\u2026"))
        QTimer.singleShot(0, self._links_step)

    @Slot()
    def _links_step(self) -> None:
        """One batch of the link pass running."""
        job, op_id, steps = self._zim_job, self._zim_op, self._zim_steps
        if job is None or steps is None:
            return
        try:
            if self._cancel_task.is_set():
                line = job.progress.line()
                self._end_zim_job(op_id)
                # Nothing to read again: the priors of a pass are read once it is done.
                kept = (" The link priors counted before are still used."
                        if job.meta.get("links_recount") == "1" else "")
                self._finish(op_id, TaskFinished(
                    "links", f"Counting paused at {line}.{kept} \u201cGo on counting link "
                    "priors\u201d continues from there.",
                    cancelled=True))
                return
            p = next(steps, None)
            if p is not None and not job.finished:
                self.taskProgress.emit(TaskProgress(  # the bar's per cent is the line's
                    "links", round(100 * p.fraction), 100,
                    f"Counting the links of {_links_of(job)}: {p.line()}"))
                QTimer.singleShot(0, self._links_step)
                return
            p = job.progress
            self._end_zim_job(op_id)
            if hasattr(self.kb, "refresh_attached"):
                self.kb.refresh_attached()  # the priors just written are read at once
            self._knowledge_changed()
            from glossator.core.kb.link_priors import counted

            self._finish(op_id, TaskFinished(
                "links", f"Link priors of {job.title}: {counted(p.links, 'link')} in "
                f"{counted(p.articles, 'article')}, {counted(p.names, 'name')}"))
        except Exception as exc:
            self._end_zim_job(op_id)
            self._finish(op_id, TaskFinished("links", "Counting links failed",
                                             error=explain(exc)))

    @Slot()
    def _zim_step(self) -> None:
        """One batch of the ZIM index being built."""
        job, op_id = self._zim_job, self._zim_op
        if job is None or self._zim_steps is not None:
            return  # none, or a link pass took its place
        try:
            if self._cancel_task.is_set():
                self._end_zim_job(op_id)
                self._knowledge_changed()
                self._finish(op_id, TaskFinished(
                    "attach", f"Indexing paused at {job.progress.line()}; Resume goes on.",
                    cancelled=True))
                return
            p = job.step()
            self.taskProgress.emit(TaskProgress("attach", p.position, p.entries,
                                                f"Indexing {job.title}: {p.line()}"))
            if not job.finished:
                QTimer.singleShot(0, self._zim_step)
                return
            self._end_zim_job(op_id)
            self._knowledge_changed()
            self._finish(op_id, TaskFinished(
                "attach", f"Indexed {job.title}: {p.articles:,} articles, {p.names:,} names"))
        except Exception as exc:
            self._end_zim_job(op_id)
            self._finish(op_id, TaskFinished("attach", "Attaching failed", error=explain(exc)))

    def _download_zim(self, op_id: int, op: DownloadZim) -> None:
        """Download a Kiwix ZIM, then attach it (issue 14; gui/knowledge.py asks).

        The address and checksum are ``op.url`` and ``op.sha256``, or read from the Kiwix
        catalogue (``op.catalogue``, entry ``op.name``). One step (``_download_step``)
        downloads for a quarter of a second, so look-ups queued meanwhile are answered
        between steps.
        """
        from glossator.core.kb import download as dl

        try:
            self._end_download(0)
            self._cancel_task.clear()
            url, sha256, md5 = op.url, op.sha256, ""
            if not url:
                self.taskProgress.emit(TaskProgress("download", 0, 0, "Asking the catalogue…"))
                entry = dl.catalogue_entry(op.catalogue, op.name)
                url, sha256 = entry.url, entry.sha256
                md5 = "" if sha256 else entry.md5
            self._download = dl.ZimDownload(url, op.folder, sha256=sha256, md5=md5,
                                            should_stop=self._cancel_task.is_set)
            self._download_op = op_id
            QTimer.singleShot(0, self._download_step)
        except Exception as exc:
            self._download_failed(op_id, exc)

    def _end_download(self, finished_op: int) -> None:
        job, op_id = self._download, self._download_op
        self._download, self._download_op = None, 0
        if job is not None:
            job.close()
        if op_id and op_id != finished_op:
            self._fail(op_id, OperationFailed("Download stopped", "Another download began."))

    def _download_failed(self, op_id: int, exc: Exception) -> None:
        self._end_download(op_id)
        cancelled = is_cancelled(exc)
        self._finish(op_id, TaskFinished(
            "download", str(exc) if cancelled else "Download failed",
            error=None if cancelled else explain(exc), cancelled=cancelled))

    @Slot()
    def _download_step(self) -> None:
        job, op_id = self._download, self._download_op
        if job is None:
            return
        try:
            p = job.step()
            self.taskProgress.emit(TaskProgress("download", p.done, p.total,
                                                f"Downloading {job.name}: {p.line()}"))
            if not job.finished:
                QTimer.singleShot(0, self._download_step)
                return
            self._end_download(op_id)
            # Everyone hears that the download ended; the caller's answer is the attach's.
            self.taskFinished.emit(TaskFinished("download", f"Downloaded {job.path}"))
            self.taskProgress.emit(TaskProgress("attach", 0, 0,
                                                f"Downloaded {job.path}. Attaching\u2026"))
            self._zim(op_id, ZimTask("attach", str(job.path)))
        except Exception as exc:
            self._download_failed(op_id, exc)


def _placed(ann: Annotation, offset: int, own_ids: bool) -> Annotation:
    """A piece's annotation at document offsets (an engine without the streaming path)."""
    def eid(e: str | None) -> str | None:
        return f"{e}@{offset}" if e and own_ids else e

    entities = [dataclasses.replace(
        e, id=eid(e.id),
        descriptors=[dataclasses.replace(d, start=d.start + offset, end=d.end + offset)
                     for d in e.descriptors],
        first_sentence_start=e.first_sentence_start + offset
        if e.first_sentence_start >= 0 else -1) for e in ann.entities]
    mentions = [dataclasses.replace(m, start=m.start + offset, end=m.end + offset,
                                    entity=eid(m.entity)) for m in ann.mentions]
    return Annotation(ann.text, entities, mentions)


def _ignore(*_args: object, **_kwargs: object) -> None:
    """The engine's progress callback: chunks report progress instead."""


def _stopper(stopped: Callable[[], bool]) -> Callable[[], None]:
    """The streaming analysis's ``stop``: raise the engine's Cancelled when superseded."""
    def stop() -> None:
        if stopped():
            from glossator.core.nlp.engine import Cancelled

            raise Cancelled()
    return stop


@dataclasses.dataclass(slots=True)
class _Pending:
    """An operation waiting for its answer: who asked, and what to call."""

    parent: QObject | None
    success: Callable[[Any], None] | None
    failure: Callable[[OperationFailed], None] | None
    key: str | None


class WorkerThread(QObject):
    """Owns the thread and the worker; the window's side of the queued signals.

    ``run`` sends a typed operation (``gui/operations.py``) and keeps its callbacks; the
    answer comes back through the worker's ``opDone`` to ``_on_done``, on this (the GUI)
    thread, which calls them, or drops the answer when its parent was deleted, when it
    was forgotten, or when a newer operation with the same parent and key was started.
    """

    requestAnnotate = Signal(object)
    requestOp = Signal(object)  # OpRequest
    requestShutdown = Signal()

    def __init__(self, *, readonly: bool = False, kb_factory: KBFactory | None = None,
                 engine_factory: EngineFactory | None = None,
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.thread = QThread()
        self.thread.setObjectName("glossator-worker")
        self.worker = Worker(readonly=readonly, kb_factory=kb_factory,
                             engine_factory=engine_factory)
        self.worker.moveToThread(self.thread)
        self.thread.started.connect(self.worker.start)
        self.requestAnnotate.connect(self.worker.annotate)
        self.requestOp.connect(self.worker.run)
        self.requestShutdown.connect(self.worker.shutdown)
        self.worker.opDone.connect(self._on_done)
        self._job = 0
        self._request = 0
        self._pending: dict[int, _Pending] = {}
        self._latest: dict[tuple[int, str], int] = {}  # (id(parent), key) -> newest op

    def start(self) -> None:
        """Start the thread; the worker loads the model as its first event."""
        self.thread.start()

    def annotate(self, document: Document, first: int = 0) -> int:
        """Queue an annotation (superseding any in progress); return its job number."""
        self._job += 1
        self.worker.latest_job = self._job
        self.requestAnnotate.emit(AnnotateRequest(self._job, document, first))
        return self._job

    def reading_at(self, offset: int) -> None:
        """Tell the worker where the reader is, so that part is annotated next."""
        self.worker.reading_at = offset

    def cancel(self) -> None:
        """Stop the annotation in progress."""
        self._job += 1
        self.worker.latest_job = self._job

    # ------------------------------------------------------------ operations

    def run(self, op: Operation, *, parent: QObject | None = None,
            success: Callable[[Any], None] | None = None,
            failure: Callable[[OperationFailed], None] | None = None,
            key: str | None = None) -> int:
        """Queue ``op``; return its number.

        ``success(value)`` or ``failure(error)`` runs here when it is answered (see the
        class).
        """
        self._request += 1
        number = self._request
        if success is not None or failure is not None:
            self._pending[number] = _Pending(parent, success, failure, key)
            if key is not None:
                self._latest[(id(parent), key)] = number
        self.requestOp.emit(OpRequest(number, op))
        return number

    def forget(self, parent: QObject | None, *keys: str) -> None:
        """Drop the answers still awaited for ``parent`` (only these keys, if given)."""
        for number, p in list(self._pending.items()):
            if p.parent is parent and (not keys or p.key in keys):
                del self._pending[number]

    def pending(self) -> int:
        """How many answers are awaited (for tests)."""
        return len(self._pending)

    @Slot(object)
    def _on_done(self, result: OpResult) -> None:
        p = self._pending.pop(result.id, None)
        if p is None:
            return  # nobody waits for it, or it was forgotten
        if p.key is not None:
            latest = self._latest.get((id(p.parent), p.key))
            if latest == result.id:
                del self._latest[(id(p.parent), p.key)]
            elif latest is not None and latest > result.id:
                return  # stale: a newer question with the same key was asked since
        if p.parent is not None and not shiboken6.isValid(p.parent):
            return  # the window that asked is gone
        if result.error is not None:
            if p.failure is not None:
                p.failure(result.error)
        elif p.success is not None:
            p.success(result.value)

    def stop(self, timeout_ms: int = 5000) -> None:
        """Cancel everything, close the database and end the thread."""
        self._pending.clear()
        if not self.thread.isRunning():
            return
        self.cancel()
        self.worker.cancel_task()
        self.requestShutdown.emit()
        self.thread.quit()
        if not self.thread.wait(timeout_ms):
            # spaCy cannot be interrupted mid-call; the process is exiting anyway.
            self.thread.terminate()
            self.thread.wait(1000)


def _links_of(job: Any) -> str:
    """Whose links a pass counts, in a progress message: the ZIM's title ("... again")."""
    return job.title + (" again" if job.meta.get("links_recount") == "1" else "")
