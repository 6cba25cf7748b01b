import pytest

from glossator.core.documents import DocumentError, load_bytes, load_path
from glossator.core.documents import limits as limits_module
from glossator.core.documents import pdf as pdf_module
from tests.core.documents import fixtures
from tests.core.documents.conftest import check_offsets, texts


@pytest.fixture(scope="module")
def article():
    return load_bytes(fixtures.article_pdf(3), "article.pdf")


def test_article_title_headings_and_paragraphs(article):
    check_offsets(article)
    assert article.format == "pdf"
    assert article.title == "Radioactivity in Paris"
    assert texts(article, "heading") == ["Radioactivity in Paris", "Two Columns of Notes"]
    assert [s.title for s in article.sections] == texts(article, "heading")
    first = texts(article, "paragraph")[0]
    assert first.startswith("Page 1 opens. Marie Curie")
    assert first.endswith("two different sciences.")
    assert "\n" not in first  # lines were joined


def test_hyphenation_at_line_ends_is_undone(article):
    assert ("The committee in Stockholm praised the extraordinary work of the laboratory and "
            "its international reach across Europe.") in texts(article)
    assert "extra-" not in article.text and "inter-" not in article.text


def test_running_heads_and_page_numbers_are_dropped(article):
    assert "Journal of Reading" not in article.text
    assert not any(t.strip().isdigit() for t in texts(article))


def test_two_columns_are_read_in_order(article):
    paragraphs = texts(article)
    left = next(i for i, t in enumerate(paragraphs) if t.startswith("LEFT:"))
    right = next(i for i, t in enumerate(paragraphs) if t.startswith("RIGHT:"))
    assert right == left + 1
    assert paragraphs[left].endswith("The left column ends here.")
    assert paragraphs[right].endswith("The right column ends here.")
    assert "RIGHT" not in paragraphs[left]


def test_bookmarks_sentence_over_page_break_caption_and_scanned_page():
    doc = load_bytes(fixtures.book_pdf(), "book.pdf")
    check_offsets(doc)
    assert [(s.title, s.level) for s in doc.sections] == [("Chapter 1: Warsaw", 1),
                                                            ("Chapter 2: Paris", 1)]
    assert doc.text[doc.sections[1].start:].startswith("Chapter 2: Paris")
    assert ("This sentence starts at the bottom of the first page and ends at the top of the "
            "second page.") in texts(doc)
    assert texts(doc, "caption") == ["Figure 1: The shed where radium was found."]
    assert any("scanned" in w and "page 3" in w for w in doc.warnings)
    assert texts(doc, "list_item") == ["polonium, named after Poland;",
                                       "radium, which glows in the dark."]
    toc = [t for t in texts(doc) if ". . . ." in t]
    assert len(toc) == 2 and toc[0].startswith("Chapter 1: Warsaw . . .")
    assert toc[0].endswith(". 1") and toc[1].endswith(". 4")


def test_encrypted_pdf_says_password():
    with pytest.raises(DocumentError, match="protected with a password"):
        load_bytes(fixtures.encrypted_pdf(), "locked.pdf")


def test_scanned_pdf_says_ocr():
    with pytest.raises(DocumentError, match=r"scan.*OCR"):
        load_bytes(fixtures.image_only_pdf(), "scan.pdf")


@pytest.mark.parametrize("cut", [0.05, 0.5, 0.9])
def test_truncated_pdf_gives_a_message_or_loads(cut):
    data = fixtures.article_pdf(3)
    try:
        doc = load_bytes(data[:int(len(data) * cut)], "cut.pdf")
    except DocumentError as exc:
        assert "cut.pdf" in str(exc)
    else:
        check_offsets(doc)  # PDFium can rebuild some damaged files: then it must be sane


def test_corrupt_pdf_body():
    with pytest.raises(DocumentError, match="damaged"):
        load_bytes(b"%PDF-1.7\n" + bytes(range(256)) * 20, "junk.pdf")


def test_page_limit_keeps_memory_bounded(monkeypatch, tmp_path):
    monkeypatch.setattr(pdf_module, "MAX_PDF_PAGES", 4)
    path = tmp_path / "long.pdf"
    path.write_bytes(fixtures.long_pdf(9))
    doc = load_path(path)
    assert "9 pages" in doc.warnings[0] and "first 4" in doc.warnings[0]
    check_offsets(doc)
    assert limits_module.MAX_PDF_PAGES >= 2000  # a 2,000-page PDF loads in full


def test_long_pdf_paragraphs_join_and_heads_drop():
    doc = load_bytes(fixtures.long_pdf(6), "long.pdf")
    check_offsets(doc)
    assert len(doc.blocks) == 24
    assert "Journal" not in doc.text


def test_two_column_paper_flows_across_columns_and_pages():
    """fpdf2's text columns: paragraphs run on over column and page breaks, soft hyphens break
    words at line ends, the running head alternates sides, the footer is 'Page n of 3'."""
    doc = load_bytes(fixtures.paper_pdf(), "paper.pdf")
    check_offsets(doc)
    expected = [p.replace("\u00ad", "") for p in fixtures.PAPER_PARAGRAPHS]
    assert texts(doc, "heading") == ["On the Radium Collaborations"]
    assert texts(doc, "paragraph") == expected
    assert "Annals" not in doc.text and "of 3" not in doc.text


def test_pdf_with_only_an_owner_password_opens():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="only-for-editing")  # anyone may read it
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Readable by anyone: Johannes Kepler.")
    doc = load_bytes(bytes(pdf.output()), "restricted.pdf")
    assert doc.text == "Readable by anyone: Johannes Kepler."


def test_vertical_margin_stamp_is_ignored():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=20)
    with pdf.rotation(90, 10, 200):
        pdf.text(10, 200, "arXiv:2101.00001v2 [cs.CL] 3 Jan 2021")
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 5, "Alan Turing worked in Manchester. " * 6)
    doc = load_bytes(bytes(pdf.output()), "paper.pdf")
    assert "arXiv" not in doc.text
    assert texts(doc) == [("Alan Turing worked in Manchester. " * 6).strip()]


def test_line_joining_rules():
    from glossator.core.documents.pdf_layout import join_lines as join

    assert join(["The ﬁnal ef-", "fect of the ﬂow"]) == "The final effect of the flow"
    assert join(["the Franco-", "Prussian war"]) == "the Franco-Prussian war"
    assert join(["comments start with --", "and end"]) == "comments start with -- and end"
    assert join(["soft inter\x02", "national"]) == "soft international"
    assert join(["see https://example.org/", "page"]) == "see https://example.org/page"


def test_bold_run_in_heading_at_body_size():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 5, "Opening paragraph about Niels Bohr in Copenhagen. " * 4)
    pdf.set_font("Helvetica", "B", 11)
    pdf.set_xy(20, pdf.get_y() + 3)
    pdf.cell(0, 5, "2 Methods")
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, pdf.get_y() + 5)
    pdf.multi_cell(170, 5, "We measured the spectra in Lund with Manne Siegbahn. " * 3)
    pdf.set_xy(20, pdf.get_y() + 1)
    pdf.set_font("Helvetica", "B", 11)
    pdf.write(5, "Note")
    pdf.set_font("Helvetica", "", 11)
    pdf.write(5, " that a bold first word does not make a heading.")
    doc = load_bytes(bytes(pdf.output()), "methods.pdf")
    check_offsets(doc)
    assert [(b.kind, doc.block_text(b)[:12]) for b in doc.blocks] == [
        ("paragraph", "Opening para"), ("heading", "2 Methods"), ("paragraph", "We measured "),
        ("paragraph", "Note that a ")]


def test_two_thousand_pages_load_in_full():
    """Also: a line repeated at the top of every page is text, not a running head, when it is
    most of the text."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_auto_page_break(False)
    pdf.set_font("Helvetica", size=11)
    for n in range(1, 2001):
        pdf.add_page()
        pdf.set_xy(20, 20)
        pdf.cell(0, 5, f"Page {n} tells of Kepler and Tycho Brahe in Prague.")
        pdf.set_xy(100, 285)
        pdf.cell(10, 4, str(n))
    doc = load_bytes(bytes(pdf.output()), "long.pdf")
    check_offsets(doc)
    assert len(doc.blocks) == 2000 and not doc.warnings
    assert texts(doc)[-1] == "Page 2000 tells of Kepler and Tycho Brahe in Prague."


def test_typewriter_lines_are_code_kept_line_by_line():
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, 20)
    pdf.multi_cell(170, 5, "Guido van Rossum wrote this small program in Amsterdam: " * 3)
    y = pdf.get_y() + 3
    pdf.set_font("Courier", "", 10)
    for line in ("def greet(name):", "    return 'Hello, ' + name"):
        pdf.set_xy(25, y)
        pdf.cell(0, 5, line)
        y += 5
    pdf.set_font("Helvetica", "", 11)
    pdf.set_xy(20, y + 3)
    pdf.multi_cell(170, 5, "It prints a greeting for Tim Peters. " * 3)
    doc = load_bytes(bytes(pdf.output()), "code.pdf")
    check_offsets(doc)
    assert [b.kind for b in doc.blocks] == ["paragraph", "preformatted", "paragraph"]
    code = doc.blocks[1]
    assert doc.block_text(code) == "def greet(name):\n    return 'Hello, ' + name" or \
        doc.block_text(code) == "def greet(name):\nreturn 'Hello, ' + name"
    assert not code.annotate
