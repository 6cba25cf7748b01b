"""EPUB books: chapters in spine order, the table of contents as sections.

The container, package (OPF) and chapters are read straight from the zip with
lxml (no network, no entity expansion); DRM-encrypted books are recognised and
refused with a message instead of showing ciphertext.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from bisect import bisect_left, bisect_right
from typing import IO
from urllib.parse import unquote, urldefrag

import lxml.html
from lxml import etree

from glossator.core.documents.builder import (
    DocumentBuilder,
    clean_inline,
    section_title,
    tidy_sections,
)
from glossator.core.documents.html import (
    HTML_PARSER,
    drop_never_text,
    limit_attributes,
    walk_tree,
)
from glossator.core.documents.limits import (
    MAX_PART_TAGS,
    MAX_SECTION_LEVEL,
    MAX_SECTIONS,
    MAX_ZIP_MEMBER_BYTES,
    BudgetSpent,
    ZipBudget,
)
from glossator.core.documents.model import Document, DocumentError, Section

_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
# Font obfuscation is not DRM: the text itself is readable.
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
MAX_TOC_READ = 4 * MAX_SECTIONS  # entries read from the nav or NCX (some name no chapter)
MAX_TOC_DEPTH = 4 * MAX_SECTION_LEVEL  # nesting followed (deeper levels are shown at 6)
MAX_HEADINGS_SEARCHED = 200  # headings of a chapter compared with an entry's title
_CHAPTER_TYPES = {"application/xhtml+xml", "text/html", "application/xml", "text/xml"}


def load_epub(file: str | IO[bytes], *, title: str, label: str, where: str) -> Document:
    """Read an EPUB from a path or a binary file object."""
    try:
        with zipfile.ZipFile(file) as zf:
            return _read(ZipBudget(zf, label, member=MAX_ZIP_MEMBER_BYTES), title=title,
                         label=label, where=where)
    except (zipfile.BadZipFile, zlib.error, EOFError) as exc:
        raise DocumentError(f"{label} is damaged or incomplete (not a readable EPUB).") from exc


def _xml(zf: ZipBudget, name: str, label: str) -> etree._Element:
    data = _member(zf, name, label)
    _check_tags(data, name, label)
    root = etree.fromstring(data, _XML) if data.strip() else None
    if root is None:
        raise DocumentError(f"{label} is damaged: its part {name} cannot be read.")
    _strip_namespaces(root)
    return root


def _member(zf: ZipBudget, name: str, label: str) -> bytes:
    try:
        return zf.read(name)
    except KeyError as exc:
        raise DocumentError(f"{label} is not a valid EPUB: {name} is missing.") from exc


def _check_tags(data: bytes, name: str, label: str) -> None:
    """Refuse a part whose tree alone would fill the memory (millions of tiny elements)."""
    if data.count(b"<") > MAX_PART_TAGS:
        raise DocumentError(f"{label} has a part with too many elements to open ({name}).")


def _strip_namespaces(root: etree._Element) -> None:
    for el in root.iter():
        if isinstance(el.tag, str) and "}" in el.tag:
            el.tag = el.tag.split("}", 1)[1]


def _check_drm(zf: ZipBudget, label: str) -> None:
    names = set(zf.zf.namelist())
    message = (f"{label} is protected by DRM (copy protection), so Glossator cannot read it. "
               "Open it in the reading app it was bought for.")
    if "META-INF/rights.xml" in names or "META-INF/sinf.xml" in names:
        raise DocumentError(message)
    if "META-INF/encryption.xml" in names:
        root = _xml(zf, "META-INF/encryption.xml", label)
        for method in root.iter("EncryptionMethod"):
            if method.get("Algorithm") not in _FONT_OBFUSCATION:
                raise DocumentError(message)


def _read(zf: ZipBudget, *, title: str, label: str, where: str) -> Document:
    _check_drm(zf, label)
    container = _xml(zf, "META-INF/container.xml", label)
    rootfile = container.find(".//rootfile")
    if rootfile is None or not rootfile.get("full-path"):
        raise DocumentError(f"{label} is not a valid EPUB: it does not say where its book is.")
    opf_path = rootfile.get("full-path", "")
    opf = _xml(zf, opf_path, label)
    base = posixpath.dirname(opf_path)
    manifest = {
        item.get("id"): (_resolve(base, item.get("href", "")), item.get("media-type", ""),
                         item.get("properties", ""))
        for item in opf.iter("item")
    }
    spine = [manifest[ref.get("idref")] for ref in opf.iter("itemref")
             if ref.get("idref") in manifest and ref.get("linear", "yes") != "no"]
    # A chapter listed again in the spine is read once (a bomb lists one 2,000 times).
    chapters = list(dict.fromkeys(href for href, media, _ in spine if media in _CHAPTER_TYPES
                                  or href.lower().endswith((".xhtml", ".html", ".htm"))))
    if not chapters:
        raise DocumentError(f"{label} has no chapters to read.")
    toc = _toc(zf, opf, manifest, base, label)
    builder = DocumentBuilder()  # its headings stand in for a table of contents
    warnings: list[str] = []
    starts: dict[str, int] = {}
    for href in chapters:
        if builder.full:
            break
        starts[href] = builder.position
        try:
            data = _member(zf, href, label)
            _check_tags(data, href, label)
        except BudgetSpent as exc:
            warnings.append(str(exc))
            break
        except DocumentError as exc:
            warnings.append(str(exc))
            continue
        walk_tree(_parse_chapter(data), builder, drop_boilerplate=False)
        del data
    meta_title = clean_inline(" ".join(opf.xpath("//metadata/title//text()")))
    language = clean_inline(" ".join(opf.xpath("//metadata/language//text()"))) or None
    doc = builder.build(title=meta_title or title, source=where, format="epub",
                        language=language, warnings=warnings)
    if not doc.blocks:
        raise DocumentError(f"{label} has no readable text.")
    if toc:
        doc.sections = _place_toc(doc, toc, starts) or doc.sections
    return doc


def _resolve(base: str, href: str) -> str:
    path, _ = urldefrag(href)
    return posixpath.normpath(posixpath.join(base, unquote(path))) if path else ""


def _parse_chapter(data: bytes) -> etree._Element:
    data = limit_attributes(data)[0]
    root = etree.fromstring(data, _XML) if data.strip() else None
    if root is None or not len(root):
        root = lxml.html.document_fromstring(data or b"<html></html>", parser=HTML_PARSER)
    _strip_namespaces(root)
    drop_never_text(root)
    body = root.find(".//body")
    return body if body is not None else root


def _toc(zf: ZipBudget, opf: etree._Element, manifest: dict, base: str,
         label: str) -> list[tuple[str, int, str]]:
    """(title, level, chapter path) from the EPUB 3 nav document or the EPUB 2 NCX."""
    entries: list[tuple[str, int, str]] = []
    nav = next((href for href, _, props in manifest.values() if "nav" in props.split()), None)
    if nav:
        try:
            root = _xml(zf, nav, label)
            navs = [n for n in root.iter("nav") if "toc" in
                    " ".join(v for k, v in n.attrib.items() if k.endswith("type"))]
            top = (navs or list(root.iter("nav")) or [None])[0]
            ol = top.find(".//ol") if top is not None else None
            if ol is not None:
                _nav_entries(ol, 1, posixpath.dirname(nav), entries)
        except (DocumentError, ValueError, RecursionError, etree.LxmlError):
            entries = []  # a bad nav is ignored: the NCX, else the headings, stand in
    if not entries:
        try:
            spine = opf.find(".//spine")
            ncx = manifest.get(spine.get("toc")) if spine is not None else None
            ncx = ncx or next((item for item in manifest.values()
                               if item[1] == "application/x-dtbncx+xml"), None)
            if ncx:
                root = _xml(zf, ncx[0], label)
                _ncx_entries(root.find(".//navMap"), 1, posixpath.dirname(ncx[0]), entries)
        except (DocumentError, ValueError, RecursionError, etree.LxmlError):
            return []
    return entries


def _nav_entries(ol: etree._Element, level: int, base: str, out: list) -> None:
    """The nav's nested lists, depth first, without recursion (a hostile nav nests deeply)."""
    stack = [(iter(ol.findall("li")), level)]
    while stack and len(out) < MAX_TOC_READ:
        items, depth = stack[-1]
        li = next(items, None)
        if li is None:
            stack.pop()
            continue
        a = li.find("a")
        if a is not None and a.get("href"):
            out.append((section_title("".join(a.itertext())), depth,
                        _resolve(base, a.get("href"))))
        sub = li.find("ol")
        if sub is not None and len(stack) < MAX_TOC_DEPTH:
            stack.append((iter(sub.findall("li")), depth + 1))


def _ncx_entries(parent: etree._Element | None, level: int, base: str, out: list) -> None:
    """The NCX's navPoints, depth first, without recursion."""
    if parent is None:
        return
    stack = [(iter(parent.findall("navPoint")), level)]
    while stack and len(out) < MAX_TOC_READ:
        points, depth = stack[-1]
        point = next(points, None)
        if point is None:
            stack.pop()
            continue
        text = point.find("navLabel/text")
        content = point.find("content")
        if text is not None and content is not None:
            out.append((section_title(text.text or ""), depth,
                        _resolve(base, content.get("src", ""))))
        if len(stack) < MAX_TOC_DEPTH:
            stack.append((iter(point.findall("navPoint")), depth + 1))


def _place_toc(doc: Document, toc: list[tuple[str, int, str]],
               starts: dict[str, int]) -> list[Section]:
    """Each entry starts at its chapter, or at the heading with its title inside it.

    Entries for chapters not in the spine (or not loaded) are dropped; the result is in
    reading order. Headings are found by bisection, so a long outline stays cheap.
    """
    bounds = sorted(starts.values())
    headings = [b.start for b in doc.blocks if b.kind == "heading"]
    names: dict[int, str] = {}
    sections = []
    for title, level, href in toc:
        start = starts.get(href)
        if start is None or not title:
            continue
        end = bounds[bisect_right(bounds, start)] if bisect_right(bounds, start) < len(bounds) \
            else len(doc.text) + 1
        wanted = title.casefold()
        first = bisect_left(headings, start)
        for at in headings[first:first + MAX_HEADINGS_SEARCHED]:
            if at >= end:
                break
            if at not in names:
                block = doc.blocks[bisect_left(doc.blocks, at, key=lambda b: b.start)]
                names[at] = section_title(doc.block_text(block)).casefold()
            if names[at] == wanted:
                start = at
                break
        sections.append(Section(title, start, level))
    return tidy_sections(sections, len(doc.text))

