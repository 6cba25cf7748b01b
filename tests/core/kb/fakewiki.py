"""A local stand-in for the MediaWiki action API, for the online-fill tests.

A real ``http.server`` on 127.0.0.1 (port chosen by the system) in a thread.
It answers ``GET /w/api.php?action=query&prop=...&titles=...`` the way
Wikipedia does (formatversion 1: ``query.pages`` keyed by page id, ``-1`` for
a missing page, ``query.redirects`` when the title asked for is a redirect,
``normalized`` when its first letter was lower case), including only the
props that were asked for. Faults are scripted per title: each request for
the title takes the next fault off its list, then the page is served
normally (``always`` makes a fault permanent, for redirect loops).

Besides the polite faults there are hostile ones, for issue 12: answers that
drip a byte at a time, gzip bombs, huge or endless bodies, JSON nested
100,000 deep, broken gzip, redirect loops and redirects to another host, lone
surrogates, terminal escape sequences, 200,000 redirects, and a Retry-After
of 10^400. Their sizes are attributes, small in tests and the issue's sizes
in ``benchmarks/hostile_cases/online.py``; big bodies are generated while
being sent, so the server itself stays small.

Run it by hand: ``python tests/core/kb/fakewiki.py`` prints its address.
"""

from __future__ import annotations

import contextlib
import gzip
import json
import threading
import time
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, quote, urlsplit

# Faults a title can be scripted with.
FAULTS = ("500", "503", "429", "429-date", "429-long", "garbage", "html", "slow",
          "not-object", "no-pages", "api-error", "maxlag", "close",
          # hostile answers (issue 12)
          "drip-headers", "drip-body", "gzip", "gzip-bomb", "big", "endless", "deep",
          "bad-gzip", "redirect", "redirect-loop", "redirect-away",
          "surrogate", "escapes", "many-redirects", "long-title", "429-huge")

ESCAPES = "\x1b]0;pwned\x07\x1b[2J\x1b[31m"  # set the window title, clear the screen, red


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
        self.permanent: dict[str, str] = {}
        self.slow_seconds = slow_seconds
        # Sizes of the hostile answers (the by default).
        self.drip_seconds = 5.0  # one byte this often
        self.bomb_bytes = 3_200 * 2**20  # what the gzip bomb inflates to (from ~3.3 MB)
        self.big_bytes = 100 * 2**20
        self.depth = 100_000
        self.redirect_count = 200_000
        self.title_spaces = 50_000
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

    def always(self, title: str, fault: str) -> None:
        """Answer every request for ``title`` with ``fault``."""
        if fault not in FAULTS:
            raise ValueError(f"unknown fault {fault!r}")
        self.permanent[title] = fault

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
            return queue.pop(0) if queue else self.permanent.get(title)

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
        # The client may give up first (a time-out or a size cap; over TLS too).
        with contextlib.suppress(OSError):
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
        elif fault is not None and fault in _HOSTILE:
            _HOSTILE[fault](self, params)
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


    # ------------------------------------------------------------ hostile answers

    def _head(self, status: int, headers: dict[str, str]) -> None:
        self.send_response(status)
        for key, value in headers.items():
            self.send_header(key, value)
        self.end_headers()

    def _drip(self, data: bytes) -> None:
        for i in range(len(data)):
            self.wfile.write(data[i:i + 1])
            time.sleep(self.fake.drip_seconds)

    def _drip_headers(self, params: dict[str, str]) -> None:
        body = _dumps(self.fake.answer(params))
        head = (f"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n"
                f"Content-Length: {len(body)}\r\n\r\n").encode("ascii")
        self.close_connection = True
        self._drip(head + body)

    def _drip_body(self, params: dict[str, str]) -> None:
        body = _dumps(self.fake.answer(params))
        self.close_connection = True
        self._head(200, {"Content-Type": "application/json", "Content-Length": str(len(body))})
        self._drip(body)

    def _gzip(self, params: dict[str, str]) -> None:
        self._send(200, gzip.compress(_dumps(self.fake.answer(params))), "application/json",
                   {"Content-Encoding": "gzip"})

    def _gzip_bomb(self, params: dict[str, str]) -> None:
        head, segment, count, tail = _bomb(self.fake.bomb_bytes)
        self.close_connection = True
        self._head(200, {"Content-Type": "application/json", "Content-Encoding": "gzip",
                         "Content-Length": str(len(head) + len(segment) * count + len(tail))})
        self.wfile.write(head)
        for _ in range(count):
            self.wfile.write(segment)
        self.wfile.write(tail)

    def _big(self, params: dict[str, str]) -> None:
        self.close_connection = True
        self._head(200, {"Content-Type": "application/json",
                         "Content-Length": str(self.fake.big_bytes)})
        for piece in _padded_json(self.fake.big_bytes):
            self.wfile.write(piece)

    def _endless(self, params: dict[str, str]) -> None:
        self.close_connection = True
        self._head(200, {"Content-Type": "application/json", "Transfer-Encoding": "chunked"})
        piece = b"x" * 65536
        chunk = f"{len(piece):x}\r\n".encode("ascii") + piece + b"\r\n"
        self.wfile.write(b'7\r\n{"a": "\r\n')
        while True:  # until the client hangs up
            self.wfile.write(chunk)

    def _deep(self, params: dict[str, str]) -> None:
        depth = self.fake.depth
        self._send(200, b"[" * depth + b"]" * depth, "application/json")

    def _bad_gzip(self, params: dict[str, str]) -> None:
        self._send(200, b"\x1f\x8b\x08\x00" + b"not really gzip at all" * 10, "application/json",
                   {"Content-Encoding": "gzip"})

    def _redirect(self, params: dict[str, str]) -> None:
        self._send(301, b"", "text/plain", {"Location": self.path})

    def _redirect_away(self, params: dict[str, str]) -> None:
        port = self.server.server_address[1]
        self._send(302, b"", "text/plain", {"Location": f"http://localhost:{port}{self.path}"})

    def _page_variant(self, params: dict[str, str], change: Any) -> None:
        answer = self.fake.answer(params)
        for entry in answer.get("query", {}).get("pages", {}).values():
            change(entry)
        # ensure_ascii keeps lone surrogates as \ud800 escapes, as a hostile server may send
        body = json.dumps(answer, ensure_ascii=True).encode("ascii")
        self._send(200, body, "application/json")

    def _surrogate(self, params: dict[str, str]) -> None:
        def change(entry: dict[str, Any]) -> None:
            entry["title"] = entry["title"] + " \ud800"
            entry["description"] = "broken \udc00 text"
            entry["extract"] = "An extract with a lone surrogate \ud834 inside it."
            entry["redirects"] = [{"ns": 0, "title": "Lone \udfff name"}]
        self._page_variant(params, change)

    def _escapes(self, params: dict[str, str]) -> None:
        def change(entry: dict[str, Any]) -> None:
            entry["title"] = entry["title"] + ESCAPES
            entry["description"] = ESCAPES + "a description"
            entry["redirects"] = [{"ns": 0, "title": "Evil\x1b[8m name"}]
        self._page_variant(params, change)

    def _many_redirects(self, params: dict[str, str]) -> None:
        count = self.fake.redirect_count

        def change(entry: dict[str, Any]) -> None:
            # Short names (and every one twice) so the answer stays under the size cap.
            entry["redirects"] = [{"title": f"R {i % (count // 2 or 1)}"} for i in range(count)]
        self._page_variant(params, change)

    def _long_title(self, params: dict[str, str]) -> None:
        spaces = " " * self.fake.title_spaces

        def change(entry: dict[str, Any]) -> None:
            entry["title"] = f"Ada{spaces}Lovelace"
            entry["redirects"] = [{"ns": 0, "title": f"Lady{spaces}Lovelace"}]
        self._page_variant(params, change)

    def _429_huge(self, params: dict[str, str]) -> None:
        self._send(429, b"Too many requests", "text/plain", {"Retry-After": "1" + "0" * 400})


_HOSTILE: dict[str, Any] = {
    "drip-headers": _Handler._drip_headers, "drip-body": _Handler._drip_body,
    "gzip": _Handler._gzip, "gzip-bomb": _Handler._gzip_bomb, "big": _Handler._big,
    "endless": _Handler._endless, "deep": _Handler._deep, "bad-gzip": _Handler._bad_gzip,
    "redirect": _Handler._redirect, "redirect-loop": _Handler._redirect,
    "redirect-away": _Handler._redirect_away, "surrogate": _Handler._surrogate,
    "escapes": _Handler._escapes, "many-redirects": _Handler._many_redirects,
    "long-title": _Handler._long_title, "429-huge": _Handler._429_huge,
}


def _dumps(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


def _bomb(size: int) -> tuple[bytes, bytes, int, bytes]:
    """A gzip stream inflating to ``size`` bytes of zeros, as head + segment * count + tail.

    Each MiB of zeros is compressed after a full flush, so every segment is the
    same ~1 KB and the 3.3 MB bomb never needs to be held or compressed whole.
    """
    block = bytes(2**20)
    packer = zlib.compressobj(9, zlib.DEFLATED, 31)
    head = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    segment = packer.compress(block) + packer.flush(zlib.Z_FULL_FLUSH)
    # The trailer's checksum is wrong past the first MiB; no sane client gets that far.
    return head, segment, max(0, size // len(block) - 1), packer.flush()


def _padded_json(size: int) -> Iterator[bytes]:
    """A valid JSON object of exactly ``size`` bytes (at least 20), in 64 KiB pieces."""
    start, end = b'{"padding": "', b'"}'
    left = size - len(start) - len(end)
    yield start
    piece = b"x" * 65536
    while left > 0:
        yield piece[:left]
        left -= len(piece)
    yield end


if __name__ == "__main__":
    with FakeWiki() as fake:
        print(f"GLOSSATOR_WIKIPEDIA_API={fake.url}", flush=True)
        try:
            while True:
                time.sleep(3600)
        except KeyboardInterrupt:
            pass
