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
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QThread, QTimer, Signal, Slot

from glossator import paths
from glossator.core.documents.model import Document
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention
from glossator.gui.messages import (
    AnnotateRequest,
    AnnotationFinished,
    AnnotationPart,
    Choice,
    EngineStatus,
    LookupRequest,
    LookupResult,
    TaskFinished,
    TaskProgress,
)

# The streaming analysis's pieces: about CHUNK_CHARS, the one on screen FIRST_CHUNK_CHARS.
CHUNK_CHARS = 12_000
FIRST_CHUNK_CHARS = 3_000
# A document-level update is sent after the first piece, then once at least this long
# and UPDATE_COST times the last update's own time have passed (the analysis of what is
# parsed so far is redone each time: this keeps it to about a fifth of the work), and at
# the end.
UPDATE_SECONDS = 2.0
UPDATE_COST = 5.0

KBFactory = Callable[[bool], Any]  # readonly -> KnowledgeBase
EngineFactory = Callable[[Any], Any]  # kb -> Engine


def default_kb_factory(readonly: bool) -> Any:
    """The user knowledge base over the bundled starter pack."""
    from glossator.core.kb import KnowledgeBase

    return KnowledgeBase.open(paths.user_kb_path(), paths.starter_kb_path(), readonly=readonly)


def default_engine_factory(kb: Any) -> Any:
    """The reading engine with the configured spaCy model."""
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


class _Job:
    """One annotation in progress: its streaming analysis and what the window was sent."""

    def __init__(self, request: AnnotateRequest) -> None:
        from glossator.core.nlp.stream import document_ranges, plan_pieces

        self.request = request
        doc = request.document
        ranges, self.breaks = document_ranges(doc)
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
    lookupReady = Signal(object)  # LookupResult
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
            if _is_cancelled(exc) or self._stopped(req.job):
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
        for m in ann.mentions:
            key = (m.start, m.end, m.kind)
            before = job.sent.get(key, "")
            if before != m.entity:
                if before and m.entity and before in removed:
                    where.setdefault(before, m.entity)
                mentions.append(dataclasses.replace(m))
                job.sent[key] = m.entity
        for old in removed:
            target = by_id.get(where.get(old, ""))
            if target is not None:
                send[old] = dataclasses.replace(target, id=old)
        # Copies, never objects this thread may still change.
        entities = [dataclasses.replace(e) for e in send.values()]
        job.sent_entities.update({e.id: e for e in entities})
        articles: dict[str, Article] = {}
        for e in entities:
            if e.kb_title and e.kb_title not in job.sent_articles:
                article = self._article(e.kb_title)
                if article is not None:
                    articles[e.kb_title] = article
                job.sent_articles.add(e.kb_title)
        mentions.sort(key=lambda m: m.start)
        return AnnotationPart(job=job.request.job, mentions=mentions, entities=entities,
                              articles=articles, done=job.done, total=job.total)

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
            if title and title != e.kb_title:
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

    # ----------------------------------------------------------------- look-ups

    @Slot(object)
    def lookup(self, request: LookupRequest) -> None:
        """Answer one knowledge-base question."""
        result = LookupResult(request=request.request, kind=request.kind, query=request.query)
        try:
            if self.kb is None:
                pass
            elif request.kind == "article":
                result.article = self.kb.article(request.query)
            elif request.kind == "choices":
                result.choices = self._choices(request.query, request.names)
            elif request.kind == "search":
                result.choices = [Choice(t, d, s) for t, d, s in self.kb.search(request.query)]
            elif request.kind == "stats":
                result.stats = self.kb.stats()
        except Exception as exc:
            result.stats = {"error": explain(exc)}
        self.lookupReady.emit(result)

    def _choices(self, name: str, titles: tuple[str, ...]) -> list[Choice]:
        seen: dict[str, Choice] = {}
        for title in titles:
            article = self.kb.article(title)
            if article is not None:
                seen[title] = Choice(title, article.description)
        for cand in self.kb.candidates(name, limit=12):
            seen.setdefault(cand.title, Choice(cand.title, cand.description))
        for title, description, snippet in self.kb.search(name, limit=8):
            seen.setdefault(title, Choice(title, description, snippet))
        return list(seen.values())

    @Slot(int, str, str)
    def remember_choice(self, request: int, name: str, title: str) -> None:
        """Make ``name`` mean ``title`` from now on; answer with the article."""
        result = LookupResult(request=request, kind="remembered", query=name)
        try:
            if self.kb is not None and self.kb.remember_choice(name, title):
                result.article = self.kb.article(title)
        except Exception as exc:
            result.stats = {"error": explain(exc)}
        self.lookupReady.emit(result)

    # --------------------------------------------------------------- KB tasks

    def cancel_task(self) -> None:
        """Ask the running knowledge-base task to stop (thread-safe)."""
        self._cancel_task.set()

    @Slot(str)
    def import_file(self, path: str) -> None:
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
            stats = import_file(self.kb.writable, path, progress=progress,
                                should_stop=self._cancel_task.is_set)
        except Exception as exc:
            self._knowledge_changed()  # batches written before the failure are kept
            self.taskFinished.emit(TaskFinished("import", "Import failed", error=explain(exc)))
            return
        self._knowledge_changed()
        cancelled = self._cancel_task.is_set()
        verb = "Import stopped" if cancelled else "Imported"
        self.taskFinished.emit(TaskFinished("import", f"{verb}: {stats.summary()}", stats=stats,
                                            cancelled=cancelled))

    @Slot()
    def rebuild_starter(self) -> None:
        """Rebuild the starter pack from its source, then reopen the knowledge base."""
        from glossator.core.kb.starter import build_starter

        def progress(stats: Any, total: int) -> None:
            self.taskProgress.emit(TaskProgress("rebuild", stats.processed, total,
                                                stats.summary()))

        try:
            counts = build_starter(paths.starter_kb_path(), progress=progress)
            self._reopen()
        except Exception as exc:
            self.taskFinished.emit(TaskFinished("rebuild", "Rebuild failed", error=explain(exc)))
            return
        self.taskFinished.emit(TaskFinished(
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

    @Slot(list)
    def fetch_missing(self, names: list[str]) -> None:
        """Fetch summaries for these names from Wikipedia (only when the user allowed it)."""
        self._cancel_task.clear()
        try:
            from glossator.core.kb import online

            total = len(names)
            done = [0]

            def on_result(result: Any) -> None:
                done[0] += 1
                self.taskProgress.emit(TaskProgress(
                    "fetch", done[0], total, f"{result.title}: {result.status}"))

            with online.WikipediaFetcher(should_stop=self._cancel_task.is_set) as fetcher:
                fetcher.check_online()
                summary = online.fill(self.kb, names, fetcher, on_result=on_result)
        except Exception as exc:
            self._knowledge_changed()
            self.taskFinished.emit(TaskFinished("fetch", "Fetching failed", error=explain(exc)))
            return
        self._knowledge_changed()
        self.taskFinished.emit(TaskFinished(
            "fetch", summary.stopped or f"Fetched: {summary.line()}",
            cancelled=self._cancel_task.is_set()))

    @Slot(str, str)
    def zim_task(self, action: str, target: str) -> None:
        """Attach (a path), go on indexing (an id) or detach (an id) a Kiwix ZIM (issue 14).

        The index grows one batch per event ("step"), so look-ups and analyses queued
        meanwhile are answered between batches and read what is indexed so far.
        """
        from glossator.core.kb import zim_attach

        folder = getattr(self.kb, "zim_dir", None) or zim_attach.index_dir_for(
            paths.user_kb_path())
        job = getattr(self, "_zim_job", None)
        try:
            if action == "step":
                if job is None:
                    return
                if self._cancel_task.is_set():
                    self._zim_job = None
                    job.close()
                    self._knowledge_changed()
                    self.taskFinished.emit(TaskFinished(
                        "attach", f"Indexing paused at {job.progress.line()}; Resume goes on.",
                        cancelled=True))
                    return
                p = job.step()
                self.taskProgress.emit(TaskProgress("attach", p.position, p.entries,
                                                    f"Indexing {job.id}: {p.line()}"))
                if not job.finished:
                    QTimer.singleShot(0, lambda: self.zim_task("step", ""))
                    return
                self._zim_job = None
                job.close()
                self._knowledge_changed()
                self.taskFinished.emit(TaskFinished(
                    "attach", f"Indexed {job.id}: {p.articles:,} articles, {p.names:,} names"))
                return
            if action == "detach":
                found = zim_attach.find_attached(folder, target)
                if job is not None and job.index_path == found.index_path:
                    self._zim_job = None
                    job.close()
                zim_attach.detach(found.id, folder)
                message = f"Detached {found.id}; {found.zim_path} is kept."
            else:
                found = (zim_attach.attach(target, folder) if action == "attach"
                         else zim_attach.find_attached(folder, target))
                if job is not None:  # one build at a time; the other resumes later
                    self._zim_job = None
                    job.close()
                self._cancel_task.clear()
                self._zim_job = zim_attach.IndexJob(found.index_path, batch_entries=5000)
                QTimer.singleShot(0, lambda: self.zim_task("step", ""))
                message = ""
            if hasattr(self.kb, "refresh_attached"):
                self.kb.refresh_attached()
            self._knowledge_changed()
            if message:
                self.taskFinished.emit(TaskFinished("attach", message))
        except Exception as exc:
            job = getattr(self, "_zim_job", None)
            if job is not None:
                self._zim_job = None
                job.close()
            self.taskFinished.emit(TaskFinished("attach", "Attaching failed", error=explain(exc)))

    @Slot(object)
    def download_zim(self, request: Any) -> None:
        """Download a Kiwix ZIM, then attach it (issue 14; gui/knowledge.py asks).

        ``request`` is a dict: ``folder`` and either ``url`` (with an optional
        ``sha256``) or ``catalogue`` and ``name`` (the address and checksum are read
        from the Kiwix catalogue); or "step". One step downloads for a quarter of a
        second, so look-ups queued meanwhile are answered between steps.
        """
        from glossator.core.kb import download as dl

        job = getattr(self, "_download", None)
        try:
            if request == "step":
                if job is None:
                    return
                p = job.step()
                self.taskProgress.emit(TaskProgress("download", p.done, p.total,
                                                    f"Downloading {job.name}: {p.line()}"))
                if not job.finished:
                    QTimer.singleShot(0, lambda: self.download_zim("step"))
                    return
                self._download = None
                job.close()
                self.taskFinished.emit(TaskFinished("download", f"Downloaded {job.path}"))
                self.zim_task("attach", str(job.path))
                return
            if job is not None:
                self._download = None
                job.close()
            self._cancel_task.clear()
            url, sha256, md5 = request.get("url", ""), request.get("sha256", ""), ""
            if not url:
                self.taskProgress.emit(TaskProgress("download", 0, 0, "Asking the catalogue…"))
                entry = dl.catalogue_entry(request["catalogue"], request["name"])
                url, sha256 = entry.url, entry.sha256
                md5 = "" if sha256 else entry.md5
            self._download = dl.ZimDownload(url, request["folder"], sha256=sha256, md5=md5,
                                            should_stop=self._cancel_task.is_set)
            QTimer.singleShot(0, lambda: self.download_zim("step"))
        except Exception as exc:
            job = getattr(self, "_download", None)
            if job is not None:
                self._download = None
                job.close()
            cancelled = isinstance(exc, dl.DownloadCancelled)
            self.taskFinished.emit(TaskFinished(
                "download", str(exc) if cancelled else "Download failed",
                error=None if cancelled else explain(exc), cancelled=cancelled))


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


def _is_cancelled(exc: BaseException) -> bool:
    return type(exc).__name__ == "Cancelled"


class WorkerThread(QObject):
    """Owns the thread and the worker; the window's side of the queued signals."""

    requestAnnotate = Signal(object)
    requestLookup = Signal(object)
    requestRemember = Signal(int, str, str)
    requestImport = Signal(str)
    requestRebuild = Signal()
    requestFetch = Signal(list)
    requestZim = Signal(str, str)  # action ("attach", "resume", "detach"), path or id
    requestDownload = Signal(object)  # a dict: folder, url or catalogue and name
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
        self.requestLookup.connect(self.worker.lookup)
        self.requestRemember.connect(self.worker.remember_choice)
        self.requestImport.connect(self.worker.import_file)
        self.requestRebuild.connect(self.worker.rebuild_starter)
        self.requestFetch.connect(self.worker.fetch_missing)
        self.requestZim.connect(self.worker.zim_task)
        self.requestDownload.connect(self.worker.download_zim)
        self.requestShutdown.connect(self.worker.shutdown)
        self._job = 0
        self._request = 0

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

    def lookup(self, kind: str, query: str = "", names: tuple[str, ...] = ()) -> int:
        """Queue a knowledge-base question; return its request number."""
        self._request += 1
        self.requestLookup.emit(LookupRequest(self._request, kind, query, names))
        return self._request

    def remember(self, name: str, title: str) -> int:
        """Queue "``name`` means ``title``"; return its request number."""
        self._request += 1
        self.requestRemember.emit(self._request, name, title)
        return self._request

    def stop(self, timeout_ms: int = 5000) -> None:
        """Cancel everything, close the database and end the thread."""
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
