"""PDF text reflowed for reading, with pypdfium2 (Apache-2.0/BSD).

Each page's text segments are grouped into lines; running headers, footers and
page numbers (lines in the page margins that repeat across pages, or are just a
number) are dropped; two-column pages are read column by column; lines are
joined into paragraphs and hyphenation at line ends is undone. Larger type
becomes headings. Pages are read one at a time, so a 2,000-page PDF loads in
bounded memory.
"""

from __future__ import annotations

import ctypes
import logging
import mmap
import re
import threading
from bisect import bisect_left
from itertools import islice
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from glossator.core.documents.builder import DocumentBuilder, section_title, tidy_sections
from glossator.core.documents.limits import MAX_PDF_PAGES, MAX_SECTION_LEVEL, MAX_SECTIONS
from glossator.core.documents.model import Document, DocumentError, Section
from glossator.core.documents.pdf_guard import Verdict, check_pages
from glossator.core.documents.pdf_layout import (
    LEADERS,
    Line,
    build_blocks,
    drop_running_heads,
    extend,
    order_columns,
)

log = logging.getLogger(__name__)
_LOCK = threading.Lock()  # PDFium is not thread-safe
MAX_PAGE_CHARS = 100_000
_FONT_NAME = ctypes.create_string_buffer(256)  # used under _LOCK only
_FORCE_BOLD = 1 << 18  # PDF font descriptor flag
_FIXED_PITCH = 1  # PDF font descriptor flag
_MONO_FONT = re.compile(r"mono|monl|courier|consol|menlo|typewriter|cmtt|txtt|inconsolata|"
                        r"sourcecode|firacode|letter ?gothic|fixed", re.I)
_BOLD_FONT = re.compile(r"bold|black|heavy|demi|semibold|medi(?:um)?\b|cmbx|[-,]b$", re.I)


def load_pdf(source: str | Path | bytes, *, title: str, label: str, where: str) -> Document:
    """Open a PDF from a path or bytes; raise DocumentError with a clear message."""
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        except pdfium.PdfiumError as exc:
            raise DocumentError(_open_error(str(exc), label)) from exc
        try:
            verdict = _weigh(source, min(len(pdf), MAX_PDF_PAGES))
            return _read(pdf, title=title, label=label, where=where, verdict=verdict)
        finally:
            pdf.close()


def _weigh(source: str | Path | bytes, pages: int) -> Verdict:
    """Which pages PDFium may draw (see pdf_guard); a file it cannot weigh is drawn as is."""
    try:
        if isinstance(source, bytes):
            return check_pages(source, pages)
        with open(source, "rb") as fh, mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ) as buf:
            return check_pages(buf, pages)
    except (OSError, ValueError, RecursionError, MemoryError):
        log.warning("could not weigh the pages of %s", source, exc_info=True)
        return Verdict(skip=[""] * pages)


def _open_error(reason: str, label: str) -> str:
    reason = reason.lower()
    if "password" in reason:
        return (f"{label} is protected with a password. Open it in a PDF reader, then save or "
                "print it as a PDF without a password, and open that copy.")
    if "security" in reason or "handler" in reason:
        return f"{label} uses a kind of encryption (DRM) that Glossator cannot open."
    return f"{label} is damaged or incomplete and cannot be read as a PDF."


def _read(pdf: pdfium.PdfDocument, *, title: str, label: str, where: str,
          verdict: Verdict | None = None) -> Document:
    warnings: list[str] = []
    count = len(pdf)
    if count == 0:
        raise DocumentError(f"{label} has no pages.")
    if count > MAX_PDF_PAGES:
        warnings.append(f"{label} has {count:,} pages; only the first {MAX_PDF_PAGES:,} "
                        "were loaded.")
        count = MAX_PDF_PAGES
    verdict = verdict or Verdict(skip=[""] * count)
    if verdict.budget_pages is not None and verdict.budget_pages < count:
        warnings.append(f"{label} draws too much to read whole; only the first "
                        f"{verdict.budget_pages:,} of its {count:,} pages were loaded.")
        count = verdict.budget_pages
    hostile = [i + 1 for i in range(count) if verdict.skip[i]]
    crowded: list[int] = []
    pages: list[list[Line]] = []
    heights: list[float] = []
    widths: list[float] = []
    image_only: list[int] = []
    damaged: list[int] = []
    for i in range(count):
        if verdict.skip[i]:
            continue
        try:
            page = pdf[i]
        except pdfium.PdfiumError:
            damaged.append(i + 1)
            continue
        try:
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                lines = _page_lines(textpage, i)
                if sum(len(ln.text) for ln in lines) >= MAX_PAGE_CHARS:
                    crowded.append(i + 1)
                if not lines and _has_images(page):
                    image_only.append(i + 1)
            finally:
                textpage.close()
        except pdfium.PdfiumError:
            damaged.append(i + 1)
            continue
        finally:
            page.close()
        pages.append(lines)
        heights.append(height)
        widths.append(width)
    if hostile:
        if len(hostile) == count:
            raise DocumentError(
                f"{label} could not be read: its pages draw far more than any real document "
                "(it may be damaged, or built to exhaust the memory of the reader).")
        warnings.append(f"{len(hostile)} page(s) of {label} draw far more than a real page "
                        f"and were skipped (page {_page_list(hostile)}).")
    if crowded:
        warnings.append(f"{len(crowded)} page(s) of {label} hold more text than a page can; "
                        f"only their first {MAX_PAGE_CHARS:,} characters were read "
                        f"(page {_page_list(crowded)}).")
    if damaged:
        warnings.append(f"{len(damaged)} damaged page(s) of {label} could not be read "
                        f"(page {_page_list(damaged)}).")
    if not any(pages):
        if len(damaged) == count:
            raise DocumentError(f"{label} is damaged: none of its pages can be read.")
        if image_only:
            raise DocumentError(
                f"{label} is a scan (pictures of pages, with no text inside). Glossator needs "
                "text: run it through OCR (text recognition) first, then open the result.")
        raise DocumentError(f"{label} contains no text.")
    if image_only:
        warnings.append(f"{len(image_only)} page(s) of {label} are scanned images with no "
                        f"text and were skipped (page {_page_list(image_only)}).")
    drop_running_heads(pages, heights)
    for i, lines in enumerate(pages):  # after the heads are gone: they are no column's
        order_columns(lines, widths[i], i)
    builder = DocumentBuilder()
    page_starts = build_blocks([ln for lines in pages for ln in lines], builder)
    meta_title = (pdf.get_metadata_value("Title") or "").strip()
    doc = builder.build(title="", source=where, format="pdf", warnings=warnings)
    if not doc.blocks:
        raise DocumentError(f"{label} contains no text.")
    doc.sections = _toc(pdf, page_starts, doc) or doc.sections
    headings = (doc.block_text(b) for b in doc.blocks if b.kind == "heading" and b.level == 1)
    doc.title = (meta_title if _good_title(meta_title) else "") or next(headings, "") or title
    return doc


def _page_list(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:10])) + (" …" if len(pages) > 10 else "")


def _page_lines(textpage: pdfium.PdfTextPage, page: int) -> list[Line]:
    """The page's text segments merged into lines (left to right)."""
    items: list[Line] = []
    chars = 0
    for i in range(textpage.count_rects()):
        if chars >= MAX_PAGE_CHARS:  # a real page holds ~6,000; the rest is an attack
            break
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)[:MAX_PAGE_CHARS - chars]
        chars += len(text)
        text = text.replace("\r", " ").replace("\n", " ").strip()
        if not text or (len(text) > 3 and top - bottom > 3 * (right - left)):
            continue  # vertical text: arXiv's stamp in the margin, a rotated table label
        index = -1
        for x in (left + min(1.0, (right - left) / 2), left + (right - left) / 4,
                  (left + right) / 2):  # the first probe may hit a leading space
            index = pdfium_c.FPDFText_GetCharIndexAtPos(
                textpage, x, (bottom + top) / 2, 2.0, 2.0)
            if index >= 0:
                break
        size = pdfium_c.FPDFText_GetFontSize(textpage, index) if index >= 0 else 0.0
        bold, mono = _face(textpage, index)
        for x in ((left + right) / 2, right - 1.0) if mono else ():
            # Prose with an inline path or name in typewriter type is not code.
            probe = pdfium_c.FPDFText_GetCharIndexAtPos(
                textpage, x, (bottom + top) / 2, 2.0, 2.0)
            if probe >= 0 and not _face(textpage, probe)[1]:
                mono = False
                break
        items.append(Line(left, bottom, right, top, text, round(size or (top - bottom), 1),
                          page, weight=len(text), bold=bold, mono=mono))
    # Rows: segments that overlap vertically (a bullet sits lower than its text's top).
    items.sort(key=lambda it: (-it.y1, it.x0))
    rows: list[tuple[Line, list[Line]]] = []  # (tallest segment, segments)
    for it in items:
        for core, members in reversed(rows[-6:]):
            overlap = min(core.y1, it.y1) - max(core.y0, it.y0)
            if overlap > 0.5 * min(core.y1 - core.y0, it.y1 - it.y0):
                members.append(it)
                break
        else:
            rows.append((it, [it]))
    # Lines: a row split where a wide gap separates columns (but dot leaders bridge gaps).
    lines: list[Line] = []
    for _, members in rows:
        members.sort(key=lambda it: it.x0)
        line = members[0]
        lines.append(line)
        for it in members[1:]:
            reach = 1.5 * max(it.size, line.size, 1.0)
            if it.x0 - line.x1 <= reach or LEADERS.search(line.text) or \
                    LEADERS.match(it.text):
                extend(line, it)
            else:
                line = it
                lines.append(line)
    lines.sort(key=lambda ln: (-ln.y1, ln.x0))
    return lines


def _face(textpage: pdfium.PdfTextPage, index: int) -> tuple[bool, bool]:
    """(bold, monospaced) for the character's font.

    Judged by the font's name and flags too: PDFium's weight is often 0 for standard fonts.
    """
    if index < 0:
        return False, False
    flags = ctypes.c_int(0)
    size = pdfium_c.FPDFText_GetFontInfo(textpage, index, _FONT_NAME, len(_FONT_NAME),
                                         ctypes.byref(flags))
    name = _FONT_NAME.value.decode("latin-1") if 0 < size <= len(_FONT_NAME) else ""
    bold = bool(_BOLD_FONT.search(name)) or bool(flags.value & _FORCE_BOLD) or \
        pdfium_c.FPDFText_GetFontWeight(textpage, index) >= 600
    mono = bool(_MONO_FONT.search(name)) or bool(flags.value & _FIXED_PITCH)
    return bold, mono


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,),
                                              max_depth=2))


def _toc(pdf: pdfium.PdfDocument, page_starts: dict[int, int], doc: Document) -> list[Section]:
    """The PDF's outline (bookmarks) as sections, each at its page's first block.

    Or at the heading of that page that has the bookmark's title.

    At most ``MAX_SECTIONS`` bookmarks, ``MAX_SECTION_LEVEL`` deep, are read; a cyclic
    outline stops where it loops (pypdfium2 remembers the bookmarks seen), and an outline
    PDFium cannot follow is ignored: the headings stand in.
    """
    pages = sorted(page_starts)
    headings = [b for b in doc.blocks if b.kind == "heading"]
    heading_starts = [b.start for b in headings]
    sections: list[Section] = []
    try:
        for item in islice(pdf.get_toc(max_depth=MAX_SECTION_LEVEL), MAX_SECTIONS):
            title = section_title(item.get_title() or "")
            dest = item.get_dest()
            page = dest.get_index() if dest is not None else None
            if not title or page is None or page < 0:
                continue
            i = bisect_left(pages, page)  # a bookmark to a page with no text: the next one
            if i == len(pages):
                continue
            start = page_starts[pages[i]]
            end = page_starts[pages[i + 1]] if i + 1 < len(pages) else len(doc.text) + 1
            first = bisect_left(heading_starts, start)
            for block in headings[first:first + 50]:
                if block.start >= end:
                    break
                if section_title(doc.block_text(block)).casefold() == title.casefold():
                    start = block.start
                    break
            sections.append(Section(title, start, item.level + 1))
    except (pdfium.PdfiumError, ValueError, AttributeError, TypeError, OSError,
            UnicodeError, RecursionError) as exc:
        log.warning("ignoring the outline of a PDF: %s", exc)
        return []
    return tidy_sections(sections, len(doc.text))


def _good_title(title: str) -> bool:
    return bool(title) and not re.match(r"(?i)(microsoft word - |untitled|document\d*$)", title) \
        and not re.search(r"\.(docx?|pdf|tex|indd)$", title, re.IGNORECASE)
