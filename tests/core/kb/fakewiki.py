"""A local stand-in for the MediaWiki action API, for the online-fill tests.

A real ``http.server`` on 127.0.0.1 (port chosen by the system) in a thread.
It answers ``GET /w/api.php?action=query&prop=...&titles=...`` the way
Wikipedia does (formatversion 1: ``query.pages`` keyed by page id, ``-1`` for
a missing page, ``query.redirects`` when the title asked for is a redirect,
``normalized`` when its first letter was lower case), including only the
props that were asked for. Faults are scripted per title: each request for
the title takes the next fault off its list, then the page is served
normally.

Run it by hand: ``python tests/core/kb/fakewiki.py`` prints its address.
"""

from __future__ import annotations

import contextlib
import json
import threading
import time
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

# Faults a title can be scripted with.
FAULTS = ("500", "503", "429", "429-date", "429-long", "garbage", "html", "slow",
          "not-object", "no-pages", "api-error", "maxlag", "close")


@dataclass
class Page:
    """One recorded page."""

    title: str
    pageid: int
    extract: str
    description: str = ""
    wikibase_item: str | None = None
    redirects: list[str] = field(default_factory=list)
    thumbnail: str | None = None
    disambiguation: bool = False


PAGES = [
    Page(
        "Ada Lovelace", 974,
        "Augusta Ada King, Countess of Lovelace (née Byron; 10 December 1815 – 27 November "
        "1852) was an English mathematician and writer chiefly known for her work on Charles "
        "Babbage's proposed mechanical general-purpose computer, the Analytical Engine.\n"
        "Lovelace was the only legitimate child of poet Lord Byron and reformer Anne Isabella "
        "Milbanke.",
        "English mathematician (1815–1852)", "Q7259",
        ["Ada Byron", "Lady Lovelace", "Augusta Ada King", "Countess of Lovelace"],
        "https://upload.example/320px-Ada_Lovelace.jpg",
    ),
    Page(
        "Charles Babbage", 6019,
        "Charles Babbage (26 December 1791 – 18 October 1871) was an English polymath. A "
        "mathematician, philosopher, inventor and mechanical engineer, Babbage originated the "
        "concept of a digital programmable computer.",
        "English mathematician, philosopher, and engineer (1791–1871)", "Q46633",
        ["Babbage", "Charles babbage"],
    ),
    Page(
        "Analytical Engine", 1271,
        "The Analytical Engine was a proposed digital mechanical general-purpose computer "
        "designed by English mathematician and computer pioneer Charles Babbage.",
        "Proposed mechanical general-purpose computer", "Q187678",
    ),
    Page(
        "London", 17867,
        "London is the capital and largest city of both England and the United Kingdom.",
        "Capital city of England and the United Kingdom", "Q84", ["City of London (disambig)"],
    ),
    Page("Mercury", 19694, "Mercury commonly refers to:", "Topics referred to by the same term",
         disambiguation=True),
]


def normalise_title(title: str) -> str:
    """MediaWiki's title normalisation: underscores to spaces, first letter upper case."""
    title = " ".join(title.replace("_", " ").split())
    return title[:1].upper() + title[1:]


class FakeWiki:
    """The server, its recorded pages, its scripted faults and a log of requests."""

    def __init__(self, pages: list[Page] | None = None, *, slow_seconds: float = 3.0) -> None:
        self.pages = {p.title: p for p in (pages or PAGES)}
        self.redirects = {r: p.title for p in self.pages.values() for r in p.redirects}
        self.faults: dict[str, list[str]] = {}
        self.slow_seconds = slow_seconds
        self.requests: list[dict[str, Any]] = []
        self._lock = threading.Lock()
        self._server: ThreadingHTTPServer | None = None
        self._thread: threading.Thread | None = None

    # ------------------------------------------------------------ set-up

    def script(self, title: str, *faults: str) -> None:
        """Answer the next requests for ``title`` with these faults, in order."""
        for fault in faults:
            if fault not in FAULTS:
                raise ValueError(f"unknown fault {fault!r}")
        self.faults.setdefault(title, []).extend(faults)

    def start(self) -> str:
        """Start serving; the API address."""
        wiki = self

        class Handler(_Handler):
            fake = wiki

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        server.daemon_threads = True
        server.block_on_close = False  # a deliberately slow reply must not hold shutdown
        self._server = server
        self._thread = threading.Thread(target=server.serve_forever, name="fakewiki",
                                        kwargs={"poll_interval": 0.05}, daemon=True)
        self._thread.start()
        return self.url

    @property
    def url(self) -> str:
        """``http://127.0.0.1:PORT/w/api.php``."""
        assert self._server is not None
        return f"http://127.0.0.1:{self._server.server_address[1]}/w/api.php"

    def stop(self) -> None:
        """Stop serving and free the port."""
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None

    def __enter__(self) -> FakeWiki:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    # ----------------------------------------------------------- queries

    def titles_requested(self) -> list[str]:
        """The ``titles`` parameter of every request, in order."""
        with self._lock:
            return [r["params"].get("titles", "") for r in self.requests]

    def _next_fault(self, title: str) -> str | None:
        with self._lock:
            queue = self.faults.get(title)
            return queue.pop(0) if queue else None

    def answer(self, params: dict[str, str]) -> dict[str, Any]:
        """The JSON a real API would give for this query."""
        if params.get("action") != "query" or params.get("format") != "json":
            return {"error": {"code": "badvalue", "info": "Unrecognized value for action."}}
        props = set(params.get("prop", "").split("|"))
        query: dict[str, Any] = {}
        asked = params.get("titles", "")
        title = normalise_title(asked)
        if title != asked:
            query["normalized"] = [{"from": asked, "to": title}]
        if params.get("redirects") and title in self.redirects:
            query["redirects"] = [{"from": title, "to": self.redirects[title]}]
            title = self.redirects[title]
        bad = [c for c in "<>[]{}|#" if c in title]
        if bad:
            query["pages"] = {"-1": {"title": asked, "invalid": "", "invalidreason":
                                     f'The requested page title contains invalid characters: '
                                     f'"{bad[0]}".'}}
            return {"batchcomplete": "", "query": query}
        page = self.pages.get(title)
        if page is None:
            query["pages"] = {"-1": {"ns": 0, "title": title, "missing": ""}}
            return {"batchcomplete": "", "query": query}
        entry: dict[str, Any] = {"pageid": page.pageid, "ns": 0, "title": page.title}
        if "extracts" in props:
            text = page.extract
            if not params.get("exintro"):
                text += "\n\n== History ==\nMore text."
            entry["extract"] = text if params.get("explaintext") else f"<p>{text}</p>"
        if "description" in props and page.description:
            entry["description"] = page.description
            entry["descriptionsource"] = "local"
        if "pageprops" in props:
            pp: dict[str, str] = {}
            if page.wikibase_item:
                pp["wikibase_item"] = page.wikibase_item
            if page.disambiguation:
                pp["disambiguation"] = ""
            wanted = params.get("ppprop")
            entry["pageprops"] = {k: v for k, v in pp.items()
                                  if not wanted or k in wanted.split("|")}
        if "pageimages" in props and page.thumbnail:
            entry["thumbnail"] = {"source": page.thumbnail, "width": 320, "height": 427}
            entry["pageimage"] = page.thumbnail.rsplit("/", 1)[-1]
        if "info" in props:
            entry.update({"contentmodel": "wikitext", "pagelanguage": "en",
                          "pagelanguagehtmlcode": "en", "pagelanguagedir": "ltr",
                          "touched": "2026-01-01T00:00:00Z", "lastrevid": 1, "length": 1000})
            if "url" in params.get("inprop", "").split("|"):
                url = "https://en.wikipedia.org/wiki/" + quote(page.title.replace(" ", "_"))
                entry.update({"fullurl": url, "editurl": url + "?action=edit",
                              "canonicalurl": url})
        if "redirects" in props and page.redirects:
            entry["redirects"] = [{"pageid": 10_000 + i, "ns": 0, "title": r}
                                  for i, r in enumerate(page.redirects)]
        query["pages"] = {str(page.pageid): entry}
        return {"batchcomplete": "", "query": query}


class _Handler(BaseHTTPRequestHandler):
    fake: FakeWiki
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: Any) -> None:  # quiet in tests
        pass

    def do_GET(self) -> None:
        parts = urlsplit(self.path)
        params = {k: v[-1] for k, v in parse_qs(parts.query, keep_blank_values=True).items()}
        with self.fake._lock:
            self.fake.requests.append({"path": parts.path, "params": params,
                                       "headers": dict(self.headers.items())})
        if parts.path != "/w/api.php":
            self._send(404, b"Not Found", "text/plain")
            return
        fault = self.fake._next_fault(normalise_title(params.get("titles", "")))
        # The client may give up first (a time-out test): nothing to do then.
        with contextlib.suppress(BrokenPipeError, ConnectionResetError):
            self._serve(fault, params)

    def _serve(self, fault: str | None, params: dict[str, str]) -> None:
        if fault == "500":
            self._send(500, b"<html><body>Internal error</body></html>", "text/html")
        elif fault == "503":
            self._send(503, b"Service Unavailable", "text/plain")
        elif fault == "429":
            self._send(429, b"Too many requests", "text/plain", {"Retry-After": "1"})
        elif fault == "429-date":
            when = time.strftime("%a, %d %b %Y %H:%M:%S GMT", time.gmtime(time.time() + 2))
            self._send(429, b"Too many requests", "text/plain", {"Retry-After": when})
        elif fault == "429-long":
            self._send(429, b"Too many requests", "text/plain", {"Retry-After": "3600"})
        elif fault == "garbage":
            self._send(200, b"\x00\x9f}{ not json at all \xff", "application/json")
        elif fault == "html":
            self._send(200, b"<!DOCTYPE html><html><body>Please log in to the Wi-Fi</body>"
                            b"</html>", "text/html")
        elif fault == "not-object":
            self._json([1, 2, 3])
        elif fault == "no-pages":
            self._json({"batchcomplete": "", "query": {"normalized": []}})
        elif fault == "api-error":
            self._json({"error": {"code": "toomanyvalues", "info": "Too many values supplied."}})
        elif fault == "maxlag":
            self._json({"error": {"code": "maxlag", "info": "Waiting for a database server."}},
                       {"Retry-After": "1"})
        elif fault == "slow":
            time.sleep(self.fake.slow_seconds)
            self._json(self.fake.answer(params))
        elif fault == "close":
            self.close_connection = True
            self.connection.shutdown(2)  # drop the connection without an answer
        else:
            self._json(self.fake.answer(params))

    def _json(self, obj: Any, headers: dict[str, str] | None = None) -> None:
        body = json.dumps(obj, ensure_ascii=False).encode("utf-8")
        self._send(200, body, "application/json; charset=utf-8", headers)

    def _send(self, status: int, body: bytes, kind: str,
              headers: dict[str, str] | None = None) -> None:
        self.send_response(status)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)


if __name__ == "__main__":
    with FakeWiki() as fake:
        print(f"GLOSSATOR_WIKIPEDIA_API={fake.url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
