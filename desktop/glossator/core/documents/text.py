"""Plain text: decode (UTF-8, UTF-16/32 with a BOM, legacy encodings) and find paragraphs.

The text of a ``.txt`` file is kept exactly as decoded: blocks are found *in*
it (paragraphs between blank lines), never rewritten, so the engine's offsets
are offsets into the user's own file. Large files are decoded in chunks.
"""

from __future__ import annotations

import codecs
import re
from itertools import chain
from typing import BinaryIO

from charset_normalizer import CharsetMatch, from_bytes

from glossator.core.documents.builder import tidy_sections
from glossator.core.documents.model import Block, Document, DocumentError, Section

_CHUNK = 1024 * 1024
_SMALL = 8 * 1024 * 1024  # decoded in one go below this size
_BOM_CODECS = [
    (codecs.BOM_UTF32_LE, "utf-32"), (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"), (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]
_COMMON = ("cp1252", "latin_1", "iso8859_15", "cp1251", "koi8_r", "shift_jis", "euc_jp",
           "gb18030", "big5", "euc_kr", "cp1250", "iso8859_2", "cp1253", "cp1254")
_BLANK_LINES = re.compile(r"\n[ \t\r\f\v]*\n(?:[ \t\r\f\v]*\n)*")
_CHAPTER = re.compile(
    r"(?:chapter|book|part|act|canto|letter)\s+(?:[ivxlcdm]+|\d+|[a-z]+)\b[.:]?[^\n]{0,80}",
    re.IGNORECASE,
)


def decode(data: bytes, label: str) -> tuple[str, list[str]]:
    """Text from bytes, plus warnings (e.g. a guessed legacy encoding)."""
    for bom, codec in _BOM_CODECS:
        if data.startswith(bom):
            try:
                return data.decode(codec), []
            except UnicodeDecodeError:
                return data.decode(codec, "replace"), [
                    f"Some characters in {label} could not be decoded and are shown as �."]
    codec = unicode_by_content(data)
    if codec:
        try:
            return data.decode(codec), []
        except UnicodeDecodeError:
            pass
    try:
        return nul_free(data.decode("utf-8"), label)
    except UnicodeDecodeError:
        pass
    best = guess_encoding(data[:_SMALL] if len(data) > _SMALL else data)
    if best is None or best.encoding is None:
        raise DocumentError(f"{label} does not look like text in any encoding Glossator knows.")
    try:
        return data.decode(best.encoding), [
            f"{label} is not UTF-8; it was read as {best.encoding}."]
    except (UnicodeDecodeError, LookupError):
        return data.decode(best.encoding, "replace"), [
            f"{label} is not UTF-8; it was read as {best.encoding}, and some characters "
            "could not be decoded (shown as �)."]


def unicode_by_content(data: bytes) -> str | None:
    """'utf-32-le/be' or 'utf-16-le/be' when the *whole* text reads so without a BOM.

    Zero bytes alone prove nothing (an ASCII file padded with NULs is not UTF-16): the
    zeros must fall at the places that encoding puts them, all through the data.
    """
    n = len(data)
    if n < 4 or b"\x00" not in data:
        return None
    if n % 4 == 0:
        for codec, zero, plane in (("utf-32-le", 3, 2), ("utf-32-be", 0, 1)):
            if not data[zero::4].strip(b"\x00") and max(data[plane::4]) <= 0x10:
                return codec
    if n % 2:
        return None
    pairs = n // 2
    even, odd = data[0::2].count(0), data[1::2].count(0)
    for codec, zeros, other in (("utf-16-le", odd, even), ("utf-16-be", even, odd)):
        # Latin-script text: most high bytes are zero, (almost) no low byte is.
        if zeros >= 0.3 * pairs and other <= 0.01 * pairs:
            return codec
    return None


def nul_free(text: str, label: str) -> tuple[str, list[str]]:
    """NUL characters (padding left by a crash, say) shown as spaces, so offsets stay put."""
    if "\x00" not in text:
        return text, []
    return text.replace("\x00", " "), [f"{label} contains NUL bytes; they are shown as spaces."]


def guess_encoding(data: bytes) -> CharsetMatch | None:
    """charset-normalizer's best guess; on a tie, the more widespread encoding wins."""
    results = from_bytes(data)
    best = results.best()
    if best is None:
        return None
    ties = [r for r in results if r.chaos <= best.chaos + 1e-3 and
            r.coherence >= best.coherence - 1e-3]
    # Identical scores happen for Western text (cp1250 vs cp1252): prefer the common one.
    for name in _COMMON:
        for r in ties:
            if r.encoding == name:
                return r
    return best


def decode_stream(fh: BinaryIO, size: int, label: str) -> tuple[str, list[str]]:
    """Decode a file object; big files go chunk by chunk so bytes and text never both fill memory.

    A large file is read as UTF-8 (or its BOM's encoding); if that fails part-way, the
    rest is decoded with the encoding charset-normalizer detects there.
    """
    if size <= _SMALL:
        return decode(fh.read(), label)
    head = fh.read(_CHUNK)
    fh.seek(0)
    codec = next((c for bom, c in _BOM_CODECS if head.startswith(bom)), None) or \
        unicode_by_content(head) or "utf-8"
    parts: list[str] = []
    decoder = codecs.getincrementaldecoder(codec)()
    warnings: list[str] = []
    while chunk := fh.read(_CHUNK):
        try:
            parts.append(decoder.decode(chunk))
        except UnicodeDecodeError:
            guess = guess_encoding(chunk)
            encoding = guess.encoding if guess and guess.encoding else "cp1252"
            warnings.append(f"Part of {label} is not {codec}; it was read as {encoding}.")
            decoder = codecs.getincrementaldecoder(encoding)(errors="replace")
            parts.append(decoder.decode(chunk))
    parts.append(decoder.decode(b"", final=True))
    text, nul_warnings = nul_free("".join(parts), label)
    return text, warnings + nul_warnings


def paragraphs(text: str, base: int = 0) -> list[Block]:
    """Blocks for the paragraphs (runs of non-blank lines) of ``text``, offsets from ``base``.

    A short one-line paragraph such as "CHAPTER IV" becomes a heading, so long books
    get chapters for navigation while their text stays untouched.
    """
    blocks = []
    pos = 0
    for sep in chain(_BLANK_LINES.finditer(text), [None]):
        stop = sep.start() if sep else len(text)
        start, end = pos, stop
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        pos = sep.end() if sep else len(text)
        if start == end:
            continue
        chunk = text[start:end]
        if len(chunk) <= 100 and "\n" not in chunk and _CHAPTER.fullmatch(chunk):
            blocks.append(Block("heading", base + start, base + end, 2))
        else:
            blocks.append(Block("paragraph", base + start, base + end))
    return blocks


def from_text(text: str, *, title: str, source: str, fmt: str,
              warnings: list[str] | None = None, label: str = "") -> Document:
    """A document whose text is exactly ``text``."""
    blocks = paragraphs(text)
    if not blocks:
        raise DocumentError(f"{label or title or 'This text'} has no readable text (only "
                            "blank space).")
    sections = tidy_sections((Section(text[b.start:b.end], b.start, 1) for b in blocks
                              if b.kind == "heading"), len(text))
    return Document(text=text, blocks=blocks, title=title, source=source, format=fmt,
                    sections=sections, warnings=list(warnings or []))
