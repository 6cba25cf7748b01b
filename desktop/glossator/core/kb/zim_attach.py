"""Attach a Kiwix ZIM in place: a name index in SQLite, the text read from the ZIM.

``glossator kb import`` copies every lead of a ZIM into the user knowledge base;
for a full Wikipedia (7 million articles) that is gigabytes and hours. Attaching
keeps only what look-ups need, in one index file per ZIM
(``<data folder>/zim-index/<id>.sqlite``): each article's title, entity type and
entry number, its names (title, redirects as aliases, the names ``derive.py``
makes from a title) and the fuzzy look-up keys the knowledge base derives for its
own names (``normalize.py``). The lead paragraph is read from the ZIM when an
article is shown (``zim_layer.ZimLayer``).

The index is built by ``IndexJob``: one streaming pass over the ZIM's entries in
entry order, in batches, each one transaction that also records the entry reached
(``meta.position``), so a build killed at any moment resumes from its last batch.
A batch's articles go straight into ``articles``; its names and keys are appended
to unindexed ``stage_*`` tables, and merged into the indexed tables in key order
(SQLite sorts them) once the stage holds a third of what is merged (at least
``MERGE_MIN_ENTRIES`` entries) and at the end: inserting names in random order
into B-trees larger than the cache rewrote most of their pages at every batch,
which made the build slow down as it grew. Each table's merge is one transaction
that also empties its stage, so a kill leaves the index consistent; readers see
the articles at once and the names of every finished merge (WAL). The finished
index is compacted (``VACUUM``: each table's pages in key order, which a cold
look-up reads with fewer disk reads). Memory is bounded by the batch size.
Detaching deletes the index file, never the ZIM.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import quote

from glossator.core.kb import derive
from glossator.core.kb.link_priors import link_state, remove_work
from glossator.core.kb.normalize import name_keys, normalise, token_keys
from glossator.core.kb.records import now_iso
from glossator.core.kb.store import MAX_POSTED_WORDS, KBError, _write_error, write_transaction
from glossator.core.kb.zim import (
    MAX_BAD_IN_A_ROW,
    ZimError,
    _metadata,
    _page_name,
    archive_language,
    open_archive,
    redirect_target,
)
from glossator.core.models import CC_BY_SA

INDEX_DIR_NAME = "zim-index"
# 2: segment keys stored segment first (``seg_first``). An index
# of format 1 is read as it is and brought to format 2 by the next ``IndexJob`` on it
# (``kb attach`` again), which records the migration in its meta.
INDEX_FORMAT = "2"
READABLE_FORMATS = ("1", "2")
ZIM_MAGIC = b"ZIM\x04"
# Entries per transaction: a second or two of work, a few MB of rows.
BATCH_ENTRIES = 20_000
INDEX_CACHE_KIB = 64_000
# The stage is merged into the indexed tables when it holds this many entries and a
# third of those merged: a few merges in all (the cost of each grows with the index),
# and readers never miss more than the last quarter of the entries read.
MERGE_MIN_ENTRIES = 250_000
MERGE_SHARE = 3
# Words whose segment keys were written already, remembered to leave their rows out
# of later batches (the frequent words: first names, "city", "bank"), at most this many.
KEYED_WORDS_CAP = 200_000
MAX_TITLE = 512

# Alias kinds, stored as small numbers (their order is their strength but for
# derived/acronym, which weigh the same).
KINDS = ("title", "redirect", "derived", "acronym", "surname")
KIND_CODE = {k: i for i, k in enumerate(KINDS)}
# An alias's prior by its kind code, in Python (``kind_prior``: a look-up sums its rows
# itself) and in SQL (the ranked reads).
KIND_PRIORS = (1.0, 0.7, 0.6, 0.6)
OTHER_KIND_PRIOR = 0.3
PRIOR_SQL = ("(CASE kind " + " ".join(f"WHEN {i} THEN {p}" for i, p in enumerate(KIND_PRIORS))
             + f" ELSE {OTHER_KIND_PRIOR} END)")


def kind_prior(kind: int) -> float:
    """``PRIOR_SQL`` of one kind code."""
    return KIND_PRIORS[kind] if 0 <= kind < len(KIND_PRIORS) else OTHER_KIND_PRIOR


# A build's rows waiting to be merged (in insertion order: rowid), as the tables they
# go to; ``meta.staged`` counts the entries they come from.
STAGE_SQL = """
CREATE TABLE IF NOT EXISTS stage_aliases (
    norm TEXT NOT NULL, article_id INTEGER NOT NULL, kind INTEGER NOT NULL, alias TEXT);
CREATE TABLE IF NOT EXISTS stage_name_keys (key TEXT NOT NULL, norm TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage_token_keys (key TEXT NOT NULL, token TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS stage_name_tokens (
    token TEXT NOT NULL, nlen INTEGER NOT NULL, norm TEXT NOT NULL);
"""
# Each stage into its table, in key order; for a name given twice to one article, the
# strongest kind wins, and among equals the name as written that sorts first (the title
# itself, NULL, before any other), whatever the batches were.
MERGES = (
    ("stage_aliases",
     "INSERT INTO aliases (norm, article_id, kind, alias) SELECT norm, article_id, kind, "
     "alias FROM stage_aliases WHERE true ORDER BY norm, article_id, kind, alias "
     "ON CONFLICT (norm, article_id) DO UPDATE SET kind = excluded.kind, "
     "alias = excluded.alias WHERE excluded.kind < aliases.kind"),
    ("stage_name_keys",
     "INSERT OR IGNORE INTO name_keys (key, norm) SELECT key, norm FROM stage_name_keys "
     "ORDER BY key, norm"),
    ("stage_token_keys",
     "INSERT OR IGNORE INTO token_keys (key, token) SELECT key, token FROM stage_token_keys "
     "ORDER BY key, token"),
    ("stage_name_tokens",
     "INSERT OR IGNORE INTO name_tokens (token, nlen, norm) SELECT token, nlen, norm "
     "FROM stage_name_tokens ORDER BY token, nlen, norm"),
)

# Format 1 stored segment keys as ``normalize.segment_keys`` makes them.
SEG_FIRST_SQL = """
CREATE TABLE token_keys_2 (
    key TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (key, token)) WITHOUT ROWID;
INSERT INTO token_keys_2 (key, token)
    SELECT substr(key, instr(key, ':') + 1) || ' ' || substr(key, 1, instr(key, ':') - 1),
           token FROM token_keys ORDER BY 1, 2;
DROP TABLE token_keys;
ALTER TABLE token_keys_2 RENAME TO token_keys;
"""

INDEX_SQL = """
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT) WITHOUT ROWID;
-- id is the article's entry number in the ZIM: its text is read by number.
CREATE TABLE IF NOT EXISTS articles (
    id INTEGER PRIMARY KEY,
    title TEXT NOT NULL,
    etype TEXT NOT NULL DEFAULT 'OTHER',
    description TEXT NOT NULL DEFAULT ''
);
-- alias is NULL when the name is the article's title as written.
CREATE TABLE IF NOT EXISTS aliases (
    norm TEXT NOT NULL,
    article_id INTEGER NOT NULL,
    kind INTEGER NOT NULL,
    alias TEXT,
    PRIMARY KEY (norm, article_id)
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_keys (
    key TEXT NOT NULL, norm TEXT NOT NULL, PRIMARY KEY (key, norm)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS token_keys (
    key TEXT NOT NULL, token TEXT NOT NULL, PRIMARY KEY (key, token)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS name_tokens (
    token TEXT NOT NULL, nlen INTEGER NOT NULL, norm TEXT NOT NULL,
    PRIMARY KEY (token, nlen, norm)) WITHOUT ROWID;
""" + STAGE_SQL

_SPACES = re.compile(r"\s+")
_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")


class AttachError(KBError):
    """A ZIM that cannot be attached, or an attached one that cannot be found."""


def index_dir_for(user_kb_path: str | os.PathLike[str]) -> Path:
    """The folder of the index files of the ZIMs attached beside a user knowledge base."""
    return Path(user_kb_path).parent / INDEX_DIR_NAME


# ------------------------------------------------------------------ the ZIM file


def check_zim_file(path: Path) -> None:
    """Refuse clearly what is not a readable ZIM file (missing, a folder, another format)."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except FileNotFoundError as exc:
        raise AttachError(f"No such file: {path}") from exc
    except IsADirectoryError as exc:
        raise AttachError(f"{path} is a folder, not a Kiwix ZIM file.") from exc
    except OSError as exc:
        raise AttachError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if head != ZIM_MAGIC:
        what = "it is empty" if not head else "its first bytes are not a ZIM header"
        raise AttachError(f"{path} is not a Kiwix ZIM file ({what}). Give a .zim file, such "
                          "as wikipedia_en_all_mini from the Kiwix library.")


def zim_facts(archive: Any, path: Path) -> dict[str, str]:
    """What the index records about its ZIM: identity, size, metadata for the credit."""
    st = path.stat()
    facts = {
        "zim_path": str(path.resolve()),
        "zim_uuid": str(archive.uuid),
        "zim_size": str(st.st_size),
        "zim_mtime": str(st.st_mtime_ns),
        "entries": str(archive.entry_count),
        "language": archive_language(archive),
        "new_scheme": "1" if archive.has_new_namespace_scheme else "0",
    }
    for key in ("Name", "Title", "Description", "Creator", "Publisher", "Date", "Source",
                "License", "Flavour"):
        facts[key.lower()] = _metadata(archive, key)[:500]
    return facts


def is_wikipedia(facts: dict[str, str]) -> bool:
    """Whether the ZIM says it was made from Wikipedia."""
    text = " ".join(facts.get(k, "") for k in ("source", "publisher", "creator", "name"))
    return "wikipedia" in text.lower()


def licence_of(facts: dict[str, str]) -> str:
    """The licence of the ZIM's text: its metadata's, else Wikipedia's for Wikipedia."""
    if facts.get("license"):
        return facts["license"]
    return CC_BY_SA if is_wikipedia(facts) else "the licence stated by the ZIM's publisher"


def attribution_of(facts: dict[str, str]) -> str:
    """The credit line for an attached ZIM, from its metadata."""
    title = facts.get("title") or facts.get("name") or Path(facts.get("zim_path", "")).name
    parts = [title]
    if facts.get("creator"):
        parts.append(f"by {facts['creator']}")
    if facts.get("publisher"):
        parts.append(f"packaged by {facts['publisher']}")
    if facts.get("date"):
        parts.append(facts["date"])
    return ", ".join(parts) + f"; licence: {licence_of(facts)}."


def zim_title(meta: dict[str, str]) -> str:
    """The name a reader knows a ZIM by, for messages and lists.

    Its ``Title`` metadata ("Wikipedia (English) top mini"), else its file name, else
    its id. The id stays the key (``kb detach ID``, the index file's name).
    """
    return (" ".join(meta.get("title", "").split())
            or Path(meta.get("zim_path", "")).name or meta.get("id", ""))


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:40] or "zim"


def zim_id(facts: dict[str, str]) -> str:
    """A short, stable id: the ZIM's name and the start of its UUID."""
    base = facts.get("name") or Path(facts["zim_path"]).stem
    digest = facts.get("zim_uuid") or hashlib.sha1(facts["zim_path"].encode()).hexdigest()
    return f"{_slug(base)}-{re.sub(r'[^0-9a-f]', '', digest.lower())[:8]}"


# --------------------------------------------------------------------- index files


def _connect(path: Path, *, write: bool) -> sqlite3.Connection:
    if write:
        conn = sqlite3.connect(path, timeout=120.0, check_same_thread=False)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        return conn
    uri = f"file:{quote(str(path.resolve()))}?mode=ro"
    return sqlite3.connect(uri, uri=True, timeout=120.0, check_same_thread=False)


def read_meta(conn: sqlite3.Connection) -> dict[str, str]:
    """An index file's meta table."""
    return dict(conn.execute("SELECT key, value FROM meta").fetchall())


def _set_meta(conn: sqlite3.Connection, **values: Any) -> None:
    conn.executemany("INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                     [(k, str(v)) for k, v in values.items()])


@dataclass(slots=True)
class Attached:
    """One attached ZIM, as ``kb stats`` and the knowledge window list it."""

    id: str
    index_path: Path
    zim_path: Path
    state: str  # "indexed", "indexing" (unfinished), "missing" (the ZIM is not there)
    position: int = 0
    entries: int = 0
    articles: int = 0
    names: int = 0
    index_bytes: int = 0
    attribution: str = ""
    licence: str = ""
    title: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    # The link priors (``link_priors.link_state``): state "none", "counting",
    # "finishing" or "done", with names and pairs when done, position when counting.
    links: dict[str, Any] = field(default_factory=dict)

    @property
    def fraction(self) -> float:
        """Share of the ZIM's entries indexed so far."""
        return 1.0 if self.state == "indexed" or not self.entries else \
            min(1.0, self.position / self.entries)

    def as_dict(self) -> dict[str, Any]:
        """Plain values for JSON and the window."""
        return {"id": self.id, "index": str(self.index_path), "zim": str(self.zim_path),
                "state": self.state, "position": self.position, "entries": self.entries,
                "articles": self.articles, "names": self.names, "bytes": self.index_bytes,
                "attribution": self.attribution, "license": self.licence,
                "title": self.title, "fraction": round(self.fraction, 4),
                "link_priors": self.links}


def describe(index_path: Path, meta: dict[str, str]) -> Attached:
    """An ``Attached`` from an index file's meta."""
    zim_path = Path(meta.get("zim_path", ""))
    finished = meta.get("finished") == "1"
    state = "indexed" if finished else "indexing"
    if not zim_path.is_file():
        state = "missing"
    size = 0
    for suffix in ("", "-wal"):
        with contextlib.suppress(OSError):
            size += Path(f"{index_path}{suffix}").stat().st_size
    return Attached(
        id=meta.get("id", index_path.stem), index_path=index_path, zim_path=zim_path,
        state=state, position=int(meta.get("position", 0) or 0),
        entries=int(meta.get("entries", 0) or 0), articles=int(meta.get("articles", 0) or 0),
        names=int(meta.get("names", 0) or 0), index_bytes=size,
        attribution=attribution_of(meta), licence=licence_of(meta),
        title=zim_title(meta) or index_path.stem, facts=meta,
        links=link_state(meta, index_path),
    )


def list_attached(index_dir: Path) -> list[Attached]:
    """Every ZIM attached (index files in ``index_dir``), by id; unreadable ones skipped."""
    out: list[Attached] = []
    if not index_dir.is_dir():
        return out
    for path in sorted(index_dir.glob("*.sqlite")):
        try:
            conn = _connect(path, write=False)
            try:
                meta = read_meta(conn)
            finally:
                conn.close()
        except sqlite3.Error:
            continue
        if meta.get("format") in READABLE_FORMATS:
            out.append(describe(path, meta))
    return out


def find_attached(index_dir: Path, ident: str) -> Attached:
    """The attached ZIM named by id, ZIM path, file name or unique id prefix."""
    attached = list_attached(index_dir)
    ident = ident.strip()
    resolved = str(Path(ident).expanduser().resolve()) if ident else ""
    for a in attached:
        if ident == a.id or resolved == str(a.zim_path):
            return a
    matches = [a for a in attached if a.zim_path.name == ident or a.id.startswith(ident)]
    if len(matches) == 1:
        return matches[0]
    known = ", ".join(a.id for a in attached) or "none"
    if len(matches) > 1:
        raise AttachError(f"{ident!r} names more than one attached ZIM ({known}); give its id.")
    raise AttachError(f"No attached ZIM is named {ident!r}. Attached: {known}.")


def attach(zim_path: str | os.PathLike[str], index_dir: Path) -> Attached:
    """Register a ZIM: check it, make (or find) its index file; the names come from ``IndexJob``.

    Attaching a ZIM already attached (the same UUID) returns its index, updating the
    recorded path if the file moved; its build then resumes where it stopped.
    """
    path = Path(zim_path).expanduser()
    check_zim_file(path)
    archive = open_archive(path)
    facts = zim_facts(archive, path)
    del archive
    for a in list_attached(index_dir):
        if a.facts.get("zim_uuid") == facts["zim_uuid"]:
            if str(a.zim_path) != facts["zim_path"]:
                _update_meta(a.index_path, zim_path=facts["zim_path"],
                             zim_mtime=facts["zim_mtime"])
            return describe(a.index_path, {**a.facts, "zim_path": facts["zim_path"]})
    ident = zim_id(facts)
    index_path = index_dir / f"{ident}.sqlite"
    tmp = index_dir / f".{ident}.sqlite.new"
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()
        conn = sqlite3.connect(tmp)
        try:
            conn.executescript(INDEX_SQL)
            with conn:
                _set_meta(conn, format=INDEX_FORMAT, id=ident, position=0, finished=0,
                          articles=0, names=0, attached_at=now_iso(), **facts)
        finally:
            conn.close()
        # Made whole, then moved into place: a half-made index is never listed.
        os.replace(tmp, index_path)
    except (OSError, sqlite3.Error) as exc:
        with contextlib.suppress(OSError):
            tmp.unlink()
        raise _write_error(index_path, exc) from exc
    return describe(index_path, read_meta_file(index_path))


def read_meta_file(index_path: Path) -> dict[str, str]:
    """The meta of one index file."""
    conn = _connect(index_path, write=False)
    try:
        return read_meta(conn)
    finally:
        conn.close()


def _update_meta(index_path: Path, **values: Any) -> None:
    try:
        conn = _connect(index_path, write=True)
        try:
            with conn:
                _set_meta(conn, **values)
        finally:
            conn.close()
    except sqlite3.Error as exc:
        raise _write_error(index_path, exc) from exc


def detach(ident: str, index_dir: Path) -> Attached:
    """Remove an attached ZIM's index and link priors (never the ZIM); return what was removed."""
    found = find_attached(index_dir, ident)
    try:
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(FileNotFoundError):
                Path(f"{found.index_path}{suffix}").unlink()
        remove_work(found.index_path)  # an unfinished link pass's counts
    except OSError as exc:
        raise AttachError(f"Cannot remove the index {found.index_path}: "
                          f"{exc.strerror or exc}. The ZIM was not touched.") from exc
    return found


# ------------------------------------------------------------------ the index build


def _clean_title(text: str) -> str:
    # Nearly every title is printable (no controls, no whitespace but spaces) with single
    # spaces: then only its ends can change.
    if text.isprintable() and "  " not in text:
        text = text.strip()
    else:
        text = _SPACES.sub(" ", _CONTROLS.sub(" ", text)).strip()
    return text if len(text) <= MAX_TITLE else ""


@dataclass(slots=True)
class IndexProgress:
    """Where a build is: entries looked at, of how many, and what was stored so far."""

    position: int
    entries: int
    articles: int
    names: int
    seconds: float = 0.0
    skipped: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def finished(self) -> bool:
        """Whether every entry has been looked at."""
        return self.position >= self.entries

    def line(self) -> str:
        """One line for a status bar or terminal."""
        pct = 100.0 * self.position / self.entries if self.entries else 100.0
        return (f"{self.position:,} of {self.entries:,} entries ({pct:.0f}%): "
                f"{self.articles:,} articles, {self.names:,} names")


class IndexJob:
    """Build (or resume building) one attached ZIM's name index."""

    def __init__(self, index_path: Path, *, batch_entries: int = BATCH_ENTRIES) -> None:
        self.index_path = Path(index_path)
        self.batch_entries = batch_entries
        if not self.index_path.is_file():
            raise AttachError(f"The index {self.index_path} is gone (was the ZIM detached?).")
        try:
            self.conn = _connect(self.index_path, write=True)
            self.meta = read_meta(self.conn)
        except sqlite3.Error as exc:
            raise _write_error(self.index_path, exc) from exc
        if self.meta.get("format") not in READABLE_FORMATS:
            self.conn.close()
            raise AttachError(f"{self.index_path} is not an index of an attached ZIM.")
        self.id = self.meta.get("id", self.index_path.stem)
        self.title = zim_title(self.meta) or self.id  # for messages; the id is the key
        self.zim_path = Path(self.meta.get("zim_path", ""))
        try:
            self._open_zim()
        except BaseException:
            self.conn.close()
            raise
        self.conn.execute(f"PRAGMA cache_size=-{INDEX_CACHE_KIB}")
        try:
            self.conn.executescript(STAGE_SQL)  # an index begun by an older build has none
            if self.meta.get("format") != INDEX_FORMAT:
                self._migrate()
        except sqlite3.Error as exc:
            self.conn.close()
            raise _write_error(self.index_path, exc) from exc
        self.progress = IndexProgress(
            int(self.meta.get("position", 0) or 0), int(self.meta.get("entries", 0) or 0),
            int(self.meta.get("articles", 0) or 0), int(self.meta.get("names", 0) or 0))
        # Entries whose names wait in the stage tables for the next merge.
        self.staged = int(self.meta.get("staged", 0) or 0)
        self.keyed_words: set[str] = set()
        self.bad_in_a_row = 0
        self.old_scheme = self.meta.get("new_scheme") == "0"

    def _migrate(self) -> None:
        """Bring a format 1 index to format 2 in one transaction (a kill leaves format 1)."""
        conn = self.conn
        conn.execute("BEGIN IMMEDIATE")
        try:
            for sql in SEG_FIRST_SQL.split(";"):
                if sql.strip():
                    conn.execute(sql)
            old = self.meta.get("format", "")
            _set_meta(conn, format=INDEX_FORMAT, migrated_from=old, migrated_at=now_iso())
            conn.commit()
        except BaseException:
            if conn.in_transaction:
                conn.rollback()
            raise
        self.meta.update(format=INDEX_FORMAT, migrated_from=old)

    def _open_zim(self) -> None:
        path = self.zim_path
        if not path.is_file():
            raise AttachError(
                f"The ZIM file {self.title} is no longer at {path} (moved, deleted, or "
                "on a drive that is not connected). Connect the drive, or attach the file "
                "where it is now (`glossator kb attach FILE`), or "
                f"`glossator kb detach {self.id}`.")
        check_zim_file(path)
        # Checked against its checksum when attached; a resumed build trusts it.
        self.archive = open_archive(path, verify_up_to=0)
        if str(self.archive.uuid) != self.meta.get("zim_uuid"):
            raise AttachError(
                f"{path} is no longer the ZIM {self.title} that was attached (another file "
                f"has taken its place). Detach it (`glossator kb detach {self.id}`) and attach "
                "the new file.")

    def close(self) -> None:
        """Close the index connection."""
        with contextlib.suppress(sqlite3.Error):
            self.conn.close()

    def __enter__(self) -> IndexJob:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @property
    def finished(self) -> bool:
        """Whether the index is complete: every entry read and every name merged."""
        return self.meta.get("finished") == "1"

    def run(self, progress: Callable[[IndexProgress], None] | None = None,
            should_stop: Callable[[], bool] | None = None, *, workers: int = 0
            ) -> IndexProgress:
        """Index batch after batch until done or ``should_stop``; resumable at any point."""
        drive(self.steps(workers), progress, should_stop)
        return self.progress

    def steps(self, workers: int = 0) -> Iterator[IndexProgress]:
        """Index one batch per step, yielding the progress after each commit.

        With ``workers`` (1 is enough), a process derives the names and keys of the next
        batch while this one reads the ZIM and writes: about 1.5 times faster on two cores.
        """
        if workers > 0 and not self.finished:
            yield from self._pipelined(workers)
        while not self.finished:
            self.step()  # at the end, an empty batch: the last merge
            yield self.progress

    def _pipelined(self, workers: int) -> Iterator[IndexProgress]:
        import multiprocessing
        from collections import deque
        from concurrent.futures import ProcessPoolExecutor

        from glossator.core.kb.store import worker_init

        ctx = multiprocessing.get_context("spawn")  # safe in threads and frozen apps
        with ProcessPoolExecutor(workers, mp_context=ctx, initializer=worker_init,
                                 initargs=(os.getpid(),)) as pool:
            try:
                pending: deque = deque()
                read_to = self.progress.position
                while read_to < self.progress.entries or pending:
                    while read_to < self.progress.entries and len(pending) <= workers:
                        started = time.perf_counter()
                        end = min(read_to + self.batch_entries, self.progress.entries)
                        rows, names = self._read(read_to, end)
                        pending.append((pool.submit(derive_rows, rows, names), end))
                        read_to = end
                        self.progress.seconds += time.perf_counter() - started
                    future, end = pending.popleft()
                    derived = future.result()
                    started = time.perf_counter()
                    self._write(derived, end)
                    self.progress.seconds += time.perf_counter() - started
                    yield self.progress
            finally:
                pool.shutdown(cancel_futures=True)

    def step(self) -> IndexProgress:
        """Index the next batch of entries and commit it with the position reached."""
        started = time.perf_counter()
        start = self.progress.position
        end = min(start + self.batch_entries, self.progress.entries)
        rows, names = self._read(start, end)
        self._commit(rows, names, end)
        self.progress.seconds += time.perf_counter() - started
        return self.progress

    def _read(self, start: int, end: int) -> tuple[list[tuple[int, str]], list]:
        """Articles (id, title) and redirect names of entries ``start`` to ``end``."""
        articles: dict[int, str] = {}
        names: list[tuple[str, int]] = []
        for i in range(start, end):
            try:
                self._entry(i, articles, names)
                self.bad_in_a_row = 0
            except RuntimeError as exc:
                self.progress.skipped += 1
                if len(self.progress.errors) < 20:
                    self.progress.errors.append(f"entry {i}: {exc}")
                self.bad_in_a_row += 1
                if self.bad_in_a_row >= MAX_BAD_IN_A_ROW:
                    raise ZimError(
                        f"{self.zim_path} is damaged: {self.bad_in_a_row} entries in a row "
                        f"cannot be read ({exc}). What was indexed before is kept; download "
                        "the file again.") from exc
        return sorted(articles.items()), names

    def _title(self, entry: Any) -> str:
        title = entry.title
        if not title:
            title = _page_name(entry.path, self.old_scheme).replace("_", " ")
        return _clean_title(title)

    def _entry(self, i: int, articles: dict[int, str], names: list[tuple[str, int]]) -> None:
        entry = self.archive._get_entry_by_id(i)
        if entry.is_redirect:
            target = redirect_target(entry)
            if target is None or not _is_page(target):
                return
            tid = target._index
            if tid not in articles:
                title = self._title(target)
                if not title:
                    return
                articles[tid] = title
            name = self._title(entry)
            if name:
                names.append((name, tid))  # normalised with the batch's other names
            return
        if i in articles or not _is_page(entry):
            return
        title = self._title(entry)
        if title:
            articles[i] = title

    def _commit(self, rows: list[tuple[int, str]], redirects: list[tuple[str, int]],
                position: int) -> None:
        """Derive a batch's rows and write them with the position reached."""
        self._write(derive_rows(rows, redirects), position)

    def _write(self, derived: tuple[list, ...], position: int) -> None:
        """Write a batch's articles, stage its names and keys, with the position reached.

        One transaction; then, when the stage is large enough or every entry is read,
        the merge (``_merge``).
        """
        finished = position >= self.progress.entries
        article_rows, alias_rows, name_rows, token_rows, posting_rows = derived
        token_rows, new_words = self._unkeyed(token_rows)
        conn = self.conn
        with write_transaction(conn, self.index_path):
            before = conn.total_changes
            conn.executemany("INSERT OR IGNORE INTO articles (id, title, etype) "
                             "VALUES (?, ?, ?)", article_rows)
            new_articles = conn.total_changes - before
            conn.executemany("INSERT INTO stage_aliases (norm, article_id, kind, alias) "
                             "VALUES (?, ?, ?, ?)", alias_rows)
            conn.executemany("INSERT INTO stage_name_keys (key, norm) VALUES (?, ?)",
                             name_rows)
            conn.executemany("INSERT INTO stage_token_keys (key, token) VALUES (?, ?)",
                             token_rows)
            conn.executemany(
                "INSERT INTO stage_name_tokens (token, nlen, norm) VALUES (?, ?, ?)",
                posting_rows)
            staged = self.staged + max(0, position - self.progress.position)
            _set_meta(conn, position=position, staged=staged,
                      articles=self.progress.articles + new_articles,
                      updated_at=now_iso())
        self.progress.position = position
        self.progress.articles += new_articles
        self.staged = staged
        if len(self.keyed_words) < KEYED_WORDS_CAP:  # only once they are written
            self.keyed_words.update(new_words)
        merged = position - self.staged
        if finished or self.staged >= max(MERGE_MIN_ENTRIES, merged // MERGE_SHARE):
            self._merge(finished)

    def _unkeyed(self, token_rows: list[tuple[str, str]]
                 ) -> tuple[list[tuple[str, str]], set[str]]:
        """Segment-key rows of words no earlier batch of this run keyed, and those words."""
        known = self.keyed_words
        out = [row for row in token_rows if row[1] not in known]
        return out, {row[1] for row in out}

    def _merge(self, finished: bool) -> None:
        """Move the stage into the indexed tables, in key order, one table at a time.

        Each table's rows are inserted and its stage emptied in one transaction; the
        last also sets ``staged`` to 0 (and ``finished`` at the end), so a merge killed
        half-way goes on with the tables left when the job runs again.
        """
        conn = self.conn
        for i, (stage, sql) in enumerate(MERGES):
            last = i == len(MERGES) - 1
            with write_transaction(conn, self.index_path):
                before = conn.total_changes
                conn.execute(sql)
                changed = conn.total_changes - before
                conn.execute(f"DELETE FROM {stage}")
                values: dict[str, Any] = {"updated_at": now_iso()}
                if stage == "stage_aliases":
                    values["names"] = self.progress.names + changed
                if last:
                    values["staged"] = 0
                    if finished:
                        values["finished"] = 1
                _set_meta(conn, **values)
            if "names" in values:
                self.progress.names = values["names"]
        self.staged = 0
        if finished:
            self.meta["finished"] = "1"
            self._compact()
        # The write-ahead log took the whole merge: give the disk back.
        with contextlib.suppress(sqlite3.Error):
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def _compact(self) -> None:
        """Rewrite the finished index table by table, each in key order, without free pages.

        The stage's pages are given back, and the pages of each table lie in key order,
        so a cold look-up finds neighbouring keys in the pages one disk read brings
        (docs/kb.md: the cold fuzzy p95). Seconds for a million articles. Best effort:
        the index is complete and consistent without it (a full disk, a kill
        meanwhile: it stays as merged).
        """
        try:
            self.conn.execute("VACUUM")
        except sqlite3.Error as exc:
            if len(self.progress.errors) < 20:
                self.progress.errors.append(f"the index was not compacted: {exc}")


def derive_rows(rows: list[tuple[int, str]], redirects: list[tuple[str, int]]
                ) -> tuple[list, ...]:
    """Article rows, alias rows and fuzzy-key rows of a batch (in any process).

    ``rows`` are the batch's articles (entry number, title), ``redirects`` the names of
    its redirects (name, the entry number of the article they lead to).
    """
    article_rows = []
    redirect_kind = KIND_CODE["redirect"]
    alias_rows: list[tuple[str, int, int, str | None]] = [
        (norm, tid, redirect_kind, name) for name, tid in redirects
        if (norm := normalise(name))]
    for aid, title in rows:
        etype = derive.entity_type("", "", title)
        article_rows.append((aid, title, etype))
        for alias, kind, norm in derive.derive_aliases(title, "", "", etype):
            alias_rows.append((norm, aid, KIND_CODE[kind], None if alias == title else alias))
    norms = {row[0] for row in alias_rows}
    return (article_rows, alias_rows, *index_rows(norms))


def index_rows(norms: set[str]) -> tuple[list, list, list]:
    """The fuzzy-key rows of these names, as ``store.index_rows`` makes them.

    Words are keyed once per batch, not once per name that holds them. The rows are
    not sorted: they are staged, and SQLite sorts the stage when it is merged.
    """
    name_rows = [(key, norm) for norm in norms for key in name_keys(norm)]
    words: set[str] = set()
    posting_rows = []
    for norm in norms:
        parts = norm.split()
        words.update(parts)
        if 1 < len(parts) <= MAX_POSTED_WORDS:
            n = len(norm)
            posting_rows += [(word, n, norm) for word in set(parts)]
    token_rows = [(seg_first(key), word) for word in words for key in token_keys(word)]
    return name_rows, token_rows, posting_rows


def seg_first(key: str) -> str:
    """A segment key as the index stores it: the segment, then where it lies.

    "s8.2.0:endo" is stored as "endo s8.2.0": the keys a look-up probes for one word
    (the same segment at several lengths, segments starting alike) then lie together
    in the B-tree, and a cold look-up reads a few pages instead of one per key.
    """
    head, _, segment = key.partition(":")
    return f"{segment} {head}"


def _is_page(entry: Any) -> bool:
    try:
        return entry.get_item().mimetype.startswith("text/html")
    except RuntimeError:
        return False


def drive(steps: Iterator[Any], progress: Callable[[Any], None] | None,
          should_stop: Callable[[], bool] | None) -> None:
    """Run a background job's steps, reporting each, until done or ``should_stop``."""
    for p in steps:
        if progress:
            progress(p)
        if should_stop and should_stop():
            break
