"""Polite HTTP for the online fill: rate limit, bounded retries, Retry-After, offline check.

Wikipedia asks API clients to identify themselves, to send one request at a
time and to back off when told to. ``PoliteHttp`` does this around an
``httpx.Client``: a minimum interval between requests, retries with
exponential backoff for server errors and timeouts, ``Retry-After`` honoured
(seconds or an HTTP date, capped), and no retry loop on a dead network: a
connection that cannot be made means "offline", at once. Every wait is cut in
slices so a ``should_stop`` callable (the GUI's Cancel) is obeyed promptly.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import os
import socket
import threading
import time
import urllib.request
from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import urlsplit

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
MAX_WAIT = 30.0  # a longer Retry-After stops the run instead of blocking it
CONNECT_TIMEOUT = 5.0
READ_TIMEOUT = 15.0
REACH_TIMEOUT = 3.0  # the offline check (name look-up and connect) never takes longer
_SLICE = 0.1  # how often a wait looks at should_stop


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
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    if when is None:
        return None
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    now = now or dt.datetime.now(dt.UTC)
    return max(0.0, (when - now).total_seconds())


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


class PoliteHttp:
    """GET JSON one request at a time, politely; the errors above on failure."""

    def __init__(
        self,
        client: httpx.Client,
        *,
        min_interval: float = MIN_INTERVAL,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF,
        max_wait: float = MAX_WAIT,
        sleep: Callable[[float], None] = time.sleep,
        clock: Callable[[], float] = time.monotonic,
        should_stop: Callable[[], bool] | None = None,
    ) -> None:
        self.client = client
        self.min_interval = min_interval
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_wait = max_wait
        self.should_stop = should_stop
        self._sleep = sleep
        self._clock = clock
        self._last: float | None = None
        self.requests = 0  # sent so far (for reports and tests)

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
        """The JSON object answered to GET ``url?params``, after polite retries."""
        failure: OnlineError = FetchError("no request was made")
        for attempt in range(self.max_retries + 1):
            if attempt:
                self.wait(self._delay_for(failure, attempt))
            self._take_turn()
            self.requests += 1
            try:
                response = self.client.get(url, params=dict(params))
            except (httpx.ConnectError, httpx.ConnectTimeout, httpx.UnsupportedProtocol) as exc:
                raise OfflineError(f"cannot reach {urlsplit(url).hostname}: "
                                   f"{_reason(_root(exc))}") from exc
            except httpx.TimeoutException as exc:
                failure = FetchError(f"no answer within {_timeout_of(self.client)} (timed out)")
                failure.__cause__ = exc
                continue
            except httpx.TransportError as exc:
                failure = FetchError(f"the connection broke ({type(exc).__name__})")
                failure.__cause__ = exc
                continue
            status = response.status_code
            if status == 429 or (status == 503 and "retry-after" in response.headers):
                delay = parse_retry_after(response.headers.get("retry-after"))
                if delay is not None and delay > self.max_wait:
                    raise RateLimitedError(
                        f"Wikipedia asks to wait {_duration(delay)} before more requests"
                    )
                failure = _RetryLater(f"Wikipedia is busy (HTTP {status})", delay)
                continue
            if status >= 500:
                failure = FetchError(f"server error (HTTP {status})")
                continue
            if status != 200:
                raise FetchError(f"the server refused the request (HTTP {status})")
            data = _json_object(response)
            error = data.get("error")
            if isinstance(error, Mapping):
                code = str(error.get("code", ""))
                if code in ("maxlag", "ratelimited", "readonly"):
                    delay = parse_retry_after(response.headers.get("retry-after"))
                    failure = _RetryLater(f"Wikipedia is busy ({code})", delay)
                    continue
                raise FetchError(f"Wikipedia refused the query: {error.get('info') or code}")
            return data
        if isinstance(failure, _RetryLater):
            raise RateLimitedError(
                f"{failure} and still was after {self.max_retries + 1} tries"
            )
        raise FetchError(f"{failure} ({self.max_retries + 1} tries)") from failure.__cause__

    def _delay_for(self, failure: OnlineError, attempt: int) -> float:
        if isinstance(failure, _RetryLater) and failure.delay is not None:
            return min(failure.delay, self.max_wait)
        return min(self.backoff * 2 ** (attempt - 1), self.max_wait)


class _RetryLater(OnlineError):
    """Told to come back later, maybe after ``delay`` seconds."""

    def __init__(self, message: str, delay: float | None) -> None:
        super().__init__(message)
        self.delay = delay


def _json_object(response: httpx.Response) -> dict[str, Any]:
    kind = response.headers.get("content-type", "")
    try:
        data = response.json()
    except ValueError:
        head = response.content[:60].decode("utf-8", "replace").strip()
        what = "a web page" if "html" in kind or head.lower().startswith(("<!doctype", "<html"))\
            else "not JSON"
        raise FetchError(
            f"the answer is {what}, not Wikipedia data (a network login page or a broken "
            f"proxy?): {head[:40]!r}"
        ) from None
    if not isinstance(data, dict):
        raise FetchError("the answer is JSON but not Wikipedia data")
    return data


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
    return f"{seconds / 3600:.1f} hours"
