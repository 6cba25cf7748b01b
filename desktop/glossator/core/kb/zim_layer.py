"""An attached ZIM as a read-only knowledge base layer: names from its index, text from the ZIM.

``ZimLayer`` answers the reads ``KnowledgeBase`` asks of a layer (``article``,
``aliases_exact``, ``aliases_for_norms``, the fuzzy-key reads, ``search``,
``names_of``, ``counts``) from the index ``zim_attach.IndexJob`` builds, and reads
an article's lead paragraph from the ZIM itself when the article is asked for.
The index may be growing while it is read (WAL): every read sees the batches
committed so far.

A ZIM that is not where it was attached (a removed drive) leaves the names usable;
the article then says where its text should be.
"""

from __future__ import annotations

import contextlib
import functools
import math
import sqlite3
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import sqlite_utils

from glossator.core.kb import derive
from glossator.core.kb.link_priors import link_state, unpack_targets
from glossator.core.kb.normalize import normalise
from glossator.core.kb.store import KBCorruptError, KBError, KBLayer, ranked_alias_rows
from glossator.core.kb.zim import _URL_SAFE, LEAD_SCAN_BYTES, MAX_ENTRY_BYTES, lead_paragraph
from glossator.core.kb.zim_attach import (
    INDEX_FORMAT,
    KINDS,
    PRIOR_SQL,
    READABLE_FORMATS,
    _connect,
    _page_name,
    attribution_of,
    describe,
    is_wikipedia,
    kind_prior,
    licence_of,
    read_meta,
    seg_first,
    zim_title,
)
from glossator.core.models import Article

READ_CACHE_KIB = 16_000
LINKS_RECHECK = 5.0


def _reads(method: Callable[..., Any]) -> Callable[..., Any]:
    @functools.wraps(method)
    def wrapper(self: ZimLayer, *args: Any, **kwargs: Any) -> Any:
        try:
            return method(self, *args, **kwargs)
        except sqlite3.Error as exc:
            raise self.read_error(exc) from exc

    return wrapper


class ZimLayer:
    """One attached ZIM, read through its name index."""

    readonly = True
    immutable = False

    def __init__(self, index_path: str | Path) -> None:
        self.path = Path(index_path)
        try:
            conn = _connect(self.path, write=False)
            self.facts = read_meta(conn)
        except sqlite3.Error as exc:
            raise KBCorruptError(
                f"The index of an attached ZIM, {self.path}, cannot be read ({exc}). "
                f"Detach it (`glossator kb detach {self.path.stem}`) and attach the ZIM again."
            ) from exc
        if self.facts.get("format") not in READABLE_FORMATS:
            conn.close()
            raise KBCorruptError(f"{self.path} is not the index of an attached ZIM.")
        conn.execute(f"PRAGMA cache_size=-{READ_CACHE_KIB}")
        self.db = sqlite_utils.Database(conn)
        self.id = self.facts.get("id", self.path.stem)
        self.name = f"zim:{self.id}"
        self.title = zim_title(self.facts) or self.id  # for messages; the id is the key
        self.zim_path = Path(self.facts.get("zim_path", ""))
        self.language = self.facts.get("language") or "en"
        self.licence = licence_of(self.facts)
        self.host = (f"https://{self.language}.wikipedia.org/wiki/"
                     if is_wikipedia(self.facts) else None)
        self.old_scheme = self.facts.get("new_scheme") == "0"
        self._archive: Any = None
        self._links_checked = -math.inf  # never: the first read looks
        self._has_links = False
        self._format = self.facts.get("format", "")

    # ------------------------------------------------------------------ the ZIM

    @property
    def missing(self) -> bool:
        """Whether the ZIM file is not where it was attached."""
        return not self.zim_path.is_file()

    def problem(self) -> str | None:
        """Why the text of this ZIM cannot be read now, if it cannot."""
        if self.missing:
            return (f"The ZIM {self.title} is not at {self.zim_path} (moved, deleted "
                    "or on a drive that is not connected): its names are used, its text is "
                    f"not shown. Attach it where it is now, or `glossator kb detach {self.id}`.")
        return None

    def archive(self) -> Any:
        """The open ZIM (opened on first use), or None when it cannot be read."""
        if self._archive is None:
            if self.missing:
                return None
            from libzim.reader import Archive

            try:
                archive = Archive(str(self.zim_path))
            except RuntimeError:
                return None
            if str(archive.uuid) != self.facts.get("zim_uuid"):
                return None  # another file took its place
            self._archive = archive
        return self._archive

    def lead(self, entry_id: int, title: str) -> str | None:
        """The lead paragraph of entry ``entry_id`` (None when the ZIM cannot be read)."""
        archive = self.archive()
        if archive is None:
            return None
        try:
            entry = archive._get_entry_by_id(entry_id)
            if entry.is_redirect or (entry.title and entry.title != title):
                entry = archive.get_entry_by_title(title)  # the ZIM changed its numbering
            item = entry.get_item()
            if item.size > MAX_ENTRY_BYTES:
                return ""
            return lead_paragraph(bytes(item.content[:LEAD_SCAN_BYTES]))
        except (RuntimeError, KeyError):
            self._archive = None  # a drive removed meanwhile: look again next time
            return None

    # ------------------------------------------------------------------- reads

    def read_error(self, exc: sqlite3.Error) -> KBError:
        """The message for a failed read of the index."""
        return KBCorruptError(
            f"The index of the attached ZIM {self.title} ({self.path}) cannot be read ({exc}). "
            f"Detach it (`glossator kb detach {self.id}`) and attach the ZIM again.", layer=self)

    def close(self) -> None:
        """Close the index (the ZIM closes with the object)."""
        self.db.conn.close()
        self._archive = None

    @_reads
    def meta(self) -> dict[str, str]:
        """The index's facts about its ZIM."""
        return read_meta(self.db.conn)

    def _row_for_title(self, title: str) -> tuple[Any, ...] | None:
        norm = normalise(title)
        if not norm:
            return None
        return self.db.execute(
            "SELECT a.id, a.title, a.etype, a.description FROM aliases x "
            "JOIN articles a ON a.id = x.article_id WHERE x.norm = ? AND a.title = ? LIMIT 1",
            [norm, title]).fetchone()

    @_reads
    def article(self, title: str) -> Article | None:
        """The article with exactly this title, its lead read from the ZIM."""
        row = self._row_for_title(title)
        if row is None:
            return None
        entry_id, title, etype, description = row
        extract = self.lead(entry_id, title)
        if extract is None:
            extract = ""
            description = description or (
                f"(Its text is in {self.zim_path.name}, which cannot be read now.)")
        elif etype == "OTHER" and extract:
            etype = derive.entity_type(description, extract, title)
        name = _page_name_for(title)
        return Article(
            title=title, description=description, extract=extract, language=self.language,
            source=f"zim:{self.zim_path.name}", license=self.licence,
            fetched_at=_date(self.facts.get("date", "")),
            url=f"{self.host}{quote(name, safe=_URL_SAFE)}" if self.host else None,
            etype=etype, gender=derive.gender(etype, extract), layer=self.name,
        )

    # The best ``per_name`` rows of each name, ranked and summed by SQL (``candidates``).
    _ALIAS_ROWS = (
        "SELECT a.title, coalesce(x.alias, a.title), x.norm, x.kind, x.prior, a.etype, "
        "a.description, x.total FROM (SELECT norm, article_id, kind, alias, "
        f"{PRIOR_SQL} AS prior, "
        f"row_number() OVER (PARTITION BY norm ORDER BY {PRIOR_SQL} DESC, article_id) AS rank, "
        f"sum({PRIOR_SQL}) OVER (PARTITION BY norm) AS total FROM aliases WHERE {{where}}) AS x "
        "JOIN articles a ON a.id = x.article_id WHERE x.rank <= ?"
    )
    # Every row of some names, ranked and summed in Python (``_ranked``): the same rows as
    # ``_ALIAS_ROWS`` with no name cut, without the window's sorting (a third of the cost
    # of an exact look-up's read).
    _PLAIN_ROWS = (
        "SELECT x.norm, x.article_id, a.title, coalesce(x.alias, a.title), x.kind, a.etype, "
        "a.description FROM aliases x JOIN articles a ON a.id = x.article_id WHERE x.norm "
    )

    @staticmethod
    def _kinds(rows: Iterable[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
        return [(r[0], r[1], r[2], KINDS[r[3]] if 0 <= r[3] < len(KINDS) else "derived",
                 *r[4:]) for r in rows]

    def _plain_rows(self, norms: list[str]) -> list[tuple[Any, ...]]:
        """(norm, article id, title, alias, kind code, etype, description) of these names.

        At most 500 names (one statement).
        """
        where = "= ?" if len(norms) == 1 else f"IN ({','.join('?' * len(norms))})"
        return self.db.conn.execute(self._PLAIN_ROWS + where, norms).fetchall()

    @_reads
    def aliases_exact(self, alias: str, per_name: int | None = None) -> list[tuple[Any, ...]]:
        """Alias rows whose stored form is exactly ``alias``."""
        rows = [r for r in _ranked(self._plain_rows([normalise(alias)])) if r[1] == alias]
        return rows[:per_name] if per_name else rows

    @_reads
    def aliases_for_norms(self, norms: Iterable[str], per_name: int | None = None
                          ) -> list[tuple[Any, ...]]:
        """Alias rows for any of these normalised names (the best ``per_name`` of each)."""
        norms = list(norms)
        out: list[tuple[Any, ...]] = []
        for i in range(0, len(norms), 500):
            chunk = norms[i:i + 500]
            if not per_name:
                out += _ranked(self._plain_rows(chunk))
                continue
            marks = ",".join("?" * len(chunk))
            out += self._kinds(self.db.execute(
                self._ALIAS_ROWS.format(where=f"norm IN ({marks})"),
                [*chunk, per_name]).fetchall())
        return out

    # A name's rows (``_PLAIN_ROWS``) and its link priors' row (norm NULL) in one statement.
    _LOOKUP_ROWS = (
        _PLAIN_ROWS + "= ?1 UNION ALL "
        "SELECT NULL, NULL, NULL, NULL, total, NULL, targets FROM link_priors WHERE norm = ?1"
    )

    @_reads  # a failing read (``has_link_priors`` too) sets the layer aside, never raises raw
    def lookup_rows(self, norm: str) -> tuple[list[tuple[Any, ...]],
                                              dict[str, tuple[int, dict[str, int]]]]:
        """``aliases_for_norms([norm])`` and ``link_counts_many([norm])``, in one statement.

        The link targets that are the name's own articles take their titles from its
        alias rows, so most names need no read of the articles their links go to. The
        links are ``{}`` when they cannot be read (as ``link_priors.link_counts_many``
        skips such a layer); the alias rows raise as ``aliases_for_norms`` does.
        """
        raw = None
        if self.has_link_priors():
            with contextlib.suppress(sqlite3.Error):  # then the names alone, below
                raw = self.db.conn.execute(self._LOOKUP_ROWS, (norm,)).fetchall()
        if raw is None:
            try:
                return _ranked(self.db.conn.execute(self._PLAIN_ROWS + "= ?",
                                                    (norm,)).fetchall()), {}
            except sqlite3.Error as exc:
                raise self.read_error(exc) from exc
        rows = [r for r in raw if r[0] is not None]
        links: dict[str, tuple[int, dict[str, int]]] = {}
        for r in raw:
            if r[0] is None:
                try:
                    links = self._titled({norm: (r[4], unpack_targets(r[6]))},
                                         {row[1]: row[2] for row in rows})
                except sqlite3.Error:
                    links = {}
        return _ranked(rows), links

    # The fuzzy-key tables have the knowledge base's own layout but for the segment keys,
    # stored segment first from format 2 (``zim_attach.seg_first``).
    norms_for_keys = KBLayer.norms_for_keys
    count_norms_with_tokens = KBLayer.count_norms_with_tokens
    norms_with_tokens = KBLayer.norms_with_tokens
    _distinct = KBLayer._distinct

    def index_format(self) -> str:
        """The index's format, read again while it is an older one (a job may migrate it).

        One meta row per read of an index of format 1; none once it is current.
        """
        if self._format != INDEX_FORMAT:
            row = self.db.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
            self._format = row[0] if row else ""
        return self._format

    @_reads
    def tokens_for_keys(self, keys: Iterable[str], limit: int | None = None) -> set[str]:
        """Words of the vocabulary sharing any of these segment keys (at most ``limit``)."""
        if self.index_format() != "1":
            keys = [seg_first(k) for k in keys]
        return KBLayer.tokens_for_keys(self, keys, limit)

    @_reads
    def search(self, query: str, limit: int = 20) -> list[tuple[str, str, str, float]]:
        """Names starting with the query (normalised): (title, description, snippet, rank).

        The index holds no text, so this is a name search; exact names rank first.
        """
        norm = normalise(query[:1000])
        if not norm:
            return []
        select = ("SELECT x.norm, coalesce(x.alias, a.title), a.title, a.description "
                  "FROM aliases x JOIN articles a ON a.id = x.article_id ")
        rows = self.db.execute(
            select + "WHERE x.norm >= ? AND x.norm < ? ORDER BY length(x.norm), x.kind LIMIT ?",
            [norm, norm + "\x7f", limit * 3]).fetchall()
        if len(rows) < limit:
            # Names with a word starting like the query's last word and holding the others.
            words = norm.split()
            last, others = words[-1], set(words[:-1])
            found = [n for (n,) in self.db.execute(
                "SELECT DISTINCT norm FROM name_tokens WHERE token >= ? AND token < ? LIMIT 500",
                [last, last + "\x7f"]) if others <= set(n.split())][:limit * 3]
            if found:
                marks = ",".join("?" * len(found))
                rows += self.db.execute(
                    select + f"WHERE x.norm IN ({marks}) ORDER BY length(x.norm) LIMIT ?",
                    [*found, limit * 3]).fetchall()
        out: list[tuple[str, str, str, float]] = []
        seen: set[str] = set()
        for found, alias, title, description in rows:
            if title in seen:
                continue
            seen.add(title)
            # Full-text ranks (bm25) are negative, best lowest: an exact name beats them.
            rank = -100.0 if found == norm else 1.0 + len(found) - len(norm)
            snippet = f"{alias} → {title}" if alias != title else ""
            out.append((title, description, snippet, rank))
        return out[:limit]

    @_reads
    def names_of(self, title: str) -> list[tuple[str, str]]:
        """The names made from the title (redirects are indexed by name, not by article)."""
        row = self._row_for_title(title)
        if row is None:
            return []
        names = derive.derive_aliases(title, "", "", row[2])
        out = []
        for _alias, _kind, norm in names:
            found = self.db.execute(
                "SELECT kind, coalesce(alias, ?) FROM aliases WHERE norm = ? AND article_id = ?",
                [title, norm, row[0]]).fetchone()
            if found:
                out.append((found[1], KINDS[found[0]]))
        return out

    @_reads
    def counts(self) -> dict[str, Any]:
        """The attached ZIM's state, counts and credit (from the index's meta: no scans)."""
        facts = read_meta(self.db.conn)
        info = describe(self.path, facts)
        return {
            "path": str(self.path), "zim": str(self.zim_path), "attached": True,
            "id": self.id, "state": info.state, "articles": info.articles,
            "aliases": info.names, "aliases_by_kind": {}, "name_keys": 0, "words": 0,
            "bytes": info.index_bytes, "position": info.position, "entries": info.entries,
            "fraction": info.fraction, "title": info.title,
            "attribution": attribution_of(facts), "license": licence_of(facts),
            "meta": {"source": f"zim:{self.zim_path.name}"},
            "link_priors": link_state(facts, self.path),
        }

    # --------------------------------------------------------------- link priors

    def has_link_priors(self) -> bool:
        """Whether this ZIM's link priors table exists.

        It holds the priors of a whole pass once one is done, and is empty before
        (``link_priors.LinkJob``). Absent, the answer is looked for again at most every
        ``LINKS_RECHECK`` seconds, so priors written by a pass running meanwhile are found.
        """
        if not self._has_links and time.monotonic() - self._links_checked > LINKS_RECHECK:
            self._links_checked = time.monotonic()
            self._has_links = self.db.execute(
                "SELECT 1 FROM sqlite_master WHERE name = 'link_priors'").fetchone() is not None
        return self._has_links

    def recheck_link_priors(self) -> None:
        """Look for the link priors again at the next read (a pass just wrote them)."""
        if not self._has_links:
            self._links_checked = -math.inf

    def link_counts(self, norm: str) -> tuple[int, dict[str, int]]:
        """How often the normalised name ``norm`` is a link in this ZIM, and to which titles.

        (total, {title: count}); the counts add up to at most the total (pairs seen once
        are not stored for names with many links). (0, {}) without priors.
        """
        return self.link_counts_many([norm]).get(norm, (0, {}))

    @_reads
    def link_counts_many(self, norms: Iterable[str]) -> dict[str, tuple[int, dict[str, int]]]:
        """``link_counts`` of several names in two statements: {norm: (total, counts)}.

        Names that are never a link are left out.
        """
        norms = [n for n in dict.fromkeys(norms) if n]
        if not norms or not self.has_link_priors():
            return {}
        rows = []
        if len(norms) == 1:
            rows = self.db.conn.execute(
                "SELECT norm, total, targets FROM link_priors WHERE norm = ?", norms).fetchall()
        else:
            for i in range(0, len(norms), 500):
                chunk = norms[i:i + 500]
                rows += self.db.execute(
                    f"SELECT norm, total, targets FROM link_priors WHERE norm IN "
                    f"({','.join('?' * len(chunk))})", chunk).fetchall()
        if not rows:
            return {}
        return self._titled({norm: (total, unpack_targets(blob)) for norm, total, blob in rows},
                            {})

    def _titled(self, packed: dict[str, tuple[int, list[tuple[int, int]]]],
                known: dict[int, str]) -> dict[str, tuple[int, dict[str, int]]]:
        """{norm: (total, {title: count})} of stored targets.

        ``known`` holds titles by article number read already (not read again); the
        others are added to it.
        """
        titles = known
        ids = sorted({t for _, pairs in packed.values() for t, _ in pairs} - titles.keys())
        for i in range(0, len(ids), 500):
            chunk = ids[i:i + 500]
            titles.update(self.db.execute(
                f"SELECT id, title FROM articles WHERE id IN ({','.join('?' * len(chunk))})",
                chunk).fetchall())
        found: dict[str, tuple[int, dict[str, int]]] = {}
        for norm, (total, pairs) in packed.items():
            counts: dict[str, int] = {}
            for target, n in pairs:
                title = titles.get(target)
                if title is not None:
                    counts[title] = counts.get(title, 0) + n
            found[norm] = (total, counts)
        return found

    def titles(self) -> Iterable[str]:
        """Every indexed title."""
        for (title,) in self.db.execute("SELECT title FROM articles"):
            yield title


def _ranked(raw: list[tuple[Any, ...]]) -> list[tuple[Any, ...]]:
    """``_PLAIN_ROWS`` as ``_ALIAS_ROWS`` gives them.

    The store's ranking, on the kinds and priors that the kind codes stand for.
    """
    return ranked_alias_rows([
        (norm, i, title, alias, KINDS[kind] if 0 <= kind < len(KINDS) else "derived",
         kind_prior(kind), etype, description)
        for norm, i, title, alias, kind, etype, description in raw])


def _page_name_for(title: str) -> str:
    return _page_name(title.replace(" ", "_"), False)


def _date(date: str) -> str:
    return f"{date}T00:00:00+00:00" if len(date) == 10 else ""


def open_attached(index_dir: Path) -> tuple[list[ZimLayer], list[str]]:
    """A layer for each ZIM attached in ``index_dir``, and notices for those that need one."""
    layers: list[ZimLayer] = []
    notices: list[str] = []
    if not index_dir.is_dir():
        return layers, notices
    for path in sorted(index_dir.glob("*.sqlite")):
        try:
            layer = ZimLayer(path)
        except KBError as exc:
            notices.append(str(exc))
            continue
        layers.append(layer)
        problem = layer.problem()
        if problem:
            notices.append(problem)
    return layers, notices
