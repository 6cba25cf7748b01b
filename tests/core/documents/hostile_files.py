"""Hostile files built in code (issue 12), for the tests (small) and benchmarks/hostile.py (full).

Every builder takes its size as parameters: the tests use tiny values, the benchmark
the sizes the issue measured.
"""

from __future__ import annotations

import io
import zipfile
import zlib

LEAF_TEXT = b"BT /F1 12 Tf 72 700 Td (Ada Lovelace met Charles Babbage in London.) Tj ET"


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with a correct xref table; object i+1 is ``objects[i]``."""
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for i, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, xref)
    return bytes(out)


def _stream(info: bytes, data: bytes) -> bytes:
    return b"<< " + info + b" /Length %d >>\nstream\n" % len(data) + data + b"\nendstream"


def _pages_pdf(contents: list[bytes], extra: list[bytes], resources: bytes) -> bytes:
    """Pages drawing ``contents`` (already-encoded stream objects); ``extra`` objects follow.

    Objects: 1 catalog, 2 page tree, 3 font, then per page (page, content), then ``extra``
    (numbered from ``4 + 2 * len(contents)``).
    """
    n = len(contents)
    kids = b" ".join(b"%d 0 R" % (4 + 2 * i) for i in range(n))
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>",
               b"<< /Type /Pages /Kids [" + kids + b"] /Count %d >>" % n,
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    for i, content in enumerate(contents):
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents %d 0 R "
                       b"/Resources << /Font << /F1 3 0 R >> " % (5 + 2 * i) + resources + b">> >>")
        objects.append(content)
    return _pdf(objects + extra)


def lzw_literals(data: bytes) -> bytes:
    """LZW (as PDF's LZWDecode reads it) that spells every byte out: no compression, but a
    filter the page weigher cannot read, so only the child's limits stand in the way."""
    codes = [256, *data, 257]
    bits = "".join(format(c, "09b") for c in codes)  # 9-bit codes: the table stays small
    bits += "0" * (-len(bits) % 8)
    return bytes(int(bits[i:i + 8], 2) for i in range(0, len(bits), 8))


def nested_forms_pdf(levels: int = 40, fanout: int = 2, *, good_page: bool = False,
                     escaped: bool = False, lzw: bool = False) -> bytes:
    """A page drawing form 1, which draws form 2 ``fanout`` times, ... ``levels`` deep:
    fanout^levels objects for PDFium (a few hundred bytes of file). ``escaped`` names the
    forms ``/#58`` in the resources (the same name as ``/X``); ``lzw`` hides the forms'
    content from the weigher."""
    key = b"/#58" if escaped else b"/X"
    contents = [_stream(b"", LEAF_TEXT + b" /X Do")]
    if good_page:
        contents.insert(0, _stream(b"", LEAF_TEXT))
    first = 4 + 2 * len(contents)
    forms = []
    for i in range(levels):
        if i < levels - 1:
            body = b" ".join([b"/X Do"] * fanout)
            res = b"/Resources << /XObject << " + key + b" %d 0 R >> >>" % (first + i + 1)
        else:
            body = b"BT /F1 12 Tf (A) Tj ET"
            res = b"/Resources << /Font << /F1 3 0 R >> >>"
        info = b"/Type /XObject /Subtype /Form /BBox [0 0 612 792] " + res
        if lzw:
            info, body = info + b" /Filter /LZWDecode", lzw_literals(body)
        forms.append(_stream(info, body))
    return _pages_pdf(contents, forms, b"/XObject << " + key + b" %d 0 R >> " % first)


def inflating_stream_pdf(megabytes: int = 400, *, good_page: bool = False) -> bytes:
    """A page whose content stream inflates to ``megabytes`` MB of tiny rectangles."""
    unit = b"0 0 1 1 re f\n"
    compressor = zlib.compressobj(9)
    chunk = unit * (1024 * 1024 // len(unit))
    packed = b"".join(compressor.compress(chunk) for _ in range(megabytes))
    packed += compressor.flush()
    contents = [_stream(b"/Filter /FlateDecode", packed)]
    if good_page:
        contents.insert(0, _stream(b"", LEAF_TEXT))
    return _pages_pdf(contents, [], b"")


def _zip(members: list[tuple[str, bytes | str]]) -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in members:
            zf.writestr(name, data, compress_type=zipfile.ZIP_STORED if name == "mimetype"
                        else zipfile.ZIP_DEFLATED)
    return out.getvalue()


def _blank_chapter(i: int, size: int) -> bytes:
    head = b"<html><body><h1>Chapter %d</h1><p>Kepler went to Prague.</p>" % i
    return head + b" " * max(0, size - len(head)) + b"</body></html>"


def epub_head(chapters: int, spine_repeat: int = 1) -> list[tuple[str, str]]:
    """The members before the chapters: mimetype, container, a package listing them."""
    items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in range(chapters))
    refs = "".join(f'<itemref idref="c{i}"/>' for i in range(chapters)) * spine_repeat
    opf = ('<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           f'<metadata><title>Bomb</title></metadata><manifest>{items}</manifest>'
           f'<spine>{refs}</spine></package>')
    return [("mimetype", "application/epub+zip"),
            ("META-INF/container.xml", '<?xml version="1.0"?><container><rootfiles>'
                                       '<rootfile full-path="content.opf"/></rootfiles>'
                                       '</container>'),
            ("content.opf", opf)]


def epub_bomb(chapters: int, chapter_bytes: int, spine_repeat: int = 1) -> bytes:
    """``chapters`` chapters of ``chapter_bytes`` (blank space after a heading and a line),
    each listed ``spine_repeat`` times in the spine."""
    members: list[tuple[str, bytes | str]] = epub_head(chapters, spine_repeat)
    members += [(f"c{i}.xhtml", _blank_chapter(i, chapter_bytes)) for i in range(chapters)]
    return _zip(members)


def docx_bomb(body_bytes: int, parts: int, part_bytes: int) -> bytes:
    """A Word document whose body is padded to ``body_bytes`` plus ``parts`` XML parts."""
    from tests.core.documents import fixtures

    members: list[tuple[str, bytes | str]] = []
    with zipfile.ZipFile(io.BytesIO(fixtures.docx_bytes())) as src:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * body_bytes + b"</w:body>")
            members.append((info.filename, data))
    members += [(f"customXml/bomb{i}.xml", b"<a>" + b" " * part_bytes + b"</a>")
                for i in range(parts)]
    return _zip(members)


def many_attributes_html(attributes: int) -> bytes:
    """One tag with ``attributes`` attributes (libxml2 checks each against all before it)."""
    attrs = " ".join(f'data-a{i}="{i}"' for i in range(attributes))
    return (f"<!doctype html><html><body><div {attrs}><p>Ada Lovelace lived in London.</p>"
            "</div></body></html>").encode()
