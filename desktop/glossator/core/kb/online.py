"""The online fill: fetch page summaries from Wikipedia into the user knowledge base.

``WikipediaFetcher`` asks the MediaWiki action API, through wikipedia-api, for a
page's lead (``extracts``), short description, Wikidata item, thumbnail,
address and the names that redirect to it, in one request per title, and
turns the answer into a ``SummaryRecord``. The HTTP underneath is
``online_http.PoliteHttp``: a real User-Agent, a rate limit, bounded retries
honouring Retry-After, time-outs, and an immediate ``OfflineError`` when the
network is down. ``fill`` stores each fetched record at once, so what was
fetched survives a cancel or a lost connection; ``run_fetch_command`` is
``glossator kb fetch``.

The API address is ``https://<language>.wikipedia.org/w/api.php`` unless
``GLOSSATOR_WIKIPEDIA_API`` says otherwise (the tests point it at a local
server; ``{lang}`` in it is replaced by the language; it must be https, or
http to this computer); the language comes from
``GLOSSATOR_WIKIPEDIA_LANGUAGE`` or the caller, English by default.

Answers are distrusted: every string is cleaned of control characters and
lone surrogates before it is stored, titles longer than MediaWiki allows are
refused, at most ``MAX_ALIASES`` redirects are kept, and whatever is printed
goes through ``safe_text``.
"""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from glossator.core.kb.leadtext import shorten, tidy
from glossator.core.kb.online_http import (
    BACKOFF,
    CONNECT_TIMEOUT,
    MAX_ANSWER_BYTES,
    MAX_REDIRECTS,
    MAX_RETRIES,
    MAX_WAIT,
    MIN_INTERVAL,
    READ_TIMEOUT,
    REQUEST_DEADLINE,
    TITLE_BUDGET,
    FetchCancelled,
    FetchError,
    OfflineError,
    OnlineError,
    PoliteHttp,
    RateLimitedError,
    check_endpoint,
    check_reachable,
    deadline_transport,
    proxy_for,
    safe_text,
    user_agent,
)
from glossator.core.kb.records import SummaryRecord, now_iso

if TYPE_CHECKING:
    import httpx

    from glossator.core.kb.lookup import KnowledgeBase

ENV_API = "GLOSSATOR_WIKIPEDIA_API"
ENV_LANGUAGE = "GLOSSATOR_WIKIPEDIA_LANGUAGE"
SOURCE = "wikipedia-api"
THUMB_SIZE = 320
# `fetch --for FILE` asks for at most this many names in one run.
MAX_DOCUMENT_NAMES = 300
# The API gives at most 500 redirects per request; a page claiming 200,000 is hostile.
MAX_ALIASES = 500
MAX_TITLE_BYTES = 255  # MediaWiki's limit: a longer "title" is not one
MAX_DESCRIPTION = 500
MAX_URL = 2000
MAX_LEAD_SOURCE = 20_000  # characters of a paragraph tidied for a 2,000-character extract
EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_OFFLINE = 3

# spaCy labels worth a Wikipedia page; dates, numbers, money and quantities are not.
ENTITY_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "EVENT", "WORK_OF_ART",
                           "LAW", "PRODUCT", "LANGUAGE"})

__all__ = [
    "FetchCancelled", "FetchError", "FetchResult", "FillSummary", "OfflineError", "OnlineError",
    "RateLimitedError", "WikipediaFetcher", "api_url", "document_names", "fill",
    "missing_names", "run_fetch_command", "safe_text",
]

Status = Literal["fetched", "not found", "ambiguous", "failed"]


@dataclass(frozen=True, slots=True)
class FetchResult:
    """What became of one requested title."""

    requested: str
    status: Status
    record: SummaryRecord | None = None
    message: str = ""

    @property
    def title(self) -> str:
        """The page's real title (after redirects), or the requested one."""
        return self.record.title if self.record else self.requested


@dataclass(slots=True)
class FillSummary:
    """Counts of a fill run, for the final line and the GUI."""

    fetched: int = 0
    not_found: int = 0
    ambiguous: int = 0
    failed: int = 0
    known: int = 0  # names skipped because an earlier fetch made them known
    stopped: str = ""  # why the run ended early: offline, rate limited, cancelled
    results: list[FetchResult] = field(default_factory=list)

    def add(self, result: FetchResult) -> None:
        """Count one result."""
        self.results.append(result)
        if result.status == "fetched":
            self.fetched += 1
        elif result.status == "not found":
            self.not_found += 1
        elif result.status == "ambiguous":
            self.ambiguous += 1
        else:
            self.failed += 1

    def line(self) -> str:
        """One line: fetched / not found / failed."""
        text = f"{self.fetched} fetched, {self.not_found} not found, {self.failed} failed"
        if self.ambiguous:
            text += f", {self.ambiguous} ambiguous (disambiguation pages, not stored)"
        if self.known:
            text += f", {self.known} known from an earlier page's redirects"
        return text


def api_url(language: str) -> str:
    """The MediaWiki API endpoint for ``language`` (``GLOSSATOR_WIKIPEDIA_API`` wins)."""
    configured = os.environ.get(ENV_API, "").strip()
    if configured:
        return configured.replace("{lang}", language)
    return f"https://{language}.wikipedia.org/w/api.php"


def _wikipedia_class() -> type:
    """wikipedia-api's client with our endpoint and our polite HTTP underneath."""
    from wikipediaapi import Wikipedia

    class GlossatorWikipedia(Wikipedia):  # type: ignore[misc]
        """Answers go through ``PoliteHttp``; each page keeps its raw API entry."""

        endpoint: str
        polite: PoliteHttp

        def _build_url(self, language: str) -> str:
            return self.endpoint

        def _get(self, language: str, params: dict[str, Any]) -> dict[str, Any]:
            data = self.polite.get_json(self._build_url(language), params)
            query = data.get("query")
            if not isinstance(query, Mapping) or not isinstance(query.get("pages"), Mapping):
                raise FetchError("the answer is JSON but not a page query result")
            return data

        def _process_prop_response(self, raw: Any, page: Any, empty: Any, builder: Any) -> Any:
            page._attributes["_query"] = raw["query"]
            return super()._process_prop_response(raw, page, empty, builder)

        def _build_extracts(self, extract: Any, page: Any) -> str:
            if not isinstance(extract, Mapping):
                raise FetchError("the answer holds a malformed page")
            page._attributes["_entry"] = extract
            if not isinstance(extract.get("extract"), str):
                extract = {**extract, "extract": ""}
            return super()._build_extracts(extract, page)  # type: ignore[no-any-return]

    return GlossatorWikipedia


class WikipediaFetcher:
    """Fetch page summaries, one polite request per title."""

    def __init__(
        self,
        language: str | None = None,
        *,
        api: str | None = None,
        transport: httpx.BaseTransport | None = None,
        contact: str | None = None,
        connect_timeout: float = CONNECT_TIMEOUT,
        read_timeout: float = READ_TIMEOUT,
        deadline: float = REQUEST_DEADLINE,
        budget: float = TITLE_BUDGET,
        max_bytes: int = MAX_ANSWER_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        min_interval: float = MIN_INTERVAL,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF,
        max_wait: float = MAX_WAIT,
        sleep: Callable[[float], None] | None = None,
        clock: Callable[[], float] | None = None,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        import time

        import httpx

        self.language = (language or os.environ.get(ENV_LANGUAGE) or "en").strip().lower()
        self.api = api or api_url(self.language)
        check_endpoint(self.api)
        self.user_agent = user_agent(contact)
        kwargs: dict[str, Any] = {
            "timeout": httpx.Timeout(read_timeout, connect=connect_timeout),
            "follow_redirects": False,  # PoliteHttp follows them: paced, same host, at most 5
        }
        # wikipedia-api always hands httpx a transport, which turns off httpx's own
        # reading of the proxy settings: pass the proxy to the transport instead.
        kwargs["transport"] = transport or deadline_transport(proxy=proxy_for(self.api))
        self.wiki = _wikipedia_class()(
            user_agent=self.user_agent, language=self.language, max_retries=0, **kwargs
        )
        self.wiki.endpoint = self.api
        self.polite = PoliteHttp(
            self.wiki._client, min_interval=min_interval, max_retries=max_retries,
            backoff=backoff, max_wait=max_wait, deadline=deadline, budget=budget,
            max_bytes=max_bytes, max_redirects=max_redirects, sleep=sleep or time.sleep,
            clock=clock or time.monotonic, should_stop=should_stop,
        )
        self.wiki.polite = self.polite
        self._checked = transport is not None  # a custom transport has no network to probe

    @property
    def should_stop(self) -> Callable[[], bool] | None:
        """The cancel callable consulted between and during requests."""
        return self.polite.should_stop

    @should_stop.setter
    def should_stop(self, value: Callable[[], bool] | None) -> None:
        self.polite.should_stop = value

    def close(self) -> None:
        """Close the HTTP connections."""
        self.wiki._client.close()

    def __enter__(self) -> WikipediaFetcher:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def check_online(self) -> None:
        """Raise ``OfflineError`` at once (within a few seconds) when the API is unreachable."""
        if not self._checked:
            check_reachable(self.api)
            self._checked = True

    def fetch(self, title: str) -> FetchResult:
        """One title's summary.

        A missing page, a disambiguation page or a bad answer is a result;
        ``OfflineError``, ``RateLimitedError`` and ``FetchCancelled`` are
        raised, because they concern every title that follows.
        """
        requested = _SURROGATE.sub("\ufffd", " ".join(title.split()))
        if not requested:
            return FetchResult(title, "not found", message="an empty title")
        if len(requested.encode("utf-8")) > MAX_TITLE_BYTES:
            return FetchResult(requested, "not found",
                               message=f"not a valid title (over {MAX_TITLE_BYTES} bytes)")
        self.check_online()
        page = self.wiki.page(requested)
        try:
            self.wiki.extracts(
                page,
                prop="extracts|description|pageprops|pageimages|info|redirects",
                exintro=1, exsectionformat="plain",
                ppprop="wikibase_item|disambiguation|wikibase-shortdesc",
                piprop="thumbnail", pithumbsize=THUMB_SIZE,
                inprop="url", rdprop="title", rdnamespace=0, rdlimit="max",
            )
        except (OfflineError, RateLimitedError, FetchCancelled):
            raise
        except FetchError as exc:
            return FetchResult(requested, "failed", message=str(exc))
        except (KeyError, TypeError, AttributeError, ValueError, RecursionError) as exc:
            # wikipedia-api met a shape it did not expect: a bad answer for this title.
            return FetchResult(requested, "failed", message="the answer is not a page query "
                               f"result ({type(exc).__name__}: {safe_text(exc)[:100]})")
        entry = page._attributes.get("_entry")
        if not isinstance(entry, Mapping) or "missing" in entry or "invalid" in entry:
            # wikipedia-api stops at page id -1 without a look: find why it is missing.
            pages = (page._attributes.get("_query") or {}).get("pages") or {}
            raw = entry if isinstance(entry, Mapping) else next(iter(pages.values()), {})
            reason = "no such page"
            if isinstance(raw, Mapping) and "invalid" in raw:
                reason = f"not a valid title ({raw.get('invalidreason') or 'invalid'})"
            return FetchResult(requested, "not found", message=reason)
        try:
            record = self._record(requested, entry, page._attributes.get("_query") or {})
        except FetchError as exc:
            return FetchResult(requested, "failed", message=str(exc))
        props = entry.get("pageprops") if isinstance(entry.get("pageprops"), Mapping) else {}
        if "disambiguation" in props:
            return FetchResult(requested, "ambiguous", record,
                               message=f"{record.title!r} is a disambiguation page")
        return FetchResult(requested, "fetched", record)

    def _record(self, requested: str, entry: Mapping[str, Any],
                query: Mapping[str, Any]) -> SummaryRecord:
        raw_title = _text(entry.get("title"))
        title = _title(raw_title) if raw_title else requested
        if not title:
            raise FetchError(f"the answer names a page whose title is over {MAX_TITLE_BYTES} "
                             "bytes or empty: not a Wikipedia page")
        props = entry.get("pageprops") if isinstance(entry.get("pageprops"), Mapping) else {}
        thumb = entry.get("thumbnail")
        wikidata = _text(props.get("wikibase_item"))
        return SummaryRecord(
            title=title,
            description=_text(entry.get("description"))[:MAX_DESCRIPTION]
            or _text(props.get("wikibase-shortdesc"))[:MAX_DESCRIPTION],
            extract=lead(_text(entry.get("extract"))),
            language=_language(entry.get("pagelanguage")) or self.language,
            source=SOURCE,
            fetched_at=now_iso(),
            wikidata_id=wikidata if _WIKIDATA.fullmatch(wikidata) else None,
            thumbnail=_url(thumb.get("source")) if isinstance(thumb, Mapping) else None,
            url=_url(entry.get("canonicalurl")) or _url(entry.get("fullurl")),
            redirects=_aliases(title, query.get("redirects"), entry.get("redirects")),
        )

    def fetch_many(self, titles: Iterable[str]) -> Iterator[FetchResult]:
        """Results in order; stops (raising) when offline, rate limited or cancelled."""
        for title in titles:
            if self.should_stop and self.should_stop():
                raise FetchCancelled("Stopped.")
            yield self.fetch(title)


# Controls (but line breaks and tabs, which split paragraphs) are dropped from what
# is stored; lone surrogates, which SQLite and terminals refuse, become U+FFFD.
_CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SURROGATE = re.compile("[\ud800-\udfff]")
_WIKIDATA = re.compile(r"Q[1-9][0-9]{0,11}")
_LANGUAGE = re.compile(r"[a-z]{2,3}(?:-[a-z0-9]{1,8}){0,3}")


def _text(value: Any) -> str:
    """A server's string, cleaned for storage; "" for anything else."""
    if not isinstance(value, str):
        return ""
    return _SURROGATE.sub("\ufffd", _CONTROL.sub("", value)).strip()


def _title(value: Any) -> str:
    """A page title from the answer, whitespace collapsed; "" if it cannot be one."""
    title = " ".join(_text(value).split())
    return title if len(title.encode("utf-8")) <= MAX_TITLE_BYTES else ""


def _url(value: Any) -> str | None:
    url = _text(value)
    return url if url.startswith(("https://", "http://")) and len(url) <= MAX_URL else None


def _language(value: Any) -> str:
    code = _text(value).lower()
    return code if _LANGUAGE.fullmatch(code) else ""


def _aliases(title: str, query_redirects: Any, page_redirects: Any) -> list[str]:
    """The page's other names, each once, at most ``MAX_ALIASES``, in linear time.

    The name asked for, when it redirected here, comes first: it is the one
    the user or the document wrote.
    """
    names: dict[str, None] = {}  # ordered and O(1) to test (a list was quadratic)

    def take(value: Any) -> bool:
        name = _title(value)
        if name and name != title:
            names.setdefault(name)
        return len(names) >= MAX_ALIASES

    for r in query_redirects if isinstance(query_redirects, list) else ():
        if isinstance(r, Mapping) and _title(r.get("to")) == title and take(r.get("from")):
            return list(names)
    for r in page_redirects if isinstance(page_redirects, list) else ():
        if isinstance(r, Mapping) and r.get("ns", 0) == 0 and take(r.get("title")):
            break
    return list(names)


def lead(extract: str) -> str:
    """The first paragraph of a plain-text intro (with the next if the first is a stub)."""
    paragraphs: list[str] = []
    for line in extract.split("\n"):
        if line.strip():
            # Cut before tidying: a hostile 8 MB paragraph keeps only what can be shown.
            paragraphs.append(line.strip()[:MAX_LEAD_SOURCE])
            if len(paragraphs) == 2:
                break
    if not paragraphs:
        return ""
    text = paragraphs[0]
    if len(text) < 80 and len(paragraphs) > 1:
        text = f"{text} {paragraphs[1]}"
    return shorten(tidy(text))


def fill(
    kb: KnowledgeBase,
    titles: Iterable[str],
    fetcher: WikipediaFetcher,
    *,
    on_result: Callable[[FetchResult], None] | None = None,
    skip_known: bool = False,
    summary: FillSummary | None = None,
) -> FillSummary:
    """Fetch ``titles`` and store each summary as it arrives.

    With ``skip_known``, a name is looked up again just before its turn and
    skipped if a page fetched earlier in the run turned out to bear it ("UN"
    after "United Nations"). Never raises for network trouble: the summary's
    ``stopped`` says why the run ended early (offline, rate limited,
    cancelled), and everything fetched before is already stored. Pass
    ``summary`` to add to the counts of an earlier call.
    """
    summary = summary if summary is not None else FillSummary()

    def todo() -> Iterator[str]:
        for title in titles:
            if skip_known and kb.lookup(title):
                summary.known += 1
                continue
            yield title

    try:
        for result in fetcher.fetch_many(todo()):
            if result.status == "fetched" and result.record is not None:
                kb.upsert([result.record])
            summary.add(result)
            if on_result:
                on_result(result)
    except OfflineError as exc:
        summary.stopped = f"You are offline: {exc}."
    except RateLimitedError as exc:
        summary.stopped = f"{exc}; try again later."
    except FetchCancelled:
        summary.stopped = "Stopped."
    return summary


# ------------------------------------------------------------- names of a document


@lru_cache(maxsize=1)
def _nlp() -> Any:
    from glossator.core.nlp.model import load_model

    # Only the entity recogniser is needed: leave out what it does not use.
    return load_model(disable=["parser", "lemmatizer", "attribute_ruler", "tagger"])


def _clean_name(text: str) -> str:
    name = " ".join(text.split()).strip(" \"'“”‘’()[]{}.,;:!?")
    for suffix in ("'s", "’s"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    if name[:4].lower() == "the ":
        name = name[4:]
    return name.strip()


def document_names(text: str, nlp: Any | None = None) -> list[str]:
    """Names of people, places, organisations, works... in ``text``, first mention first.

    A one-word name that is part of a longer name in the same text ("Pierre"
    beside "Pierre Curie", "Curies") is a short mention of it, not a page of its own.
    """
    from glossator.core.kb.normalize import normalise

    nlp = nlp or _nlp()
    chunks = [c for c in text.split("\n\n") if c.strip()] if text else []
    # Long paragraphs are cut to stay under spaCy's length limit.
    limit = nlp.max_length - 1
    pieces = [c[i:i + limit] for c in chunks for i in range(0, len(c), limit)]
    found: dict[str, str] = {}  # normalised -> as first written
    for doc in nlp.pipe(pieces, batch_size=32):
        for ent in doc.ents:
            if ent.label_ not in ENTITY_LABELS:
                continue
            name = _clean_name(ent.text)
            if len(name) < 2 or not any(c.isalpha() for c in name) or name.islower():
                continue
            key = normalise(name)
            if key and key not in found:
                found[key] = name
    words = {w for key in found if " " in key for w in key.split()}
    return [name for key, name in found.items()
            if " " in key or (key not in words and key.rstrip("s") not in words)]


def missing_names(kb: KnowledgeBase, names: Iterable[str]) -> list[str]:
    """The names no article in ``kb`` is known by."""
    return [n for n in names if not kb.lookup(n)]


def read_document_text(path: Path) -> str:
    """The text of a document: through the document loaders when present, else as text."""
    import glossator.core.documents as documents

    load_path = getattr(documents, "load_path", None)
    if load_path is not None:
        doc = load_path(path)
        blocks = [doc.block_text(b) for b in doc.blocks if getattr(b, "annotate", True)]
        return "\n\n".join(blocks) if blocks else doc.text
    data = path.read_bytes()
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes

        best = from_bytes(data).best()
        if best is None:
            raise FetchError(f"{path} is not a text document Glossator can read.") from None
        return str(best)


# ----------------------------------------------------------------------- command


def run_fetch_command(kb: KnowledgeBase, titles: list[str], for_file: str | None,
                      *, fetcher: WikipediaFetcher | None = None) -> int:
    """``glossator kb fetch TITLE... | --for FILE``: print a line per title and a summary.

    Every title, name, path and message goes through ``safe_text``: they come from
    servers and documents, and an escape sequence in them must not reach the terminal.
    """
    out, err = sys.stdout, sys.stderr
    if not titles and not for_file:
        print("glossator kb fetch: give page titles, or --for FILE.", file=err)
        return EXIT_USAGE
    if for_file and not Path(for_file).exists():  # a typo is reported before the network
        print(f"glossator: No such file: {safe_text(for_file)}", file=err)
        return EXIT_FAILED
    own = fetcher is None
    fetcher = fetcher or WikipediaFetcher()
    try:
        try:
            fetcher.check_online()
        except OfflineError as exc:
            print(f"You are offline ({safe_text(exc)}). Nothing was fetched; the knowledge base is "
                  "unchanged. Connect to the internet and try again.", file=err)
            return EXIT_OFFLINE
        wanted = [" ".join(t.split()) for t in titles if t.strip()]
        if for_file:
            path = Path(for_file)
            names = document_names(read_document_text(path))
            lacking = missing_names(kb, names)
            known = len(names) - len(lacking)
            print(f"{safe_text(path.name)}: {len(names)} names, {known} already in the "
                  f"knowledge base, {len(lacking)} to fetch.", file=out)
            if len(lacking) > MAX_DOCUMENT_NAMES:
                print(f"Fetching the first {MAX_DOCUMENT_NAMES}; run again for the rest.",
                      file=out)
                lacking = lacking[:MAX_DOCUMENT_NAMES]
            lacking = [n for n in lacking if n not in wanted]

        def show(result: FetchResult) -> None:
            asked, message = safe_text(result.requested), safe_text(result.message)
            if result.status == "fetched" and result.record is not None:
                rec = result.record
                via = f" (for {asked!r})" if rec.title != result.requested else ""
                desc = f" — {safe_text(rec.description)}" if rec.description else ""
                print(f"  fetched    {safe_text(rec.title)}{via}{desc}", file=out)
            elif result.status == "not found":
                print(f"  not found  {asked}: {message}", file=out)
            elif result.status == "ambiguous":
                print(f"  ambiguous  {asked}: {message}, not stored", file=out)
            else:
                print(f"  failed     {asked}: {message}", file=out)
            out.flush()

        summary = fill(kb, wanted, fetcher, on_result=show)
        if for_file and not summary.stopped:
            fill(kb, lacking, fetcher, on_result=show, skip_known=True, summary=summary)
            wanted += lacking
    finally:
        if own:
            fetcher.close()
    if summary.stopped:
        print(safe_text(summary.stopped), file=err)
    stored = f" Stored in {safe_text(kb.writable.path)}." if summary.fetched else ""
    print(f"{summary.line()}.{stored}", file=out)
    if summary.stopped.startswith("You are offline"):
        return EXIT_OFFLINE
    if summary.stopped or summary.failed:
        return EXIT_FAILED
    if wanted and not summary.fetched and not summary.ambiguous:
        return EXIT_FAILED
    return 0
