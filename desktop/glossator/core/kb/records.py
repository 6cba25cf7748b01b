"""The import record: one page summary as it arrives from any source.

JSON Lines files, ZIM archives, the online fill and the starter pack all produce
``SummaryRecord`` objects, and one writer (``store.KBLayer.upsert``) stores them.
Every field is checked here (``from_rest`` for JSON, ``checked`` for every source),
so a record the writer receives binds to SQLite and derives in bounded time: a bad
record is skipped with its reason, never a batch.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from glossator.core.models import CC_BY_SA


class RecordError(ValueError):
    """A record that cannot be imported (no title, wrong types)."""


# Wikipedia titles are at most 255 bytes; twice that leaves room for other wikis.
MAX_TITLE = 512
# Names longer than any title are nobody's name; more than this many redirects is no page's.
MAX_ALIAS = MAX_TITLE
MAX_NAMES = 2000
MAX_DESCRIPTION = 1000
# REST extracts are a lead paragraph or two; a popup shows far less.
MAX_EXTRACT = 20_000
MAX_SHORT_FIELD = 2048  # urls, licences, timestamps, ids
MAX_POPULARITY = 1e12

# C0 and C1 controls (tab and newline kept in text): terminal escapes, NULs.
_CONTROLS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_TITLE_CONTROLS = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_SPACES = re.compile(r"\s+")


def now_iso() -> str:
    """The current UTC time as ISO 8601, to the second."""
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


@dataclass(slots=True)
class SummaryRecord:
    """A Wikipedia page summary plus the names that redirect to it."""

    title: str
    description: str = ""
    extract: str = ""
    language: str = "en"
    source: str = ""
    license: str = CC_BY_SA
    fetched_at: str = ""
    wikidata_id: str | None = None
    thumbnail: str | None = None
    url: str | None = None
    topic: str | None = None
    popularity: float = 1.0
    redirects: list[str] = field(default_factory=list)
    # Where the record came from ("line 12"), for messages only.
    origin: str = field(default="", compare=False)

    @classmethod
    def from_rest(cls, obj: Any, *, source: str = "", fetched_at: str = "") -> SummaryRecord:
        """Parse a Wikipedia REST summary (plus optional ``aliases``/``redirects``).

        Every field this reads is type-checked; unknown fields are ignored.
        """
        if not isinstance(obj, Mapping):
            raise RecordError("a record must be a JSON object")
        title = _opt_text(obj, "title")
        titles = obj.get("titles")
        if titles is not None:
            if not isinstance(titles, Mapping):
                raise RecordError("'titles' must be an object")
            normalized = _opt_text(titles, "normalized", "titles.normalized")
            if normalized is not None:
                title = normalized  # present but empty is refused below, never skipped
        if title is None:
            raise RecordError("a record needs a non-empty 'title'")

        names = obj.get("aliases", obj.get("redirects"))
        if names is None:
            names = []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RecordError("'aliases'/'redirects' must be a list of names")
        url = None
        urls = obj.get("content_urls")
        if urls is not None:
            desktop = urls.get("desktop") if isinstance(urls, Mapping) else None
            if not isinstance(urls, Mapping) or not isinstance(desktop, Mapping | None):
                raise RecordError("'content_urls' must be an object of objects")
            url = _opt_text(desktop or {}, "page", "content_urls.desktop.page")
        thumb = obj.get("thumbnail")
        if thumb is not None and not isinstance(thumb, Mapping):
            raise RecordError("'thumbnail' must be an object")
        thumbnail = _opt_text(thumb or {}, "source", "thumbnail.source")
        popularity = obj.get("popularity", 1.0)
        if popularity is None:
            popularity = 1.0
        if isinstance(popularity, bool) or not isinstance(popularity, int | float):
            raise RecordError("'popularity' must be a number")
        return cls(
            title=title,
            description=_opt_text(obj, "description") or "",
            extract=_opt_text(obj, "extract") or "",
            language=_opt_text(obj, "lang") or _opt_text(obj, "language") or "en",
            source=source,
            license=_opt_text(obj, "license") or CC_BY_SA,
            fetched_at=_opt_text(obj, "timestamp") or fetched_at or now_iso(),
            wikidata_id=_opt_text(obj, "wikibase_item") or None,
            thumbnail=thumbnail or None,
            url=url or None,
            topic=_opt_text(obj, "topic") or None,
            popularity=_popularity(popularity),
            redirects=names,
        ).checked()

    def checked(self) -> SummaryRecord:
        """This record with its text made safe to store, or ``RecordError`` saying why.

        Titles and names have their whitespace runs collapsed and lengths capped (so
        that deriving names stays linear in the record's size); text loses control
        characters; lone surrogates (which no database can store) refuse the record.
        """
        title = _SPACES.sub(" ", _str(self.title, "title")).strip()
        if not title:
            raise RecordError("a record needs a non-empty 'title'")
        if len(title) > MAX_TITLE:
            raise RecordError(f"the title is {len(title):,} characters long "
                              f"(at most {MAX_TITLE})")
        if _TITLE_CONTROLS.search(title):
            raise RecordError(f"the title {title[:60]!r} holds control characters")
        _encodable(title, "title")
        popularity = self.popularity
        if isinstance(popularity, bool) or not isinstance(popularity, int | float):
            raise RecordError("'popularity' must be a number")
        redirects = []
        for name in _list(self.redirects, "redirects")[:MAX_NAMES]:
            name = _SPACES.sub(" ", _str(name, "redirects")).strip()
            if name and len(name) <= MAX_ALIAS and not _TITLE_CONTROLS.search(name):
                _encodable(name, "a redirect")
                redirects.append(name)
        return replace(
            self,
            title=title,
            description=_clean(self.description, "description", MAX_DESCRIPTION),
            extract=_clean(self.extract, "extract", MAX_EXTRACT),
            language=_clean(self.language, "language", 16) or "en",
            source=_clean(self.source, "source", MAX_SHORT_FIELD),
            license=_clean(self.license, "license", MAX_SHORT_FIELD) or CC_BY_SA,
            fetched_at=_clean(self.fetched_at, "timestamp", 64),
            wikidata_id=_clean_opt(self.wikidata_id, "wikibase_item", 64),
            thumbnail=_clean_opt(self.thumbnail, "thumbnail.source", MAX_SHORT_FIELD),
            url=_clean_opt(self.url, "url", MAX_SHORT_FIELD),
            topic=_clean_opt(self.topic, "topic", 200),
            popularity=_popularity(popularity),
            redirects=redirects,
        )


def _opt_text(obj: Mapping[str, Any], key: str, label: str | None = None) -> str | None:
    value = obj.get(key)
    if value is None or isinstance(value, str):
        return value
    raise RecordError(f"'{label or key}' must be text, not {_json_type(value)}")


def _json_type(value: Any) -> str:
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, Mapping):
        return "an object"
    if isinstance(value, list):
        return "a list"
    return type(value).__name__


def _str(value: Any, label: str) -> str:
    if not isinstance(value, str):
        raise RecordError(f"'{label}' must be text, not {_json_type(value)}")
    return value


def _list(value: Any, label: str) -> list[Any]:
    if not isinstance(value, list):
        raise RecordError(f"'{label}' must be a list of names")
    return value


def _encodable(text: str, label: str) -> None:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as exc:
        raise RecordError(f"the {label} holds an invalid character "
                          f"(a lone surrogate at position {exc.start})") from None


def _clean(value: Any, label: str, limit: int) -> str:
    text = _str(value, label)
    if len(text) > limit:
        text = text[:limit - 1].rstrip() + "…" if limit > 64 else text[:limit]
    text = _CONTROLS.sub("", text)
    _encodable(text, label)
    return text


def _clean_opt(value: Any, label: str, limit: int) -> str | None:
    if value is None:
        return None
    text = _clean(value, label, limit)
    return text or None


def _popularity(value: float) -> float:
    try:
        number = float(value)
    except OverflowError:
        raise RecordError("'popularity' is too large a number") from None
    if not math.isfinite(number) or number < 0:
        raise RecordError(f"'popularity' must be a finite number ≥ 0, not {value!r:.40}")
    return min(number, MAX_POPULARITY)
