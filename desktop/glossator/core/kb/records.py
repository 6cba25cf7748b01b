"""The import record: one page summary as it arrives from any source.

JSON Lines files, ZIM archives, the online fill and the starter pack all produce
``SummaryRecord`` objects, and one writer (``store.KBLayer.upsert``) stores them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from glossator.core.models import CC_BY_SA


class RecordError(ValueError):
    """A record that cannot be imported (no title, wrong types)."""


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

    @classmethod
    def from_rest(cls, obj: Any, *, source: str = "", fetched_at: str = "") -> SummaryRecord:
        """Parse a Wikipedia REST summary (plus optional ``aliases``/``redirects``)."""
        if not isinstance(obj, Mapping):
            raise RecordError("a record must be a JSON object")
        title = obj.get("title")
        if not isinstance(title, str) or not title.strip():
            raise RecordError("a record needs a non-empty 'title'")
        titles = obj.get("titles")
        if isinstance(titles, Mapping) and isinstance(titles.get("normalized"), str):
            title = titles["normalized"]

        def text(key: str) -> str:
            value = obj.get(key)
            if value is None:
                return ""
            if not isinstance(value, str):
                raise RecordError(f"'{key}' must be text in record {title!r}")
            return value

        names = obj.get("aliases", obj.get("redirects")) or []
        if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
            raise RecordError(f"'aliases'/'redirects' must be a list of names in {title!r}")
        urls = obj.get("content_urls")
        url = None
        if isinstance(urls, Mapping) and isinstance(urls.get("desktop"), Mapping):
            url = urls["desktop"].get("page")
        thumb = obj.get("thumbnail")
        thumbnail = thumb.get("source") if isinstance(thumb, Mapping) else None
        popularity = obj.get("popularity", 1.0)
        return cls(
            title=title.strip(),
            description=text("description"),
            extract=text("extract"),
            language=text("lang") or text("language") or "en",
            source=source,
            license=text("license") or CC_BY_SA,
            fetched_at=text("timestamp") or fetched_at or now_iso(),
            wikidata_id=obj.get("wikibase_item") or None,
            thumbnail=thumbnail,
            url=url if isinstance(url, str) else None,
            topic=obj.get("topic") if isinstance(obj.get("topic"), str) else None,
            popularity=float(popularity) if isinstance(popularity, int | float) else 1.0,
            redirects=[n for n in names if n.strip()],
        )
