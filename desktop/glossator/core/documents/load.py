"""The four ways in: a path, bytes, the clipboard, a web address.

Every function returns a ``Document`` or raises ``DocumentError`` with a message
written for a student; parsers' own exceptions never escape.
"""

from __future__ import annotations

import io
import logging
import os
import stat
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from glossator.core.documents import isolate
from glossator.core.documents import sniff as sn
from glossator.core.documents.language import guess_language
from glossator.core.documents.limits import (
    MAX_FILE_BYTES,
    MAX_HTML_BYTES,
    MAX_TEXT_BYTES,
    MB,
    check_size,
)
from glossator.core.documents.model import Document, DocumentError

if TYPE_CHECKING:
    import httpx  # imported with the fetcher: a local file opens without it

log = logging.getLogger(__name__)


# Plain text is decoded and split in linear time, so it stays in this process (no child to
# start); Markdown too while small. Everything else is parsed in a child (see isolate).
IN_PROCESS_MARKDOWN_BYTES = 1 * MB


def _in_process(fmt: str, size: int) -> bool:
    """Whether to parse here: linear formats, and files refused on their size alone."""
    refused = size == 0 or size > MAX_FILE_BYTES or (fmt == "html" and size > MAX_HTML_BYTES) \
        or (fmt == "mhtml" and size > MAX_TEXT_BYTES)
    return refused or fmt in ("text", "ole") or \
        (fmt == "markdown" and size <= IN_PROCESS_MARKDOWN_BYTES)


def load_path(path: str | os.PathLike[str]) -> Document:
    """Open a file, whatever its extension says: the content decides the format."""
    p = Path(path).expanduser() if not isinstance(path, str) or \
        not path.lower().startswith(("http://", "https://")) else None
    if p is not None:
        try:
            st = p.stat()
            if not stat.S_ISREG(st.st_mode):  # opening a pipe would block
                raise sn.NotADocument("not a file")
            with open(p, "rb") as fh:
                fmt = sn.sniff(fh.read(sn.HEAD_BYTES), p.name)
        except (OSError, sn.NotADocument):
            st = None  # the checks below say what is wrong, in this process
        if st is not None and not _in_process(fmt, st.st_size):
            return isolate.run(_load_path_here, str(p), label=p.name or str(p),
                               size=st.st_size)
    return _load_path_here(path)


def _load_path_here(path: str | os.PathLike[str]) -> Document:
    """``load_path`` in this process."""
    if isinstance(path, str) and path.lower().startswith(("http://", "https://")):
        raise DocumentError(f"{path} is a web address, not a file: open it as a web page.")
    p = Path(path).expanduser()
    label = p.name or str(p)
    try:
        st = p.stat()
    except FileNotFoundError as exc:
        raise DocumentError(f"No such file: {p}") from exc
    except PermissionError as exc:
        raise DocumentError(f"Permission denied: {p}") from exc
    except OSError as exc:
        raise DocumentError(f"{p} cannot be opened ({exc.strerror}).") from exc
    if stat.S_ISDIR(st.st_mode):
        raise DocumentError(f"{p} is a folder, not a file.")
    if not stat.S_ISREG(st.st_mode):  # a pipe or device would block or never end
        raise DocumentError(f"{p} is not a regular file.")
    if st.st_size == 0:
        raise DocumentError(f"{label} is empty (0 bytes).")
    check_size(st.st_size, MAX_FILE_BYTES, label, "data")
    try:
        with open(p, "rb") as fh:
            head = fh.read(sn.HEAD_BYTES)
            fmt = _sniff(head, label)
            where = str(p.resolve())
            return _guarded(lambda: _dispatch(fmt, fh, st.st_size, p, label, where), label)
    except PermissionError as exc:
        raise DocumentError(f"Permission denied: {p}") from exc
    except OSError as exc:
        raise DocumentError(f"{label} could not be read ({exc.strerror}).") from exc


def load_bytes(data: bytes, name: str = "") -> Document:
    """Open a file's content held in memory; ``name`` (if any) is only a hint and a label."""
    if data and len(data) <= MAX_FILE_BYTES:
        try:
            fmt = sn.sniff(data[:sn.HEAD_BYTES], name)
        except sn.NotADocument:
            fmt = "text"  # the message comes from the checks in this process
        if not _in_process(fmt, len(data)):
            return isolate.run(_load_bytes_here, data, name,
                               label=Path(name).name if name else "This file", size=len(data))
    return _load_bytes_here(data, name)


def _load_bytes_here(data: bytes, name: str = "") -> Document:
    """``load_bytes`` in this process."""
    label = Path(name).name if name else "This file"
    if not data:
        raise DocumentError(f"{label} is empty (0 bytes).")
    check_size(len(data), MAX_FILE_BYTES, label, "data")
    fmt = _sniff(data[:sn.HEAD_BYTES], name)
    title = Path(name).stem if name else ""
    return _guarded(lambda: _dispatch(fmt, io.BytesIO(data), len(data), None, label, name,
                                      title=title, name=name), label)


def load_paste(text: str) -> Document:
    """Open what the user pasted: plain text (kept exactly) or HTML from a web page."""
    from glossator.core.documents.text import from_text

    if not text or not text.strip():
        raise DocumentError("There is nothing to paste: the clipboard has no text.")
    check_size(len(text.encode("utf-8", "surrogatepass")), MAX_TEXT_BYTES, "The pasted text",
               "text")
    head = text.lstrip()[:4096]
    if (head.startswith("Version:") and "StartHTML:" in head) or \
            sn.looks_like_html(head.encode("utf-8", "replace"), strong=False):
        doc = _paste_html(text) if len(text) <= IN_PROCESS_MARKDOWN_BYTES else \
            isolate.run(_paste_html, text, label="The pasted text", size=len(text))
    else:
        doc = from_text(text, title=_short(text) or "Pasted text", source="", fmt="paste")
    doc.language = doc.language or guess_language(doc.text)
    return doc


def _paste_html(text: str) -> Document:
    from glossator.core.documents.html import is_full_page, load_html

    doc = _guarded(lambda: load_html(text, title="", source="", fmt="paste",
                                     main_only=is_full_page(text), label="The pasted text"),
                   "The pasted text")
    doc.title = doc.title or _short(doc.block_text(doc.blocks[0])) or "Pasted text"
    return doc


def _short(text: str) -> str:
    """The first line of a text, cut to a title's length."""
    first = text.strip().split("\n", 1)[0].strip()
    return first if len(first) <= 80 else first[:77].rstrip() + "…"


def load_url(url: str, *, online: bool = True, transport: httpx.BaseTransport | None = None,
             timeout: float = 15) -> Document:
    """Fetch a page (or a PDF, EPUB...) once and open it; offline, say so at once."""
    from glossator.core.documents.url import check_url, fetch, name_from_url

    url = check_url(url)
    if not online:
        raise DocumentError(f"Glossator is offline, so it cannot fetch {url}. Save the page "
                            "as a file or copy its text, and open that instead.")
    data, ctype, final = fetch(url, transport=transport, timeout=timeout)
    if not data:
        raise DocumentError(f"The page at {url} is empty.")
    name = name_from_url(final)
    if "html" in ctype and sn.extension_format(name) != "html":
        name += ".html"  # the server's word beats an address ending in .php or nothing
    doc = load_bytes(data, name)
    doc.source = final
    doc.format = "url"
    doc.warnings = [w for w in doc.warnings if "is named" not in w]
    return doc


def _sniff(head: bytes, label: str) -> str:
    try:
        return sn.sniff(head, label)
    except sn.NotADocument as exc:
        raise DocumentError(f"{label} is {exc}, not a document Glossator can open.") from exc


def _guarded(load: Callable[[], Document], label: str) -> Document:
    """Run a loader; turn a parser's unexpected exception into a message, never a crash."""
    try:
        return load()
    except DocumentError:
        raise
    except MemoryError as exc:
        raise DocumentError(isolate.memory_message(label)) from exc
    except RecursionError as exc:
        raise DocumentError(f"{label} is nested too deeply to read.") from exc
    except Exception as exc:
        log.warning("could not read %s", label, exc_info=True)
        raise DocumentError(f"{label} could not be read: it seems damaged "
                            f"({type(exc).__name__}).") from exc


def _dispatch(fmt: str, fh: io.BufferedIOBase, size: int, path: Path | None, label: str,
              where: str, *, title: str = "", name: str = "") -> Document:
    """Open ``fh`` (positioned anywhere) as ``fmt``; ``path`` lets PDFs be read lazily."""
    from glossator.core.documents.html import decode_html, load_html, mhtml_to_html
    from glossator.core.documents.text import decode_stream, from_text

    name = name or label
    title = title or (path.stem if path else "") or label
    warnings: list[str] = []
    if fmt == "zip":
        fh.seek(0)
        try:
            fmt = sn.sniff_zip(fh)
        except Exception as exc:  # BadZipFile and friends: a truncated download
            raise DocumentError(f"{label} is damaged or incomplete (a broken zip archive).") \
                from exc
        if fmt in ("zip", "office", "odf"):
            what = {"zip": "a zip archive", "office": "a PowerPoint or Excel file",
                    "odf": "an OpenDocument file (save it as .docx first)"}[fmt]
            raise DocumentError(f"{label} is {what}, not a document Glossator can open.")
    if fmt == "ole":
        fh.seek(0)
        data = fh.read(min(size, 64 * 1024 * 1024))
        if sn.ole_is_encrypted(data):
            raise DocumentError(f"{label} is protected with a password. Open it in Word, "
                                "remove the password, save it, and open that copy.")
        raise DocumentError(f"{label} is an old Word/Office (.doc) file; save it as .docx "
                            "and open that.")
    hinted = sn.extension_format(name)
    if hinted and hinted != fmt and not (hinted == "text" and fmt == "markdown") and \
            not (hinted == "mhtml" and fmt == "html"):
        warnings.append(f"{label} is named like {sn.FORMAT_NAMES[hinted]} but is really "
                        f"{sn.FORMAT_NAMES[fmt]}; it was opened as such.")
    fh.seek(0)
    if fmt == "pdf":
        from glossator.core.documents.pdf import load_pdf

        doc = load_pdf(path if path else fh.read(), title=title, label=label, where=where)
    elif fmt == "epub":
        from glossator.core.documents.epub import load_epub

        doc = load_epub(fh, title=title, label=label, where=where)
    elif fmt == "docx":
        from glossator.core.documents.docx import load_docx

        doc = load_docx(fh, title=title, label=label, where=where)
    elif fmt in ("html", "mhtml"):
        # A saved .mht carries its images too: only its HTML part must fit the page limit.
        check_size(size, MAX_TEXT_BYTES if fmt == "mhtml" else MAX_HTML_BYTES, label,
                   "web page")
        data = fh.read()
        if fmt == "mhtml":
            markup = mhtml_to_html(data, label)
            del data
            check_size(len(markup), MAX_HTML_BYTES, label, "web page")
        else:
            markup, warnings_ = decode_html(data, label)
            warnings += warnings_
        doc = load_html(markup, title=title, source=where, warnings=warnings, label=label)
        warnings = []
    else:
        check_size(size, MAX_TEXT_BYTES, label, "text")
        text, warnings_ = decode_stream(fh, size, label)
        warnings += warnings_
        if fmt == "markdown":
            from glossator.core.documents.markdown import load_markdown

            doc = load_markdown(text, title=title, source=where)
            if not doc.blocks:
                raise DocumentError(f"{label} has no readable text.")
        else:
            doc = from_text(text, title=title, source=where, fmt="text", label=label)
    doc.warnings = warnings + doc.warnings
    doc.language = doc.language or guess_language(doc.text)
    return doc
