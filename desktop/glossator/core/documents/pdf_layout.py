"""PDF layout analysis: lines to reading order, running heads, paragraphs, headings.

Works on ``Line`` records (text with its box and font size) so it needs no PDFium;
``pdf.py`` extracts the lines page by page and hands them over.
"""

from __future__ import annotations

import itertools
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from glossator.core.documents.builder import DocumentBuilder

_MARGIN = 0.12  # running heads live in the top and bottom 12% of a page
_PAGE_NUMBER = re.compile(
    r"(?:page|p\.|seite|pág\.?)?\s*[-–—(\[]?\s*(?:\d{1,4}|[ivxlcdm]{1,7})\s*[-–—)\]]?"
    r"(?:\s*(?:of|/|von|de)\s*\d{1,4})?",
    re.IGNORECASE,
)
_CAPTION = re.compile(r"(?:figure|fig\.|table|plate|chart|map)\s*\d+[.:]", re.IGNORECASE)
_SENTENCE_END = tuple(".!?:;\"”’)»")
SOFT_HYPHENS = ("\u00ad", "\x02", "\ufffe")
LEADERS = re.compile(r"(?:\.\s?){4,}\s*$|^\s*(?:\.\s?){4,}")
# Typeset ligatures, so "ﬁnance" is found as "finance".
_LIGATURES = str.maketrans({"ﬀ": "ff", "ﬁ": "fi", "ﬂ": "fl", "ﬃ": "ffi", "ﬄ": "ffl",
                            "ﬅ": "st", "ﬆ": "st"})
_HAS_LEADERS = re.compile(r"(?:\.\s){4,}|\.{5,}")
_BULLET = re.compile(r"^[•◦▪▫‣⁃●○■□–—*·]\s+")


@dataclass(slots=True)
class Line:
    """A line of text on a page: its box in PDF points, its font size, where it flows."""

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
    flow_lines: int = 1  # a flow of one line tells nothing about its column's width
    weight: int = 0  # length of the text whose font size the line carries
    bold: bool = False  # every segment of the line is bold
    mono: bool = False  # every segment is in a typewriter face: code


def extend(line: Line, it: Line) -> None:
    """Append segment ``it`` to ``line``; the line keeps the font size of its longest part."""
    joiner = "" if line.text.endswith((*SOFT_HYPHENS, "-")) else " "
    line.text += joiner + it.text
    line.x1 = max(line.x1, it.x1)
    line.y0, line.y1 = min(line.y0, it.y0), max(line.y1, it.y1)
    if len(it.text) > line.weight:
        line.size, line.weight = it.size, len(it.text)
    line.bold = line.bold and it.bold
    line.mono = line.mono and it.mono


def order_columns(lines: list[Line], width: float, page: int) -> None:
    """Reorder a page's lines in place: two columns are read left column first.

    The gutter is where the right column's lines start; lines spanning it (a title
    across both columns) split the page into bands read top to bottom.
    """
    def flows(group: list[Line], flow: int) -> None:
        if group:
            left, right = min(ln.x0 for ln in group), max(ln.x1 for ln in group)
            for ln in group:
                ln.flow, ln.left, ln.right = flow, left, right
                ln.flow_lines = len(group)

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
    ordered: list[Line] = []
    left_col: list[Line] = []
    right_col: list[Line] = []
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


def _margin_keys(lines: list[Line], height: float) -> dict[int, str]:
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


def drop_running_heads(pages: list[list[Line]], heights: list[float]) -> None:
    """Drop page numbers and lines repeated in the margins of several pages."""
    page_keys = [_margin_keys(lines, h) for lines, h in zip(pages, heights, strict=True)]
    seen: Counter[str] = Counter()
    for keys in page_keys:
        seen.update(set(keys.values()))
    needed = min(3, max(2, len(pages) // 2))
    big = 1.15 * _body_size([ln for lines in pages for ln in lines]) + 0.5

    def repeated(ln: Line, keys: dict[int, str]) -> bool:
        # A title in large type stays, even when the running head repeats it.
        key = keys.get(id(ln)) if ln.size < big else None
        numbered = key is not None and (key.startswith("#") or key.endswith("#"))
        return key is not None and seen[key] >= (2 if numbered else needed)

    total = sum(len(ln.text) for lines in pages for ln in lines)
    heads = sum(len(ln.text) for lines, keys in zip(pages, page_keys, strict=True)
                for ln in lines if repeated(ln, keys))
    trust = heads <= 0.3 * total  # running heads are never most of the text
    for i, (lines, keys) in enumerate(zip(pages, page_keys, strict=True)):
        kept = [ln for ln in lines if not (
            (trust and repeated(ln, keys)) or (id(ln) in keys and _PAGE_NUMBER.fullmatch(ln.text)))]
        pages[i] = kept


def _body_size(lines: list[Line]) -> float:
    """The font size most of the text is set in."""
    sizes: Counter[float] = Counter()
    for ln in lines:
        sizes[ln.size] += len(ln.text)
    return sizes.most_common(1)[0][0] if sizes else 10.0


def build_blocks(lines: list[Line], builder: DocumentBuilder) -> dict[int, int]:
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
    bold_chars = sum(len(ln.text) for ln in lines if ln.bold)
    body_bold = bold_chars > 0.5 * sum(len(ln.text) for ln in lines)
    body_mono = sum(len(ln.text) for ln in lines if ln.mono) > \
        0.5 * sum(len(ln.text) for ln in lines)  # a typewritten document is not all code

    page_starts: dict[int, int] = {}
    para: list[Line] = []

    def flush() -> None:
        if not para:
            return
        text = join_lines([ln.text for ln in para])
        size = para[0].size
        bullet = _BULLET.match(text)
        if all(ln.mono for ln in para) and not body_mono:  # code: lines kept, not annotated
            block = builder.add("preformatted", "\n".join(ln.text for ln in para))
        elif bullet:
            block = builder.add("list_item", text[bullet.end():], 1)
        elif size in heading_sizes and len(text) <= 200 and len(para) <= 3 and \
                _HAS_LEADERS.search(text) is None and any(ch.isalpha() for ch in text):
            block = builder.add("heading", text, min(heading_sizes.index(size) + 1, 6))
        elif len(para) == 1 and para[0].bold and not body_bold and len(text) <= 100 and \
                not text.endswith((".", ",", ";", ":")) and any(ch.isalpha() for ch in text):
            # A short bold line on its own: a run-in section heading ("2 Methods").
            block = builder.add("heading", text, min(len(heading_sizes) + 1, 6))
        elif _CAPTION.match(text):
            block = builder.add("caption", text)
        else:
            block = builder.add("paragraph", text)
        if block is not None:
            page_starts.setdefault(para[0].page, block.start)
        para.clear()

    for ln in lines:
        if para and _breaks(para[-1], ln, usual_gap, body * 1.15 + 0.5):
            flush()
        para.append(ln)
        if builder.full:
            break
    flush()
    return page_starts


def _breaks(prev: Line, cur: Line, usual_gap: float, big: float) -> bool:
    """Does ``cur`` start a new paragraph after ``prev``? (``big``: the smallest heading size.)

    A change of size matters at headings or by 2 points; a line set a point smaller (prose
    full of typewriter names) runs on.
    """
    resized = abs(prev.size - cur.size) > 0.6 and (
        max(prev.size, cur.size) >= big or abs(prev.size - cur.size) >= 2)
    if resized or prev.mono != cur.mono or _BULLET.match(cur.text) or \
            _HAS_LEADERS.search(prev.text):
        return True
    ended = prev.text.rstrip().endswith(_SENTENCE_END)
    indented = cur.x0 > cur.left + 1.2 * cur.size
    full = prev.flow_lines > 1 and prev.x1 >= prev.right - 0.06 * (prev.right - prev.left)
    if prev.flow != cur.flow:
        # Next column or page: a paragraph goes on after a full line or mid-sentence.
        return indented or not (full or not ended or prev.text.endswith("-"))
    if prev.mono and cur.mono:  # code is ragged and indented: only a blank line splits it
        return prev.y0 - cur.y1 > usual_gap + 1.2 * cur.size
    if prev.y0 - cur.y1 > usual_gap + 0.5 * cur.size:
        return True
    short = prev.x1 < prev.right - 0.15 * (prev.right - prev.left)
    if short and prev.bold and not cur.bold:  # a bold heading line, then its text
        return True
    return (short and ended) or (indented and ended)


def join_lines(texts: list[str]) -> str:
    """Join a paragraph's lines, undoing hyphenation at line ends."""
    out = texts[0]
    for nxt in texts[1:]:
        broken_word = len(out) > 1 and out.endswith("-") and out[-2].isalpha() and \
            nxt[:1].islower()
        if out.endswith(SOFT_HYPHENS) or broken_word:
            out = out[:-1] + nxt
        elif out.endswith("/") or (out.endswith("-") and out[-2:-1].isalnum()):
            out += nxt
        else:
            out += " " + nxt
    for mark in SOFT_HYPHENS:
        out = out.replace(mark, "")
    return out.translate(_LIGATURES)
