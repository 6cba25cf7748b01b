"""EPUB books: chapters in spine order, the table of contents as sections.

The container, package (OPF) and chapters are read straight from the zip with
lxml (no network, no entity expansion); DRM-encrypted books are recognised and
refused with a message instead of showing ciphertext.
"""

from __future__ import annotations

import posixpath
import zipfile
import zlib
from typing import IO
from urllib.parse import unquote, urldefrag

import lxml.html
from lxml import etree

from glossator.core.documents.builder import DocumentBuilder, clean_inline
from glossator.core.documents.html import (
    HTML_PARSER,
    drop_never_text,
    limit_attributes,
    walk_tree,
)
from glossator.core.documents.limits import (
    MAX_PART_TAGS,
    MAX_ZIP_MEMBER_BYTES,
    BudgetSpent,
    ZipBudget,
)
from glossator.core.documents.model import Document, DocumentError, Section

_XML = etree.XMLParser(resolve_entities=False, no_network=True, recover=True, huge_tree=False)
# Font obfuscation is not DRM: the text itself is readable.
_FONT_OBFUSCATION = {"http://www.idpf.org/2008/embedding", "http://ns.adobe.com/pdf/enc#RC"}
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
    builder = DocumentBuilder(headings_as_sections=not toc)
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
        doc.sections = _place_toc(doc, toc, starts)
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
    try:
        if nav:
            root = _xml(zf, nav, label)
            navs = [n for n in root.iter("nav") if "toc" in
                    " ".join(v for k, v in n.attrib.items() if k.endswith("type"))]
            top = (navs or list(root.iter("nav")) or [None])[0]
            if top is not None:
                ol = top.find("ol")
                if ol is not None:
                    _nav_entries(ol, 1, posixpath.dirname(nav), entries)
        if not entries:
            spine = opf.find(".//spine")
            ncx = manifest.get(spine.get("toc")) if spine is not None else None
            if ncx:
                root = _xml(zf, ncx[0], label)
                _ncx_entries(root.find(".//navMap"), 1, posixpath.dirname(ncx[0]), entries)
    except DocumentError:
        return []
    return entries


def _nav_entries(ol: etree._Element, level: int, base: str, out: list) -> None:
    for li in ol.findall("li"):
        a = li.find("a")
        if a is not None and a.get("href"):
            out.append((clean_inline("".join(a.itertext())), level, _resolve(base, a.get("href"))))
        sub = li.find("ol")
        if sub is not None:
            _nav_entries(sub, level + 1, base, out)


def _ncx_entries(parent: etree._Element | None, level: int, base: str, out: list) -> None:
    if parent is None:
        return
    for point in parent.findall("navPoint"):
        text = point.find("navLabel/text")
        content = point.find("content")
        if text is not None and content is not None:
            out.append((clean_inline(text.text or ""), level,
                        _resolve(base, content.get("src", ""))))
        _ncx_entries(point, level + 1, base, out)


def _place_toc(doc: Document, toc: list[tuple[str, int, str]],
               starts: dict[str, int]) -> list[Section]:
    """Each entry starts at its chapter, or at the heading with its title inside it."""
    bounds = [*sorted(starts.values()), len(doc.text) + 1]
    sections = []
    for title, level, href in toc:
        start = starts.get(href)
        if start is None or not title:
            continue
        end = next(b for b in bounds if b > start)
        for block in doc.blocks:
            if start <= block.start < end and block.kind == "heading" and \
                    doc.block_text(block).casefold() == title.casefold():
                start = block.start
                break
        sections.append(Section(title, start, level))
    return sorted(sections, key=lambda s: s.start)
