"""Polite, guarded HTTP for the online fill: rate limit, retries, deadlines, size caps.

Wikipedia asks API clients to identify themselves, to send one request at a
time and to back off when told to. ``PoliteHttp`` does this around an
``httpx.Client``: a minimum interval between requests (redirects included),
retries with exponential backoff for server errors and timeouts,
``Retry-After`` honoured (seconds or an HTTP date, capped), and no retry loop
on a dead network: a connection that cannot be made means "offline", at once.
Every wait is cut in slices so a ``should_stop`` callable (the GUI's Cancel)
is obeyed promptly.

It also treats every answer as possibly hostile (issue 12): one deadline per
request covers connect, headers and body together (``deadline_transport``
clamps every socket operation to it, so a server dripping a byte every few
seconds cannot reset a per-read timeout); the body is read as a stream,
inflated here and capped both on the wire and after inflation (gzip bombs,
endless bodies); at most ``MAX_REDIRECTS`` redirects, only to the same host
over https (plain http is allowed only to this computer's loopback address,
for the tests' local server); one title's tries and waits fit in
``TITLE_BUDGET``; and every failure is an ``OnlineError`` with a message, never
a traceback.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import email.utils
import ipaddress
import json
import os
import socket
import threading
import time
import urllib.request
import zlib
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import urlsplit

import httpcore
import httpx

from glossator import __version__
from glossator.core.kb.store import KBError

# Who we are, per the Wikimedia User-Agent policy: name/version (purpose; contact).
# Not yet a real address: replace with the project's public home before release (Wikimedia
# asks for a way to reach the operator); GLOSSATOR_CONTACT overrides it.
PROJECT_URL = "https://github.com/glossator/glossator"
ENV_CONTACT = "GLOSSATOR_CONTACT"

MIN_INTERVAL = 0.2  # seconds between two requests
MAX_RETRIES = 3
BACKOFF = 1.0  # first retry waits this long, then twice as long each time
MAX_WAIT = 15.0  # a longer Retry-After stops the run instead of blocking it
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
# One request (connect, headers and body, redirects included) ends within this...
REQUEST_DEADLINE = 15.0
# ...and one title (every try and every wait between tries) within this, so a
# hostile server costs at most this per title (issue 12 asks for 30 s).
TITLE_BUDGET = 20.0
# A real answer (a lead paragraph and up to 500 redirects) is under 200 KB; the cap
# holds on the wire and after inflation, and keeps parsed JSON well under 1 GB.
MAX_ANSWER_BYTES = 8 * 2**20
MAX_REDIRECTS = 5
# A Retry-After beyond this (10^400 seconds, the year 9999) is read as this.
MAX_RETRY_AFTER = 7 * 24 * 3600.0
REACH_TIMEOUT = 3.0  # the offline check (name look-up and connect) never takes longer
_SLICE = 0.1  # how often a wait looks at should_stop
_CHUNK = 64 * 1024


class OnlineError(KBError):
    """A problem talking to Wikipedia, with a message fit for the user."""


class OfflineError(OnlineError):
    """The network or the server cannot be reached at all: stop, do not retry."""


class RateLimitedError(OnlineError):
    """The server asked us to wait longer than we are willing to block."""


class FetchError(OnlineError):
    """One request failed (bad answer, persistent server error, timeout)."""


class FetchCancelled(OnlineError):
    """``should_stop`` asked to stop."""


def user_agent(contact: str | None = None) -> str:
    """The User-Agent Glossator sends (wikipedia-api appends its own name)."""
    contact = contact or os.environ.get(ENV_CONTACT) or PROJECT_URL
    return f"Glossator/{__version__} (desktop reading assistant; {contact})"


def parse_retry_after(value: str | None, now: dt.datetime | None = None) -> float | None:
    """Seconds to wait from a ``Retry-After`` header (seconds or HTTP date); None if unusable."""
    if not value:
        return None
    value = value.strip()
    if value.isascii() and value.isdigit():
        # 10^400 would be float infinity ("wait inf hours"): cap it.
        return MAX_RETRY_AFTER if len(value) > 12 else min(float(value), MAX_RETRY_AFTER)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return min(max(0.0, (when - now).total_seconds()), MAX_RETRY_AFTER)


def proxy_for(url: str) -> str | None:
    """The proxy httpx would use for ``url`` (it reads the same environment)."""
    parts = urlsplit(url)
    proxies = urllib.request.getproxies()
    if urllib.request.proxy_bypass(parts.hostname or ""):
        return None
    return proxies.get(parts.scheme) or proxies.get("all")


def check_reachable(url: str, timeout: float = REACH_TIMEOUT) -> None:
    """Raise ``OfflineError`` unless a TCP connection to ``url``'s host opens in time.

    Runs in a helper thread so a name look-up that hangs (an unreachable DNS
    server) cannot hold the caller beyond ``timeout``.
    """
    target = proxy_for(url) or url
    parts = urlsplit(target if "//" in target else f"http://{target}")
    host = parts.hostname or ""
    port = parts.port or (443 if parts.scheme == "https" else 80)
    outcome: list[BaseException | None] = []

    def probe() -> None:
        try:
            with socket.create_connection((host, port), timeout=timeout):
                outcome.append(None)
        except Exception as exc:  # reported to the caller below
            outcome.append(exc)

    thread = threading.Thread(target=probe, name="glossator-reach", daemon=True)
    thread.start()
    thread.join(timeout + 0.5)
    if not outcome:
        raise OfflineError(f"cannot reach {host}: no answer within {timeout:g} s")
    if outcome[0] is not None:
        raise OfflineError(f"cannot reach {host}: {_reason(outcome[0])}")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, socket.gaierror):
        return "the name cannot be looked up (no network or no DNS)"
    if isinstance(exc, ConnectionRefusedError):
        return "the connection was refused"
    if isinstance(exc, TimeoutError | socket.timeout):
        return "no answer (timed out)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc) or type(exc).__name__


def is_loopback(host: str) -> bool:
    """Whether ``host`` is this computer (127.0.0.0/8, ::1, localhost)."""
    host = host.strip("[]").lower()
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_endpoint(url: str) -> None:
    """Raise ``OnlineError`` unless ``url`` is https, or http to this computer.

    Plain http is allowed only on the loopback address, for the tests' local
    server: anywhere else it would let a network in the middle rewrite answers.
    """
    parts = urlsplit(url)
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    raise OnlineError(f"the Wikipedia API address must start with https:// (plain http only to "
                      f"this computer, for tests): {safe_text(url)[:200]}")


def redirect_refusal(origin: httpx.URL, target: httpx.URL) -> str | None:
    """Why a redirect from ``origin`` to ``target`` is not followed, or None to follow it.

    Only the same host and port, over https (http only between loopback
    addresses): a redirect elsewhere would send the whole query, and trust
    the answer of, a server we were not asked to use.
    """
    if target.host != origin.host or target.port != origin.port:
        return f"the server redirected to another host ({safe_text(target.host)[:100]})"
    if target.scheme == "https" or (target.scheme == origin.scheme == "http"
                                    and is_loopback(target.host)):
        return None
    return f"the server redirected to an insecure address ({target.scheme}://)"


def safe_text(text: object) -> str:
    r"""``text`` fit for a terminal: control characters shown as escapes, never obeyed.

    Titles, descriptions and messages come from servers and documents; an
    ESC in them could retitle the window or clear the screen. C0/C1 controls,
    DEL and bidirectional overrides become visible ``\x1b``-style escapes, lone
    surrogates U+FFFD; ordinary text, accents and emoji are unchanged.
    """
    value = str(text)
    if value.isprintable() and value.isascii():
        return value
    return "".join(_safe_char(c) for c in value)


_BIDI = frozenset("\u202a\u202b\u202c\u202d\u202e"
                  "\u2066\u2067\u2068\u2069")


def _safe_char(c: str) -> str:
    code = ord(c)
    if 0xD800 <= code <= 0xDFFF:
        return "\ufffd"
    if code < 0x20 or 0x7F <= code < 0xA0:
        return f"\\x{code:02x}"
    if c in _BIDI:
        return f"\\u{code:04x}"
    return c


# ------------------------------------------------------------ one deadline per request

_deadline = threading.local()  # .at: time.monotonic() by which the current request ends


@contextlib.contextmanager
def request_deadline(seconds: float) -> Iterator[float]:
    """Every socket operation of this thread's request ends by now + ``seconds``."""
    at = time.monotonic() + max(0.0, seconds)
    _deadline.at = at
    try:
        yield at
    finally:
        _deadline.at = None


def _clamped(timeout: float | None, expired: type[Exception]) -> float | None:
    at: float | None = getattr(_deadline, "at", None)
    if at is None:
        return timeout
    left = at - time.monotonic()
    if left <= 0:
        raise expired("the request's deadline has passed")
    return left if timeout is None else min(timeout, left)


class _DeadlineStream(httpcore.NetworkStream):
    """A socket whose every read and write ends by the request's deadline."""

    def __init__(self, inner: httpcore.NetworkStream) -> None:
        self._inner = inner

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, _clamped(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, _clamped(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context: Any, server_hostname: str | None = None,
                  timeout: float | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.start_tls(
            ssl_context, server_hostname, _clamped(timeout, httpcore.ConnectTimeout)))

    def get_extra_info(self, info: str) -> Any:
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's network backend, with ``_DeadlineStream`` sockets."""

    def __init__(self, inner: httpcore.NetworkBackend) -> None:
        self._inner = inner

    def connect_tcp(self, host: str, port: int, timeout: float | None = None,
                    local_address: str | None = None,
                    socket_options: Iterable[Any] | None = None) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_tcp(
            host, port, _clamped(timeout, httpcore.ConnectTimeout), local_address,
            socket_options))

    def connect_unix_socket(self, path: str, timeout: float | None = None,
                            socket_options: Iterable[Any] | None = None
                            ) -> httpcore.NetworkStream:
        return _DeadlineStream(self._inner.connect_unix_socket(
            path, _clamped(timeout, httpcore.ConnectTimeout), socket_options))

    def sleep(self, seconds: float) -> None:
        self._inner.sleep(seconds)


def deadline_transport(proxy: str | None = None) -> httpx.HTTPTransport:
    """An ``httpx.HTTPTransport`` (through ``proxy``) that obeys ``request_deadline``.

    httpx's time-outs are per socket operation, so a server sending a byte
    every 5 s never times out; httpx has no overall deadline nor a public hook
    for the network backend, hence the wrap of its connection pool's backend.
    """
    transport = httpx.HTTPTransport(proxy=proxy)
    pool = getattr(transport, "_pool", None)
    backend = getattr(pool, "_network_backend", None)
    if backend is None:  # a newer httpx or httpcore moved it: fail loudly in the tests
        raise RuntimeError("cannot install the request deadline in this httpx version")
    pool._network_backend = _DeadlineBackend(backend)  # type: ignore[union-attr]
    return transport


class PoliteHttp:
    """GET JSON one request at a time, politely and guardedly; the errors above on failure."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        min_interval: float = MIN_INTERVAL,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF,
        max_wait: float = MAX_WAIT,
        deadline: float = REQUEST_DEADLINE,
        budget: float = TITLE_BUDGET,
        max_bytes: int = MAX_ANSWER_BYTES,
        max_redirects: int = MAX_REDIRECTS,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.client = client
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.deadline = deadline
        self.budget = budget
        self.max_bytes = max_bytes
        self.max_redirects = max_redirects
        self.should_stop = should_stop
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0  # sent so far, redirects included (for reports and tests)

    def wait(self, seconds: float) -> None:
        """Sleep ``seconds`` in slices, raising ``FetchCancelled`` if asked to stop."""
        end = self._clock() + seconds
        while True:
            if self.should_stop and self.should_stop():
                raise FetchCancelled("Stopped.")
            left = end - self._clock()
            if left <= 0:
                return
            self._sleep(min(left, _SLICE) if self.should_stop else left)

    def _take_turn(self) -> None:
        if self._last is not None:
            gap = self.min_interval - (self._clock() - self._last)
            if gap > 0:
                self.wait(gap)
        elif self.should_stop and self.should_stop():
            raise FetchCancelled("Stopped.")
        self._last = self._clock()

    def get_json(self, url: str, params: Mapping[str, Any]) -> dict[str, Any]:
        """The JSON object answered to GET ``url?params``, after polite retries.

        Tries, redirects and the waits between them all end within ``budget``
        seconds; a wait that would overrun it ends the tries at once.
        """
        check_endpoint(url)
        ends = self._clock() + self.budget
        failure: OnlineError = FetchError("no request was made")
        tries = 0
        for attempt in range(self.max_retries + 1):
            if attempt:
                delay = self._delay_for(failure, attempt)
                if self._clock() + delay >= ends:
                    if isinstance(failure, _RetryLater) and failure.delay:
                        raise RateLimitedError(f"Wikipedia asks to wait {_duration(delay)} "
                                               "before more requests")
                    break
                self.wait(delay)
            tries += 1
            try:
                return self._attempt(url, params, min(self.deadline, ends - self._clock()))
            except _Retry as retry:
                failure = retry.failure
        if isinstance(failure, _RetryLater):
            raise RateLimitedError(f"{failure} and still was after {_tries(tries)}")
        raise FetchError(f"{failure} ({_tries(tries)})") from failure.__cause__

    def _attempt(self, url: str, params: Mapping[str, Any], seconds: float) -> dict[str, Any]:
        """One try: the request, its redirects and its body, within ``seconds``."""
        host = urlsplit(url).hostname
        with request_deadline(seconds) as at:
            try:
                request = self.client.build_request(
                    "GET", url, params=dict(params),
                    # Only gzip, inflated here under the cap (not br/zstd, not by httpx).
                    headers={"Accept-Encoding": "gzip"})
                for _hop in range(self.max_redirects + 1):
                    self._take_turn()
                    self.requests += 1
                    response = self.client.send(request, stream=True, follow_redirects=False)
                    try:
                        if response.next_request is None:
                            return self._answer(response, at)
                        refusal = redirect_refusal(request.url, response.next_request.url)
                        if refusal:
                            raise FetchError(f"{refusal}; not followed")
                        request = response.next_request
                    finally:
                        response.close()
                raise FetchError(f"the server redirected more than {self.max_redirects} times "
                                 "(a redirect loop?)")
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                if time.monotonic() >= at:
                    raise _Retry(FetchError(self._late()), exc) from exc
                raise OfflineError(f"cannot reach {host}: {_reason(_root(exc))}") from exc
            except httpx.TimeoutException as exc:
                late = time.monotonic() >= at
                raise _Retry(FetchError(self._late() if late else
                                        f"no answer within {_timeout_of(self.client)} "
                                        "(timed out)"), exc) from exc
            except httpx.TransportError as exc:
                raise _Retry(FetchError(f"the connection broke ({type(exc).__name__})"),
                             exc) from exc
            except (httpx.HTTPError, httpx.InvalidURL, httpx.StreamError) as exc:
                raise FetchError(f"the answer cannot be read ({type(exc).__name__}: "
                                 f"{safe_text(exc)[:100]})") from exc
            except UnicodeError as exc:  # a lone surrogate cannot be sent
                raise FetchError("the title holds characters that cannot be sent") from exc

    def _answer(self, response: httpx.Response, at: float) -> dict[str, Any]:
        """The JSON of a final (not redirecting) response, or why there is none."""
        status = response.status_code
        if status == 429 or (status == 503 and "retry-after" in response.headers):
            delay = parse_retry_after(response.headers.get("retry-after"))
            if delay is not None and delay > self.max_wait:
                raise RateLimitedError(
                    f"Wikipedia asks to wait {_duration(delay)} before more requests"
                )
            raise _Retry(_RetryLater(f"Wikipedia is busy (HTTP {status})", delay))
        if status >= 500:
            raise _Retry(FetchError(f"server error (HTTP {status})"))
        if status != 200:
            raise FetchError(f"the server refused the request (HTTP {status})")
        data = _json_object(self._body(response, at), response.headers.get("content-type", ""))
        error = data.get("error")
        if isinstance(error, Mapping):
            code = _short(error.get("code"))
            if code in ("maxlag", "ratelimited", "readonly"):
                delay = parse_retry_after(response.headers.get("retry-after"))
                raise _Retry(_RetryLater(f"Wikipedia is busy ({code})", delay))
            raise FetchError(f"Wikipedia refused the query: {_short(error.get('info')) or code}")
        return data

    def _body(self, response: httpx.Response, at: float) -> bytes:
        """The body, inflated, within the deadline and ``max_bytes`` (on the wire and after)."""
        cap = self.max_bytes
        length = response.headers.get("content-length", "").strip()
        if length.isascii() and length.isdigit() and int(length) > cap:
            raise FetchError(_too_large(cap))
        inflate = _inflater(response.headers.get("content-encoding", ""))
        body = bytearray()
        wire = 0
        for chunk in response.iter_raw(_CHUNK):
            wire += len(chunk)
            if wire > cap:
                raise FetchError(_too_large(cap))
            if inflate is None:
                body += chunk
            else:
                _inflate_into(inflate, chunk, body, cap)
            if len(body) > cap:
                raise FetchError(_too_large(cap))
            if time.monotonic() > at:  # the sockets obey it too; this covers other transports
                raise httpx.ReadTimeout("the request's deadline has passed")
        if inflate is not None and not inflate.eof:
            raise FetchError("the compressed answer is cut short or damaged")
        return bytes(body)

    def _late(self) -> str:
        return (f"no complete answer in time (the server is too slow; at most "
                f"{self.deadline:g} s a request, {self.budget:g} s a title)")

    def _delay_for(self, failure: OnlineError, attempt: int) -> float:
        if isinstance(failure, _RetryLater) and failure.delay is not None:
            return min(failure.delay, self.max_wait)
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


class _RetryLater(OnlineError):
    """Told to come back later, maybe after ``delay`` seconds."""

    def __init__(self, message: str, delay: float | None) -> None:
        super().__init__(message)
        self.delay = delay


class _Retry(Exception):  # a signal inside PoliteHttp, never seen outside
    """This try failed in a way worth another: ``failure`` says how."""

    def __init__(self, failure: OnlineError, cause: BaseException | None = None) -> None:
        super().__init__(str(failure))
        failure.__cause__ = cause
        self.failure = failure


def _inflater(encoding: str) -> Any:
    """A zlib decompressor for ``Content-Encoding``, None for identity; FetchError otherwise."""
    encoding = encoding.strip().lower()
    if encoding in ("", "identity"):
        return None
    if encoding in ("gzip", "x-gzip", "deflate"):
        return zlib.decompressobj(zlib.MAX_WBITS | 32)  # gzip or zlib header, detected
    raise FetchError(f"the answer is compressed in a way Glossator does not read "
                     f"({safe_text(encoding)[:40]})")


def _inflate_into(inflate: Any, data: bytes, body: bytearray, cap: int) -> None:
    """Inflate ``data`` onto ``body``, never producing much more than ``cap`` bytes in all."""
    try:
        while data and not inflate.eof:
            # max_length bounds each step's output, so a bomb never inflates whole.
            body += inflate.decompress(data, max(1, cap + 1 - len(body)))
            if len(body) > cap:
                return
            data = inflate.unconsumed_tail
    except zlib.error as exc:
        raise FetchError(f"the compressed answer is damaged ({exc})") from None


def _json_object(body: bytes, kind: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except RecursionError:
        raise FetchError("the answer is JSON nested too deeply to be Wikipedia data") from None
    except ValueError:  # not JSON, or not UTF-8 (UnicodeDecodeError is a ValueError)
        head = body[:60].decode("utf-8", "replace").strip()
        what = "a web page" if "html" in kind or head.lower().startswith(("<!doctype", "<html"))\
            else "not JSON"
        raise FetchError(
            f"the answer is {what}, not Wikipedia data (a network login page or a broken "
            f"proxy?): {head[:40]!r}"
        ) from None
    if not isinstance(data, dict):
        raise FetchError("the answer is JSON but not Wikipedia data")
    return data


def _short(value: object, limit: int = 200) -> str:
    """A server's text for a message: a string only, safe and short."""
    return safe_text(value)[:limit] if isinstance(value, str) else ""


def _too_large(cap: int) -> str:
    return f"the answer is larger than {cap / 2**20:g} MB, too large to be a page summary"


def _tries(count: int) -> str:
    return "1 try" if count == 1 else f"{count} tries"


def _root(exc: BaseException) -> BaseException:
    """The innermost cause (the socket error under httpx's and httpcore's wrappers)."""
    for _ in range(10):
        inner = exc.__cause__ or exc.__context__
        if inner is None:
            break
        exc = inner
    return exc


def _timeout_of(client: httpx.Client) -> str:
    read = client.timeout.read
    return f"{read:g} s" if read else "the time limit"


def _duration(seconds: float) -> str:
    if seconds < 120:
        return f"{seconds:.0f} s"
    if seconds < 7200:
        return f"{seconds / 60:.0f} minutes"
    if seconds < 48 * 3600:
        return f"{seconds / 3600:.1f} hours"
    return "more than two days"
