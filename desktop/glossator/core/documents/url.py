"""Fetch a web address once (when online) and hand the bytes to the file loaders."""

from __future__ import annotations

import time
from urllib.parse import unquote, urlsplit

import httpx

from glossator.core.documents.limits import MAX_HTML_BYTES, MAX_TEXT_BYTES, size_label
from glossator.core.documents.model import DocumentError

_AGENT = "Glossator/0.1 (desktop reading assistant; fetches one page a user asked for)"


def check_url(url: str) -> str:
    """The address, tidied; a DocumentError if it is not an http(s) web address."""
    url = url.strip()
    if "://" not in url and "." in url.split("/")[0]:
        url = "https://" + url  # "example.org/page" as typed in a browser
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise DocumentError(f"“{url}” is not a web address (it should start with https://).")
    return url


def name_from_url(url: str) -> str:
    """A file-like name for the address ('report.pdf', or the host name)."""
    parts = urlsplit(url)
    last = unquote(parts.path.rstrip("/").rsplit("/", 1)[-1])
    return last or parts.netloc


def fetch(url: str, *, transport: httpx.BaseTransport | None, timeout: float) -> tuple[
        bytes, str, str]:
    """(body, content type, final address); every failure becomes a DocumentError."""
    host = urlsplit(url).netloc
    deadline = time.monotonic() + 2 * timeout  # a page trickling in slowly must not hang us
    try:
        with httpx.Client(transport=transport, timeout=timeout, follow_redirects=True,
                          max_redirects=5, headers={"User-Agent": _AGENT}) as client, \
                client.stream("GET", url) as response:
            if response.status_code >= 400:
                raise DocumentError(
                    f"{host} answered “{response.status_code} {response.reason_phrase}” "
                    f"for {url}.")
            ctype = response.headers.get("content-type", "").split(";")[0].strip().lower()
            limit = MAX_HTML_BYTES if "html" in ctype else MAX_TEXT_BYTES
            declared = response.headers.get("content-length", "")
            if declared.isdigit() and int(declared) > limit:
                raise DocumentError(f"The page at {url} is too large to open "
                                    f"({size_label(int(declared))}).")
            chunks, total = [], 0
            for chunk in response.iter_bytes(65536):
                total += len(chunk)
                if total > limit:
                    raise DocumentError(f"The page at {url} is too large to open (over "
                                        f"{size_label(limit)}).")
                if time.monotonic() > deadline:
                    raise DocumentError(f"{host} is sending the page too slowly; try again "
                                        "later.")
                chunks.append(chunk)
            return b"".join(chunks), ctype, str(response.url)
    except httpx.TimeoutException as exc:
        raise DocumentError(f"{host} did not answer within {timeout:g} seconds.") from exc
    except httpx.ConnectError as exc:
        raise DocumentError(f"Could not connect to {host}. Check your internet connection "
                            "and the address.") from exc
    except httpx.TooManyRedirects as exc:
        raise DocumentError(f"{url} redirects too many times.") from exc
    except (httpx.HTTPError, httpx.InvalidURL) as exc:
        raise DocumentError(f"Could not fetch {url} ({type(exc).__name__}).") from exc
