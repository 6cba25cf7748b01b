"""Word documents (.docx) with python-docx: headings, paragraphs, lists, quotes, tables in order."""

from __future__ import annotations

import re
import zipfile
import zlib
from typing import IO

from lxml import etree

from glossator.core.documents.builder import DocumentBuilder
from glossator.core.documents.limits import (
    MAX_PART_TAGS,
    MAX_ZIP_BYTES,
    MAX_ZIP_MEMBER_BYTES,
    size_label,
)
from glossator.core.documents.model import BlockKind, Document, DocumentError

_HEADING = re.compile(r"heading\s*(\d)", re.IGNORECASE)


def load_docx(file: str | IO[bytes], *, title: str, label: str, where: str) -> Document:
    """Read a .docx from a path or a binary file object."""
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        with zipfile.ZipFile(file) as zf:
            _check_sizes(zf, label)
        if not isinstance(file, str):
            file.seek(0)
        document = docx.Document(file)
    except (zipfile.BadZipFile, zlib.error, EOFError, KeyError, PackageNotFoundError,
            ValueError, etree.XMLSyntaxError) as exc:
        raise DocumentError(f"{label} is damaged or incomplete (not a readable Word "
                            "document).") from exc
    builder = DocumentBuilder()
    # Style names by id, read once: python-docx's paragraph.style re-scans every style.
    styles = {st.style_id: (st.name or "") for st in document.styles}
    for item in document.iter_inner_content():
        if builder.full:
            break
        if hasattr(item, "rows"):  # a table: one block per row
            for row in item.rows:
                cells: list[str] = []
                for cell in row.cells:
                    text = cell.text.strip()
                    if text and (not cells or cells[-1] != text):  # merged cells repeat
                        cells.append(text)
                builder.add("paragraph", " | ".join(cells))
            continue
        kind, level = _kind(item, styles)
        builder.add(kind, item.text, level)
    props = document.core_properties
    doc = builder.build(title=(props.title or "").strip(), source=where, format="docx",
                        language=(props.language or "").strip() or None)
    if not doc.blocks:
        raise DocumentError(f"{label} has no text.")
    if not doc.title:
        doc.title = next((doc.block_text(b) for b in doc.blocks if b.kind == "heading"), title)
    return doc


def _check_sizes(zf: zipfile.ZipFile, label: str) -> None:
    """python-docx unpacks every part into memory: check them all against one budget first."""
    info = zf.getinfo("word/document.xml")
    total = sum(i.file_size for i in zf.infolist())  # declared sizes bound what zipfile unpacks
    if info.file_size > MAX_ZIP_MEMBER_BYTES or total > MAX_ZIP_BYTES:
        raise DocumentError(f"{label} is too large to open (over "
                            f"{size_label(max(total, info.file_size))} once unpacked; "
                            f"Glossator reads up to {size_label(MAX_ZIP_BYTES)}).")
    tags = 0
    with zf.open(info) as fh:  # counted in pieces: the body is parsed whole later
        while chunk := fh.read(1024 * 1024):
            tags += chunk.count(b"<")
    if tags > MAX_PART_TAGS:
        raise DocumentError(f"{label} has too many elements to open ({tags:,} tags).")


def _kind(paragraph: object, styles: dict[str, str]) -> tuple[BlockKind, int]:
    """The block kind of a paragraph, from its style and numbering."""
    ppr = paragraph._p.pPr  # type: ignore[attr-defined]
    style_id = ppr.pStyle.val if ppr is not None and ppr.pStyle is not None else ""
    low = styles.get(style_id, style_id).lower()
    m = _HEADING.match(low)
    if m:
        return "heading", max(1, min(int(m.group(1)), 6))
    if low in ("title",):
        return "heading", 1
    if low == "subtitle":
        return "heading", 2
    if "quote" in low:
        return "quote", 0
    if low == "caption":
        return "caption", 0
    if low.startswith("list") or (ppr is not None and ppr.numPr is not None):
        ilvl = ppr.numPr.ilvl if ppr is not None and ppr.numPr is not None else None
        return "list_item", (ilvl.val + 1) if ilvl is not None else 1
    return "paragraph", 0
