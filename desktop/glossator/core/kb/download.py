r"""Download a Kiwix ZIM: resumable, checked, cancellable, bounded (issue 14, item 5).

``ZimDownload`` fetches one ``.zim`` file over HTTPS into a folder:

* **resumable**: bytes go to ``NAME.zim.part``; a new start (after a kill, a
  cancel or a network drop) asks for the rest with an HTTP ``Range`` (and
  ``If-Range`` with the server's ETag or date, kept in ``NAME.zim.part.json``),
  and starts over only when the server cannot send a part or the file changed;
  a broken connection is retried a few times, from where it broke;
* **stepwise**: ``step(seconds)`` downloads for about that long and returns, so
  the GUI's worker thread can answer look-ups between steps; ``run()`` loops;
* **cancellable**: ``should_stop`` is read between chunks (the ``.part`` is kept);
* **checked**: the first bytes must be the ZIM magic number 0x044D495A
  (``ZIM\x04``), or the file is refused (a login page, an error page, a
  .meta4); a SHA-256 or MD5 given (or found in the catalogue's metalink) must
  match, or the file is deleted;
* **bounded**: the free space is checked against ``Content-Length`` before the
  first byte is written, and kept above ``DISK_RESERVE`` while writing; the
  body may not exceed the announced length;
* **guarded**: the headers arrive within ``HEADERS_DEADLINE`` (one deadline for
  connect and headers, ``online_http.request_deadline``); the body stalls
  for at most ``STALL_TIMEOUT`` (less than ``MIN_RATE`` bytes a second over that
  long is a stall, so a server dripping a byte at a time cannot hold it);
  redirects (mirrors) only to https, at most ``MAX_REDIRECTS``; plain http only
  to this computer's loopback address, for the tests.

Every failure is a ``DownloadError`` whose message says what happened and what
to do. The Kiwix catalogue (OPDS) is read by ``catalogue_entry``: the file's
address, size and checksum (from its ``.meta4``). No Qt here.
"""

from __future__ import annotations

import contextlib
import errno
import hashlib
import json
import os
import shutil
import time
import xml.etree.ElementTree as ET
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlencode, urljoin, urlsplit

import httpx

from glossator.core.kb.online_http import (
    OnlineError,
    _reason,
    _root,
    deadline_transport,
    is_loopback,
    proxy_for,
    request_deadline,
    safe_text,
    user_agent,
)

ZIM_MAGIC = b"ZIM\x04"  # 0x044D495A, little-endian
# The Kiwix library's catalogue (OPDS); a setting in the app, an argument here.
DEFAULT_CATALOGUE = "https://library.kiwix.org/catalog/v2/entries"
HEADERS_DEADLINE = 30.0  # connect, TLS, request and response headers
STALL_TIMEOUT = 60.0  # the body may not stall (or drip) longer than this
MIN_RATE = 1024  # bytes per second over STALL_TIMEOUT, or it is a stall
DISK_RESERVE = 256 * 2**20  # never fill the disk beyond this much left free
MAX_REDIRECTS = 8
MAX_RETRIES = 4  # a broken connection is resumed this many times in a row
BACKOFF = 2.0
MAX_META_BYTES = 4 * 2**20  # a catalogue page or a .meta4
_CHUNK = 256 * 1024
_SPACE_CHECK = 64 * 2**20  # look at the free space again after this many bytes


class DownloadError(OnlineError):
    """A download that failed, with a message fit for the user."""


class DownloadCancelled(DownloadError):
    """``should_stop`` asked to stop; the ``.part`` file is kept for a resume."""


class ChecksumMismatch(DownloadError):
    """The finished file is not the one the checksum describes (it is deleted)."""


class NotAZim(DownloadError):
    """The server sent something else than a ZIM file (nothing is kept)."""


class DiskFull(DownloadError):
    """Not enough free space (the ``.part`` is kept: free space, then resume)."""


@dataclass
class DownloadProgress:
    """How far a download got: bytes on disk, bytes in all (0 if unknown)."""

    done: int
    total: int
    rate: float = 0.0  # bytes a second, lately
    resumed_from: int = 0

    def line(self) -> str:
        """``1.2 GB of 11.0 GB (11%), 4.5 MB/s``."""
        have = _size(self.done)
        if self.total:
            text = f"{have} of {_size(self.total)} ({100 * self.done / self.total:.0f}%)"
        else:
            text = have
        return text + (f", {_size(self.rate)}/s" if self.rate > 0 else "")


def _size(n: float) -> str:
    for unit, scale in (("GB", 1e9), ("MB", 1e6), ("KB", 1e3)):
        if n >= scale:
            return f"{n / scale:.1f} {unit}"
    return f"{n:.0f} bytes"


def check_url(url: str) -> None:
    """Refuse an address that is not https (plain http only to this computer, for tests)."""
    parts = urlsplit(url.strip())
    if parts.scheme == "https" and parts.hostname:
        return
    if parts.scheme == "http" and parts.hostname and is_loopback(parts.hostname):
        return
    raise DownloadError(f"The address must start with https:// : {safe_text(url)[:200]}")


def file_name_for(url: str) -> str:
    """The file's name from its address (a ``.meta4`` or ``.torrent`` suffix dropped)."""
    name = unquote(urlsplit(url).path.rsplit("/", 1)[-1])
    for suffix in (".meta4", ".torrent", ".magnet"):
        name = name.removesuffix(suffix)
    name = "".join(c for c in name if c.isalnum() or c in "._-+")[:200].lstrip(".")
    if not name:
        raise DownloadError(f"The address does not name a file: {safe_text(url)[:200]}")
    if not name.lower().endswith(".zim"):
        name += ".zim"
    return name


def free_space(folder: Path) -> int:
    """Bytes free on the disk of ``folder``."""
    return shutil.disk_usage(folder).free


def new_client(timeout: float = STALL_TIMEOUT) -> httpx.Client:
    """An HTTP client for downloads: our User-Agent, the deadline transport, the proxy."""
    return httpx.Client(
        headers={"User-Agent": user_agent(), "Accept-Encoding": "identity"},
        timeout=httpx.Timeout(timeout, connect=min(timeout, 15.0)),
        transport=deadline_transport(proxy_for(DEFAULT_CATALOGUE)),
        follow_redirects=False,
    )


class ZimDownload:
    """One ZIM downloaded into ``folder``: ``step()`` until ``finished``, or ``run()``."""

    def __init__(
        self,
        url: str,
        folder: str | os.PathLike[str],
        *,
        sha256: str | None = None,
        md5: str | None = None,
        name: str | None = None,
        client: httpx.Client | None = None,
        should_stop: Callable[[], bool] | None = None,
        headers_deadline: float = HEADERS_DEADLINE,
        stall_timeout: float = STALL_TIMEOUT,
        min_rate: int = MIN_RATE,
        reserve: int = DISK_RESERVE,
        max_retries: int = MAX_RETRIES,
        backoff: float = BACKOFF,
        sleep: Callable[[float], None] = time.sleep,
    ) -> None:
        self.url = url.strip()
        check_url(self.url)
        self.folder = Path(folder)
        self.name = file_name_for(name or self.url)
        self.path = self.folder / self.name
        self.part = self.folder / (self.name + ".part")
        self.state_file = self.folder / (self.name + ".part.json")
        self.sha256 = _hex(sha256, 64, "SHA-256")
        self.md5 = _hex(md5, 32, "MD5")
        self._own_client = client is None
        self.client = client or new_client(stall_timeout)
        self.should_stop = should_stop
        self.headers_deadline = headers_deadline
        self.stall_timeout = stall_timeout
        self.min_rate = min_rate
        self.reserve = reserve
        self.max_retries = max_retries
        self.backoff = backoff
        self._sleep = sleep
        self.finished = False
        self.progress = DownloadProgress(0, 0)
        self._response: httpx.Response | None = None
        self._chunks: Iterator[bytes] | None = None
        self._out: Any = None
        self._hash: Any = None
        self._checked_magic = False
        self._pending = b""  # the first bytes, until there are enough to check the magic
        self._retries = 0
        self._connected = False
        self._high = 0  # the most bytes on disk when a connection broke
        self._window: tuple[float, int] = (0.0, 0)
        self._space_at = 0
        self._rates: list[tuple[float, int]] = []

    # ---------------------------------------------------------------- public

    def __enter__(self) -> ZimDownload:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        """Close the connection and the ``.part`` file (kept for a resume)."""
        self._drop_response()
        if self._own_client:
            self.client.close()

    def run(self, progress: Callable[[DownloadProgress], None] | None = None) -> Path:
        """Download to the end; return the finished file's path."""
        while not self.finished:
            p = self.step()
            if progress is not None:
                progress(p)
        return self.path

    def step(self, seconds: float = 0.25) -> DownloadProgress:
        """Download for about ``seconds``; set ``finished`` and return the progress."""
        if self.finished:
            return self.progress
        end = time.monotonic() + seconds
        try:
            if self._response is None:
                if self._already_there():
                    return self.progress
                self._open()
            while time.monotonic() < end:
                if self.should_stop and self.should_stop():
                    raise DownloadCancelled(f"Stopped at {self.progress.line()}; starting the "
                                            "same download again goes on from there.")
                try:
                    chunk = next(self._chunks)  # type: ignore[arg-type]
                except StopIteration:
                    self._end_of_body()
                    break
                except httpx.TimeoutException as exc:
                    raise _Broken(f"The server stopped sending (nothing for "
                                  f"{self.stall_timeout:g} s)") from exc
                except (httpx.TransportError, httpx.StreamError) as exc:
                    raise _Broken(f"The connection broke at {self.progress.line()} "
                                  f"({type(exc).__name__})") from exc
                self._write(chunk)
        except _Broken as broken:
            self._drop_response()
            self._high = max(self._high, self.progress.done)
            self._retries += 1
            if self._retries > self.max_retries:
                raise DownloadError(f"{broken} ({self.max_retries} resumes did not help; "
                                    f"{self.progress.line()} are kept: try again later to go on)"
                                    ) from broken.__cause__
            self._wait(self.backoff * 2 ** (self._retries - 1))
        except DownloadError:
            self._drop_response()
            raise
        return self.progress

    # ------------------------------------------------------------- the parts

    def _already_there(self) -> bool:
        if not self.path.exists():
            return False
        with self.path.open("rb") as fh:
            if fh.read(4) != ZIM_MAGIC:
                raise DownloadError(f"{self.path} exists and is not a ZIM file: move it away "
                                    "first.")
        size = self.path.stat().st_size
        self.progress = DownloadProgress(size, size)
        self.finished = True
        return True

    def _open(self) -> None:
        """Send the request (with a Range if a part is there) and read the headers."""
        self.folder.mkdir(parents=True, exist_ok=True)
        have = self.part.stat().st_size if self.part.exists() else 0
        state = self._state() if have else {}
        if have and state.get("url") != self.url:
            have, state = 0, {}  # another address's part: start over
        headers = {}
        if have:
            headers["Range"] = f"bytes={have}-"
            validator = state.get("etag") or state.get("last_modified")
            if validator:
                headers["If-Range"] = validator
        response = self._send(headers)
        status = response.status_code
        total = _int(response.headers.get("content-length"))
        if status == 416 and have and state.get("total") == have:
            response.close()  # all of it was there already
            self._begin(have, have, state, resume=True)
            self._chunks = iter(())
            self._response = response
            return
        if status == 206 and have:
            start, full = _content_range(response.headers.get("content-range", ""))
            if start != have:
                response.close()
                raise _Broken("the server sent another part than asked for")
            self._response = response
            self._begin(have, full or (have + (total or 0)), state, resume=True)
        elif status == 200:
            self._response = response
            self._begin(0, total or 0, {}, resume=False)
        else:
            response.close()
            raise DownloadError(_status_message(status, self.url))
        self._save_state(response)
        self._chunks = response.iter_raw()  # each read as it comes (no batching)

    def _send(self, headers: dict[str, str]) -> httpx.Response:
        url = self.url
        host = urlsplit(url).hostname or "the server"
        try:
            with request_deadline(self.headers_deadline):
                for _hop in range(MAX_REDIRECTS + 1):
                    request = self.client.build_request("GET", url, headers=headers)
                    response = self.client.send(request, stream=True, follow_redirects=False)
                    self._connected = True
                    if not response.is_redirect:
                        return response
                    response.close()
                    target = urljoin(url, response.headers.get("location", ""))
                    try:
                        check_url(target)
                    except DownloadError:
                        raise DownloadError(f"The server sent the download to an insecure "
                                            f"address ({safe_text(target)[:120]}); refused."
                                            ) from None
                    if urlsplit(url).scheme == "https" and urlsplit(target).scheme != "https":
                        raise DownloadError("The server sent the download from https to http;"
                                            " refused.")
                    url, host = target, urlsplit(target).hostname or host
                raise DownloadError(f"The server redirected more than {MAX_REDIRECTS} times "
                                    "(a redirect loop?).")
        except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
            message = f"Cannot reach {safe_text(host)}: {_reason(_root(exc))}"
            if not self._connected:  # offline or a wrong address: say so at once
                raise DownloadError(message + ".") from exc
            raise _Broken(message) from exc
        except httpx.TimeoutException as exc:
            if not self._connected:
                raise DownloadError(f"{safe_text(host)} did not answer within "
                                    f"{self.headers_deadline:g} s (timed out).") from exc
            raise _Broken(f"{safe_text(host)} did not answer within "
                          f"{self.headers_deadline:g} s (timed out)") from exc
        except httpx.TransportError as exc:
            raise _Broken(f"The connection to {safe_text(host)} broke "
                          f"({type(exc).__name__})") from exc
        except httpx.HTTPError as exc:
            raise DownloadError(f"The answer cannot be read ({type(exc).__name__})") from exc

    def _begin(self, have: int, total: int, state: dict[str, Any], *, resume: bool) -> None:
        """Open the part for writing (appending on a resume) and check the free space."""
        need = max(0, total - have)
        free = free_space(self.folder)
        if total and need + self.reserve > free:
            raise DiskFull(f"Not enough free disk space for {self.name}: it needs "
                           f"{_size(need)} more and {_size(free)} is free on {self.folder} "
                           f"(and {_size(self.reserve)} is kept free). Free some space or "
                           "choose another folder, then start again.")
        self._hash = {"sha256": hashlib.sha256(), "md5": hashlib.md5(usedforsecurity=False)}
        if resume and have:
            with self.part.open("rb") as fh:
                head = fh.read(4)
                if head != ZIM_MAGIC:
                    self._discard()
                    raise NotAZim(self._not_zim(head, ""))
                self._update_hash(head)
                # The checksum covers the whole file: hash what is there (only if asked).
                while (self.sha256 or self.md5) and (block := fh.read(4 * 2**20)):
                    self._update_hash(block)
            self._checked_magic = True
        else:
            self._checked_magic = False
        self._pending = b""
        self._out = self.part.open("ab" if resume and have else "wb")
        self.progress = DownloadProgress(have, total, resumed_from=have)
        self._window = (time.monotonic(), have)
        self._space_at = have
        self._rates = [(time.monotonic(), have)]

    def _write(self, chunk: bytes) -> None:
        if not chunk:
            return
        if not self._checked_magic:
            chunk = self._pending + chunk
            if len(chunk) < len(ZIM_MAGIC):  # too few bytes to tell yet
                self._pending = chunk
                return
            self._pending = b""
            ctype = self._response.headers.get("content-type", "") if self._response else ""
            if chunk[:4] != ZIM_MAGIC:
                self._drop_response()
                self._discard()
                raise NotAZim(self._not_zim(chunk[:4], ctype))
            self._checked_magic = True
        p = self.progress
        if p.total and p.done + len(chunk) > p.total:
            self._drop_response()
            raise DownloadError(f"The server sent more than the {_size(p.total)} it announced;"
                                " stopped.")
        try:
            self._out.write(chunk)
        except OSError as exc:
            self._drop_response()
            if exc.errno in (errno.ENOSPC, errno.EDQUOT):
                raise DiskFull(f"The disk is full ({self.folder}); {p.line()} are kept. Free "
                               "some space, then start again to go on.") from exc
            raise DownloadError(f"Cannot write {self.part}: {exc.strerror or exc}") from exc
        self._update_hash(chunk)
        p.done += len(chunk)
        now = time.monotonic()
        self._rates.append((now, p.done))
        self._rates = [r for r in self._rates if now - r[0] <= 5.0] or [(now, p.done)]
        t0, d0 = self._rates[0]
        p.rate = (p.done - d0) / (now - t0) if now > t0 else 0.0
        self._check_pace(now)
        if p.done - self._space_at >= _SPACE_CHECK:
            self._space_at = p.done
            if free_space(self.folder) < self.reserve:
                self._drop_response()
                raise DiskFull(f"The disk is almost full ({self.folder}); stopped with "
                               f"{_size(self.reserve)} left free. {p.line()} are kept.")
        if p.done > self._high:  # new bytes since the last break: the resumes help
            self._retries = 0

    def _check_pace(self, now: float) -> None:
        """A stall: less than ``min_rate`` bytes a second over ``stall_timeout`` seconds."""
        start, at = self._window
        if now - start < self.stall_timeout:
            return
        if self.progress.done - at < self.min_rate * self.stall_timeout:
            raise _Broken(f"The server sends too slowly (less than {_size(self.min_rate)}/s "
                          f"for {self.stall_timeout:g} s)")
        self._window = (now, self.progress.done)

    def _end_of_body(self) -> None:
        p = self.progress
        self._out.flush()
        if p.total and p.done < p.total:
            raise _Broken(f"The connection ended at {p.line()}")
        if not self._checked_magic:
            self._drop_response()
            self._discard()
            raise NotAZim(self._not_zim(self._pending, ""))
        self._drop_response()
        self._verify()
        os.replace(self.part, self.path)
        with contextlib.suppress(OSError):
            self.state_file.unlink()
        p.total = p.done
        self.finished = True

    def _verify(self) -> None:
        for kind, want in (("sha256", self.sha256), ("md5", self.md5)):
            if not want:
                continue
            got = self._hash[kind].hexdigest()
            if got != want:
                self._discard()
                label = "SHA-256" if kind == "sha256" else "MD5"
                raise ChecksumMismatch(
                    f"The downloaded file is damaged or not the expected one: its {label} is "
                    f"{got}, the catalogue says {want}. It was deleted; try again (another "
                    "mirror may be chosen).")

    # ------------------------------------------------------------- helpers

    def _update_hash(self, data: bytes) -> None:
        if self.sha256:
            self._hash["sha256"].update(data)
        if self.md5:
            self._hash["md5"].update(data)

    def _not_zim(self, head: bytes, ctype: str) -> str:
        what = ("a web page" if "html" in ctype.lower() or head.lstrip()[:1] == b"<"
                else "empty" if not head else "another kind of file")
        return (f"{self.url} is not a Kiwix ZIM file (the server sent {what}; a ZIM starts "
                "with ZIM\\x04). Give the address of a .zim file; nothing was kept.")

    def _state(self) -> dict[str, Any]:
        try:
            data = json.loads(self.state_file.read_text("utf-8"))
        except (OSError, ValueError):
            return {}
        return data if isinstance(data, dict) else {}

    def _save_state(self, response: httpx.Response) -> None:
        data = {"url": self.url, "total": self.progress.total,
                "etag": response.headers.get("etag", ""),
                "last_modified": response.headers.get("last-modified", "")}
        if data["etag"].startswith("W/"):
            data["etag"] = ""  # a weak ETag cannot be used with If-Range
        with contextlib.suppress(OSError):
            self.state_file.write_text(json.dumps(data), "utf-8")

    def _discard(self) -> None:
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None
        for f in (self.part, self.state_file):
            with contextlib.suppress(OSError):
                f.unlink()

    def _drop_response(self) -> None:
        if self._response is not None:
            with contextlib.suppress(Exception):
                self._response.close()
        self._response = None
        self._chunks = None
        if self._out is not None:
            with contextlib.suppress(OSError):
                self._out.close()
            self._out = None

    def _wait(self, seconds: float) -> None:
        end = time.monotonic() + seconds
        while (left := end - time.monotonic()) > 0:
            if self.should_stop and self.should_stop():
                raise DownloadCancelled(f"Stopped at {self.progress.line()}; starting the "
                                        "same download again goes on from there.")
            self._sleep(min(left, 0.1))


class _Broken(DownloadError):
    """A network failure worth a resume (inside ``ZimDownload`` only)."""


def download_zim(url: str, folder: str | os.PathLike[str], *,
                 progress: Callable[[DownloadProgress], None] | None = None,
                 **kwargs: Any) -> Path:
    """Download the ZIM at ``url`` into ``folder`` (see ``ZimDownload``); its path."""
    with ZimDownload(url, folder, **kwargs) as job:
        return job.run(progress)


def _hex(value: str | None, length: int, label: str) -> str:
    value = (value or "").strip().lower()
    if value and (len(value) != length or any(c not in "0123456789abcdef" for c in value)):
        raise DownloadError(f"That is not a {label} checksum ({length} hexadecimal digits).")
    return value


def _int(value: str | None) -> int | None:
    value = (value or "").strip()
    return int(value) if value.isascii() and value.isdigit() else None


def _content_range(value: str) -> tuple[int | None, int | None]:
    """``bytes 100-199/1000`` → (100, 1000)."""
    try:
        _unit, rest = value.strip().split(" ", 1)
        span, full = rest.split("/", 1)
        start = int(span.split("-", 1)[0])
        return start, (int(full) if full.strip().isdigit() else None)
    except ValueError:
        return None, None


def _status_message(status: int, url: str) -> str:
    where = safe_text(url)[:200]
    if status == 404 or status == 410:
        return (f"The server has no such file (HTTP {status}): {where}. Check the address; "
                "Kiwix replaces its files with newer ones every few months.")
    if status in (401, 403):
        return f"The server refused the download (HTTP {status}): {where}"
    if status == 416:
        return f"The server cannot resume this download (HTTP 416): {where}"
    if status >= 500:
        return f"The server failed (HTTP {status}); try again later: {where}"
    return f"The server answered HTTP {status} instead of the file: {where}"


# ------------------------------------------------------------------ the catalogue


@dataclass
class CatalogueEntry:
    """One ZIM of the Kiwix catalogue: its name, title, address, size and checksum."""

    name: str
    title: str
    url: str  # the .zim (the .meta4 suffix dropped)
    size: int = 0
    sha256: str = ""
    md5: str = ""
    summary: str = ""


_ATOM = "{http://www.w3.org/2005/Atom}"
_META4 = "{urn:ietf:params:xml:ns:metalink}"


def _get_small(client: httpx.Client, url: str) -> bytes:
    check_url(url)
    host = urlsplit(url).hostname or "the server"
    try:
        with request_deadline(HEADERS_DEADLINE):
            for _hop in range(MAX_REDIRECTS + 1):
                response = client.send(client.build_request("GET", url), stream=True,
                                       follow_redirects=False)
                try:
                    if response.is_redirect:
                        url = urljoin(url, response.headers.get("location", ""))
                        check_url(url)
                        continue
                    if response.status_code != 200:
                        raise DownloadError(_status_message(response.status_code, url))
                    body = bytearray()
                    for chunk in response.iter_raw(64 * 1024):
                        body += chunk
                        if len(body) > MAX_META_BYTES:
                            raise DownloadError(f"The catalogue's answer is larger than "
                                                f"{_size(MAX_META_BYTES)}; not a catalogue.")
                    return bytes(body)
                finally:
                    response.close()
            raise DownloadError("The catalogue redirected too many times.")
    except (httpx.ConnectError, httpx.UnsupportedProtocol) as exc:
        raise DownloadError(f"Cannot reach {safe_text(host)}: {_reason(_root(exc))}") from exc
    except httpx.TimeoutException as exc:
        raise DownloadError(f"{safe_text(host)} did not answer in time") from exc
    except httpx.HTTPError as exc:
        raise DownloadError(f"The catalogue cannot be read ({type(exc).__name__})") from exc


def _xml(body: bytes, what: str) -> ET.Element:
    if b"<!DOCTYPE" in body[:4096] or b"<!ENTITY" in body:
        raise DownloadError(f"The {what} holds a DOCTYPE; refused.")
    try:
        return ET.fromstring(body)
    except ET.ParseError as exc:
        raise DownloadError(f"The {what} is not readable XML ({exc}).") from None


def parse_catalogue(body: bytes, base: str) -> list[CatalogueEntry]:
    """The entries of an OPDS catalogue page (Atom) that link a ZIM file."""
    root = _xml(body, "catalogue")
    entries = []
    for entry in root.iter(f"{_ATOM}entry"):
        name = (entry.findtext(f"{_ATOM}name") or "").strip()
        title = (entry.findtext(f"{_ATOM}title") or name).strip()
        for link in entry.iter(f"{_ATOM}link"):
            if link.get("type") != "application/x-zim":
                continue
            href = urljoin(base, link.get("href", ""))
            entries.append(CatalogueEntry(
                name=name or file_name_for(href).removesuffix(".zim"), title=title,
                url=href.removesuffix(".meta4"), size=_int(link.get("length")) or 0,
                summary=(entry.findtext(f"{_ATOM}summary") or "").strip()))
            break
    return entries


def parse_meta4(body: bytes) -> dict[str, Any]:
    """A metalink's size and checksums: ``{"size": int, "sha256": str, "md5": str}``."""
    root = _xml(body, "metalink")
    found: dict[str, Any] = {"size": 0, "sha256": "", "md5": ""}
    file = root.find(f"{_META4}file")
    if file is None:
        return found
    found["size"] = _int(file.findtext(f"{_META4}size")) or 0
    for h in file.iter(f"{_META4}hash"):
        kind = (h.get("type") or "").lower().replace("-", "")
        if kind in ("sha256", "md5"):
            found[kind] = (h.text or "").strip().lower()
    return found


def catalogue_entry(catalogue: str, name: str,
                    client: httpx.Client | None = None) -> CatalogueEntry:
    """The newest ZIM called ``name`` (``wikipedia_en_top_mini``) in the OPDS ``catalogue``.

    Its checksum comes from the file's ``.meta4`` (SHA-256 if it gives one, else MD5);
    a metalink that cannot be read leaves the checksum empty.
    """
    own = client is None
    client = client or new_client(HEADERS_DEADLINE)
    try:
        sep = "&" if "?" in catalogue else "?"
        url = f"{catalogue}{sep}{urlencode({'name': name, 'count': 20})}"
        entries = [e for e in parse_catalogue(_get_small(client, url), url)
                   if e.name == name or file_name_for(e.url).startswith(name)]
        if not entries:
            raise DownloadError(f"The catalogue ({safe_text(catalogue)[:120]}) has no file "
                                f"called {safe_text(name)}.")
        entry = max(entries, key=lambda e: e.url)  # the date is in the name: newest last
        with contextlib.suppress(DownloadError):
            meta = parse_meta4(_get_small(client, entry.url + ".meta4"))
            entry.sha256, entry.md5 = meta["sha256"], meta["md5"]
            entry.size = entry.size or meta["size"]
        return entry
    finally:
        if own:
            client.close()
