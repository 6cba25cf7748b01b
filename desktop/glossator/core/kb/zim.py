"""Import a Kiwix ZIM archive: each article's lead paragraph, each redirect as an alias.

Two passes over the archive's entries (in entry-id order, so a resumed import
sees the same sequence): the first maps every redirect to its final target, the
second reads each HTML article, takes the first real paragraph of its body as
the extract and attaches the names that redirect to it. Redirect names are kept
in memory up to ``SPILL_AT`` names (about 100 MB), then moved to a temporary
SQLite file, so a full Wikipedia archive (millions of redirects) stays bounded.
"""

from __future__ import annotations

import datetime as dt
import re
import sqlite3
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import quote

from glossator.core.kb.leadtext import shorten, tidy
from glossator.core.kb.records import SummaryRecord, now_iso
from glossator.core.kb.store import KBError
from glossator.core.models import ImportStats

# Redirect names held in a dict before they move to a temporary SQLite file.
SPILL_AT = 1_000_000
# Share of the progress bar given to the (fast) redirect pass.
REDIRECT_PASS_SHARE = 0.05
MAX_REDIRECT_HOPS = 8
# A paragraph shorter than this (characters) is a caption or a stub line, not a lead.
MIN_LEAD = 25
# Give up when this many entries in a row cannot be read: the file is damaged.
MAX_BAD_IN_A_ROW = 50
# Archives up to this size are verified against their checksum before import.
VERIFY_UP_TO = 2 * 1024**3
# Work per entry and per archive is bounded, so that a small archive inflating to
# gigabytes (or pointing many entries at one huge page) ends in seconds: the lead
# is looked for in a page's first MB only, a page over 64 MB is skipped, and the
# pages read may add up to 256 MB plus 25 times the archive's size (Wikipedia
# archives inflate about 5 times).
LEAD_SCAN_BYTES = 1 << 20
MAX_ENTRY_BYTES = 64 << 20
INFLATE_BASE = 256 << 20
INFLATE_RATIO = 25

# ISO 639-3 codes in ZIM metadata -> the two-letter codes Wikipedia uses.
_LANG3 = {
    "eng": "en", "fra": "fr", "fre": "fr", "deu": "de", "ger": "de", "spa": "es",
    "ita": "it", "por": "pt", "nld": "nl", "dut": "nl", "pol": "pl", "rus": "ru",
    "swe": "sv", "fin": "fi", "dan": "da", "nor": "no", "nob": "nb", "ces": "cs",
    "cze": "cs", "ell": "el", "gre": "el", "tur": "tr", "ara": "ar", "heb": "he",
    "hin": "hi", "jpn": "ja", "zho": "zh", "chi": "zh", "kor": "ko", "ukr": "uk",
    "ron": "ro", "rum": "ro", "hun": "hu", "cat": "ca", "vie": "vi", "ind": "id",
    "fas": "fa", "per": "fa", "epo": "eo", "lat": "la",
}

_DROP = ("script", "style", "noscript", "link", "meta", "template", "math")
# A paragraph inside one of these is not the article's lead.
_NOT_LEAD_PARENTS = {"table", "figure", "figcaption", "aside", "nav", "header", "footer",
                     "blockquote", "li", "dd", "dl"}
# Citation marks and edit links inside a paragraph (by class).
# Matched as class-name prefixes ("infobox" covers "infobox_v2", "thumb" "thumbinner").
_CLUTTER = ("mw-editsection", "mw-ref", "noprint")
_SUP_CLUTTER = ("reference", "Inline", *_CLUTTER)
_NOT_LEAD_CLASSES = ("infobox", "hatnote", "dablink", "rellink", "thumb", "navbox", "metadata",
                     "noprint", "mw-empty-elt", "sidebar", "side-box", "sistersitebox", "ambox",
                     "shortdescription", "coordinates", "mw-kartographer")
_DISAMBIGUATION = re.compile(r"(?:may|can|might) (?:also )?refer to:?\s*$", re.IGNORECASE)
_URL_SAFE = "/:()',_-!*~."
_HEADING = re.compile(rb"<h2[\s>]", re.IGNORECASE)


class ZimError(KBError):
    """A ZIM archive that cannot be read (truncated, damaged, not really a ZIM)."""


# ---------------------------------------------------------------- lead paragraph


def lead_paragraph(html: bytes | str) -> str:
    """The first real paragraph of an article's body, as plain text ('' if none).

    Citations (``[1]``, ``[citation needed]``), scripts, styles and edit links
    are removed; paragraphs in infoboxes, tables, captions, hatnotes and lists
    are skipped.
    """
    data = html.encode("utf-8", "replace") if isinstance(html, str) else bytes(html)
    # The lead comes before the first section heading: parse only that much
    # first (much faster on long pages), the whole page if it holds no lead.
    cut = _HEADING.search(data)
    if cut:
        found = _lead_in(data[:cut.start()])
        if found:
            return found
    return _lead_in(data)


def _lead_in(data: bytes) -> str:
    import lxml.etree
    import lxml.html

    if not data.strip():
        return ""
    try:
        doc = lxml.html.document_fromstring(data.decode("utf-8", "replace"))
    except (lxml.etree.ParserError, ValueError):
        return ""
    for el in list(doc.iter(*_DROP)):
        el.drop_tree()
    for el in list(doc.iter("sup", "span", "div")):
        cls = el.get("class") or ""
        markers = _SUP_CLUTTER if el.tag == "sup" else _CLUTTER
        if cls and _has_class(cls, markers):
            el.drop_tree()
    for p in doc.iter("p"):
        if _in_excluded(p):
            continue
        text = tidy(p.text_content())
        if is_disambiguation(text) or (
            len(text) >= MIN_LEAD and " " in text and not text.startswith("Coordinates")
        ):
            return shorten(text)
    return ""


def _in_excluded(el: Any) -> bool:
    for node in (el, *el.iterancestors()):
        if node.tag in _NOT_LEAD_PARENTS:
            return True
        cls = node.get("class") or ""
        if cls and _has_class(cls, _NOT_LEAD_CLASSES):
            return True
    return False


def _has_class(classes: str, prefixes: tuple[str, ...]) -> bool:
    return any(name.startswith(prefixes) for name in classes.split())


def is_disambiguation(extract: str) -> bool:
    """Whether a lead paragraph is a disambiguation page's ("X may refer to:")."""
    return bool(_DISAMBIGUATION.search(extract))


# --------------------------------------------------------------------- redirects


class RedirectIndex:
    """Names redirecting to each target entry: a dict, spilled to SQLite when large."""

    def __init__(self, spill_at: int = SPILL_AT) -> None:
        self.spill_at = spill_at
        self.count = 0
        self._names: dict[int, list[str]] = {}
        self._tmp: tempfile.TemporaryDirectory[str] | None = None
        self._db: sqlite3.Connection | None = None

    @property
    def spilled(self) -> bool:
        """Whether the names now live in the temporary SQLite file."""
        return self._db is not None

    def add(self, target: int, name: str) -> None:
        """Record that ``name`` redirects to entry ``target``."""
        self.count += 1
        if self._db is not None:
            self._pending.append((target, name))
            if len(self._pending) >= 10_000:
                self._flush()
            return
        self._names.setdefault(target, []).append(name)
        if self.count >= self.spill_at:
            self._spill()

    def _spill(self) -> None:
        self._tmp = tempfile.TemporaryDirectory(prefix="glossator-zim-")
        self._db = sqlite3.connect(Path(self._tmp.name) / "redirects.sqlite")
        self._db.execute("PRAGMA journal_mode=OFF")
        self._db.execute("PRAGMA synchronous=OFF")
        self._db.execute("CREATE TABLE r (target INTEGER, name TEXT)")
        self._pending: list[tuple[int, str]] = [
            (t, n) for t, names in self._names.items() for n in names
        ]
        self._names = {}
        self._flush()

    def _flush(self) -> None:
        assert self._db is not None
        with self._db:
            self._db.executemany("INSERT INTO r VALUES (?, ?)", self._pending)
        self._pending = []

    def finish(self) -> None:
        """Call once every name is added (indexes the spilled table)."""
        if self._db is not None:
            self._flush()
            self._db.execute("CREATE INDEX r_target ON r (target)")

    def names(self, target: int) -> list[str]:
        """The names redirecting to entry ``target``, in the order added."""
        if self._db is None:
            return self._names.get(target, [])
        return [r[0] for r in self._db.execute(
            "SELECT name FROM r WHERE target = ? ORDER BY rowid", [target])]

    def close(self) -> None:
        """Drop the temporary file, if any."""
        if self._db is not None:
            self._db.close()
            self._db = None
        if self._tmp is not None:
            self._tmp.cleanup()
            self._tmp = None


# ------------------------------------------------------------------------ import


def open_archive(path: Path, *, verify_up_to: int = VERIFY_UP_TO) -> Any:
    """Open a ZIM archive, turning libzim's errors into a clear ``ZimError``.

    Archives up to ``verify_up_to`` bytes are checked against their embedded
    checksum first (a few seconds per GB); larger ones are trusted, and an entry
    that cannot be read is skipped and reported.
    """
    from libzim.reader import Archive

    try:
        archive = Archive(str(path))
    except RuntimeError as exc:
        raise ZimError(
            f"{path} is not a readable Kiwix ZIM file ({exc}). It may be truncated by an "
            "unfinished download: download it again."
        ) from exc
    try:
        damaged = archive.has_checksum and path.stat().st_size <= verify_up_to \
            and not archive.check()
    except RuntimeError:
        damaged = True
    if damaged:
        raise ZimError(
            f"{path} is damaged: its content does not match its checksum. Download it again."
        )
    return archive


def _metadata(archive: Any, key: str) -> str:
    try:
        if key in archive.metadata_keys:
            return bytes(archive.get_metadata(key)).decode("utf-8", "replace").strip()
    except (RuntimeError, KeyError):
        pass
    return ""


def archive_language(archive: Any) -> str:
    """The two-letter language of the archive's content ('en' when unknown)."""
    raw = _metadata(archive, "Language").split(",")[0].strip().lower()
    if len(raw) == 2:
        return raw
    return _LANG3.get(raw, "en")


def _wiki_host(archive: Any, language: str) -> str | None:
    """The Wikipedia host the archive was made from, when it says so."""
    text = " ".join(_metadata(archive, k) for k in ("Source", "Publisher", "Creator", "Name"))
    if "wikipedia" in text.lower():
        return f"https://{language}.wikipedia.org/wiki/"
    return None


def _fetched_at(archive: Any) -> str:
    date = _metadata(archive, "Date")
    try:
        return dt.date.fromisoformat(date).isoformat() + "T00:00:00+00:00"
    except ValueError:
        return now_iso()


def redirect_target(entry: Any) -> Any | None:
    """The entry a redirect chain ends at; None for a loop or a chain over the hop limit."""
    target = entry
    for _ in range(MAX_REDIRECT_HOPS):
        target = target.get_redirect_entry()
        if not target.is_redirect:
            return target
    return None


def _collect_redirects(archive: Any, count: int, stats: ImportStats, index: RedirectIndex,
                       on_bytes: Callable[[int], None], budget: int) -> None:
    reported = 0
    for i in range(count):
        try:
            entry = archive._get_entry_by_id(i)
            if entry.is_redirect:
                target = redirect_target(entry)
                if target is not None:
                    name = entry.title or entry.path.replace("_", " ")
                    index.add(target._index, name)
        except RuntimeError as exc:
            _note(stats, f"redirect {i}: {exc}")
        if i % 1000 == 999 or i == count - 1:
            share = budget * (i + 1) // count
            on_bytes(share - reported)
            reported = share
    index.finish()


def _page_name(path: str, old_scheme: bool) -> str:
    """An entry's path without the article namespace of old archives ("A/Ada_Lovelace")."""
    return path[2:] if old_scheme and path.startswith("A/") else path


def _note(stats: ImportStats, message: str) -> None:
    stats.skipped += 1
    if len(stats.errors) < 20:
        stats.errors.append(message)


def iter_zim(path: Path, stats: ImportStats, on_bytes: Callable[[int], None] | None = None
             ) -> Iterator[SummaryRecord]:
    """Records of a ZIM archive's HTML articles, with redirects as aliases.

    Progress goes to ``on_bytes`` as increments adding up to the file's size
    (approximate: entries done over entries in the archive).
    """
    report = on_bytes or (lambda n: None)
    archive = open_archive(path)
    size = path.stat().st_size
    try:
        count = archive.entry_count
    except RuntimeError as exc:
        raise ZimError(f"{path} is a damaged ZIM file ({exc}).") from exc
    if count == 0:
        report(size)
        return
    language = archive_language(archive)
    host = _wiki_host(archive, language)
    # Archives before 2021 prefix article paths with "A/"; newer ones may have "A/B_testing".
    old_scheme = not archive.has_new_namespace_scheme
    fetched_at = _fetched_at(archive)
    source = f"zim:{path.name}"
    first_budget = int(size * REDIRECT_PASS_SHARE)
    index = RedirectIndex()
    try:
        _collect_redirects(archive, count, stats, index, report, first_budget)
        reported = 0
        budget = size - first_budget
        bad_in_a_row = 0
        inflate_budget = INFLATE_BASE + INFLATE_RATIO * size
        inflated = 0
        for i in range(count):
            if i % 200 == 199 or i == count - 1:
                share = budget * (i + 1) // count
                report(share - reported)
                reported = share
            try:
                entry = archive._get_entry_by_id(i)
                if entry.is_redirect:
                    continue
                item = entry.get_item()
                if not item.mimetype.startswith("text/html"):
                    continue
                name = _page_name(entry.path, old_scheme)
                title = (entry.title or name.replace("_", " ")).strip()
                item_size = item.size
                inflated += item_size
                if inflated > inflate_budget:
                    raise ZimError(
                        f"{path} holds far more text than an archive of its size should "
                        f"(over {inflate_budget / 1e6:,.0f} MB by entry {i:,} of {count:,}): "
                        "it is damaged or not a real Wikipedia archive. The import stopped; "
                        "your knowledge base lost nothing."
                    )
                if item_size > MAX_ENTRY_BYTES:
                    _note(stats, f"{title[:80]!r}: a page of {item_size / 1e6:,.0f} MB, "
                                 "too large to be an article")
                    continue
                content = bytes(item.content[:LEAD_SCAN_BYTES])
            except RuntimeError as exc:
                _note(stats, f"entry {i}: {exc}")
                bad_in_a_row += 1
                if bad_in_a_row >= MAX_BAD_IN_A_ROW:
                    raise ZimError(
                        f"{path} is damaged: {bad_in_a_row} entries in a row cannot be read "
                        f"({exc}). Download it again."
                    ) from exc
                continue
            bad_in_a_row = 0
            if not title:
                continue
            extract = lead_paragraph(content)
            if not extract:
                _note(stats, f"{title!r}: no lead paragraph")
                continue
            if is_disambiguation(extract):
                stats.skipped += 1
                continue
            yield SummaryRecord(
                title=title,
                extract=extract,
                language=language,
                source=source,
                fetched_at=fetched_at,
                url=f"{host}{quote(name, safe=_URL_SAFE)}" if host else None,
                redirects=[n for n in index.names(entry._index) if n.strip() and n != title],
            )
    finally:
        index.close()
