"""PDF text reflowed for reading, with pypdfium2 (Apache-2.0/BSD).

Each page's text segments are grouped into lines; running headers, footers and
page numbers (lines in the page margins that repeat across pages, or are just a
number) are dropped; two-column pages are read column by column; lines are
joined into paragraphs and hyphenation at line ends is undone. Larger type
becomes headings. Pages are read one at a time, so a 2,000-page PDF loads in
bounded memory.
"""

from __future__ import annotations

import itertools
import re
import statistics
import threading
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from glossator.core.documents.builder import DocumentBuilder
from glossator.core.documents.limits import MAX_PDF_PAGES
from glossator.core.documents.model import Document, DocumentError, Section

_LOCK = threading.Lock()  # PDFium is not thread-safe
_MARGIN = 0.12  # running heads live in the top and bottom 12% of a page
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|pág\.?)?\s*[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"(?:figure|fig\.|table|plate|chart|map)\s*\d+[.:]", re.IGNORECASE)
_SENTENCE_END = tuple(".!?:;\"”’)»")
_SOFT_HYPHENS = ("\u00ad", "\x02", "\ufffe")
_LEADERS = re.compile(r"(?:\.\s?){4,}\s*$|^\s*(?:\.\s?){4,}")
# Typeset ligatures, so "ﬁnance" is found as "finance".
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
_HAS_LEADERS = re.compile(r"(?:\.\s){4,}|\.{5,}")
_BULLET = re.compile(r"^[•◦▪▫‣⁃●○■□–—*·]\s+")


@dataclass(slots=True)
class _Line:
    x0: float
    y0: float  # bottom (PDF space: y grows upwards)
    x1: float
    y1: float  # top
    text: str
    size: float
    page: int = 0
    flow: int = 0  # lines in one flow (page column) read on from each other
    left: float = 0.0  # the flow's left and right edges, for indents and short lines
    right: float = 0.0
    weight: int = 0  # length of the text whose font size the line carries


def load_pdf(source: str | Path | bytes, *, title: str, label: str, where: str) -> Document:
    """Open a PDF from a path or bytes; raise DocumentError with a clear message."""
    with _LOCK:
        try:
            pdf = pdfium.PdfDocument(source if isinstance(source, bytes) else str(source))
        except pdfium.PdfiumError as exc:
            raise DocumentError(_open_error(str(exc), label)) from exc
        try:
            return _read(pdf, title=title, label=label, where=where)
        finally:
            pdf.close()


def _open_error(reason: str, label: str) -> str:
    reason = reason.lower()
    if "password" in reason:
        return (f"{label} is protected with a password. Open it in a PDF reader, then save or "
                "print it as a PDF without a password, and open that copy.")
    if "security" in reason or "handler" in reason:
        return f"{label} uses a kind of encryption (DRM) that Glossator cannot open."
    return f"{label} is damaged or incomplete and cannot be read as a PDF."


def _read(pdf: pdfium.PdfDocument, *, title: str, label: str, where: str) -> Document:
    warnings: list[str] = []
    count = len(pdf)
    if count == 0:
        raise DocumentError(f"{label} has no pages.")
    if count > MAX_PDF_PAGES:
        warnings.append(f"{label} has {count:,} pages; only the first {MAX_PDF_PAGES:,} "
                        "were loaded.")
        count = MAX_PDF_PAGES
    pages: list[list[_Line]] = []
    heights: list[float] = []
    image_only: list[int] = []
    damaged: list[int] = []
    for i in range(count):
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
        _order_columns(lines, width, i)
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
    _drop_running_heads(pages, heights)
    builder = DocumentBuilder()
    page_starts = _build_blocks([ln for lines in pages for ln in lines], builder)
    toc = _toc(pdf, page_starts)
    meta_title = (pdf.get_metadata_value("Title") or "").strip()
    doc = builder.build(title="", source=where, format="pdf", warnings=warnings)
    if toc:
        doc.sections = toc
    headings = (doc.block_text(b) for b in doc.blocks if b.kind == "heading" and b.level == 1)
    doc.title = (meta_title if _good_title(meta_title) else "") or next(headings, "") or title
    return doc


def _page_list(pages: list[int]) -> str:
    return ", ".join(map(str, pages[:10])) + (" …" if len(pages) > 10 else "")


def _page_lines(textpage: pdfium.PdfTextPage, page: int) -> list[_Line]:
    """The page's text segments merged into lines (left to right)."""
    items: list[_Line] = []
    for i in range(textpage.count_rects()):
        left, bottom, right, top = textpage.get_rect(i)
        text = textpage.get_text_bounded(left, bottom, right, top)
        text = text.replace("\r", " ").replace("\n", " ").strip()
        if not text or (len(text) > 3 and top - bottom > 3 * (right - left)):
            continue  # vertical text: arXiv's stamp in the margin, a rotated table label
        index = pdfium_c.FPDFText_GetCharIndexAtPos(
            textpage, left + min(1.0, (right - left) / 2), (bottom + top) / 2, 2.0, 2.0)
        size = pdfium_c.FPDFText_GetFontSize(textpage, index) if index >= 0 else 0.0
        items.append(_Line(left, bottom, right, top, text, round(size or (top - bottom), 1),
                           page, weight=len(text)))
    # Rows: segments that overlap vertically (a bullet sits lower than its text's top).
    items.sort(key=lambda it: (-it.y1, it.x0))
    rows: list[tuple[_Line, list[_Line]]] = []  # (tallest segment, segments)
    for it in items:
        for core, members in reversed(rows[-6:]):
            overlap = min(core.y1, it.y1) - max(core.y0, it.y0)
            if overlap > 0.5 * min(core.y1 - core.y0, it.y1 - it.y0):
                members.append(it)
                break
        else:
            rows.append((it, [it]))
    # Lines: a row split where a wide gap separates columns (but dot leaders bridge gaps).
    lines: list[_Line] = []
    for _, members in rows:
        members.sort(key=lambda it: it.x0)
        line = members[0]
        lines.append(line)
        for it in members[1:]:
            reach = 1.5 * max(it.size, line.size, 1.0)
            if it.x0 - line.x1 <= reach or _LEADERS.search(line.text) or \
                    _LEADERS.match(it.text):
                _extend(line, it)
            else:
                line = it
                lines.append(line)
    lines.sort(key=lambda ln: (-ln.y1, ln.x0))
    return lines


def _extend(line: _Line, it: _Line) -> None:
    """Append segment ``it`` to ``line``; the line keeps the font size of its longest part."""
    joiner = "" if line.text.endswith((*_SOFT_HYPHENS, "-")) else " "
    line.text += joiner + it.text
    line.x1 = max(line.x1, it.x1)
    line.y0, line.y1 = min(line.y0, it.y0), max(line.y1, it.y1)
    if len(it.text) > line.weight:
        line.size, line.weight = it.size, len(it.text)


def _has_images(page: pdfium.PdfPage) -> bool:
    return any(True for _ in page.get_objects(filter=(pdfium_c.FPDF_PAGEOBJ_IMAGE,),
                                              max_depth=2))


def _order_columns(lines: list[_Line], width: float, page: int) -> None:
    """Reorder a page's lines in place: two columns are read left column first.

    The gutter is where the right column's lines start; lines spanning it (a title
    across both columns) split the page into bands read top to bottom.
    """
    def flows(group: list[_Line], flow: int) -> None:
        if group:
            left, right = min(ln.x0 for ln in group), max(ln.x1 for ln in group)
            for ln in group:
                ln.flow, ln.left, ln.right = flow, left, right

    starts = sorted(ln.x0 for ln in lines if 0.3 * width < ln.x0 < 0.7 * width)
    gutter = starts[len(starts) // 2] - 2.0 if len(starts) >= 3 else None
    if gutter is not None:
        lefts = [ln for ln in lines if ln.x1 <= gutter + 4.0]
        rights = [ln for ln in lines if ln.x0 >= gutter]
        side_by_side = sum(1 for r in rights if any(
            min(r.y1, lf.y1) - max(r.y0, lf.y0) > 0 for lf in lefts))
        if len(lefts) < 3 or side_by_side < 2:
            gutter = None
    base = page * 1000
    if gutter is None:
        flows(lines, base)
        return
    ordered: list[_Line] = []
    left_col: list[_Line] = []
    right_col: list[_Line] = []
    flow = base

    def flush() -> None:
        nonlocal flow
        for col in (left_col, right_col):
            flows(col, flow)
            flow += 1
            ordered.extend(col)
            col.clear()

    for ln in lines:
        if ln.x1 <= gutter + 4.0:
            left_col.append(ln)
        elif ln.x0 >= gutter:
            right_col.append(ln)
        else:
            flush()
            flows([ln], flow)
            flow += 1
            ordered.append(ln)
    flush()
    lines[:] = ordered


def _margin_keys(lines: list[_Line], height: float) -> dict[int, str]:
    """Lines that may be running heads, by id, with their text (digits ignored).

    They sit in the top or bottom margin, set apart from the text by at least a line's
    height, so a column's last line is never one.
    """
    keys = {}
    for ln in lines:
        top = ln.y0 > (1 - _MARGIN) * height
        if not top and ln.y1 >= _MARGIN * height:
            continue
        if top:
            below = [o.y1 for o in lines if o.y1 <= ln.y0 and o is not ln]
            gap = ln.y0 - max(below) if below else height
        else:
            above = [o.y0 for o in lines if o.y0 >= ln.y1 and o is not ln]
            gap = min(above) - ln.y1 if above else height
        if gap >= 0.9 * (ln.y1 - ln.y0):
            keys[id(ln)] = re.sub(r"\d+", "#", ln.text.lower()).strip()
    return keys


def _drop_running_heads(pages: list[list[_Line]], heights: list[float]) -> None:
    """Drop page numbers and lines repeated in the margins of several pages."""
    page_keys = [_margin_keys(lines, h) for lines, h in zip(pages, heights, strict=True)]
    seen: Counter[str] = Counter()
    for keys in page_keys:
        seen.update(set(keys.values()))
    needed = min(3, max(2, len(pages) // 2))
    big = 1.15 * _body_size([ln for lines in pages for ln in lines]) + 0.5
    for i, (lines, keys) in enumerate(zip(pages, page_keys, strict=True)):
        kept = []
        for ln in lines:
            # A title in large type stays, even when the running head repeats it.
            key = keys.get(id(ln)) if ln.size < big else None
            numbered = key is not None and (key.startswith("#") or key.endswith("#"))
            if key is not None and (seen[key] >= (2 if numbered else needed)
                                    or _PAGE_NUMBER.fullmatch(ln.text)):
                continue
            kept.append(ln)
        pages[i] = kept


def _body_size(lines: list[_Line]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def _build_blocks(lines: list[_Line], builder: DocumentBuilder) -> dict[int, int]:
    """Join lines into paragraphs and headings; return each page's first offset."""
    if not lines:
        return {}
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    body = _body_size(lines)
    heading_sizes = sorted({s for s in sizes if s >= body * 1.15 + 0.5}, reverse=True)
    gaps = [a.y0 - b.y1 for a, b in itertools.pairwise(lines)
            if a.flow == b.flow and a.size == b.size == body and 0 <= a.y0 - b.y1 < 3 * body]
    usual_gap = statistics.median(gaps) if gaps else body * 0.3

    page_starts: dict[int, int] = {}
    para: list[_Line] = []

    def flush() -> None:
        if not para:
            return
        text = _join([ln.text for ln in para])
        size = para[0].size
        bullet = _BULLET.match(text)
        if bullet:
            block = builder.add("list_item", text[bullet.end():], 1)
        elif size in heading_sizes and len(text) <= 200 and len(para) <= 3 and \
                _HAS_LEADERS.search(text) is None and any(ch.isalpha() for ch in text):
            block = builder.add("heading", text, min(heading_sizes.index(size) + 1, 6))
        elif _CAPTION.match(text):
            block = builder.add("caption", text)
        else:
            block = builder.add("paragraph", text)
        if block is not None:
            page_starts.setdefault(para[0].page, block.start)
        para.clear()

    for ln in lines:
        if para and _breaks(para[-1], ln, usual_gap):
            flush()
        para.append(ln)
        if builder.full:
            break
    flush()
    return page_starts


def _breaks(prev: _Line, cur: _Line, usual_gap: float) -> bool:
    """Does ``cur`` start a new paragraph after ``prev``?"""
    if abs(prev.size - cur.size) > 0.6 or _BULLET.match(cur.text) or \
            _HAS_LEADERS.search(prev.text):
        return True
    ended = prev.text.rstrip().endswith(_SENTENCE_END)
    indented = cur.x0 > cur.left + 1.2 * cur.size
    full = prev.x1 >= prev.right - 0.06 * (prev.right - prev.left)
    if prev.flow != cur.flow:
        # Next column or page: a paragraph goes on after a full line or mid-sentence.
        return indented or not (full or not ended or prev.text.endswith("-"))
    if prev.y0 - cur.y1 > usual_gap + 0.5 * cur.size:
        return True
    short = prev.x1 < prev.right - 0.15 * (prev.right - prev.left)
    return (short and ended) or (indented and ended)


def _join(texts: list[str]) -> str:
    """Join a paragraph's lines, undoing hyphenation at line ends."""
    out = texts[0]
    for nxt in texts[1:]:
        broken_word = len(out) > 1 and out.endswith("-") and out[-2].isalpha() and \
            nxt[:1].islower()
        if out.endswith(_SOFT_HYPHENS) or broken_word:
            out = out[:-1] + nxt
        elif out.endswith("/") or (out.endswith("-") and out[-2:-1].isalnum()):
            out += nxt
        else:
            out += " " + nxt
    for mark in _SOFT_HYPHENS:
        out = out.replace(mark, "")
    return out.translate(_LIGATURES)


def _toc(pdf: pdfium.PdfDocument, page_starts: dict[int, int]) -> list[Section]:
    """The PDF's bookmarks as sections, each starting with its page's first block."""
    sections = []
    try:
        for item in pdf.get_toc(max_depth=4):
            page = item.page_index
            if page is None:
                continue
            start = next((page_starts[p] for p in range(page, page + 3) if p in page_starts),
                         None)
            if start is not None and item.title.strip():
                sections.append(Section(item.title.strip(), start, item.level + 1))
    except (pdfium.PdfiumError, ValueError, AttributeError):
        return []
    return sorted(sections, key=lambda s: s.start)


def _good_title(title: str) -> bool:
    return bool(title) and not re.match(r"(?i)(microsoft word - |untitled|document\d*$)", title) \
        and not re.search(r"\.(docx?|pdf|tex|indd)$", title, re.IGNORECASE)
