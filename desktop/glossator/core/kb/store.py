"""One knowledge base file: opening it safely, writing summaries, reading rows.

``KBLayer`` wraps a sqlite-utils ``Database``. A writable layer is migrated on
open and kept in WAL mode; other processes read it through ordinary read-only
(``mode=ro``) connections, which WAL keeps consistent while it is written. Only
the bundled starter pack, which nothing writes, is opened ``immutable`` (so it
works from a read-only install folder). Writes run in batches, each one
``BEGIN IMMEDIATE`` transaction that also records the import's position, so
concurrent writers queue on the lock, and an interrupted import leaves a
consistent file and resumes where it stopped.

Before anything is written the file is identified: another program's SQLite
file, a file from a newer Glossator or a damaged one is refused, never changed.
"""

from __future__ import annotations

import contextlib
import functools
import multiprocessing
import os
import shutil
import sqlite3
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass, replace
from itertools import islice
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from glossator.core.kb import derive, schema
from glossator.core.kb.normalize import name_keys, normalise, token_keys
from glossator.core.kb.records import RecordError, SummaryRecord, now_iso
from glossator.core.models import Article, ImportStats

SQLITE_MAGIC = b"SQLite format 3\x00"
READ_CACHE_KIB = 32_000
IMPORT_CACHE_KIB = 512_000
_ARTICLE_COLUMNS = (
    "title, description, extract, language, source, license, fetched_at, "
    "wikidata_id, thumbnail, url, topic, etype, gender"
)
# Fields whose change makes a re-imported record count as "updated".
_COMPARED = ("description", "extract", "wikidata_id", "thumbnail", "url")
# How long a writer waits for another's transaction (a batch of 10,000 takes seconds).
BUSY_TIMEOUT = 120.0
# Files up to this size are checked page by page before an import writes into them.
QUICK_CHECK_UP_TO = 512 * 1024**2
# Records whose text adds up to this many characters make a batch, whatever their number.
BATCH_CHARS = 64_000_000
_RESET_ADVICE = ("Move it aside or rebuild it: `glossator kb build-starter` for the starter "
                 "pack, `glossator kb reset` for your own (it keeps the old file).")


class KBError(Exception):
    """A knowledge base problem with a message fit for the user."""


class KBCorruptError(KBError):
    """The file is not a Glossator knowledge base, or is damaged.

    ``layer`` is the open layer that failed a read, when one did (the caller may
    then go on with its other layers).
    """

    def __init__(self, message: str, layer: KBLayer | None = None) -> None:
        super().__init__(message)
        self.layer = layer


class KBForeignError(KBCorruptError):
    """An SQLite file of another program."""


class KBNewerError(KBCorruptError):
    """A knowledge base written by a newer Glossator (migrations this one does not know)."""


class KBWriteError(KBError):
    """A write failed (read-only file, full disk); the existing data is intact."""


class KBBusyError(KBError):
    """Another process held the write lock for longer than ``BUSY_TIMEOUT``."""


def check_header(path: Path) -> None:
    """Fail clearly when ``path`` exists but is not an SQLite file."""
    try:
        with path.open("rb") as fh:
            head = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise KBError(f"Cannot read the knowledge base {path}: {exc.strerror or exc}") from exc
    if head and head != SQLITE_MAGIC:
        raise KBForeignError(
            f"{path} is not a Glossator knowledge base (it is not an SQLite file). "
            "Move it aside, or rebuild: `glossator kb build-starter` for the starter pack, "
            "`glossator kb reset` for your own knowledge base."
        )


def check_identity(conn: sqlite3.Connection, path: Path) -> bool:
    """Whether the file is a Glossator knowledge base (False: an empty SQLite file).

    Reads only. Another program's file and one from a newer Glossator raise, so that
    nothing (not even WAL mode) is ever written into them.
    """
    tables = {r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")}
    if not tables:
        return False
    applied = set()
    if "_migrations" in tables:
        applied = {r[0] for r in conn.execute("SELECT name FROM _migrations")}
    known = [name for name, _ in schema.MIGRATIONS]
    if tables == {"_migrations"} and not applied:
        # Earlier code made ``_migrations`` before the first migration's transaction:
        # a creation stopped (or going on) there is Glossator's own, not another program's.
        return False
    if known[0] not in applied:
        raise KBForeignError(
            f"{path} is not a Glossator knowledge base: it is an SQLite file of another "
            f"program (tables: {', '.join(sorted(tables)[:5])}). Glossator will not change "
            "it; give another file, or `glossator kb reset` to move it aside."
        )
    unknown = sorted(applied - set(known))
    if unknown:
        raise KBNewerError(
            f"{path} was made by a newer Glossator (it has {', '.join(unknown[:3])}, which "
            "this version does not know). It is left untouched; update Glossator to use it."
        )
    return True


def _sqlite_code(exc: BaseException) -> str:
    return str(getattr(exc, "sqlite_errorname", "") or "")


def _is_busy(exc: BaseException) -> bool:
    """Whether SQLite refused because another connection holds the file."""
    return _sqlite_code(exc).startswith(("SQLITE_BUSY", "SQLITE_LOCKED")) \
        or "locked" in str(exc).lower()


def _folder_writable(path: Path) -> bool:
    folder = path.parent if path.parent.exists() else path.parent.parent
    return os.access(folder, os.W_OK) and (not path.exists() or os.access(path, os.W_OK))


def _disk_full(path: Path) -> bool:
    try:
        return shutil.disk_usage(path.parent).free < 1 << 20
    except OSError:
        return False


@contextlib.contextmanager
def immediate(conn: sqlite3.Connection) -> Iterator[None]:
    """One write transaction, taking the write lock first (``BEGIN IMMEDIATE``).

    Committed at the end, rolled back on any error or interruption.
    """
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.commit()
    except BaseException:
        if conn.in_transaction:
            conn.rollback()
        raise


@contextlib.contextmanager
def write_transaction(conn: sqlite3.Connection, path: Path) -> Iterator[None]:
    """``immediate``, with SQLite's errors told as the user's message (``_write_error``)."""
    try:
        with immediate(conn):
            yield
    except sqlite3.Error as exc:
        raise _write_error(path, exc) from exc


def _write_error(path: Path, exc: BaseException) -> KBError:
    """The user's message for a failed write or open-for-writing."""
    code, msg = _sqlite_code(exc), str(exc).lower()
    if code.startswith("SQLITE_CORRUPT") or code == "SQLITE_NOTADB" or "malformed" in msg:
        return KBCorruptError(f"The knowledge base {path} is damaged ({exc}); nothing was "
                              f"written. {_RESET_ADVICE}")
    if _is_busy(exc):
        return KBBusyError(f"The knowledge base {path} is busy: another Glossator has been "
                           "writing to it for a long time. Try again when it has finished.")
    if code.startswith("SQLITE_READONLY") or "readonly" in msg or "read-only" in msg \
            or not _folder_writable(path):
        why = "the file or its folder is read-only"
    elif code == "SQLITE_FULL" or "full" in msg or _disk_full(path):
        why = "the disk is full"
    elif code.startswith("SQLITE_IOERR") or isinstance(exc, OSError):
        why = f"the disk reported an error ({exc})"
    else:
        why = str(exc)
    return KBWriteError(
        f"Could not write to the knowledge base {path}: {why}. Nothing already stored was lost."
    )


def _reads(method: Callable[..., Any]) -> Callable[..., Any]:
    """Turn a database error in a read into a ``KBError`` naming this layer."""

    @functools.wraps(method)
    def wrapper(self: KBLayer, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self.read_error(exc) from exc

    return wrapper



# Between tries at the journal mode, while another process holds the file (seconds).
WAL_RETRY = 0.05


def _journal_wal(conn: sqlite3.Connection, timeout: float | None = None) -> None:
    """Put the file in WAL mode, waiting while another process holds it.

    SQLite may answer "database is locked" at once, without waiting out the busy timeout,
    when two processes open a new file together (two imports at once, on a loaded
    machine): the second one waits here, as its writes wait at ``BEGIN IMMEDIATE``.
    """
    deadline = time.monotonic() + (BUSY_TIMEOUT if timeout is None else timeout)
    while True:
        try:
            conn.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if not _is_busy(exc) or time.monotonic() >= deadline:
                raise
            time.sleep(WAL_RETRY)

class KBLayer:
    """A single SQLite knowledge base file."""

    def __init__(self, path: str | os.PathLike[str], *, readonly: bool = False,
                 name: str = "user", immutable: bool | None = None) -> None:
        """Open ``path``; a read-only layer is ``immutable`` by default for the starter only.

        ``immutable`` promises SQLite that no process writes the file while it is open
        (no locks, no WAL look-ups): true of the bundled starter pack, false of any file
        an import or the online fill may be writing.
        """
        self.path = Path(path)
        self.readonly = readonly
        self.name = name
        self.immutable = readonly and (name == "starter" if immutable is None else immutable)
        if readonly:
            if not self.path.is_file():
                raise KBError(f"The knowledge base {self.path} does not exist.")
            check_header(self.path)
            conn = self._connect_readonly()
        else:
            if self.path.exists():
                check_header(self.path)
            try:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                conn = sqlite3.connect(self.path, timeout=BUSY_TIMEOUT, check_same_thread=False)
            except (OSError, sqlite3.Error) as exc:
                raise _write_error(self.path, exc) from exc
        self.db = sqlite_utils.Database(conn)
        try:
            check_identity(conn, self.path)
            if not readonly:
                _journal_wal(conn)
                self.db.execute("PRAGMA synchronous=NORMAL")
                self.db.execute("PRAGMA foreign_keys=ON")
                schema.migrate(self.db)
            elif not schema.is_current(self.db):
                fix = ("Rebuild it with `glossator kb build-starter`." if self.name == "starter"
                       else "Open it once with write access so it can be brought up to date.")
                raise KBCorruptError(
                    f"{self.path} was made by an earlier version of Glossator or is "
                    "incomplete. " + fix
                )
            self.db.execute("SELECT count(*) FROM articles").fetchone()
        except KBError:
            conn.close()
            raise
        except sqlite3.Error as exc:
            conn.close()
            if readonly:
                raise self.read_error(exc) from exc
            raise _write_error(self.path, exc) from exc
        self.db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")

    def _connect_readonly(self) -> sqlite3.Connection:
        resolved = quote(str(self.path.resolve()))
        if not self.immutable:
            conn = sqlite3.connect(f"file:{resolved}?mode=ro", uri=True, timeout=BUSY_TIMEOUT,
                                   check_same_thread=False)
            try:
                conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
                return conn
            except sqlite3.OperationalError:
                conn.close()
                # A WAL file in a read-only folder cannot get its shared-memory index,
                # and no process can write it there: reading it as immutable is safe.
                if _folder_writable(self.path):
                    raise
                self.immutable = True
        return sqlite3.connect(f"file:{resolved}?mode=ro&immutable=1", uri=True,
                               check_same_thread=False)

    def read_error(self, exc: sqlite3.Error) -> KBError:
        """The user's message for a failed read of this layer."""
        code, msg = _sqlite_code(exc), str(exc).lower()
        if _is_busy(exc):
            return KBBusyError(f"The knowledge base {self.path} is busy; try again.")
        if code == "SQLITE_CORRUPT_VTAB" or "fts5" in msg or "articles_fts" in msg:
            what = "its full-text index is damaged"
        elif "no such table" in msg or "no such column" in msg:
            what = f"it is incomplete or from another version ({exc})"
        elif code == "SQLITE_CANTOPEN" or "unable to open" in msg:
            return KBError(f"Cannot open the knowledge base {self.path} ({exc}).")
        else:
            what = f"it is damaged ({exc})"
        return KBCorruptError(f"The knowledge base {self.path} cannot be read: {what}. "
                              f"{_RESET_ADVICE}", layer=self)

    def verify(self, *, up_to: int = QUICK_CHECK_UP_TO) -> None:
        """Refuse (``KBCorruptError``) a damaged file before writing into it.

        Files up to ``up_to`` bytes are checked page by page (about a second per
        200 MB); larger ones are trusted, and a write that meets a damaged page
        fails and rolls back its batch.
        """
        try:
            if self.path.stat().st_size <= up_to:
                problems = [r[0] for r in self.db.execute("PRAGMA quick_check(5)")]
                if problems != ["ok"]:
                    raise KBCorruptError(
                        f"The knowledge base {self.path} is damaged ({problems[0]}); nothing "
                        f"was written. {_RESET_ADVICE}", layer=self)
                # The full-text index's own check: a damaged one passes quick_check.
                with self.db.conn:
                    self.db.execute("INSERT INTO articles_fts (articles_fts, rank) "
                                    "VALUES ('integrity-check', 0)")
        except sqlite3.Error as exc:
            raise _write_error(self.path, exc) from exc

    def close(self) -> None:
        """Close the connection (checkpointing the WAL of a writable layer)."""
        self.db.conn.close()

    # ----------------------------------------------------------------- writing

    def upsert(
        self,
        records: Iterable[SummaryRecord],
        *,
        source_key: str | None = None,
        batch_size: int = 2000,
        progress: Callable[[ImportStats], None] | None = None,
        should_stop: Callable[[], bool] | None = None,
        workers: int = 0,
    ) -> ImportStats:
        """Add or update records in transactions of ``batch_size``.

        With ``source_key`` the import's position is recorded after every batch
        and a later call with the same key skips what was already done. With
        ``workers`` > 0, that many processes derive names and keys for the next
        batches while this one writes (worth it for large imports only).
        """
        if self.readonly:
            raise KBWriteError(f"{self.path} is read-only.")
        stats = ImportStats()
        iterator = iter(records)
        if source_key:
            start = self._resume_position(source_key)
            stats.skipped += sum(1 for _ in islice(iterator, start))
        position = stats.skipped
        # Index pages are written in random key order: keep them in memory while importing.
        self.db.execute(f"PRAGMA cache_size=-{IMPORT_CACHE_KIB}")
        try:
            batches = _batches(iterator, batch_size, BATCH_CHARS)
            if workers <= 0:
                return self._write_batches(map(prepare_batch, batches), stats, position,
                                           source_key, progress, should_stop)
            ctx = multiprocessing.get_context("spawn")  # safe in threads and frozen apps
            with ProcessPoolExecutor(workers, mp_context=ctx, initializer=worker_init,
                                     initargs=(os.getpid(),)) as pool:
                try:
                    return self._write_batches(_ahead(pool, batches, workers + 1), stats,
                                               position, source_key, progress, should_stop)
                finally:
                    pool.shutdown(cancel_futures=True)
        finally:
            self.db.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")

    def _write_batches(
        self,
        prepared: Iterable[PreparedBatch],
        stats: ImportStats,
        position: int,
        source_key: str | None,
        progress: Callable[[ImportStats], None] | None,
        should_stop: Callable[[], bool] | None,
    ) -> ImportStats:
        for batch in prepared:
            position += batch.size
            _note_errors(stats, batch.errors)
            before = replace(stats, errors=list(stats.errors))
            try:
                try:
                    with self._transaction():
                        self._write_batch(batch, stats)
                        if source_key:
                            self._record_position(source_key, position, finished=False)
                except _RECORD_ERRORS:
                    # One record the checks let through: write the others one by one.
                    stats = before
                    with self._transaction():
                        self._write_one_by_one(batch, stats)
                        if source_key:
                            self._record_position(source_key, position, finished=False)
            except sqlite3.Error as exc:
                raise _write_error(self.path, exc) from exc
            if progress:
                progress(stats)
            if should_stop and should_stop():
                return stats
        if source_key:
            try:
                with self._transaction():
                    self._record_position(source_key, position, finished=True)
            except sqlite3.Error as exc:
                raise _write_error(self.path, exc) from exc
        return stats

    @contextlib.contextmanager
    def _transaction(self) -> Iterator[None]:
        """One write transaction, taking the write lock first.

        ``BEGIN IMMEDIATE`` makes a second writer wait (up to ``BUSY_TIMEOUT``) before it
        reads anything the transaction depends on, such as the next free article id.
        """
        with immediate(self.db.conn):
            yield

    def _write_one_by_one(self, batch: PreparedBatch, stats: ImportStats) -> None:
        conn = self.db.conn
        stats.skipped += batch.duplicates
        for entry in batch.entries:
            conn.execute("SAVEPOINT record")
            kept = replace(stats, errors=list(stats.errors))
            try:
                one = PreparedBatch(1, 0, [entry], index_rows(n for _, _, n in entry[3]), [])
                self._write_batch(one, stats)
            except _RECORD_ERRORS as exc:
                conn.execute("ROLLBACK TO record")
                stats.added, stats.updated, stats.aliases = kept.added, kept.updated, \
                    kept.aliases
                stats.skipped = kept.skipped
                _note_errors(stats, [f"{entry[0].origin or repr(entry[0].title[:60])}: {exc}"])
            conn.execute("RELEASE record")

    def forget_import(self, source_key: str) -> None:
        """Drop the recorded position of an import, so the next one starts over."""
        try:
            with self._transaction():
                self.db.execute("DELETE FROM imports WHERE source = ?", [source_key])
        except sqlite3.Error as exc:
            raise _write_error(self.path, exc) from exc

    def _resume_position(self, source_key: str) -> int:
        row = self.db.execute(
            "SELECT position, finished FROM imports WHERE source = ?", [source_key]
        ).fetchone()
        if row is None or row[1]:
            return 0
        return int(row[0])

    def _record_position(self, source_key: str, position: int, *, finished: bool) -> None:
        now = now_iso()
        self.db.execute(
            "INSERT INTO imports (source, position, finished, started_at, updated_at) "
            "VALUES (?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET "
            "position = excluded.position, finished = excluded.finished, "
            "updated_at = excluded.updated_at",
            [source_key, position, int(finished), now, now],
        )

    def _write_batch(self, batch: PreparedBatch, stats: ImportStats) -> None:
        conn = self.db.conn
        stats.skipped += batch.duplicates
        existing: dict[str, tuple[Any, ...]] = {}
        titles = [entry[0].title for entry in batch.entries]
        for chunk_start in range(0, len(titles), 500):
            chunk = titles[chunk_start:chunk_start + 500]
            marks = ",".join("?" * len(chunk))
            for row in conn.execute(
                f"SELECT title, id, {', '.join(_COMPARED)} FROM articles WHERE title IN ({marks})",
                chunk,
            ):
                existing[row[0]] = row[1:]
        next_id = (conn.execute("SELECT max(id) FROM articles").fetchone()[0] or 0) + 1
        inserts: list[tuple[Any, ...]] = []
        updates: list[tuple[Any, ...]] = []
        alias_rows: list[tuple[Any, ...]] = []
        for rec, etype, gender, aliases in batch.entries:
            values = (
                rec.title, rec.description, rec.extract, rec.language, rec.source, rec.license,
                rec.fetched_at or now_iso(), rec.wikidata_id, rec.thumbnail, rec.url, rec.topic,
                etype, gender, rec.popularity,
            )
            old = existing.get(rec.title)
            if old is None:
                article_id = next_id
                next_id += 1
                inserts.append((article_id, *values))
                stats.added += 1
            else:
                article_id = old[0]
                new_cmp = (rec.description, rec.extract, rec.wikidata_id, rec.thumbnail, rec.url)
                if tuple(old[1:]) == new_cmp and not rec.redirects:
                    stats.skipped += 1
                    continue
                updates.append((*values, article_id))
                stats.updated += 1
            alias_rows += [
                (article_id, alias, norm, kind, derive.KIND_WEIGHT[kind] * rec.popularity)
                for alias, kind, norm in aliases
            ]
        conn.executemany(
            f"INSERT INTO articles (id, {_ARTICLE_COLUMNS}, popularity) "
            "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
            inserts,
        )
        if updates:
            conn.executemany(
                f"UPDATE articles SET ({_ARTICLE_COLUMNS}, popularity) = "
                "(?,?,?,?,?,?,?,?,?,?,?,?,?,?) WHERE id = ?",
                updates,
            )
            conn.executemany(
                "DELETE FROM aliases WHERE article_id = ? AND kind != 'user'",
                [(u[-1],) for u in updates],
            )
        # Rows in key order touch each index page once per batch, not once per row.
        alias_rows.sort(key=lambda row: row[2])
        cur = conn.executemany(
            "INSERT OR IGNORE INTO aliases (article_id, alias, norm, kind, prior) "
            "VALUES (?,?,?,?,?)",
            alias_rows,
        )
        stats.aliases += max(cur.rowcount, 0)
        self._write_index_rows(batch.index_rows)

    def _index_names(self, norms: Iterable[str]) -> None:
        """Store the fuzzy look-up keys of these names and of their words."""
        self._write_index_rows(index_rows(norms))

    def _write_index_rows(self, rows: IndexRows) -> None:
        name_rows, token_rows, posting_rows = rows
        conn = self.db.conn
        conn.executemany("INSERT OR IGNORE INTO name_keys (key, norm) VALUES (?, ?)", name_rows)
        conn.executemany("INSERT OR IGNORE INTO token_keys (key, token) VALUES (?, ?)",
                         token_rows)
        conn.executemany(
            "INSERT OR IGNORE INTO name_tokens (token, nlen, norm) VALUES (?, ?, ?)",
            posting_rows,
        )

    def add_alias(self, alias: str, title: str, kind: str = "user") -> bool:
        """Point ``alias`` at ``title`` (which must be in this layer); True if stored."""
        norm = normalise(alias)
        if not norm:
            return False
        try:
            with self._transaction():
                row = self.db.execute("SELECT id FROM articles WHERE title = ?", [title]).fetchone()
                if row is None:
                    return False
                self.db.execute(
                    "INSERT INTO aliases (article_id, alias, norm, kind, prior) "
                    "VALUES (?,?,?,?,?) ON CONFLICT(article_id, norm) DO UPDATE SET "
                    "kind = excluded.kind, prior = excluded.prior",
                    [row[0], alias, norm, kind, derive.KIND_WEIGHT[kind]],
                )
                self._index_names([norm])
        except sqlite3.Error as exc:
            raise _write_error(self.path, exc) from exc
        return True

    def forget_alias(self, alias: str, title: str, kind: str = "user") -> bool:
        """Remove ``alias`` -> ``title`` of this kind (a reader's choice); True if it was there."""
        norm = normalise(alias)
        if not norm:
            return False
        try:
            with self._transaction():
                cur = self.db.execute(
                    "DELETE FROM aliases WHERE norm = ? AND kind = ? AND article_id = "
                    "(SELECT id FROM articles WHERE title = ?)", [norm, kind, title])
                removed = cur.rowcount > 0
        except sqlite3.Error as exc:
            raise _write_error(self.path, exc) from exc
        return removed

    def set_meta(self, **values: str) -> None:
        """Store descriptive facts about this file (kind, source, build date)."""
        try:
            with self._transaction():
                self.db.conn.executemany(
                    "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)", values.items()
                )
        except sqlite3.Error as exc:
            raise _write_error(self.path, exc) from exc

    # ----------------------------------------------------------------- reading

    @_reads
    def meta(self) -> dict[str, str]:
        """The facts stored by ``set_meta``."""
        return {k: v for k, v in self.db.execute("SELECT key, value FROM meta").fetchall()}

    @_reads
    def article(self, title: str) -> Article | None:
        """The article with exactly this title, if present."""
        row = self.db.execute(
            f"SELECT {_ARTICLE_COLUMNS} FROM articles WHERE title = ?", [title]
        ).fetchone()
        return self._article(row) if row else None

    def _article(self, row: Sequence[Any]) -> Article:
        (title, description, extract, language, source, license_, fetched_at, wikidata_id,
         thumbnail, url, topic, etype, gender) = row
        return Article(
            title=title, description=description, extract=extract, language=language,
            source=source, license=license_, fetched_at=fetched_at, wikidata_id=wikidata_id,
            thumbnail=thumbnail, url=url, topic=topic, etype=etype, gender=gender,
            layer=self.name,
        )

    # Alias rows with their article's card, the top ``per_name`` articles of each
    # name by prior, and the name's total prior (for P(article | name)).
    _ALIAS_ROWS = (
        "SELECT a.title, x.alias, x.norm, x.kind, x.prior, a.etype, a.description, x.total "
        "FROM (SELECT alias, norm, kind, prior, article_id, "
        "row_number() OVER (PARTITION BY norm ORDER BY prior DESC, article_id) AS rank, "
        "sum(prior) OVER (PARTITION BY norm) AS total FROM aliases WHERE {where}) AS x "
        # The covering index keeps the wide article rows (whole extracts) unread.
        "JOIN articles a INDEXED BY articles_card ON a.id = x.article_id WHERE x.rank <= ?"
    )

    # Every row of some names, ranked and summed in Python (``_ranked``): the same rows as
    # ``_ALIAS_ROWS`` with no name cut, without the window's sorting (an exact look-up's).
    _PLAIN_ROWS = (
        "SELECT x.norm, x.article_id, a.title, x.alias, x.kind, x.prior, a.etype, "
        "a.description FROM aliases x JOIN articles a INDEXED BY articles_card "
        "ON a.id = x.article_id WHERE x.norm "
    )

    @_reads
    def aliases_exact(self, alias: str, per_name: int | None = None) -> list[tuple[Any, ...]]:
        """Alias rows whose stored form is exactly ``alias``."""
        # Through the index on the normalised form: one index serves both look-ups.
        raw = self.db.conn.execute(self._PLAIN_ROWS + "= ? AND x.alias = ?",
                                   [normalise(alias), alias]).fetchall()
        rows = ranked_alias_rows(raw)
        return rows[:per_name] if per_name else rows

    @_reads
    def aliases_for_norms(self, norms: Sequence[str], per_name: int | None = None
                          ) -> list[tuple[Any, ...]]:
        """Alias rows for any of these normalised names (the best ``per_name`` of each)."""
        if not per_name and len(norms) == 1:
            return ranked_alias_rows(
                self.db.conn.execute(self._PLAIN_ROWS + "= ?", list(norms)).fetchall())
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(norms), 500):
            chunk = list(norms[i:i + 500])
            marks = ",".join("?" * len(chunk))
            if per_name:
                out += self.db.execute(self._ALIAS_ROWS.format(where=f"norm IN ({marks})"),
                                       [*chunk, per_name]).fetchall()
            else:
                out += ranked_alias_rows(self.db.conn.execute(self._PLAIN_ROWS + f"IN ({marks})",
                                                    chunk).fetchall())
        return out

    @_reads
    def norms_for_keys(self, keys: Iterable[str]) -> set[str]:
        """Names sharing any of these whole-name (phonetic) keys."""
        return self._distinct("SELECT DISTINCT norm FROM name_keys WHERE key IN ({})", keys)

    @_reads
    def tokens_for_keys(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        """Words of the vocabulary sharing any of these segment keys (at most ``limit``)."""
        keys = list(keys)
        if limit is None:
            return self._distinct("SELECT DISTINCT token FROM token_keys WHERE key IN ({})", keys)
        marks = ",".join("?" * len(keys))
        return {r[0] for r in self.db.execute(
            f"SELECT token FROM token_keys WHERE key IN ({marks}) LIMIT ?", [*keys, limit])}

    @_reads
    def count_norms_with_tokens(self, tokens: Iterable[str], lengths: tuple[int, int],
                                cap: int) -> int:
        """How many multi-word names of these lengths contain any of these words (to ``cap``)."""
        tokens = list(tokens)
        marks = ",".join("?" * len(tokens))
        return self.db.execute(
            f"SELECT count(*) FROM (SELECT 1 FROM name_tokens WHERE token IN ({marks}) "
            "AND nlen BETWEEN ? AND ? LIMIT ?)",
            [*tokens, *lengths, cap],
        ).fetchone()[0]

    @_reads
    def norms_with_tokens(self, tokens: Iterable[str], lengths: tuple[int, int],
                          limit: int) -> list[str]:
        """Multi-word names of these lengths containing any of these words (to ``limit``)."""
        tokens = list(tokens)
        marks = ",".join("?" * len(tokens))
        return [r[0] for r in self.db.execute(
            f"SELECT norm FROM name_tokens WHERE token IN ({marks}) AND nlen BETWEEN ? AND ? "
            "LIMIT ?",
            [*tokens, *lengths, limit],
        )]

    def _distinct(self, sql: str, values: Iterable[str]) -> set[str]:
        values = list(values)
        out: set[str] = set()
        for i in range(0, len(values), 500):
            chunk = values[i:i + 500]
            out.update(r[0] for r in self.db.execute(sql.format(",".join("?" * len(chunk))),
                                                     chunk))
        return out

    @_reads
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str, float]]:
        """Full-text search: (title, description, snippet, rank) best first."""
        terms = _fts_query(query)
        if not terms:
            return []
        rows = self.db.execute(
            "SELECT a.title, a.description, "
            "snippet(articles_fts, 2, '[', ']', '…', 12), bm25(articles_fts, 10.0, 4.0, 1.0) "
            "FROM articles_fts JOIN articles a ON a.id = articles_fts.rowid "
            "WHERE articles_fts MATCH ? ORDER BY 4 LIMIT ?",
            [terms, limit],
        ).fetchall()
        return [(r[0], r[1], r[2], float(r[3])) for r in rows]

    @_reads
    def names_of(self, title: str) -> list[tuple[str, str]]:
        """(alias, kind) of every name stored for this title."""
        return self.db.execute(
            "SELECT al.alias, al.kind FROM aliases al JOIN articles a ON a.id = al.article_id "
            "WHERE a.title = ?", [title],
        ).fetchall()

    @_reads
    def counts(self) -> dict[str, Any]:
        """Articles, aliases by kind, keys, and the file's size."""
        by_kind = dict(self.db.execute("SELECT kind, count(*) FROM aliases GROUP BY kind"))
        return {
            "path": str(self.path),
            "articles": self.db.execute("SELECT count(*) FROM articles").fetchone()[0],
            "aliases": sum(by_kind.values()),
            "aliases_by_kind": by_kind,
            "name_keys": self.db.execute("SELECT count(*) FROM name_keys").fetchone()[0],
            "words": self.db.execute(
                "SELECT count(DISTINCT token) FROM token_keys").fetchone()[0],
            "bytes": self.path.stat().st_size if self.path.exists() else 0,
            "meta": self.meta(),
        }

    def titles(self) -> Iterator[str]:
        """Every title in this layer."""
        try:
            for (title,) in self.db.execute("SELECT title FROM articles"):
                yield title
        except sqlite3.Error as exc:
            raise self.read_error(exc) from exc


MAX_POSTED_WORDS = 16
IndexRows = tuple[list[tuple[str, str]], list[tuple[str, str]], list[tuple[str, int, str]]]


@dataclass(slots=True)
class PreparedBatch:
    """A batch with everything derived that needs no database (made in any process)."""

    size: int  # records read, duplicates included
    duplicates: int  # records replaced by a later one with the same title
    # (record, entity type, gender, [(alias, kind, normalised alias)])
    entries: list[tuple[SummaryRecord, str, str | None, list[tuple[str, str, str]]]]
    index_rows: IndexRows
    errors: list[str]  # records refused, each with where it came from and why


# Errors one record can cause in a batch's statements (a value SQLite cannot bind).
_RECORD_ERRORS = (sqlite3.IntegrityError, sqlite3.InterfaceError, sqlite3.ProgrammingError,
                  sqlite3.DataError, OverflowError, ValueError, TypeError)


def prepare_batch(batch: list[SummaryRecord]) -> PreparedBatch:
    """Derive types, genders, names and look-up keys for a batch of records.

    Each record is checked first (``SummaryRecord.checked``); one that fails, or whose
    derivation fails, is left out with its reason, and the rest of the batch is kept.
    """
    by_title: dict[str, SummaryRecord] = {}
    errors: list[str] = []
    for rec in batch:
        try:
            rec = rec.checked()
        except (RecordError, TypeError, AttributeError) as exc:
            errors.append(f"{_where(rec)}: {exc}")
            continue
        by_title[rec.title] = rec  # last record wins inside a batch, as across batches
    duplicates = len(batch) - len(errors) - len(by_title)
    entries = []
    norms: set[str] = set()
    for rec in by_title.values():
        try:
            etype = derive.entity_type(rec.description, rec.extract, rec.title, rec.topic)
            aliases = derive.derive_aliases(
                rec.title, rec.description, rec.extract, etype, rec.redirects
            )
            entry = (rec, etype, derive.gender(etype, rec.extract), aliases)
        except (ValueError, TypeError, RecursionError) as exc:
            errors.append(f"{_where(rec)}: names could not be derived ({exc})")
            continue
        norms.update(norm for _, _, norm in aliases)
        entries.append(entry)
    return PreparedBatch(len(batch), duplicates, entries, index_rows(norms), errors)


def _where(rec: Any) -> str:
    origin = getattr(rec, "origin", "")
    if origin:
        return origin
    title = getattr(rec, "title", "")
    return f"record {str(title)[:60]!r}" if isinstance(title, str) else "a record"


def _note_errors(stats: ImportStats, errors: Sequence[str]) -> None:
    stats.skipped += len(errors)
    room = max(0, 20 - len(stats.errors))
    stats.errors.extend(errors[:room])


def _batches(records: Iterator[SummaryRecord], size: int, max_chars: int
             ) -> Iterator[list[SummaryRecord]]:
    """Lists of at most ``size`` records and (about) ``max_chars`` characters of text.

    Counting characters keeps a batch of unusually long records within memory.
    """
    while True:
        batch: list[SummaryRecord] = []
        chars = 0
        for rec in records:
            batch.append(rec)
            chars += _record_chars(rec)
            if len(batch) >= size or chars >= max_chars:
                break
        if not batch:
            return
        yield batch


def _record_chars(rec: SummaryRecord) -> int:
    try:
        return (len(rec.title) + len(rec.description) + len(rec.extract)
                + sum(len(r) for r in rec.redirects))
    except TypeError:
        return 0  # refused by ``checked`` later


def worker_init(parent_pid: int) -> None:
    """Make a name-deriving worker process end when the importer that started it dies.

    On Linux the kernel sends it SIGKILL (``PR_SET_PDEATHSIG``) the moment its parent
    ends, even by ``kill -9``; everywhere, a watchdog thread checks its parent every
    second, as the worker may be busy deriving and never read its closed pipe.
    """
    import sys
    import threading
    import time

    if sys.platform.startswith("linux"):
        with contextlib.suppress(OSError, AttributeError):
            import ctypes
            import signal

            libc = ctypes.CDLL(None, use_errno=True)
            pr_set_pdeathsig = 1
            libc.prctl(pr_set_pdeathsig, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent_pid:
        os._exit(1)  # the parent died before the kernel could be told

    def watch() -> None:
        while True:
            time.sleep(1.0)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="parent-watchdog", daemon=True).start()


def index_rows(norms: Iterable[str]) -> IndexRows:
    """Rows of the fuzzy look-up tables for these names, each sorted by key.

    Rows in key order touch each index page once per batch, not once per row.
    """
    name_rows: list[tuple[str, str]] = []
    token_rows: set[tuple[str, str]] = set()
    posting_rows: list[tuple[str, int, str]] = []
    for norm in norms:
        name_rows += [(key, norm) for key in name_keys(norm)]
        words = norm.split()
        for word in words:
            token_rows.update((key, word) for key in token_keys(word))
        # Longer names are found by exact look-up only (see lookup.MAX_NAME_WORDS); their
        # postings would hold the whole name once per word.
        if 1 < len(words) <= MAX_POSTED_WORDS:
            posting_rows += [(word, len(norm), norm) for word in set(words)]
    return sorted(name_rows), sorted(token_rows), sorted(posting_rows)


def _ahead(pool: ProcessPoolExecutor, batches: Iterator[list[SummaryRecord]], depth: int
           ) -> Iterator[PreparedBatch]:
    """Prepare batches in ``pool``, ``depth`` ahead of the writer, yielding them in order."""
    pending: deque[Future[PreparedBatch]] = deque()
    for batch in batches:
        pending.append(pool.submit(prepare_batch, batch))
        if len(pending) >= depth:
            yield pending.popleft().result()
    while pending:
        yield pending.popleft().result()


# A search query is a few words: more only make every search slower, never better.
MAX_QUERY_CHARS = 1000
MAX_QUERY_WORDS = 24


def _fts_query(text: str) -> str:
    """Turn free text into a safe FTS5 query: each word quoted, the last as a prefix.

    At most ``MAX_QUERY_WORDS`` distinct words of the first ``MAX_QUERY_CHARS``
    characters are kept: every word is one more index look-up, and all must match.
    """
    text = text[:MAX_QUERY_CHARS]
    words = list(dict.fromkeys(
        w for w in "".join(c if c.isalnum() else " " for c in text).split() if w
    ))[:MAX_QUERY_WORDS]
    if not words:
        return ""
    quoted = [f'"{w}"' for w in words]
    quoted[-1] += "*"
    return " ".join(quoted)


def ranked_alias_rows(raw: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``KBLayer._PLAIN_ROWS`` as ``_ALIAS_ROWS`` gives them, floats bit for bit.

    A ZIM layer's rows too, once their kind codes are read (``zim_layer._ranked``).

    (title, alias, norm, kind, prior, etype, description, total): each name's total is
    summed in article order, the order SQLite's window sums it in (a floating-point sum
    depends on its order); rows by name, then prior (highest first), then article.
    """
    if len(raw) > 1:
        raw.sort(key=lambda r: (r[0], r[1]))
    totals: dict[str, float] = {}
    for r in raw:
        totals[r[0]] = totals.get(r[0], 0.0) + r[5]
    if len(raw) > 1:
        raw.sort(key=lambda r: (r[0], -r[5], r[1]))
    return [(title, alias, norm, kind, prior, etype, description, totals[norm])
            for norm, _id, title, alias, kind, prior, etype, description in raw]
