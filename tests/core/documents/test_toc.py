"""Tables of contents (``Document.sections``): EPUB nav and NCX, PDF outlines, headings,
and outlines built to hurt (cyclic, broken, huge, deep) (issue 15)."""

from __future__ import annotations

import io
import time
import zipfile

from fpdf import FPDF

from glossator.core.documents import load_bytes
from glossator.core.documents.limits import MAX_SECTION_TITLE, MAX_SECTIONS
from glossator.core.documents.model import section_at
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets

LOREM = fixtures.LOREM

_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
   media-type="application/oebps-package+xml"/></rootfiles>
</container>"""


def _chapter(heading: str, body: str) -> str:
    return (f'<?xml version="1.0" encoding="utf-8"?>\n<html xmlns="http://www.w3.org/1999/xhtml">'
            f"<head><title>{heading}</title></head><body><h1>{heading}</h1>{body}</body></html>")


def _epub(*, nav: str | None = None, ncx: str | None = None, chapters: int = 3,
          spine_toc: bool = True) -> bytes:
    """A book of ``chapters`` chapters (c1, c2, ...), with the nav and/or NCX given."""
    items = "".join(f'<item id="c{i}" href="text/c{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in range(1, chapters + 1))
    if nav is not None:
        items += '<item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" ' \
                 'properties="nav"/>'
    if ncx is not None:
        items += '<item id="ncx" href="toc.ncx" media-type="application/x-dtbncx+xml"/>'
    spine = "".join(f'<itemref idref="c{i}"/>' for i in range(1, chapters + 1))
    toc_attr = ' toc="ncx"' if ncx is not None and spine_toc else ""
    opf = f"""<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="{'3.0' if nav else '2.0'}">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/"><dc:title>Book</dc:title></metadata>
  <manifest>{items}</manifest><spine{toc_attr}>{spine}</spine></package>"""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", _CONTAINER)
        zf.writestr("OEBPS/content.opf", opf)
        if nav is not None:
            zf.writestr("OEBPS/nav.xhtml", nav)
        if ncx is not None:
            zf.writestr("OEBPS/toc.ncx", ncx)
        for i in range(1, chapters + 1):
            zf.writestr(f"OEBPS/text/c{i}.xhtml", _chapter(
                f"Part {i}", f"<p>{LOREM} ({i})</p><h2 id='s{i}'>Section {i}.1</h2>"
                f"<p>More about chapter {i}.</p>"))
    return out.getvalue()


def _nav(entries: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><html xmlns="http://www.w3.org/1999/xhtml" '
            'xmlns:epub="http://www.idpf.org/2007/ops"><body><nav epub:type="landmarks"><ol>'
            '<li><a href="text/c3.xhtml">Landmark, not the contents</a></li></ol></nav>'
            f'<nav epub:type="toc"><h1>Contents</h1><ol>{entries}</ol></nav></body></html>')


def _ncx(points: str) -> str:
    return ('<?xml version="1.0" encoding="utf-8"?><ncx xmlns="http://www.daisy.org/z3986/2005/'
            f'ncx/" version="2005-1"><navMap>{points}</navMap></ncx>')


def _point(label: str, src: str, inner: str = "") -> str:
    return (f'<navPoint id="p{abs(hash((label, src)))}"><navLabel><text>{label}</text></navLabel>'
            f'<content src="{src}"/>{inner}</navPoint>')


def test_epub_nav_gives_entries_in_reading_order_at_their_chapters_and_headings():
    nav = _nav('<li><a href="text/c2.xhtml">The second part</a></li>'  # out of spine order
               '<li><a href="text/c1.xhtml">The first part</a><ol>'
               '<li><a href="text/c1.xhtml#s1">Section 1.1</a></li></ol></li>'
               '<li><a href="text/c3.xhtml">The third part</a></li>'
               '<li><a href="text/missing.xhtml">Not in the book</a></li>')
    doc = load_bytes(_epub(nav=nav), "book.epub")
    check_offsets(doc)
    assert [(s.title, s.level) for s in doc.sections] == [
        ("The first part", 1), ("Section 1.1", 2), ("The second part", 1), ("The third part", 1)]
    starts = {s.title: s.start for s in doc.sections}
    assert doc.text[starts["The first part"]:].startswith("Part 1")
    assert doc.text[starts["Section 1.1"]:].startswith("Section 1.1")
    assert doc.text[starts["The second part"]:].startswith("Part 2")
    assert section_at(doc.sections, starts["Section 1.1"] + 5) == 1
    assert section_at(doc.sections, len(doc.text)) == 3


def test_epub_with_only_an_ncx_reads_it_nested():
    ncx = _ncx(_point("One", "text/c1.xhtml", _point("Section 1.1", "text/c1.xhtml#s1"))
               + _point("Two", "text/c2.xhtml") + _point("Three", "text/c3.xhtml#s3"))
    for spine_toc in (True, False):  # named by the spine, or only by its media type
        doc = load_bytes(_epub(ncx=ncx, spine_toc=spine_toc), "old.epub")
        check_offsets(doc)
        assert [(s.title, s.level) for s in doc.sections] == [
            ("One", 1), ("Section 1.1", 2), ("Two", 1), ("Three", 1)]
        three = doc.sections[-1]
        assert doc.text[three.start:].startswith("Part 3")  # its title is no heading there


def test_epub_broken_nav_falls_back_to_the_ncx_then_to_the_headings():
    ncx = _ncx(_point("From the NCX", "text/c2.xhtml"))
    doc = load_bytes(_epub(nav="<html><body><nav><ol><li><a href='", ncx=ncx), "b.epub")
    assert [s.title for s in doc.sections] == ["From the NCX"]
    nowhere = _nav('<li><a href="text/zzz.xhtml">Nowhere</a></li>')
    doc = load_bytes(_epub(nav=nowhere, chapters=2), "c.epub")
    assert [s.title for s in doc.sections] == ["Part 1", "Section 1.1", "Part 2", "Section 2.1"]
    assert [s.level for s in doc.sections] == [1, 2, 1, 2]


def test_epub_deep_huge_nav_is_bounded_and_quick():
    deep = "".join(f'<li><a href="text/c1.xhtml">Level {i}</a><ol>' for i in range(150)) + \
        "</ol></li>" * 150
    many = "".join(f'<li><a href="text/c{1 + i % 3}.xhtml">Entry {i} {"x" * 500}</a></li>'
                   for i in range(12_000))
    began = time.monotonic()
    doc = load_bytes(_epub(nav=_nav(deep + many)), "deep.epub")
    assert time.monotonic() - began < 20
    check_offsets(doc)
    assert 0 < len(doc.sections) <= MAX_SECTIONS
    assert max(s.level for s in doc.sections) == 6
    assert max(len(s.title) for s in doc.sections) <= MAX_SECTION_TITLE


def _outline_pdf(titles: list[tuple[str, int]]) -> bytes:
    """Five pages with a heading each; bookmarks (title, level) to pages 1, 2, ..."""
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    for page in range(1, 6):
        pdf.add_page()
        for title, level in titles:
            if level < 0 and -level == page:
                pdf.start_section(title, level=0)
        for i, (title, level) in enumerate(titles):
            if i + 1 == page and level >= 0:
                pdf.start_section(title, level=level)
        pdf.set_font("Helvetica", "B", size=18)
        pdf.set_xy(20, 20)
        pdf.cell(170, 10, f"Heading {page}")
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(20, 40)
        pdf.multi_cell(170, 5, f"{LOREM} Page {page}.")
    return bytes(pdf.output())


def test_pdf_outline_gives_entries_at_their_pages():
    doc = load_bytes(_outline_pdf([("Warsaw years", 0), ("Early school", 1), ("Paris", 0),
                                   ("The shed", 1), ("Later life", 0)]), "outline.pdf")
    check_offsets(doc)
    # The bookmarks' own titles, not the headings: the outline was read.
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Warsaw years", 1), ("Early school", 2), ("Paris", 1), ("The shed", 2),
        ("Later life", 1)]
    for page, section in enumerate(doc.sections, start=1):
        assert doc.text[section.start:].startswith(f"Heading {page}")


def test_pdf_book_fixture_bookmarks_come_from_the_outline():
    doc = load_bytes(fixtures.book_pdf(), "book.pdf")
    assert [(s.title, s.level) for s in doc.sections] == [("Chapter 1: Warsaw", 1),
                                                            ("Chapter 2: Paris", 1)]


def test_pdf_without_outline_uses_its_headings():
    doc = load_bytes(_outline_pdf([]), "plain.pdf")
    assert [s.title for s in doc.sections] == [f"Heading {i}" for i in range(1, 6)]


def raw_pdf(outline: dict[int, str], first: int | None, *, pages: int = 2,
            root_outline: bool = True) -> bytes:
    """A hand-written PDF: ``pages`` pages of text, and outline objects ``outline``
    (object number -> dictionary body) under an /Outlines whose /First is ``first``."""
    objects: dict[int, str] = {}
    kids = " ".join(f"{10 + 2 * i} 0 R" for i in range(pages))
    objects[1] = "<< /Type /Catalog /Pages 2 0 R" + (" /Outlines 3 0 R" if root_outline else "") \
        + " >>"
    objects[2] = f"<< /Type /Pages /Kids [{kids}] /Count {pages} >>"
    objects[3] = "<< /Type /Outlines" + (f" /First {first} 0 R /Last {first} 0 R"
                                         if first else "") + " >>"
    objects[4] = "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"
    for i in range(pages):
        text = f"BT /F1 12 Tf 72 720 Td (Page {i + 1} says hello to Marie Curie.) Tj ET"
        objects[10 + 2 * i] = (f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
                               f"/Resources << /Font << /F1 4 0 R >> >> "
                               f"/Contents {11 + 2 * i} 0 R >>")
        objects[11 + 2 * i] = f"<< /Length {len(text)} >>\nstream\n{text}\nendstream"
    objects.update(outline)
    out = bytearray(b"%PDF-1.4\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += f"{num} 0 obj\n{objects[num]}\nendobj\n".encode("latin-1")
    size = max(objects) + 1
    xref = len(out)
    out += f"xref\n0 {size}\n0000000000 65535 f \n".encode()
    for num in range(1, size):
        out += (f"{offsets[num]:010d} 00000 n \n" if num in offsets else
                "0000000000 65535 f \n").encode()
    out += f"trailer\n<< /Size {size} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _item(title: str, page_obj: int | None, extra: str = "") -> str:
    dest = f" /Dest [{page_obj} 0 R /XYZ 0 792 0]" if page_obj else ""
    return f"<< /Title ({title}) /Parent 3 0 R{dest}{extra} >>"


def test_raw_pdf_outline_is_read():
    doc = load_bytes(raw_pdf({5: _item("One", 10, " /Next 6 0 R"), 6: _item("Two", 12)}, 5),
                     "raw.pdf")
    assert [(s.title, s.level) for s in doc.sections] == [("One", 1), ("Two", 1)]
    assert doc.text[doc.sections[1].start:].startswith("Page 2")


def test_cyclic_outlines_stop_where_they_loop():
    siblings = {5: _item("One", 10, " /Next 6 0 R"), 6: _item("Two", 12, " /Next 5 0 R")}
    to_parent = {5: _item("One", 10, " /First 6 0 R /Last 6 0 R /Count 1"),
                 6: "<< /Title (Child) /Parent 5 0 R /Dest [12 0 R /XYZ 0 792 0] "
                    "/First 5 0 R /Last 5 0 R /Next 6 0 R >>"}
    to_self = {5: _item("Self", 10, " /First 5 0 R /Next 5 0 R")}
    for outline in (siblings, to_parent, to_self):
        began = time.monotonic()
        doc = load_bytes(raw_pdf(outline, 5), "cyclic.pdf")
        assert time.monotonic() - began < 10
        check_offsets(doc)
        assert len(doc.sections) <= 3
        assert doc.sections and doc.sections[0].title in ("One", "Self")


def test_broken_outlines_are_ignored_never_a_crash():
    cases = [
        {5: _item("Nowhere", 99)},  # a page that does not exist
        {5: _item("No destination", None)},
        {5: "<< /Title 42 /Parent 3 0 R /Dest [10 0 R /XYZ 0 792 0] >>"},  # a number as title
        {5: _item("One", 10, " /Next 77 0 R /First 78 0 R")},  # objects that are not there
        {5: "[1 2 3]"},  # not even a dictionary
        {5: _item("", 10)},  # an empty title
        {5: "<< /Title (Bad dest) /Parent 3 0 R /Dest (no-such-name) >>"},
    ]
    for outline in cases:
        doc = load_bytes(raw_pdf(outline, 5), "broken.pdf")
        check_offsets(doc)
        assert all(s.title for s in doc.sections)
        assert [s.title for s in doc.sections] in ([], ["One"]), outline
    doc = load_bytes(raw_pdf({}, 5), "dangling.pdf")  # /First names a missing object
    assert doc.sections == [] and "Page 1" in doc.text
    doc = load_bytes(raw_pdf({}, None, root_outline=False), "none.pdf")
    assert doc.sections == []


def test_huge_outline_is_cut_and_long_titles_capped():
    n = 12_000
    outline = {100 + i: _item(f"Entry {i} " + "y" * (400 if i == 0 else 0), 10 + 2 * (i % 2),
                              f" /Next {101 + i} 0 R" if i + 1 < n else "")
               for i in range(n)}
    began = time.monotonic()
    doc = load_bytes(raw_pdf(outline, 100), "huge.pdf")
    assert time.monotonic() - began < 30
    assert len(doc.sections) == MAX_SECTIONS
    assert len(doc.sections[0].title) == MAX_SECTION_TITLE
    assert doc.sections[0].title.endswith("\u2026")


def test_markdown_html_and_docx_headings_are_the_contents():
    md = load_bytes(b"# One\n\ntext\n\n## One.a\n\nmore\n\n# Two\n\nend\n", "n.md")
    assert [(s.title, s.level) for s in md.sections] == [("One", 1), ("One.a", 2), ("Two", 1)]
    html = load_bytes(b"<!doctype html><html><body><h2>Alpha</h2><p>x</p><h3>Beta</h3>"
                      b"<p>y</p></body></html>", "p.html")
    assert [(s.title, s.level) for s in html.sections] == [("Alpha", 2), ("Beta", 3)]
    docx = load_bytes(fixtures.docx_bytes(), "n.docx")
    assert [(s.title, s.level) for s in docx.sections] == [("Notes on Curie", 1),
                                                           ("Later life", 2)]
    many = "".join(f"# Heading {i}\n\nText {i}.\n\n" for i in range(MAX_SECTIONS + 500))
    big = load_bytes(many.encode(), "many.md")
    assert len(big.sections) == MAX_SECTIONS and big.sections[-1].start < len(big.text)


def test_section_at():
    from glossator.core.documents.model import Section

    sections = [Section("a", 10), Section("b", 20)]
    assert section_at(sections, 0) == -1
    assert section_at(sections, 10) == 0
    assert section_at(sections, 19) == 0
    assert section_at(sections, 25) == 1
    assert section_at([], 5) == -1
