import io
import zipfile

import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets, texts


def test_epub_chapters_in_spine_order_with_toc(tmp_path):
    path = tmp_path / "book.epub"
    path.write_bytes(fixtures.epub_bytes())
    doc = load_path(path)
    check_offsets(doc)
    assert (doc.format, doc.title, doc.language) == ("epub", "The Curie Book", "en")
    assert texts(doc, "heading") == ["Chapter One: Warsaw", "Chapter Two: Paris",
                                     "The Laboratory"]
    assert [(s.title, s.level) for s in doc.sections] == [
        ("Chapter One: Warsaw", 1), ("Chapter Two: Paris", 1), ("The Laboratory", 2)]
    lab = doc.sections[2]
    assert doc.text[lab.start:].startswith("The Laboratory")
    assert texts(doc, "quote") == ["A quote."]
    assert "never" not in doc.text and "color" not in doc.text


def test_epub2_with_ncx_toc():
    data = fixtures.epub_bytes()
    src = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    ncx = """<?xml version="1.0"?><ncx xmlns="http://www.daisy.org/z3986/2005/ncx/"><navMap>
<navPoint id="a"><navLabel><text>One</text></navLabel><content src="text/ch1.xhtml"/></navPoint>
<navPoint id="b"><navLabel><text>Two</text></navLabel><content src="text/ch2.xhtml"/></navPoint>
</navMap></ncx>"""
    with zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "OEBPS/content.opf":
                body = (body.decode()
                        .replace('properties="nav"', "")
                        .replace("<spine>", '<spine toc="ncx">')
                        .replace("</manifest>", '<item id="ncx" href="toc.ncx" '
                                 'media-type="application/x-dtbncx+xml"/></manifest>')).encode()
            zf.writestr(info, body)
        zf.writestr("OEBPS/toc.ncx", ncx)
    doc = load_bytes(out.getvalue(), "old.epub")
    assert [s.title for s in doc.sections] == ["One", "Two"]


def test_epub_with_drm_is_refused():
    with pytest.raises(DocumentError, match="DRM"):
        load_bytes(fixtures.epub_bytes(drm=True), "bought.epub")


def test_epub_truncated_and_broken():
    data = fixtures.epub_bytes()
    with pytest.raises(DocumentError, match="damaged or incomplete"):
        load_bytes(data[: len(data) // 2], "half.epub")
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip")
    with pytest.raises(DocumentError, match=r"container\.xml is missing"):
        load_bytes(out.getvalue(), "hollow.epub")


def test_docx_headings_paragraphs_lists_quote_table_in_order():
    doc = load_bytes(fixtures.docx_bytes(), "notes.docx")
    check_offsets(doc)
    assert (doc.format, doc.title, doc.language) == ("docx", "Notes on Curie", "en-GB")
    assert [(b.kind, doc.block_text(b)[:20]) for b in doc.blocks] == [
        ("heading", "Notes on Curie"),
        ("paragraph", "Marie Curie was born"),
        ("heading", "Later life"),
        ("paragraph", "She founded the Radi"),
        ("list_item", "Polonium"),
        ("list_item", "Radium"),
        ("quote", "Be less curious abou"),
        ("paragraph", "Born | Warsaw"),
        ("paragraph", "The end."),
    ]
    assert [s.title for s in doc.sections] == ["Notes on Curie", "Later life"]


def test_docx_corrupt_and_password_protected():
    data = fixtures.docx_bytes()
    with pytest.raises(DocumentError, match="damaged"):
        load_bytes(data[: len(data) // 3], "cut.docx")
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as zf:
        zf.writestr("[Content_Types].xml", "<oops")
        zf.writestr("word/document.xml", "<not xml")
    with pytest.raises(DocumentError, match=r"broken\.docx"):
        load_bytes(broken.getvalue(), "broken.docx")
    # A password-protected Word file is an OLE container with an EncryptedPackage stream.
    ole = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 500
           + "EncryptedPackage".encode("utf-16-le") + b"\x00" * 500)
    with pytest.raises(DocumentError, match="protected with a password"):
        load_bytes(ole, "secret.docx")
    with pytest.raises(DocumentError, match=r"old Word/Office \(.doc\)"):
        load_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 1000, "old.doc")


def test_docx_that_unpacks_too_large(monkeypatch):
    from glossator.core.documents import docx as docx_module

    monkeypatch.setattr(docx_module, "MAX_ZIP_MEMBER_BYTES", 1000)
    with pytest.raises(DocumentError, match=r"too large to open \(over .* once unpacked; "):
        load_bytes(fixtures.docx_bytes(), "bomb.docx")


def test_epub_chapter_too_large_is_skipped_with_a_warning(monkeypatch):
    from glossator.core.documents import epub as epub_module

    monkeypatch.setattr(epub_module, "MAX_ZIP_MEMBER_BYTES", 2000)
    doc = load_bytes(fixtures.epub_bytes(chapters=20), "big.epub")
    assert any("part too large" in w for w in doc.warnings)
    assert "Chapter Two: Paris" in doc.text and "Chapter One" not in doc.text
