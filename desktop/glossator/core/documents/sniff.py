"""Decide what a file really is from its first bytes, using the name only as a hint.

A PDF named ``.txt`` opens as a PDF (with a warning); a photo named ``.txt``
gets a message saying it is a photo, rather than a screen of mojibake.
"""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import PurePath

HEAD_BYTES = 64 * 1024  # how much of a file sniffing looks at

_MAGIC: list[tuple[bytes, int, str]] = [
    (b"\x89PNG\r\n\x1a\n", 0, "an image (PNG)"),
    (b"\xff\xd8\xff", 0, "an image (JPEG)"),
    (b"GIF87a", 0, "an image (GIF)"),
    (b"GIF89a", 0, "an image (GIF)"),
    (b"BM", 0, ""),  # too short to trust alone; checked below
    (b"II*\x00", 0, "an image (TIFF)"),
    (b"MM\x00*", 0, "an image (TIFF)"),
    (b"\x1f\x8b", 0, "a compressed archive (gzip)"),
    (b"BZh", 0, ""),
    (b"7z\xbc\xaf\x27\x1c", 0, "a compressed archive (7z)"),
    (b"Rar!\x1a\x07", 0, "a compressed archive (RAR)"),
    (b"\xfd7zXZ\x00", 0, "a compressed archive (xz)"),
    (b"\x7fELF", 0, "a program"),
    (b"MZ", 0, ""),
    (b"SQLite format 3\x00", 0, "a database (SQLite)"),
    (b"ID3", 0, "an audio file (MP3)"),
    (b"OggS", 0, "an audio or video file (Ogg)"),
    (b"fLaC", 0, "an audio file (FLAC)"),
    (b"ftyp", 4, "a video or audio file (MP4)"),
    (b"\x1a\x45\xdf\xa3", 0, "a video file (Matroska/WebM)"),
    (b"ZIM\x04", 0, "a Kiwix archive (.zim): import it with `glossator kb import`"),
    (b"\x00\x00\x01\x00", 0, "an icon"),
    (b"{\\rtf", 0, "an RTF document: save it as .docx or .txt first"),
]

_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_BOMS = (b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")
_PROLOGUE = rb"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*"
# A whole tag: "<HTML" or "<HTML:" alone opens no page (a text that starts so is text).
_HTML_STRONG = re.compile(_PROLOGUE + rb"<(?:!doctype\s+html|html|head|body)(?:\s[^>]*)?>",
                          re.IGNORECASE | re.DOTALL)
_HTML_WEAK = re.compile(
    _PROLOGUE + rb"<(?:meta|title|div|p|article|section|h[1-6]|span|table|thead|tbody|tr|td|th|"
    rb"caption|ul|ol|li|dl|dt|dd|br|hr|a|b|i|u|s|em|strong|small|sup|sub|code|font|center|"
    rb"blockquote|q|cite|pre|img|figure|figcaption|main|header|footer|nav|aside|style|script|"
    rb"link|base)\b[^>]*>",
    re.IGNORECASE | re.DOTALL,
)
_SVG = re.compile(r"^\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*|<!doctype\s+svg[^>]*>\s*)*"
                  r"<(?:\w+:)?svg\b", re.IGNORECASE | re.DOTALL)
_MD_SIGNS = [
    re.compile(r"^#{1,6} \S", re.MULTILINE),
    re.compile(r"^\s*[-*+] \S", re.MULTILINE),
    re.compile(r"^```", re.MULTILINE),
    re.compile(r"\[[^\]\n]+\]\([^)\s]+\)"),
    re.compile(r"^> \S", re.MULTILINE),
    re.compile(r"\*\*[^*\n]+\*\*"),
]

EXTENSION_FORMATS = {
    ".txt": "text", ".text": "text", ".log": "text", ".csv": "text",
    ".md": "markdown", ".markdown": "markdown", ".mdown": "markdown", ".mkd": "markdown",
    ".html": "html", ".htm": "html", ".xhtml": "html", ".shtml": "html",
    ".mht": "mhtml", ".mhtml": "mhtml",
    ".pdf": "pdf", ".epub": "epub", ".docx": "docx",
}
FORMAT_NAMES = {
    "text": "a plain text file", "markdown": "a Markdown file", "html": "a web page",
    "mhtml": "a saved web page (MHTML)", "pdf": "a PDF", "epub": "an EPUB book",
    "docx": "a Word document (.docx)",
}


class NotADocument(Exception):
    """The bytes are something else entirely; ``str(exc)`` says what, e.g. 'an image (PNG)'."""


def extension_format(name: str) -> str | None:
    """The format a file name suggests, if any."""
    return EXTENSION_FORMATS.get(PurePath(name).suffix.lower()) if name else None


def sniff(head: bytes, name: str = "") -> str:
    """'pdf', 'epub', 'docx', 'html', 'mhtml', 'markdown' or 'text' (raises NotADocument).

    ``head`` is the start of the file (``HEAD_BYTES`` is plenty); for ZIP files the
    caller passes the whole file or uses ``sniff_zip`` with a file object.
    """
    if b"%PDF-" in head[:1024]:
        return "pdf"
    if head.startswith(b"PK\x03\x04") or head.startswith(b"PK\x05\x06"):
        return "zip"
    if head.startswith(_OLE):
        return "ole"
    if not head.startswith(_BOMS):
        for magic, offset, what in _MAGIC:
            if head[offset:offset + len(magic)] == magic and what:
                raise NotADocument(what)
        if head.startswith(b"BM") and len(head) > 14 and head[6:10] == b"\x00\x00\x00\x00":
            raise NotADocument("an image (BMP)")
        if head.startswith(b"MZ") and b"This program cannot be run" in head[:512]:
            raise NotADocument("a program")
        if _looks_binary(head):
            raise NotADocument("binary data")
    hint = extension_format(name)
    text_head = _peek_text(head)
    if _SVG.match(text_head):  # an image, whose scripts must never be shown as text
        raise NotADocument("an image (SVG)")
    if text_head.lstrip().lower().startswith("mime-version:") and "multipart/related" in \
            text_head[:4096].lower():
        return "mhtml"
    raw = text_head.encode("utf-8", "replace")
    if hint in ("html", "mhtml") or looks_like_html(raw, strong=hint is not None):
        return "html"
    if hint == "markdown":
        return "markdown"
    if hint is None and sum(bool(p.search(text_head)) for p in _MD_SIGNS) >= 2:
        return "markdown"
    return "text"


def sniff_zip(file: io.BufferedIOBase | str) -> str:
    """'epub', 'docx' or 'zip' (some other archive); raises zipfile.BadZipFile."""
    with zipfile.ZipFile(file) as zf:
        names = set(zf.namelist())
        if "mimetype" in names:
            with zf.open("mimetype") as fh:
                if fh.read(64).strip() == b"application/epub+zip":
                    return "epub"
        if "META-INF/container.xml" in names:
            return "epub"
        if "word/document.xml" in names:
            return "docx"
        if any(n.startswith(("ppt/", "xl/")) for n in names):
            return "office"
        if "content.xml" in names:
            return "odf"
    return "zip"


def ole_is_encrypted(data: bytes) -> bool:
    """An Office file protected with a password is an OLE container holding these streams."""
    return any(marker.encode("utf-16-le") in data for marker in ("EncryptedPackage",
                                                                  "EncryptionInfo"))


def looks_like_html(head: bytes, *, strong: bool) -> bool:
    """Does the text start like a page (``strong``: <!doctype>, <html>...) or a fragment?"""
    return bool(_HTML_STRONG.match(head) or (not strong and _HTML_WEAK.match(head)))


def _looks_binary(head: bytes) -> bool:
    sample = head[:8192]
    if not sample:
        return False
    if b"\x00" in sample:
        even, odd = sample[0::2], sample[1::2]
        if even.count(0) > 0.3 * len(even) or odd.count(0) > 0.3 * len(odd):
            return False  # UTF-16/32 without a BOM has zeros at regular places
        if sample.count(0) > 0.01 * len(sample):
            return True  # a few NULs are padding in a text; many are binary
        sample = sample.replace(b"\x00", b"")
    controls = sum(1 for b in sample if b < 32 and b not in (9, 10, 12, 13, 27))
    return controls > 0.05 * len(sample)


def _peek_text(head: bytes) -> str:
    """A rough decoding of the head, good enough to look for tags and Markdown."""
    from glossator.core.documents.text import unicode_by_content

    sample = head[:16384]
    if sample.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return sample.decode("utf-32", "replace")
    if sample.startswith((b"\xff\xfe", b"\xfe\xff")):
        return sample.decode("utf-16", "replace")
    codec = unicode_by_content(sample[:len(sample) - len(sample) % 4])
    if codec:
        return sample.decode(codec, "replace")
    return sample.decode("utf-8", "replace").lstrip("\ufeff")
