"""Weigh a PDF's pages before PDFium draws them, so a page built to explode is skipped.

PDFium parses a form XObject again every time a page draws it, and unpacks every
content stream whole: 40 nested forms that each draw the next twice make 2^40
objects (an 8 KB file filled 15 GB), and one stream can inflate to gigabytes.
Neither can be stopped once PDFium has started on a page, so this module reads
the file's objects itself (a small tolerant parser, no rendering), follows each
page's content streams, forms and fonts, and adds up the bytes PDFium would
parse, multiplied by how often each form is drawn. Pages over budget are
skipped. Anything it cannot understand counts at its raw size: this is a bound
for the common attacks, and the child process's memory limit is the backstop.
"""

from __future__ import annotations

import base64
import binascii
import mmap
import re
import zlib
from collections import Counter
from dataclasses import dataclass, field

MB = 1024 * 1024
MAX_PAGE_COST = 16 * MB  # content bytes PDFium parses for one page (~30 bytes of memory each)
MAX_DOCUMENT_COST = 256 * MB  # for all pages together (PDFium: ~10 MB per second)
DRAW_COST = 256  # one drawn object, whatever its size: 2^40 empty forms still weigh

_OBJ = re.compile(rb"(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+obj\b")
_WS = re.compile(rb"(?:[\x00\t\n\x0c\r ]+|%[^\r\n]*)*")
_REF = re.compile(rb"(\d{1,10})[\x00\t\n\x0c\r ]+(\d{1,5})[\x00\t\n\x0c\r ]+R(?![^\x00\t\n\x0c\r "
                  rb"()<>\[\]{}/%])")
_NUMBER = re.compile(rb"[+-]?(?:\d+\.?\d*|\.\d+)")
_NAME = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]*)")
_HEX = re.compile(rb"<([0-9A-Fa-f\x00\t\n\x0c\r ]*)>")
_KEYWORD = re.compile(rb"[A-Za-z]+")
_PARENS = re.compile(rb"\\.|[()]", re.DOTALL)
_STREAM = re.compile(rb"[\x00\t\n\x0c\r ]*stream(?:\r\n|\n|\r)?")
_TRAILER = re.compile(rb"trailer[\x00\t\n\x0c\r ]*<<")
_DO = re.compile(rb"/([^\x00\t\n\x0c\r ()<>\[\]{}/%]+)[\x00\t\n\x0c\r ]*Do\b")
_ESCAPE = re.compile(rb"#([0-9A-Fa-f]{2})")
_MAX_DEPTH = 64


@dataclass(frozen=True, slots=True)
class Ref:
    num: int


@dataclass(slots=True)
class Stream:
    info: dict
    start: int
    end: int
    size: int = -1  # unpacked size, capped at MAX_PAGE_COST + 1; -1 until measured
    draws: Counter[str] | None = None  # how often it draws each named XObject


@dataclass(slots=True)
class Verdict:
    """What to do with each page: ``skip[i]`` is why page ``i`` must not be drawn, or ''."""

    skip: list[str] = field(default_factory=list)
    budget_pages: int | None = None  # pages that fit the document budget, if fewer than all


class _Parser:
    """Objects of a PDF, found by scanning for ``n g obj`` (no xref needed: damaged files too)."""

    def __init__(self, buf: bytes | mmap.mmap, cap: int = MAX_PAGE_COST) -> None:
        self.buf = buf
        self.cap = cap
        self.objects: dict[int, object] = {}
        self.trailers: list[dict] = []
        self._scan()

    # -- values ---------------------------------------------------------------------------

    def value(self, pos: int, depth: int = 0) -> tuple[object, int]:
        buf = self.buf
        pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
        c = buf[pos:pos + 2]
        if depth > _MAX_DEPTH:
            raise ValueError("nested too deeply")
        if c == b"<<":
            out: dict[str, object] = {}
            pos += 2
            while True:
                pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
                if buf[pos:pos + 2] == b">>":
                    return out, pos + 2
                m = _NAME.match(buf, pos)
                if m is None:
                    raise ValueError("bad dictionary")
                val, pos = self.value(m.end(), depth + 1)
                out[_name(m.group(1))] = val
        if c[:1] == b"[":
            items: list[object] = []
            pos += 1
            while True:
                pos = _WS.match(buf, pos).end()  # type: ignore[union-attr]
                if buf[pos:pos + 1] == b"]":
                    return items, pos + 1
                if pos >= len(buf):
                    raise ValueError("unterminated array")
                val, pos = self.value(pos, depth + 1)
                items.append(val)
        if c[:1] == b"/":
            m = _NAME.match(buf, pos)
            return Name(_name(m.group(1))), m.end()  # type: ignore[union-attr]
        if c[:1] == b"(":
            level, i = 0, pos
            for m in _PARENS.finditer(buf, pos):
                tok = m.group()
                if tok == b"(":
                    level += 1
                elif tok == b")":
                    level -= 1
                    if level == 0:
                        return b"", m.end()
                i = m.end()
            raise ValueError(f"unterminated string at {i}")
        if c[:1] == b"<":
            m = _HEX.match(buf, pos)
            if m is None:
                raise ValueError("bad hex string")
            return b"", m.end()
        m = _REF.match(buf, pos)
        if m:
            return Ref(int(m.group(1))), m.end()
        m = _NUMBER.match(buf, pos)
        if m:
            text = m.group()
            return (float(text) if b"." in text else int(text)), m.end()
        m = _KEYWORD.match(buf, pos)
        if m:
            return {b"true": True, b"false": False}.get(m.group()), m.end()
        raise ValueError(f"unexpected byte at {pos}")

    # -- objects --------------------------------------------------------------------------

    def _scan(self) -> None:
        buf, pos = self.buf, 0
        while m := _OBJ.search(buf, pos):
            pos = m.end()
            try:
                val, pos = self.value(pos)
            except (ValueError, IndexError, RecursionError):
                continue
            num = int(m.group(1))
            s = _STREAM.match(buf, pos) if isinstance(val, dict) else None
            if s and buf[s.start():s.end()].strip().startswith(b"stream"):
                start = s.end()
                length = val.get("Length")
                end = -1
                if isinstance(length, int) and 0 <= length <= len(buf) - start:
                    tail = bytes(buf[start + length:start + length + 32])
                    if b"endstream" in tail:
                        end = start + length
                if end < 0:
                    end = buf.find(b"endstream", start)
                    end = len(buf) if end < 0 else end
                val = Stream(val, start, end)
                pos = end
            self.objects[num] = val
        pos = 0
        while m := _TRAILER.search(buf, pos):
            try:
                val, pos = self.value(m.end() - 2)
            except (ValueError, IndexError, RecursionError):
                pos = m.end()
                continue
            if isinstance(val, dict):
                self.trailers.append(val)
        for obj in list(self.objects.values()):
            if isinstance(obj, Stream) and obj.info.get("Type") == "ObjStm":
                self._object_stream(obj)
            elif isinstance(obj, Stream) and obj.info.get("Type") == "XRef":
                self.trailers.append(obj.info)

    def _object_stream(self, stream: Stream) -> None:
        data = self.decode(stream)
        first, count = stream.info.get("First"), stream.info.get("N")
        if data is None or not isinstance(first, int) or not isinstance(count, int):
            return
        sub = _Parser.__new__(_Parser)
        sub.buf = data
        sub.cap = self.cap
        try:
            header = [int(x) for x in data[:first].split()[:2 * count]]
        except ValueError:
            return
        for num, offset in zip(header[0::2], header[1::2], strict=False):
            if num in self.objects or not 0 <= first + offset < len(data):
                continue  # a later top-level copy wins
            try:
                self.objects[num] = sub.value(first + offset)[0]
            except (ValueError, IndexError, RecursionError):
                continue

    def get(self, value: object) -> object:
        """``value`` with references followed (a chain of at most a few)."""
        for _ in range(8):
            if not isinstance(value, Ref):
                return value
            value = self.objects.get(value.num)
        return None

    def decode(self, stream: Stream, cap: int = MAX_PAGE_COST) -> bytes | None:
        """The stream unpacked (at most ``cap`` + 1 bytes), or None when it cannot be."""
        data: bytes = bytes(self.buf[stream.start:stream.end])
        filters = self.get(stream.info.get("Filter"))
        chain = filters if isinstance(filters, list) else [filters] if filters else []
        try:
            for f in (self.get(f) for f in chain):
                if f in ("FlateDecode", "Fl"):
                    d = zlib.decompressobj()
                    data = d.decompress(data, cap + 1)
                elif f in ("ASCIIHexDecode", "AHx"):
                    data = binascii.unhexlify(re.sub(rb"[^0-9A-Fa-f]", b"", data.split(b">")[0])
                                              .ljust(2, b"0")[:len(data) // 2 * 2 or 2])
                elif f in ("ASCII85Decode", "A85"):
                    body = data.strip()
                    body = body[2:] if body.startswith(b"<~") else body
                    data = base64.a85decode(body.split(b"~>")[0] + b"~>", adobe=True)
                else:
                    return None  # LZW, images' codecs, encryption: not weighed here
        except (zlib.error, ValueError, binascii.Error):
            return None
        return data[:cap + 1]

    def measure(self, stream: Stream) -> None:
        """Unpack once for its size and the XObjects it draws; the bytes are not kept."""
        if stream.size >= 0:
            return
        data = self.decode(stream, self.cap)
        stream.size = len(data) if data is not None else stream.end - stream.start
        content = data is not None and stream.info.get("Subtype") in (None, "Form")
        stream.draws = Counter(_name(m) for m in _DO.findall(data)) \
            if content and data else Counter()

    def size(self, stream: Stream) -> int:
        self.measure(stream)
        return stream.size


def _name(raw: bytes) -> str:
    """A name's text: ``/#58`` is ``/X`` (an escape must not hide a form from the count)."""
    if b"#" in raw:
        raw = _ESCAPE.sub(lambda m: bytes([int(m.group(1), 16)]), raw)
    return raw.decode("latin-1")


class Name(str):
    """A PDF name (``/Type``), kept apart from strings."""


class _TooMuch(Exception):
    pass


def check_pages(buf: bytes | mmap.mmap, page_count: int, *, page_cost: int | None = None,
                document_cost: int | None = None) -> Verdict:
    """Weigh each of the first ``page_count`` pages (PDFium's count) of the PDF in ``buf``."""
    page_cost = MAX_PAGE_COST if page_cost is None else page_cost
    document_cost = MAX_DOCUMENT_COST if document_cost is None else document_cost
    parser = _Parser(buf, page_cost)
    pages = _pages(parser)
    verdict = Verdict(skip=[""] * page_count)
    if len(pages) < page_count:  # our reading disagrees with PDFium's: judge the forms alone
        for obj in list(parser.objects.values()):
            if isinstance(obj, Stream) and obj.info.get("Subtype") == "Form":
                try:
                    _Weigher(parser, page_cost).form(obj, None)
                except _TooMuch:
                    verdict.skip = ["draws more than any real page"] * page_count
                    return verdict
        return verdict
    total = 0
    for i, (page, resources) in enumerate(pages[:page_count]):
        try:
            cost = _Weigher(parser, page_cost).page(page, resources)
        except _TooMuch:
            verdict.skip[i] = "draws more than any real page"
            continue
        total += cost
        if total > document_cost:
            verdict.budget_pages = i + 1  # the page that crosses the line is read
            break
    return verdict


def _pages(parser: _Parser) -> list[tuple[dict, object]]:
    """(page dictionary, inherited resources) in PDFium's order: the page tree from the root."""
    root = None
    for trailer in reversed(parser.trailers):
        root = parser.get(trailer.get("Root"))
        if isinstance(root, dict):
            break
    if not isinstance(root, dict):
        root = next((o for o in parser.objects.values()
                     if isinstance(o, dict) and o.get("Type") == "Catalog"), None)
    if not isinstance(root, dict):
        return []
    out: list[tuple[dict, object]] = []
    seen: set[int] = set()

    def walk(node: object, resources: object, depth: int) -> None:
        if isinstance(node, Ref):
            if node.num in seen or depth > _MAX_DEPTH:
                return
            seen.add(node.num)
        node = parser.get(node)
        if not isinstance(node, dict):
            return
        resources = node.get("Resources", resources)
        kids = parser.get(node.get("Kids"))
        if node.get("Type") == "Pages" or (isinstance(kids, list) and "Type" not in node):
            for kid in kids if isinstance(kids, list) else []:
                walk(kid, resources, depth + 1)
        else:
            out.append((node, resources))

    walk(root.get("Pages"), None, 0)
    return out


class _Weigher:
    """The bytes PDFium would parse for one page, raising _TooMuch past the budget."""

    def __init__(self, parser: _Parser, budget: int) -> None:
        self.parser = parser
        self.budget = budget
        self.cost = 0
        self.stack: set[int] = set()
        self.fonts: set[int] = set()

    def add(self, n: int) -> None:
        self.cost += n
        if self.cost > self.budget:
            raise _TooMuch

    def page(self, page: dict, resources: object) -> int:
        contents = self.parser.get(page.get("Contents"))
        streams = contents if isinstance(contents, list) else [contents]
        names: Counter[str] = Counter()
        for s in streams:
            s = self.parser.get(s)
            if isinstance(s, Stream):
                self.add(self.parser.size(s))
                names.update(_draws(self.parser, s))
        self.draw(names, resources, resources)
        return self.cost

    def form(self, form: Stream, page_resources: object) -> None:
        key = id(form)
        if key in self.stack:  # PDFium refuses a form that draws itself
            return
        self.add(self.parser.size(form))
        self.stack.add(key)
        try:
            resources = form.info.get("Resources", page_resources)
            self.draw(_draws(self.parser, form), resources, page_resources)
        finally:
            self.stack.discard(key)

    def draw(self, names: Counter[str], resources: object, page_resources: object) -> None:
        res = self.parser.get(resources)
        res = res if isinstance(res, dict) else {}
        self.fonts_of(res)
        xobjects = self.parser.get(res.get("XObject"))
        xobjects = xobjects if isinstance(xobjects, dict) else {}
        for name, times in names.items():
            target = self.parser.get(xobjects.get(name))
            for _ in range(times):
                self.add(DRAW_COST)
                if isinstance(target, Stream) and target.info.get("Subtype") == "Form":
                    self.form(target, page_resources)

    def fonts_of(self, res: dict) -> None:
        """Font programs and ToUnicode maps are unpacked once per page when text is read."""
        fonts = self.parser.get(res.get("Font"))
        for ref in (fonts.values() if isinstance(fonts, dict) else ()):
            font = self.parser.get(ref)
            if not isinstance(font, dict):
                continue
            parts = [font]
            descendants = self.parser.get(font.get("DescendantFonts"))
            if isinstance(descendants, list) and descendants:
                parts.append(self.parser.get(descendants[0]))
            for part in parts:
                if not isinstance(part, dict):
                    continue
                descriptor = self.parser.get(part.get("FontDescriptor"))
                refs = [part.get("ToUnicode")]
                if isinstance(descriptor, dict):
                    refs += [descriptor.get(k) for k in ("FontFile", "FontFile2", "FontFile3")]
                for r in refs:
                    if isinstance(r, Ref) and r.num not in self.fonts:
                        self.fonts.add(r.num)
                        s = self.parser.get(r)
                        if isinstance(s, Stream):
                            self.add(self.parser.size(s))


def _draws(parser: _Parser, stream: Stream) -> Counter[str]:
    """How often the content stream draws each named XObject (``/Name Do``)."""
    parser.measure(stream)
    return stream.draws or Counter()
