"""Hostile and unlucky files (issue 12): each ends quickly with a message or a right result."""

from __future__ import annotations

import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from tests.core.documents.conftest import check_offsets

SAMPLE = "Marie Curie was born in Warsaw.\n\nShe moved to Paris in 1891.\n"


def message(fn, *args) -> str:
    with pytest.raises(DocumentError) as info:
        fn(*args)
    return str(info.value)


# --- encodings -------------------------------------------------------------------------------

def test_nul_bytes_after_4096_do_not_make_ascii_utf16(tmp_path):
    text = ("Ada Lovelace met Charles Babbage in London. " * 100)[:5000]
    path = tmp_path / "log.txt"
    path.write_bytes(text.encode() + b"\x00" * 8 + b" The end.\n")
    doc = load_path(path)
    assert doc.text.startswith("Ada Lovelace met Charles Babbage")
    assert doc.text.endswith(" The end.\n") and "\x00" not in doc.text
    assert any("NUL bytes" in w for w in doc.warnings)
    check_offsets(doc)


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
@pytest.mark.parametrize("name", ["notes.txt", "notes.text", "notes"])
def test_bomless_utf16_and_utf32_by_content_whatever_the_name(tmp_path, codec, name):
    path = tmp_path / name
    path.write_bytes(SAMPLE.encode(codec))
    assert load_path(path).text == SAMPLE


def test_large_bomless_utf16_is_streamed_right(tmp_path, monkeypatch):
    from glossator.core.documents import text as text_module

    monkeypatch.setattr(text_module, "_SMALL", 1000)
    monkeypatch.setattr(text_module, "_CHUNK", 4096)
    path = tmp_path / "big.txt"
    path.write_bytes((SAMPLE * 200).encode("utf-16-le"))
    assert load_path(path).text == SAMPLE * 200


@pytest.mark.parametrize("data", [
    b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script><text>Hi</text></svg>',
    b'<?xml version="1.0"?>\n<!-- drawn -->\n<!DOCTYPE svg PUBLIC "-//W3C//DTD SVG 1.1//EN" '
    b'"http://www.w3.org/Graphics/SVG/1.1/DTD/svg11.dtd">\n<svg><script>x()</script></svg>',
])
@pytest.mark.parametrize("name", ["logo.svg", "logo.txt", "logo"])
def test_svg_is_an_image(data, name):
    assert message(load_bytes, data, name) == (
        f"{name} is an image (SVG), not a document Glossator can open.")


def test_html_with_inline_svg_is_still_a_page():
    page = b"<html><body><p>Kepler lived in Prague.</p><svg><text>x</text></svg></body></html>"
    assert load_bytes(page, "p.html").text == "Kepler lived in Prague."


# --- HTML ------------------------------------------------------------------------------------

def test_a_tag_with_50000_attributes_loads_at_once():
    import time

    # '>' and '<' inside quoted values must not hide the tag from the limit
    attrs = " ".join(f'a{i}="<b>{i}</b>"' for i in range(50_000))
    page = f"<html><body><div {attrs}><p>Ada Lovelace lived in London.</p></div></body></html>"
    t = time.perf_counter()
    doc = load_bytes(page.encode(), "attrs.html")
    assert time.perf_counter() - t < 5
    assert doc.text == "Ada Lovelace lived in London."
    assert any("more than 1,000 attributes" in w for w in doc.warnings)


def test_limit_attributes_keeps_ordinary_tags_and_long_values():
    from glossator.core.documents.html import limit_attributes

    page = '<p class="x" id=y hidden><img src="data:image/png;base64,' + "A" * 50_000 + '">'
    assert limit_attributes(page) == (page, 0)
    many = "<div " + " ".join(f"k{i}" for i in range(30)) + ">text</div>"
    assert limit_attributes(many, 3) == ("<div k0 k1 k2>text</div>", 1)
    assert limit_attributes(many.encode(), 3) == (b"<div k0 k1 k2>text</div>", 1)


def test_page_is_parsed_once(monkeypatch):
    from glossator.core.documents import html as html_module

    calls = []
    real = html_module._parse
    monkeypatch.setattr(html_module, "_parse", lambda m: calls.append(1) or real(m))
    load_bytes(b"<html><body><h1>Kepler</h1><p>He lived in Prague.</p></body></html>", "k.html")
    assert len(calls) == 1


def test_oversized_page_is_refused_before_it_is_read(tmp_path, monkeypatch):
    import builtins

    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<!doctype html><html><body><p>Big.</p>")
        fh.truncate(31_500_000)  # sparse
    reads = []
    real_open = builtins.open

    def spy(file, mode="r", *args, **kwargs):
        fh = real_open(file, mode, *args, **kwargs)
        if str(file) == str(path):
            real_read = fh.read
            fh.read = lambda n=-1: reads.append(n) or real_read(n)  # type: ignore[method-assign]
        return fh

    monkeypatch.setattr(builtins, "open", spy)
    assert message(load_path, path).startswith(
        "huge.html is too large to open (30.0 MB of web page; Glossator opens up to 16.0 MB)")
    assert all(0 < n <= 64 * 1024 for n in reads)  # only the head was sniffed


def test_big_page_is_walked_not_extracted(monkeypatch):
    from glossator.core.documents import html as html_module

    monkeypatch.setattr(html_module, "TRAFILATURA_CHARS", 1000)
    paras = "".join(f"<p>Paragraph {i} names Marie Curie in Paris.</p>" for i in range(100))
    page = f"<html><body><nav>Home World</nav><h1>Curie</h1>{paras}</body></html>"
    doc = load_bytes(page.encode(), "big.html")
    assert doc.text.startswith("Curie\n\nParagraph 0") and "Home World" not in doc.text
    check_offsets(doc)


# --- EPUB and DOCX: one budget of unpacked bytes --------------------------------------------

def bomb_epub(chapters: int, chapter_bytes: int, spine_repeat: int = 1) -> bytes:
    """An EPUB whose chapters are ``chapter_bytes`` of blank space each (they compress to
    nothing), listed ``spine_repeat`` times each in the spine."""
    import io
    import zipfile

    items = "".join(f'<item id="c{i}" href="c{i}.xhtml" media-type="application/xhtml+xml"/>'
                    for i in range(chapters))
    refs = "".join(f'<itemref idref="c{i}"/>' for i in range(chapters)) * spine_repeat
    opf = (f'<?xml version="1.0"?><package xmlns="http://www.idpf.org/2007/opf" version="3.0">'
           f'<metadata><title>Bomb</title></metadata><manifest>{items}</manifest>'
           f'<spine>{refs}</spine></package>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", '<?xml version="1.0"?><container><rootfiles>'
                    '<rootfile full-path="content.opf"/></rootfiles></container>')
        zf.writestr("content.opf", opf)
        for i in range(chapters):
            head = f"<html><body><h1>Chapter {i}</h1><p>Kepler went to Prague.</p>"
            zf.writestr(f"c{i}.xhtml", head + " " * max(0, chapter_bytes - len(head))
                        + "</body></html>")
    return out.getvalue()


def test_epub_chapter_listed_2000_times_is_read_once(monkeypatch):
    from glossator.core.documents import limits

    reads: list[str] = []
    real = limits.ZipBudget.read
    monkeypatch.setattr(limits.ZipBudget, "read",
                        lambda self, name: reads.append(name) or real(self, name))
    doc = load_bytes(bomb_epub(1, 100_000, spine_repeat=2000), "spine.epub")
    assert doc.text == "Chapter 0\n\nKepler went to Prague."
    assert reads.count("c0.xhtml") == 1


def test_epub_chapters_share_one_budget(monkeypatch):
    from glossator.core.documents import limits

    monkeypatch.setattr(limits, "MAX_ZIP_BYTES", 350_000)
    doc = load_bytes(bomb_epub(100, 100_000), "hundred.epub")
    assert doc.text.count("Kepler went to Prague.") == 3  # the opf and 3 chapters fit
    assert any("unpacks to more than" in w for w in doc.warnings)
    check_offsets(doc)


def test_epub_chapter_too_large_alone(monkeypatch):
    from glossator.core.documents import epub

    monkeypatch.setattr(epub, "MAX_ZIP_MEMBER_BYTES", 50_000)
    assert message(load_bytes, bomb_epub(1, 60_000, spine_repeat=2000), "big.epub") == (
        "big.epub has no readable text.")


def test_epub_chapter_of_millions_of_tiny_elements(monkeypatch):
    from glossator.core.documents import epub

    monkeypatch.setattr(epub, "MAX_PART_TAGS", 1000)
    import io
    import zipfile

    data = bomb_epub(1, 100)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as zf:
        for info in src.infolist():
            body = src.read(info)
            zf.writestr(info, body.replace(b"</body>", b"<i/>" * 5000 + b"</body>")
                        if info.filename == "c0.xhtml" else body)
    doc_message = message(load_bytes, out.getvalue(), "tiny.epub")
    assert doc_message == "tiny.epub has no readable text."


def bomb_docx(body_bytes: int, parts: int, part_bytes: int) -> bytes:
    import io
    import zipfile

    from tests.core.documents import fixtures

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(fixtures.docx_bytes())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b" " * body_bytes + b"</w:body>")
            zf.writestr(info.filename, data)
        for i in range(parts):
            zf.writestr(f"customXml/bomb{i}.xml", b"<a>" + b" " * part_bytes + b"</a>")
    return out.getvalue()


def test_docx_parts_share_one_budget(monkeypatch):
    from glossator.core.documents import docx

    monkeypatch.setattr(docx, "MAX_ZIP_BYTES", 1_200_000)  # python-docx's template: 805 KB
    assert load_bytes(bomb_docx(60_000, 1, 60_000), "fine.docx").text
    assert message(load_bytes, bomb_docx(60_000, 7, 63_000), "parts.docx").startswith(
        "parts.docx is too large to open (over ")


def test_docx_body_of_millions_of_tiny_elements(monkeypatch):
    from glossator.core.documents import docx

    monkeypatch.setattr(docx, "MAX_PART_TAGS", 1000)
    assert "too many elements" in message(load_bytes, _docx_with_tags(5000), "tags.docx")


def _docx_with_tags(n: int) -> bytes:
    import io
    import zipfile

    from tests.core.documents import fixtures

    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(fixtures.docx_bytes())) as src, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for info in src.infolist():
            data = src.read(info)
            if info.filename == "word/document.xml":
                data = data.replace(b"</w:body>", b"<w:p/>" * n + b"</w:body>")
            zf.writestr(info.filename, data)
    return out.getvalue()


# --- PDF: pages weighed before PDFium draws them ---------------------------------------------

def test_pdf_with_40_nested_forms_is_refused_at_once(isolated, tmp_path):
    import time

    from tests.core.documents import hostile_files

    path = tmp_path / "forms.pdf"
    path.write_bytes(hostile_files.nested_forms_pdf(40))
    assert path.stat().st_size < 8000
    t = time.perf_counter()
    assert "draw far more than any real document" in message(load_path, path)
    assert time.perf_counter() - t < 5


def test_pdf_page_with_nested_forms_is_skipped_the_others_read(tmp_path):
    from tests.core.documents import hostile_files

    path = tmp_path / "forms.pdf"
    path.write_bytes(hostile_files.nested_forms_pdf(40, good_page=True))
    doc = load_path(path)
    assert doc.text == "Ada Lovelace met Charles Babbage in London."
    assert any("were skipped (page 2)" in w for w in doc.warnings)


def test_a_few_nested_forms_are_drawn():
    from tests.core.documents import hostile_files

    doc = load_bytes(hostile_files.nested_forms_pdf(4), "forms.pdf")
    assert doc.text.startswith("Ada Lovelace met Charles Babbage in London.")
    assert not doc.warnings


def test_pdf_stream_inflating_past_the_page_budget(monkeypatch):
    from glossator.core.documents import pdf_guard
    from tests.core.documents import hostile_files

    monkeypatch.setattr(pdf_guard, "MAX_PAGE_COST", 1024 * 1024)
    data = hostile_files.inflating_stream_pdf(3, good_page=True)
    assert len(data) < 20_000
    doc = load_bytes(data, "bomb.pdf")
    assert doc.text == "Ada Lovelace met Charles Babbage in London."
    assert any("were skipped (page 2)" in w for w in doc.warnings)


def test_pdf_document_budget_stops_early(monkeypatch):
    from glossator.core.documents import pdf_guard
    from tests.core.documents import fixtures

    monkeypatch.setattr(pdf_guard, "MAX_DOCUMENT_COST", 1)
    doc = load_bytes(fixtures.long_pdf(5), "long.pdf")
    assert any("only the first 1 of its 5 pages" in w for w in doc.warnings)


def test_pdf_text_per_page_is_capped(monkeypatch):
    from glossator.core.documents import pdf
    from tests.core.documents import fixtures

    monkeypatch.setattr(pdf, "MAX_PAGE_CHARS", 50)
    doc = load_bytes(fixtures.article_pdf(1, two_column=False), "dense.pdf")
    assert len(doc.text) < 200
    assert any("more text than a page can" in w for w in doc.warnings)


def test_guard_reads_object_streams_and_real_files():
    import pypdfium2 as pdfium

    from glossator.core.documents.pdf_guard import check_pages
    from tests.core.documents import fixtures

    for data in (fixtures.long_pdf(30), fixtures.paper_pdf(), fixtures.book_pdf()):
        verdict = check_pages(data, len(pdfium.PdfDocument(data)))
        assert verdict.skip == [""] * len(verdict.skip) and verdict.budget_pages is None


# --- isolation: the parse runs in a child with limits -----------------------------------------

def _hog(megabytes: int) -> None:
    chunks = []
    for _ in range(megabytes):
        chunks.append(bytearray(1024 * 1024))


def _hog_resident(megabytes: int) -> None:
    """Memory really written (a zeroed bytearray may never become resident)."""
    chunks = []
    for _ in range(megabytes):
        chunks.append(b"x" * (1024 * 1024))


def _abort() -> None:
    import os

    os.abort()


def _spin() -> None:
    while True:
        pass


def _sleep() -> None:
    import time

    time.sleep(60)


def _pid() -> int:
    import os

    return os.getpid()


def test_child_memory_limit_gives_a_message(isolated, monkeypatch):
    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "PARSE_MEMORY", 200 * 1024 * 1024)
    assert message(lambda: isolate.run(_hog, 600, label="big.pdf", size=1)) == (
        "big.pdf needs more memory than Glossator allows for one document (200 MB), so it was "
        "not opened. It may be damaged, or built to exhaust memory.")


def test_resident_memory_watch_stops_the_child_where_the_os_sets_no_limit(isolated, monkeypatch):
    """macOS has no working address-space limit: the parent's watch is the limit there."""
    import time

    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "ADDRESS_LIMIT", False)  # as on macOS
    monkeypatch.setattr(isolate, "PARSE_MEMORY", 200 * 1024 * 1024)
    t = time.perf_counter()
    assert message(lambda: isolate.run(_hog_resident, 3000, label="big.pdf", size=1)) == (
        "big.pdf needs more memory than Glossator allows for one document (200 MB), so it was "
        "not opened. It may be damaged, or built to exhaust memory.")
    assert time.perf_counter() - t < 30


def test_windows_job_limits_have_the_layout_windows_expects():
    """SetInformationJobObject refuses a structure of the wrong size; it cannot run here,
    so check the declared layout against the SDK's (x64: 144 bytes, the memory limit at 112)."""
    import ctypes

    from glossator.core.documents import isolate

    if ctypes.sizeof(ctypes.c_void_p) != 8:
        pytest.skip("the figures below are the 64-bit layout")
    limits = isolate.job_limits_structure()
    assert ctypes.sizeof(limits) == 144
    assert limits.ProcessMemoryLimit.offset == 112
    assert limits.IoInfo.offset == 64


def test_native_abort_in_the_child_leaves_the_caller_standing(isolated):
    from glossator.core.documents import isolate

    assert "needs more memory than Glossator allows" in message(
        lambda: isolate.run(_abort, label="crash.pdf", size=1))


@pytest.mark.parametrize("fn", [_spin, _sleep])
def test_child_time_limit_gives_a_message(isolated, monkeypatch, fn):
    import time

    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "seconds_for", lambda size: 1)
    monkeypatch.setattr(isolate, "START_SECONDS", 2)
    t = time.perf_counter()
    assert message(lambda: isolate.run(fn, label="slow.epub", size=1)) == (
        "slow.epub took too long to read (over 1 seconds), so Glossator stopped. It may be "
        "damaged, or built to stall readers.")
    assert time.perf_counter() - t < 10


def test_documents_come_back_whole_from_the_child(isolated, tmp_path):
    import os

    from glossator.core.documents import isolate
    from glossator.core.documents.load import _load_path_here
    from tests.core.documents import fixtures

    assert isolate.run(_pid, label="x", size=1) != os.getpid()
    path = tmp_path / "paper.pdf"
    path.write_bytes(fixtures.paper_pdf())
    doc = load_path(path)
    assert doc == _load_path_here(path)
    check_offsets(doc)
    assert load_bytes(fixtures.epub_bytes(), "b.epub").text.startswith("Chapter One: Warsaw")
    from glossator.core.documents import load_paste

    paste = "<p>Kepler lived in Prague.</p>" + "<p>Tycho Brahe too.</p>" * 60_000
    assert load_paste(paste).text.startswith("Kepler lived in Prague.\n\nTycho Brahe too.")


def test_plain_text_stays_in_process(isolated, tmp_path, monkeypatch):
    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "run", lambda *a, **k: pytest.fail("a child was started"))
    path = tmp_path / "notes.txt"
    path.write_text(SAMPLE * 1000)
    assert load_path(path).text == SAMPLE * 1000
    (tmp_path / "notes.md").write_text("# Notes\n\n" + SAMPLE)
    assert load_path(tmp_path / "notes.md").format == "markdown"


def test_files_refused_on_their_size_start_no_child(isolated, tmp_path, monkeypatch):
    from glossator.core.documents import isolate

    monkeypatch.setattr(isolate, "run", lambda *a, **k: pytest.fail("a child was started"))
    path = tmp_path / "huge.html"
    with open(path, "wb") as fh:
        fh.write(b"<!doctype html><html><body><p>Big.</p>")
        fh.truncate(20 * 1024 * 1024)
    assert "too large to open" in message(load_path, path)


def test_escaped_form_names_do_not_hide_the_nesting():
    from tests.core.documents import hostile_files

    assert "draw far more" in message(
        load_bytes, hostile_files.nested_forms_pdf(40, escaped=True), "escaped.pdf")


def test_a_bomb_the_weigher_cannot_read_is_stopped_by_the_child(isolated, tmp_path,
                                                                monkeypatch):
    """Forms packed with LZW (not unpacked by pdf_guard): PDFium itself hits the limit."""
    import time

    from glossator.core.documents import isolate
    from tests.core.documents import hostile_files

    monkeypatch.setattr(isolate, "PARSE_MEMORY", 256 * 1024 * 1024)
    path = tmp_path / "lzw.pdf"
    path.write_bytes(hostile_files.nested_forms_pdf(40, lzw=True))
    t = time.perf_counter()
    assert message(load_path, path).startswith(
        "lzw.pdf needs more memory than Glossator allows for one document (256 MB)")
    assert time.perf_counter() - t < 20
