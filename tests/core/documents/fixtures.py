"""Documents built in code for the tests and the benchmark (fpdf2, python-docx, zip, HTML)."""

from __future__ import annotations

import io
import zipfile

from fpdf import FPDF

LOREM = (
    "Marie Curie was born in Warsaw and moved to Paris, where she studied physics at the "
    "Sorbonne. With Pierre Curie she discovered polonium and radium, and she remains the only "
    "person to win Nobel Prizes in two different sciences."
)
HYPHEN_LINES = [
    "The committee in Stockholm praised the extra-",
    "ordinary work of the laboratory and its inter-",
    "national reach across Europe.",
]


def _pdf() -> FPDF:
    pdf = FPDF(format="A4", unit="mm")
    pdf.set_auto_page_break(False)
    pdf.set_margins(20, 20, 20)
    return pdf


def _running_heads(pdf: FPDF, number: int) -> None:
    pdf.set_font("Helvetica", size=8)
    pdf.set_xy(20, 8)
    pdf.cell(170, 4, "Journal of Reading Studies - Volume 12 (2024)")
    pdf.set_xy(95, 287)
    pdf.cell(20, 4, str(number), align="C")


def _paragraph(pdf: FPDF, text: str, y: float, *, x: float = 20, width: float = 170,
               size: int = 11) -> float:
    pdf.set_font("Helvetica", size=size)
    pdf.set_xy(x, y)
    pdf.multi_cell(width, 5, text)
    return pdf.get_y() + 4


def _lines(pdf: FPDF, lines: list[str], y: float, *, x: float = 20) -> float:
    pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.set_xy(x, y)
        pdf.cell(170, 5, line)
        y += 5
    return y + 4


def article_pdf(pages: int = 3, *, two_column: bool = True) -> bytes:
    """An article: title, paragraphs, hyphenated line ends, running heads, a two-column page."""
    pdf = _pdf()
    for n in range(1, pages + 1):
        pdf.add_page()
        _running_heads(pdf, n)
        y = 20.0
        if n == 1:
            pdf.set_font("Helvetica", "B", size=20)
            pdf.set_xy(20, y)
            pdf.cell(170, 10, "Radioactivity in Paris")
            y += 16
        if two_column and n == pages and pages > 1:
            pdf.set_font("Helvetica", "B", size=15)
            pdf.set_xy(20, y)
            pdf.cell(170, 8, "Two Columns of Notes")
            y += 12
            _paragraph(pdf, "LEFT: " + LOREM + " The left column ends here.", y, width=80)
            _paragraph(pdf, "RIGHT: Pierre Curie taught at the School of Physics and "
                       "Chemistry in Paris. The right column ends here.", y, x=110, width=80)
            continue
        y = _paragraph(pdf, f"Page {n} opens. " + LOREM, y)
        y = _lines(pdf, HYPHEN_LINES, y)
        y = _paragraph(pdf, f"The closing paragraph of page {n} mentions Albert Einstein.", y)
    return bytes(pdf.output())


def long_pdf(pages: int) -> bytes:
    """Many pages of body text with running heads (for the benchmark and bad-input tests)."""
    pdf = _pdf()
    body = " ".join([LOREM] * 4)
    for n in range(1, pages + 1):
        pdf.add_page()
        _running_heads(pdf, n)
        y = 20.0
        for _ in range(4):
            y = _paragraph(pdf, body, y)
    return bytes(pdf.output())


def encrypted_pdf() -> bytes:
    pdf = _pdf()
    pdf.set_encryption(owner_password="owner-secret", user_password="student")
    pdf.add_page()
    _paragraph(pdf, LOREM, 20)
    return bytes(pdf.output())


def image_only_pdf() -> bytes:
    """A 'scanned' page: one picture, no text."""
    from PIL import Image

    pdf = _pdf()
    pdf.add_page()
    picture = Image.new("L", (200, 280), color=200)
    pdf.image(picture, x=10, y=10, w=190)
    return bytes(pdf.output())


def docx_bytes() -> bytes:
    import docx

    d = docx.Document()
    d.core_properties.title = "Notes on Curie"
    d.core_properties.language = "en-GB"
    d.add_heading("Notes on Curie", level=1)
    d.add_paragraph(LOREM)
    d.add_heading("Later life", level=2)
    d.add_paragraph("She founded the Radium Institute in Paris.")
    d.add_paragraph("Polonium", style="List Bullet")
    d.add_paragraph("Radium", style="List Bullet")
    d.add_paragraph("Be less curious about people and more curious about ideas.", style="Quote")
    table = d.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "Born"
    table.rows[0].cells[1].text = "Warsaw"
    d.add_paragraph("The end.")
    out = io.BytesIO()
    d.save(out)
    return out.getvalue()


_CONTAINER = """<?xml version="1.0"?>
<container version="1.0" xmlns="urn:oasis:names:tc:opendocument:xmlns:container">
  <rootfiles><rootfile full-path="OEBPS/content.opf"
   media-type="application/oebps-package+xml"/></rootfiles>
</container>"""

_OPF = """<?xml version="1.0" encoding="utf-8"?>
<package xmlns="http://www.idpf.org/2007/opf" version="3.0" unique-identifier="id">
  <metadata xmlns:dc="http://purl.org/dc/elements/1.1/">
    <dc:title>The Curie Book</dc:title><dc:language>en</dc:language>
    <dc:identifier id="id">urn:uuid:1234</dc:identifier>
  </metadata>
  <manifest>
    <item id="nav" href="nav.xhtml" media-type="application/xhtml+xml" properties="nav"/>
    <item id="c2" href="text/ch2.xhtml" media-type="application/xhtml+xml"/>
    <item id="c1" href="text/ch1.xhtml" media-type="application/xhtml+xml"/>
    <item id="css" href="style.css" media-type="text/css"/>
  </manifest>
  <spine><itemref idref="c1"/><itemref idref="c2"/></spine>
</package>"""

_NAV = """<?xml version="1.0" encoding="utf-8"?>
<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops"><body>
<nav epub:type="toc"><ol>
  <li><a href="text/ch1.xhtml">Chapter One: Warsaw</a></li>
  <li><a href="text/ch2.xhtml">Chapter Two: Paris</a>
    <ol><li><a href="text/ch2.xhtml#lab">The Laboratory</a></li></ol></li>
</ol></nav></body></html>"""


def _chapter(title: str, body: str) -> str:
    return f"""<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE html>
<html xmlns="http://www.w3.org/1999/xhtml"><head><title>{title}</title>
<link rel="stylesheet" href="../style.css"/><script>document.write('never')</script></head>
<body><h1>{title}</h1>{body}</body></html>"""


def epub_bytes(*, drm: bool = False, chapters: int = 0) -> bytes:
    """A small EPUB 3 (spine order differs from manifest order); ``drm`` adds encryption.xml."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as zf:
        zf.writestr("mimetype", "application/epub+zip", compress_type=zipfile.ZIP_STORED)
        zf.writestr("META-INF/container.xml", _CONTAINER)
        zf.writestr("OEBPS/content.opf", _OPF)
        zf.writestr("OEBPS/nav.xhtml", _NAV)
        zf.writestr("OEBPS/style.css", "p { color: red }")
        zf.writestr("OEBPS/text/ch1.xhtml", _chapter(
            "Chapter One: Warsaw", f"<p>{LOREM}</p><p>Her father taught physics.</p>"
            + "".join(f"<p>{LOREM} ({i})</p>" for i in range(chapters))))
        zf.writestr("OEBPS/text/ch2.xhtml", _chapter(
            "Chapter Two: Paris",
            "<p>She arrived in Paris in 1891.</p><h2 id=\"lab\">The Laboratory</h2>"
            "<p>The shed on rue Lhomond was cold.</p><blockquote><p>A quote.</p></blockquote>"))
        if drm:
            zf.writestr("META-INF/encryption.xml", """<?xml version="1.0"?>
<encryption xmlns="urn:oasis:names:tc:opendocument:xmlns:container"
 xmlns:enc="http://www.w3.org/2001/04/xmlenc#">
 <enc:EncryptedData><enc:EncryptionMethod Algorithm="http://www.w3.org/2001/04/xmlenc#aes128-cbc"/>
 <enc:CipherData><enc:CipherReference URI="OEBPS/text/ch1.xhtml"/></enc:CipherData>
 </enc:EncryptedData></encryption>""")
    return out.getvalue()


ARTICLE_HTML = """<!DOCTYPE html>
<html lang="en-GB"><head><meta charset="utf-8"><title>Curie's radium | Daily Site</title>
<script>document.body.innerHTML = 'SCRIPT RAN'; var tracking = "TRACKING-CODE";</script>
<style>.x { content: "STYLE-TEXT" }</style>
<link rel="stylesheet" href="http://127.0.0.1:9/never.css">
</head><body>
<header><nav><a href="/">Home</a> <a href="/world">World</a>
<a href="/sport">Sport</a></nav></header>
<div class="cookie-banner">We value your privacy. Accept all cookies to continue.</div>
<main><article>
<h1>How Marie Curie found radium</h1>
<p>Marie Curie and Pierre Curie worked for years in a cold shed in Paris to isolate radium
from tonnes of pitchblende ore sent from Bohemia.</p>
<h2>The long work</h2>
<p>The work was slow and dangerous. Nobody then knew how harmful radiation was, and Curie
carried test tubes of radium in her pockets for years.</p>
<img src="http://127.0.0.1:9/never.png" alt="a photo">
<ul><li>Polonium was named after Poland.</li><li>Radium glows in the dark.</li></ul>
<blockquote>Nothing in life is to be feared, it is only to be understood.</blockquote>
<p>In 1911 she received a second Nobel Prize, this time in chemistry, for the discovery.</p>
</article></main>
<div class="share-buttons">Share on Facebook Share on Twitter Share by email</div>
<section id="comments"><h3>Comments</h3><p>Reader42: great piece, loved it!</p></section>
<aside class="support-us">Support us: donate today to keep independent journalism free.</aside>
<footer>Copyright 2024 Daily Site. All rights reserved.</footer>
</body></html>"""


def book_pdf() -> bytes:
    """Bookmarks (a table of contents), a sentence running over a page break, a scanned page."""
    from PIL import Image

    pdf = _pdf()
    pdf.add_page()
    _running_heads(pdf, 1)
    pdf.start_section("Chapter 1: Warsaw")
    pdf.set_font("Helvetica", "B", size=18)
    pdf.set_xy(20, 20)
    pdf.cell(170, 10, "Chapter 1: Warsaw")
    y = _paragraph(pdf, LOREM, 36)
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 270)
    pdf.cell(170, 5, "This sentence starts at the bottom of the first page and")
    pdf.add_page()
    _running_heads(pdf, 2)
    pdf.set_font("Helvetica", size=11)
    pdf.set_xy(20, 20)
    pdf.cell(170, 5, "ends at the top of the second page.")
    pdf.add_page()
    pdf.image(Image.new("L", (100, 140), color=180), x=10, y=10, w=190)
    pdf.add_page()
    _running_heads(pdf, 4)
    pdf.start_section("Chapter 2: Paris")
    pdf.set_font("Helvetica", "B", size=18)
    pdf.set_xy(20, 20)
    pdf.cell(170, 10, "Chapter 2: Paris")
    _paragraph(pdf, "Figure 1: The shed where radium was found.", 36)
    y = _paragraph(pdf, "Paris was cold that winter. She listed:", 50)
    for item in ("polonium, named after Poland;", "radium, which glows in the dark."):
        pdf.set_font("Helvetica", size=7)
        pdf.set_xy(24, y + 0.6)
        pdf.core_fonts_encoding = "windows-1252"  # has the bullet
        pdf.cell(4, 4, "\u2022")
        pdf.set_font("Helvetica", size=11)
        pdf.set_xy(30, y)
        pdf.cell(160, 5, item)
        y += 6
    pdf.add_page()  # a table of contents with dot leaders, as LaTeX and Texinfo set them
    pdf.set_font("Helvetica", size=11)
    for row, (entry, page) in enumerate((("Chapter 1: Warsaw", "1"),
                                         ("Chapter 2: Paris", "4"))):
        pdf.set_xy(20, 30 + 7 * row)
        pdf.cell(40, 5, entry)
        pdf.set_xy(75, 30 + 7 * row)
        pdf.cell(90, 5, ". " * 40)
        pdf.set_xy(180, 30 + 7 * row)
        pdf.cell(10, 5, page, align="R")
    del y
    return bytes(pdf.output())


PAPER_PARAGRAPHS = [
    f"Paragraph {i}. "
    + " ".join(
        f"Sentence {i}.{j} says that the inter\u00adnational labo\u00adratory of Marie Curie "
        f"in Paris collab\u00adorated with Ernest Ruther\u00adford in Manchester."
        for j in range(1, 5))
    for i in range(1, 25)
]


class _Paper(FPDF):
    def header(self) -> None:
        self.set_font("Helvetica", "I", 8)
        self.set_xy(20, 10)
        self.cell(170, 4, "Annals of Radiochemistry 41 (1911)",
                  align="L" if self.page_no() % 2 else "R")
        self.set_xy(20, 22)

    def footer(self) -> None:
        self.set_font("Helvetica", size=8)
        self.set_xy(20, 285)
        self.cell(170, 4, f"Page {self.page_no()} of 3", align="C")


def paper_pdf() -> bytes:
    """A two-column paper set by fpdf2's text columns: paragraphs flow across columns and
    pages, soft hyphens break words at line ends, running heads alternate sides."""
    pdf = _Paper(format="A4", unit="mm")
    pdf.set_margins(20, 22, 20)
    pdf.set_auto_page_break(True, margin=20)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 18)
    pdf.set_xy(20, 22)
    pdf.cell(170, 10, "On the Radium Collaborations", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.set_font("Helvetica", size=10)
    with pdf.text_columns(ncols=2, gutter=8, text_align="J", line_height=1.2) as cols:
        for para in PAPER_PARAGRAPHS:
            cols.write(para + "\n\n")
    return bytes(pdf.output())
