"""Name priors from links: how often a Wikipedia ZIM's own links use a name for an article.

A linker that knows that "Paris" links to the city 95 times in 100 and to Paris Hilton
once picks better than one that only knows the names. ``LinkJob`` is a second,
optional pass over an attached ZIM (after its name index, ``zim_attach.IndexJob``):
it reads every HTML article, takes its internal links (``<a href>`` and the anchor
text), resolves each href to the article it ends at (relative paths, ``./``,
percent-encoding, fragments, redirect chains) and counts (name, article) pairs, the
name being the anchor's normalised key (``normalize.normalise``, the key of the name
index). An article counts a pair once however often it repeats the link, so a list or
a navigation box repeating one link a hundred times weighs as one article.

Counting streams in batches of entries, each one transaction in a work file beside
the index (``<index>.links-work``) that also records the entry reached: a pass killed
at any moment resumes from its last batch, and memory is bounded by the batch and two
bounded caches, whatever the ZIM's size. When every entry is read, the counts are
written compactly into the index file itself (``link_priors``: one row per name, its
total and its targets packed as 32-bit entry numbers and counts, the most frequent
first) and the work file is deleted. They are written into ``link_priors_new`` and
that table takes the place of ``link_priors`` in the transaction that marks the pass
done, so readers use the priors of a whole pass, never part of one: none during a
first pass, the previous ones during a recount (``LinkJob(..., recount=True)``: a
new pass over a ZIM whose priors are done, resumable and cancellable as the first).
Pairs seen once are dropped for names with at
least ``PRUNE_TOTAL`` links (their share is at most 1 / ``PRUNE_TOTAL``; the name's
total still counts them, so p(article | name) = count / total stays honest) and at
most ``MAX_TARGETS`` targets are kept per name.

Readers: ``ZimLayer.link_counts`` (one attached ZIM) and ``link_prior`` /
``link_prior_count`` here (every attached ZIM of a knowledge base, counts summed).
"""

from __future__ import annotations

import contextlib
import html as html_mod
import os
import posixpath
import re
import sqlite3
import struct
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote, unquote

from glossator.core.kb.normalize import normalise
from glossator.core.kb.records import now_iso
from glossator.core.kb.store import KBError, _write_error, immediate, write_transaction
from glossator.core.kb.zim import MAX_BAD_IN_A_ROW, MAX_ENTRY_BYTES, ZimError, redirect_target

# Entries (articles and redirects) per counting transaction: a second or two of work.
BATCH_ENTRIES = 5_000
# Per article: bytes of HTML scanned, links taken, HTML between <a ...> and </a> read,
# characters of anchor text kept (a longer anchor is a sentence, not a name).
MAX_SCAN_BYTES = 4 << 20
MAX_LINKS_PER_PAGE = 3_000
MAX_ANCHOR_HTML = 1_000
MAX_ANCHOR_CHARS = 200
MAX_HREF_CHARS = 1_000
# Bounded caches (href -> target entry, anchor -> name key), of short keys only, two
# generations of this many entries each: at most about 50 MB each whatever the pages hold.
CACHE_ENTRIES = 100_000
CACHE_KEY_BYTES = 160
# Stored per name: at most this many targets; pairs seen once are dropped for names
# used in at least PRUNE_TOTAL links (each such pair is under 1 / PRUNE_TOTAL of the name).
MAX_TARGETS = 48
PRUNE_TOTAL = 20
# Names written into the index per transaction when the counts are finished.
FINISH_CHUNK = 50_000
WORK_SUFFIX = ".links-work"
WORK_CACHE_KIB = 128_000

LINKS_SQL = """
CREATE TABLE IF NOT EXISTS link_priors (
    norm TEXT PRIMARY KEY,
    total INTEGER NOT NULL,
    targets BLOB NOT NULL
) WITHOUT ROWID;
"""
# The priors a pass is writing: they replace ``link_priors`` when the pass is done.
NEW_LINKS_SQL = """
CREATE TABLE link_priors_new (
    norm TEXT PRIMARY KEY,
    total INTEGER NOT NULL,
    targets BLOB NOT NULL
) WITHOUT ROWID
"""
# Meta of the finishing step, reset when it starts.
FINISH_KEYS = ("links_after", "links_done_names", "links_pairs", "links_seen_pairs")
WORK_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS names (norm TEXT PRIMARY KEY, id INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS pairs (
    name_id INTEGER NOT NULL, target INTEGER NOT NULL, n INTEGER NOT NULL,
    PRIMARY KEY (name_id, target)) WITHOUT ROWID;
"""

# An opening <a ...> tag (attributes up to the next < or >, so a run of unclosed tags is
# scanned once), the end of its anchor (</a> or the next <a, as HTML parsers close it),
# an href attribute, tags inside an anchor, and a URL scheme (an external link).
_A_OPEN = re.compile(rb"<a\s([^<>]{0,2000})>", re.IGNORECASE)
_A_END = re.compile(rb"</?a[\s>]", re.IGNORECASE)
_HREF = re.compile(rb"""(?:^|\s)href\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'>]+))""",
                   re.IGNORECASE)
_TAG = re.compile(rb"<[^<>]*>")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.\-]*:")
_PAIR = struct.Struct("<II")


# ------------------------------------------------------------------ reading links


def _raw_links(page: bytes, max_links: int) -> Iterator[tuple[bytes, bytes]]:
    """(href, anchor HTML) of a page's ``<a href>`` links, as bytes; at most ``max_links``.

    Linear in the page's size: every search is bounded (an opening tag's attributes by the
    next ``<`` or ``>``, an anchor by ``MAX_ANCHOR_HTML`` bytes); a link whose anchor is not
    closed within that (by ``</a>`` or the next ``<a``) is skipped.
    """
    data = page[:MAX_SCAN_BYTES]
    found = 0
    for m in _A_OPEN.finditer(data):
        h = _HREF.search(m.group(1))
        if h is None:
            continue
        start = m.end()
        end = _A_END.search(data, start, start + MAX_ANCHOR_HTML)
        if end is None:
            continue
        href = h.group(h.lastindex or 1)
        if len(href) > MAX_HREF_CHARS:
            continue
        yield href, data[start:end.start()]
        found += 1
        if found >= max_links:
            return


def anchor_text(raw: bytes) -> str:
    """The text of an anchor's HTML: tags dropped, entities decoded, spaces collapsed.

    '' when empty or longer than ``MAX_ANCHOR_CHARS`` (a sentence, not a name).
    """
    if b"<" in raw:
        raw = _TAG.sub(b" ", raw)
    text = raw.decode("utf-8", "replace")
    if "&" in text:
        text = html_mod.unescape(text)
    text = " ".join(text.split())
    return text if len(text) <= MAX_ANCHOR_CHARS else ""


def extract_links(page: bytes, max_links: int = MAX_LINKS_PER_PAGE) -> list[tuple[str, str]]:
    """The (href, anchor text) of a page's ``<a href>`` links with some text, in order.

    At most ``max_links`` links are looked at; see ``_raw_links`` for the bounds.
    """
    out = []
    for href, raw in _raw_links(page, max_links):
        text = anchor_text(raw)
        if text:
            out.append((href.decode("utf-8", "replace"), text))
    return out


def href_path(href: str, base_dir: str) -> str | None:
    """The in-archive path an href of a page in ``base_dir`` points at; None if external.

    Fragments and queries are dropped, HTML entities and percent-encoding decoded, and the
    path resolved against the page's folder ("./X", "../A/X"); "/wiki/X" is taken as "X".
    """
    h = href.strip()
    if "&" in h:
        h = html_mod.unescape(h)
    h = h.split("#", 1)[0].split("?", 1)[0]
    if not h or h.startswith("//") or _SCHEME.match(h):
        return None  # a link within the page, or to another site
    h = unquote(h)
    if h.startswith("/"):
        h = h[len("/wiki/"):] if h.startswith("/wiki/") else h.lstrip("/")
        base_dir = ""
    path = posixpath.normpath(posixpath.join(base_dir, h)) if base_dir or "." in h or "//" in h \
        else h
    if not path or path == "." or path.startswith("../") or path == "..":
        return None
    return path


class _Bounded:
    """A bounded cache of two generations.

    When ``new`` is full it becomes ``old`` (the previous ``old`` is dropped), and a hit
    in ``old`` moves back to ``new``: what is used often stays, and memory is bounded by
    twice the size.
    """

    def __init__(self, size: int) -> None:
        self.size = size
        self.new: dict[Any, Any] = {}
        self.old: dict[Any, Any] = {}

    def get(self, key: Any) -> Any:
        found = self.new.get(key)
        if found is None:
            found = self.old.get(key)
            if found is not None:
                self.put(key, found)
        return found

    def put(self, key: Any, value: Any) -> Any:
        if len(key) > CACHE_KEY_BYTES:
            return value
        if len(self.new) >= self.size:
            self.old, self.new = self.new, {}
        self.new[key] = value
        return value


def _is_page(entry: Any) -> bool:
    try:
        return entry.get_item().mimetype.startswith("text/html")
    except RuntimeError:
        return False


class LinkReader:
    """Resolves a page's links to (name key, target entry) pairs, with bounded caches.

    Hrefs (per page folder) and anchors repeat across pages (popular articles are linked
    from everywhere), so each distinct one is resolved or normalised once while cached.
    """

    def __init__(self, archive: Any, cache_entries: int = CACHE_ENTRIES) -> None:
        self.archive = archive
        self.hrefs = _Bounded(cache_entries)
        self.targets = _Bounded(cache_entries)
        self.norms = _Bounded(cache_entries)

    def target(self, path: str) -> int:
        """The entry number of the HTML article ``path`` ends at (-1 if none)."""
        found = self.targets.get(path)
        if found is not None:
            return found
        tid = -1
        try:
            try:
                entry = self.archive.get_entry_by_path(path)
            except KeyError:
                entry = self.archive.get_entry_by_path(path.replace(" ", "_"))
            if entry.is_redirect:
                entry = redirect_target(entry)
            if entry is not None and _is_page(entry):
                tid = entry._index
        except (KeyError, RuntimeError):
            tid = -1
        return self.targets.put(path, tid)

    def href_target(self, href: bytes, base: str) -> int:
        """The target entry of an href on a page in folder ``base`` (-1 if none), cached."""
        key = base.encode() + b"\0" + href if base else href
        found = self.hrefs.get(key)
        if found is None:
            path = href_path(href.decode("utf-8", "replace"), base)
            found = self.hrefs.put(key, -1 if path is None else self.target(path))
        return found

    def norm(self, raw: bytes) -> str:
        """The name key of an anchor's HTML (cached); '' for no name."""
        found = self.norms.get(raw)
        if found is None:
            text = anchor_text(raw)
            found = self.norms.put(raw, normalise(text) if text else "")
        return found

    def pairs(self, page: bytes, page_path: str) -> set[tuple[str, int]]:
        """The distinct (name key, target entry) pairs of a page's internal links."""
        base = posixpath.dirname(page_path)
        out: set[tuple[str, int]] = set()
        hrefs, norms = self.hrefs.new, self.norms.new  # hits; misses ask the caches
        for href, raw in _raw_links(page, MAX_LINKS_PER_PAGE):
            tid = hrefs.get(href) if not base else None
            if tid is None:
                tid = self.href_target(href, base)
            if tid < 0:
                continue
            norm = norms.get(raw)
            if norm is None:
                norm = self.norm(raw)
            if norm:
                out.add((norm, tid))
        return out


# ---------------------------------------------------------------- reading order

ORDER_CHUNK = 1 << 18  # directory entries parsed at a time (a few MB)


def reading_order(zim_path: Path, archive: Any) -> Any | None:
    """The entry numbers of a ZIM's HTML articles, in the order of the clusters holding them.

    A ZIM's entries are numbered by path, but its articles are stored in compressed
    clusters in the order they were written: reading by entry number decompresses a
    cluster (about 1 ms) for nearly every article once the archive outgrows libzim's
    cluster cache. Read cluster by cluster, each is decompressed once. The order comes
    from the ZIM's directory entries (mimetype, namespace, cluster), parsed here a chunk at
    a time; it costs 4 bytes per article (28 MB for 7 million). None when the file cannot
    be parsed this way (a split ZIM, an unknown layout): the pass then reads by entry number.
    """
    import numpy as np

    if getattr(archive, "is_multipart", False):
        return None
    try:
        with open(zim_path, "rb") as fh:
            head = fh.read(80)
            if len(head) < 80 or head[:4] != b"ZIM\x04":
                return None
            entry_count, _clusters, path_ptr, _title_ptr, _cluster_ptr, mime_pos = \
                struct.unpack_from("<IIQQQQ", head, 24)
            fh.seek(mime_pos)
            mimes = fh.read(1 << 16).split(b"\0\0", 1)[0].split(b"\0")
            html = np.array([i for i, m in enumerate(mimes) if m.startswith(b"text/html")],
                            dtype=np.uint16)
            new_scheme = bool(archive.has_new_namespace_scheme)
            want_ns = ord("C") if new_scheme else ord("A")
            keys = []
            first_user = -1
            for start in range(0, entry_count, ORDER_CHUNK):
                count = min(ORDER_CHUNK, entry_count - start)
                fh.seek(path_ptr + 8 * start)
                ptrs = np.frombuffer(fh.read(8 * count), dtype="<u8")
                if len(ptrs) != count:
                    return None
                low, high = int(ptrs.min()), int(ptrs.max()) + 16
                if high - low > 4096 * count:
                    return None  # directory entries scattered: not worth it
                fh.seek(low)
                buf = np.frombuffer(fh.read(high - low), dtype=np.uint8)
                if len(buf) != high - low:
                    return None
                off = (ptrs - low).astype(np.int64)
                mime = buf[off].astype(np.uint16) | (buf[off + 1].astype(np.uint16) << 8)
                ns = buf[off + 3]
                cluster = (buf[off + 8].astype(np.uint64) | (buf[off + 9].astype(np.uint64) << 8)
                           | (buf[off + 10].astype(np.uint64) << 16)
                           | (buf[off + 11].astype(np.uint64) << 24))
                if new_scheme and first_user < 0:
                    user = np.nonzero(ns == want_ns)[0]
                    if len(user):
                        first_user = start + int(user[0])
                pick = (ns == want_ns) & np.isin(mime, html)
                ids = np.nonzero(pick)[0].astype(np.uint64) + np.uint64(start)
                keys.append((cluster[pick] << np.uint64(32)) | ids)
    except (OSError, ValueError, struct.error):
        return None
    if not keys:
        return np.zeros(0, dtype=np.uint32)
    order = np.sort(np.concatenate(keys)) & np.uint64(0xFFFFFFFF)
    if new_scheme:
        order -= np.uint64(max(first_user, 0))  # entry numbers count user entries only
    order = order.astype(np.uint32)
    # Checked against libzim: a sample must be HTML articles (else read by entry number).
    step = max(1, len(order) // 50)
    try:
        for i in order[::step][:64]:
            entry = archive._get_entry_by_id(int(i))
            if entry.is_redirect or not _is_page(entry):
                return None
    except (RuntimeError, IndexError, KeyError):
        return None
    return order


# --------------------------------------------------------------------- the pass


@dataclass(slots=True)
class LinkProgress:
    """Where a link pass is: entries read (of how many), then names written."""

    position: int
    entries: int
    articles: int = 0
    links: int = 0
    names: int = 0
    pairs: int = 0
    phase: str = "counting"  # "counting", "finishing", "done"
    finished_names: int = 0
    seconds: float = 0.0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """Whether the priors are complete."""
        return self.phase == "done"

    @property
    def fraction(self) -> float:
        """Share done (the finishing step counts as the last 5%)."""
        if self.phase == "done":
            return 1.0
        read = self.position / self.entries if self.entries else 1.0
        if self.phase == "counting":
            return 0.95 * read
        return 0.95 + 0.05 * (self.finished_names / self.names if self.names else 1.0)

    def line(self) -> str:
        """One line for a status bar or terminal."""
        if self.phase == "counting":
            return (f"{self.position:,} of {self.entries:,} entries "
                    f"({100 * self.fraction:.0f}%): {counted(self.articles, 'article')}, "
                    f"{counted(self.links, 'link')}")
        return (f"{counted(self.articles, 'article')}, {counted(self.links, 'link')}: "
                f"{counted(self.names, 'name')}, {counted(self.pairs, 'pair')}"
                + (" (writing)" if self.phase == "finishing" else ""))


def counted(n: int, noun: str) -> str:
    """"1 link", "2 links": a count and its noun."""
    return f"{n:,} {noun}" + ("" if n == 1 else "s")


def work_path(index_path: Path) -> Path:
    """The work file of an index's link pass (deleted when the pass is done)."""
    return Path(f"{index_path}{WORK_SUFFIX}")


def remove_work(index_path: Path) -> None:
    """Delete a link pass's work file (detach, or the pass done)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        with contextlib.suppress(FileNotFoundError):
            Path(f"{work_path(index_path)}{suffix}").unlink()


def _meta(conn: sqlite3.Connection) -> dict[str, str]:
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _set(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [(k, str(v)) for k, v in values.items()])


def link_state(meta: dict[str, str], index_path: Path | None = None) -> dict[str, Any]:
    """What ``kb stats`` says about an index's link priors, from its meta (and work file)."""
    state = meta.get("links_state", "none")
    out: dict[str, Any] = {"state": state}
    if state in ("counting", "finishing") and meta.get("links_recount") == "1":
        out["recount"] = True  # the previous priors are read until this pass is done
    if state == "done":
        out |= {k: int(meta.get(f"links_{k}", 0) or 0)
                for k in ("names", "pairs", "seen_pairs", "links", "articles", "bytes")}
    elif state in ("counting", "finishing") and index_path is not None:
        work = work_path(index_path)
        position = 0
        entries = int(meta.get("entries", 0) or 0)
        if work.is_file():
            with contextlib.suppress(sqlite3.Error):
                conn = sqlite3.connect(f"file:{quote(str(work.resolve()))}?mode=ro", uri=True)
                try:
                    work_meta = _meta(conn)
                finally:
                    conn.close()
                position = int(work_meta.get("position", 0) or 0)
                entries = int(work_meta.get("total", entries) or entries)
        # The share done as ``LinkProgress.fraction`` gives it (finishing: the last 5%).
        # (How far finishing went is not in the meta: it counts as 95%.)
        progress = LinkProgress(position=position, entries=entries, phase=state, names=1)
        out |= {"position": position, "entries": entries,
                "fraction": round(progress.fraction, 4) if entries else 0.0}
    return out


class LinkJob:
    """Count (or go on counting) one attached ZIM's links into name priors."""

    def __init__(self, index_path: Path, *, batch_entries: int = BATCH_ENTRIES,
                 recount: bool = False) -> None:
        """Open the pass of the index at ``index_path``: go on with one begun, or begin one.

        Priors already done are left as they are unless ``recount``: then a new pass
        begins, and the priors counted before are read until it is done (it resumes and
        is cancelled as the first; a pass running already just goes on).
        """
        from glossator.core.kb.zim_attach import AttachError, IndexJob

        self.index_path = Path(index_path)
        self.batch_entries = batch_entries
        # The index job checks the index and opens (and checks) the ZIM.
        self._index = IndexJob(self.index_path)
        self.conn = self._index.conn
        self.meta = self._index.meta
        self.archive = self._index.archive
        self.id = self._index.id
        self.title = self._index.title
        self.old_scheme = self._index.old_scheme
        self.work: sqlite3.Connection | None = None
        entries = self._index.progress.entries
        if self.meta.get("links_state") == "done" and not recount:
            self.progress = LinkProgress(entries, entries, phase="done")
            for k in ("names", "pairs", "links", "articles"):
                setattr(self.progress, k, int(self.meta.get(f"links_{k}", 0) or 0))
            return
        if not self._index.finished:
            self.close()
            raise AttachError(
                f"The names of {self.title} are not all indexed yet: link priors are counted "
                "after the name index (`glossator kb attach FILE` finishes it).")
        try:
            self.work = sqlite3.connect(work_path(self.index_path), timeout=120.0,
                                        check_same_thread=False)
            self.work.execute("PRAGMA journal_mode=WAL")
            self.work.execute("PRAGMA synchronous=NORMAL")
            self.work.execute(f"PRAGMA cache_size=-{WORK_CACHE_KIB}")
            self.work.executescript(WORK_SQL)
            self.conn.executescript(LINKS_SQL)
            work_meta = _meta(self.work)
            self.order = reading_order(self._index.zim_path, self.archive)
            mode = "entries" if self.order is None else "clusters"
            total = entries if self.order is None else len(self.order)
            if self.meta.get("links_state") not in ("counting", "finishing") \
                    or "position" not in work_meta or work_meta.get("order") != mode \
                    or work_meta.get("total") != str(total):
                # A new pass (or its work file lost): start from nothing. Priors of a
                # whole pass (done, or kept through a recount) are read until it is done.
                recounting = self.meta.get("links_state") == "done" \
                    or self.meta.get("links_recount") == "1"
                with immediate(self.conn):
                    if not recounting:
                        self.conn.execute("DELETE FROM link_priors")
                    self.conn.execute("DROP TABLE IF EXISTS link_priors_new")
                    self.conn.execute("DELETE FROM meta WHERE key LIKE 'links_%'")
                    _set(self.conn, links_state="counting", links_started_at=now_iso())
                    if recounting:
                        _set(self.conn, links_recount=1)
                with self.work:
                    for table in ("meta", "names", "pairs"):
                        self.work.execute(f"DELETE FROM {table}")
                    _set(self.work, position=0, order=mode, total=total)
                work_meta = {"position": "0"}
                for key in [k for k in self.meta if k.startswith("links_")]:
                    del self.meta[key]
                self.meta["links_state"] = "counting"
                if recounting:
                    self.meta["links_recount"] = "1"
            elif self.meta.get("links_state") == "finishing" and self.conn.execute(
                    "SELECT 1 FROM sqlite_master WHERE name = 'link_priors_new'"
                    ).fetchone() is None:
                # Finishing begun by an older Glossator (straight into link_priors):
                # written again, whole, into the new table.
                self._begin_finishing()
        except sqlite3.Error as exc:
            self.close()
            raise _write_error(self.index_path, exc) from exc
        self.progress = LinkProgress(
            int(work_meta.get("position", 0) or 0), total,
            articles=int(work_meta.get("articles", 0) or 0),
            links=int(work_meta.get("links", 0) or 0),
            names=int(work_meta.get("names", 0) or 0),
            pairs=int(work_meta.get("pairs", 0) or 0),
            phase=self.meta.get("links_state", "counting"),
            finished_names=int(self.meta.get("links_done_names", 0) or 0))
        self.counter = BatchCounter(self.archive, str(self._index.zim_path))

    def close(self) -> None:
        """Close the work file and the index."""
        if self.work is not None:
            with contextlib.suppress(sqlite3.Error):
                self.work.close()
            self.work = None
        self._index.close()

    def __enter__(self) -> LinkJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def finished(self) -> bool:
        """Whether the priors are complete."""
        return self.progress.phase == "done"

    def run(self, progress: Callable[[LinkProgress], None] | None = None,
            should_stop: Callable[[], bool] | None = None, *, workers: int = 0
            ) -> LinkProgress:
        """Count batch after batch, then write the priors, until done or ``should_stop``."""
        from glossator.core.kb.zim_attach import drive

        drive(self.steps(workers), progress, should_stop)
        return self.progress

    def steps(self, workers: int = 0) -> Iterator[LinkProgress]:
        """One batch per step (a committed transaction), yielding the progress after each.

        With ``workers``, that many processes read and parse the pages of the next
        batches while this one writes (2 on two cores: about 1.7 times faster).
        """
        if workers > 0 and self.progress.phase == "counting":
            yield from self._pipelined(workers)
        while self.progress.phase == "counting":
            self.step()
            yield self.progress
        while self.progress.phase == "finishing":
            self._finish_chunk()
            yield self.progress

    # ---------------------------------------------------------------- counting

    def _ids(self, start: int, end: int) -> list[int]:
        return list(range(start, end)) if self.order is None else self.order[start:end].tolist()

    def step(self) -> LinkProgress:
        """Count the links of the next batch of entries; commit them with the position."""
        started = time.perf_counter()
        start = self.progress.position
        end = min(start + self.batch_entries, self.progress.entries)
        self._apply(self.counter.count(self._ids(start, end)), start, end)
        self.progress.seconds += time.perf_counter() - started
        return self.progress

    def _pipelined(self, workers: int) -> Iterator[LinkProgress]:
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        ctx = multiprocessing.get_context("spawn")  # safe in threads and frozen apps
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=_worker_start,
                                 initargs=(os.getpid(), str(self._index.zim_path))) as pool:
            try:
                pending: deque = deque()
                read_to = self.progress.position
                total = self.progress.entries
                while read_to < total or pending:
                    while read_to < total and len(pending) <= workers:
                        end = min(read_to + self.batch_entries, total)
                        pending.append((pool.submit(_worker_count, self._ids(read_to, end)),
                                        read_to, end))
                        read_to = end
                    future, start, end = pending.popleft()
                    counted = future.result()
                    started = time.perf_counter()
                    self._apply(counted, start, end)
                    self.progress.seconds += time.perf_counter() - started
                    yield self.progress
            finally:
                pool.shutdown(cancel_futures=True)

    def _apply(self, counted: tuple, start: int, end: int) -> None:
        counts, articles, links, skipped, errors = counted
        self.progress.skipped += skipped
        self.progress.errors += errors[:max(0, 20 - len(self.progress.errors))]
        self._write_counts(counts, start, end, articles, links)

    def _write_counts(self, counts: dict[tuple[str, int], int], start: int, end: int,
                      articles: int, links: int) -> None:
        work = self.work
        assert work is not None
        with write_transaction(work, work_path(self.index_path)):
            meta = _meta(work)
            if int(meta.get("position", 0) or 0) != start:
                raise KBError(f"Another process is counting the links of {self.title}.")
            next_id = int(meta.get("next_id", 1) or 1)
            norms = sorted({norm for norm, _ in counts})
            ids: dict[str, int] = {}
            for k in range(0, len(norms), 500):
                chunk = norms[k:k + 500]
                marks = ",".join("?" * len(chunk))
                ids.update(work.execute(
                    f"SELECT norm, id FROM names WHERE norm IN ({marks})", chunk))
            new = [n for n in norms if n not in ids]
            for n in new:
                ids[n] = next_id
                next_id += 1
            work.executemany("INSERT INTO names (norm, id) VALUES (?, ?)",
                             [(n, ids[n]) for n in new])
            rows = sorted((ids[norm], tid, n) for (norm, tid), n in counts.items())
            work.executemany(
                "INSERT INTO pairs (name_id, target, n) VALUES (?, ?, ?) "
                "ON CONFLICT (name_id, target) DO UPDATE SET n = n + excluded.n", rows)
            values = {
                "position": end, "next_id": next_id,
                "articles": self.progress.articles + articles,
                "links": self.progress.links + links,
                "names": self.progress.names + len(new), "updated_at": now_iso(),
            }
            _set(work, **values)
        self.progress.position = end
        self.progress.articles += articles
        self.progress.links += links
        self.progress.names += len(new)
        if end >= self.progress.entries:
            self._start_finishing()

    # --------------------------------------------------------------- finishing

    def _start_finishing(self) -> None:
        try:
            self._begin_finishing()
        except sqlite3.Error as exc:
            raise _write_error(self.index_path, exc) from exc
        self.progress.phase = "finishing"

    def _begin_finishing(self) -> None:
        """An empty ``link_priors_new`` and the state "finishing", in one transaction."""
        conn = self.conn
        with immediate(conn):
            conn.execute("DROP TABLE IF EXISTS link_priors_new")
            base = _used_pages(conn)  # what the new table adds is the priors' size
            conn.execute(NEW_LINKS_SQL)
            conn.execute(f"DELETE FROM meta WHERE key IN ({','.join('?' * len(FINISH_KEYS))})",
                         FINISH_KEYS)
            _set(conn, links_state="finishing", links_base_pages=base)
        for key in FINISH_KEYS:
            self.meta.pop(key, None)
        self.meta["links_state"] = "finishing"
        self.meta["links_base_pages"] = str(base)

    def _finish_chunk(self) -> None:
        """Write the next ``FINISH_CHUNK`` names' priors into the index, in name order."""
        started = time.perf_counter()
        work = self.work
        assert work is not None
        conn = self.conn
        after = self.meta.get("links_after")
        done = int(self.meta.get("links_done_names", 0) or 0)
        pairs_stored = int(self.meta.get("links_pairs", 0) or 0)
        pairs_seen = int(self.meta.get("links_seen_pairs", 0) or 0)
        rows = []
        last = None
        names = work.execute(
            "SELECT norm, id FROM names WHERE norm > ? ORDER BY norm LIMIT ?",
            [after or "", FINISH_CHUNK]).fetchall()
        for norm, nid in names:
            last = norm
            found = work.execute("SELECT target, n FROM pairs WHERE name_id = ?",
                                 [nid]).fetchall()
            pairs_seen += len(found)
            packed, kept = pack_targets(found)
            if found:
                # Kept even with no target left: how often the name is a link is known.
                rows.append((norm, sum(n for _, n in found), packed))
                pairs_stored += kept
        try:
            with immediate(conn):
                conn.executemany(
                    "INSERT OR REPLACE INTO link_priors_new (norm, total, targets) "
                    "VALUES (?, ?, ?)", rows)
                values: dict[str, Any] = {"links_done_names": done + len(names),
                                          "links_pairs": pairs_stored,
                                          "links_seen_pairs": pairs_seen}
                if last is not None:
                    values["links_after"] = last
                finished = len(names) < FINISH_CHUNK
                if finished:
                    # The whole pass's priors take the place of the previous ones (if
                    # any) in the transaction that says they are done.
                    size = max(0, _used_pages(conn) - int(
                        self.meta.get("links_base_pages", 0) or 0)) * _page_size(conn)
                    stored = conn.execute("SELECT count(*) FROM link_priors_new").fetchone()[0]
                    conn.execute("DROP TABLE IF EXISTS link_priors")
                    conn.execute("ALTER TABLE link_priors_new RENAME TO link_priors")
                    conn.execute("DELETE FROM meta WHERE key IN ('links_recount', "
                                 "'links_base_pages', 'links_base_bytes')")
                    values |= {"links_state": "done", "links_names": stored,
                               "links_links": self.progress.links,
                               "links_articles": self.progress.articles,
                               "links_bytes": size, "links_finished_at": now_iso()}
                _set(conn, **values)
        except sqlite3.Error as exc:
            raise _write_error(self.index_path, exc) from exc
        self.meta.update({k: str(v) for k, v in values.items()})
        if finished:
            for key in ("links_recount", "links_base_pages", "links_base_bytes"):
                self.meta.pop(key, None)
        self.progress.finished_names = done + len(names)
        self.progress.pairs = pairs_stored
        self.progress.seconds += time.perf_counter() - started
        if finished:
            self.progress.names = int(values["links_names"])
            self.progress.phase = "done"
            with contextlib.suppress(sqlite3.Error):
                conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
            self.work.close()
            self.work = None
            remove_work(self.index_path)


class BatchCounter:
    """Counts the (name key, target) pairs of batches of articles (in any process)."""

    def __init__(self, archive: Any, zim_path: str) -> None:
        self.archive = archive
        self.zim_path = zim_path
        self.reader = LinkReader(archive)
        self.bad_in_a_row = 0

    def count(self, ids: Iterable[int]) -> tuple[dict, int, int, int, list[str]]:
        """(pair counts, articles, links, entries skipped, errors) of these entries."""
        counts: dict[tuple[str, int], int] = {}
        articles = links = skipped = 0
        errors: list[str] = []
        for i in ids:
            try:
                found = self._pairs(i)
                self.bad_in_a_row = 0
            except RuntimeError as exc:
                skipped += 1
                if len(errors) < 20:
                    errors.append(f"entry {i}: {exc}")
                self.bad_in_a_row += 1
                if self.bad_in_a_row >= MAX_BAD_IN_A_ROW:
                    raise ZimError(
                        f"{self.zim_path} is damaged: {self.bad_in_a_row} entries in a row "
                        f"cannot be read ({exc}). The links counted so far are kept; download "
                        "the file again.") from exc
                continue
            if found is None:
                skipped += 1
                continue
            if not isinstance(found, set):
                continue
            articles += 1
            links += len(found)
            for pair in found:
                counts[pair] = counts.get(pair, 0) + 1
        return counts, articles, links, skipped, errors

    def _pairs(self, i: int) -> set[tuple[str, int]] | bool | None:
        """The page's pairs; False for an entry that is not an article; None if too large."""
        entry = self.archive._get_entry_by_id(i)
        if entry.is_redirect:
            return False
        item = entry.get_item()
        if not item.mimetype.startswith("text/html"):
            return False
        if item.size > MAX_ENTRY_BYTES:
            return None
        page = bytes(item.content[:MAX_SCAN_BYTES])
        return self.reader.pairs(page, entry.path)


_COUNTER: BatchCounter | None = None


def _worker_start(parent_pid: int, zim_path: str) -> None:
    """A counting worker: ends with its parent, opens the ZIM once."""
    from libzim.reader import Archive

    from glossator.core.kb.store import worker_init

    global _COUNTER
    worker_init(parent_pid)
    _COUNTER = BatchCounter(Archive(zim_path), zim_path)


def _worker_count(ids: list[int]) -> tuple[dict, int, int, int, list[str]]:
    assert _COUNTER is not None
    return _COUNTER.count(ids)


def pack_targets(pairs: Iterable[tuple[int, int]]) -> tuple[bytes, int]:
    """The stored form of a name's (target, count) pairs, and how many were kept.

    Most frequent first; at most ``MAX_TARGETS``; pairs seen once dropped when the name
    has ``PRUNE_TOTAL`` links or more.
    """
    pairs = list(pairs)
    total = sum(n for _, n in pairs)
    if total >= PRUNE_TOTAL:
        pairs = [p for p in pairs if p[1] > 1]
    pairs.sort(key=lambda p: (-p[1], p[0]))
    pairs = pairs[:MAX_TARGETS]
    return b"".join(_PAIR.pack(t, min(n, 0xFFFFFFFF)) for t, n in pairs), len(pairs)


def unpack_targets(blob: bytes) -> list[tuple[int, int]]:
    """(target entry, count) pairs from their stored form."""
    return list(_PAIR.iter_unpack(blob))


def _used_pages(conn: sqlite3.Connection) -> int:
    """Pages of the index in use (its own view, within a transaction too)."""
    return int(conn.execute("PRAGMA page_count").fetchone()[0]) \
        - int(conn.execute("PRAGMA freelist_count").fetchone()[0])


def _page_size(conn: sqlite3.Connection) -> int:
    return int(conn.execute("PRAGMA page_size").fetchone()[0])


# ------------------------------------------------------------------------ reading


def _zim_layers(kb_or_layers: Any) -> list[Any]:
    layers = getattr(kb_or_layers, "zim_layers", kb_or_layers)
    return list(layers or ())


def link_counts(kb_or_layers: Any, name: str) -> tuple[int, dict[str, int]]:
    """How often ``name`` is a link in the attached ZIMs, and to which titles (summed)."""
    norm = normalise(name[:MAX_ANCHOR_CHARS * 2])
    return link_counts_many(kb_or_layers, [norm]).get(norm, (0, {})) if norm else (0, {})


def link_counts_many(kb_or_layers: Any, norms: Iterable[str]
                     ) -> dict[str, tuple[int, dict[str, int]]]:
    """``link_counts`` of several already normalised names, summed over the attached ZIMs.

    {norm: (total, {title: count})}; names that are never a link are left out. A layer
    that cannot be read is skipped.
    """
    norms = [n for n in dict.fromkeys(norms) if n]
    found: dict[str, tuple[int, dict[str, int]]] = {}
    for layer in _zim_layers(kb_or_layers):
        reader = getattr(layer, "link_counts_many", None)
        if reader is None or not norms:
            continue
        try:
            part = reader(norms)
        except (KBError, sqlite3.Error):
            continue
        add_link_counts(found, part)
    return found


def add_link_counts(found: dict[str, tuple[int, dict[str, int]]],
                    part: dict[str, tuple[int, dict[str, int]]]) -> None:
    """Add one ZIM's ``link_counts_many`` to ``found`` (totals and counts by title)."""
    for norm, (n, got) in part.items():
        total, counts = found.get(norm, (0, {}))
        for title, c in got.items():
            counts[title] = counts.get(title, 0) + c
        found[norm] = (total + n, counts)


def link_prior(kb_or_layers: Any, name: str) -> dict[str, float]:
    """p(article | name) from the attached ZIMs' links: {title: count / total}; {} if none.

    ``kb_or_layers`` is a ``KnowledgeBase`` (its ``zim_layers``) or the ZIM layers
    themselves. The values add up to at most 1: pairs seen once are not stored for
    names with many links, but the total counts them.
    """
    total, counts = link_counts(kb_or_layers, name)
    if not total:
        return {}
    return {title: c / total for title, c in sorted(counts.items(), key=lambda kv: -kv[1])}


def link_prior_count(kb_or_layers: Any, name: str) -> int:
    """How many links of the attached ZIMs use ``name`` (0 if none, or no priors)."""
    return link_counts(kb_or_layers, name)[0]
