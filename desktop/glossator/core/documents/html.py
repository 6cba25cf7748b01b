"""HTML and saved web pages: the article's main content only, as blocks.

trafilatura picks the main content (no navigation, ads, share buttons, cookie
banners, comments or "support us" boxes); if it finds nothing, a plain walk of
the page with the usual boilerplate removed is the fallback. Parsing is lxml
only: scripts never run, styles never apply, nothing remote is ever fetched.
"""

from __future__ import annotations

import email
import email.policy
import re
from collections.abc import Iterator
from itertools import islice
from typing import AnyStr

import lxml.html
import trafilatura
from lxml import etree

from glossator.core.documents.builder import DocumentBuilder, clean_inline
from glossator.core.documents.model import Document, DocumentError
from glossator.core.documents.text import decode

_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?\s*([-\w.:]+)""", re.IGNORECASE)
_LANG = re.compile(r"""<html[^>]*?\slang\s*=\s*["']?([A-Za-z]{2,3}(?:-[A-Za-z0-9]+)*)""",
                   re.IGNORECASE)
# huge_tree lifts libxml2's nesting limit (256), past which content would silently vanish.
HTML_PARSER = lxml.html.HTMLParser(huge_tree=True, no_network=True, remove_comments=True)
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_PERMALINK = re.compile(r"\s*[¶§🔗]$|\s+#$|^#\s+")
_HEADINGS = {f"h{i}": i for i in range(1, 7)}
TRAFILATURA_CHARS = 4_000_000  # above this, ~1 s per MB and more: the plain walk is used
MAX_ATTRIBUTES = 1000  # per tag; real pages use a few dozen at most
_ATTR_SRC = r"""\s*[^\s"'<>/=][^\s"'>/=]*(?:\s*=\s*(?:"[^"]*"|'[^']*'|[^\s"'>]*))?|\s*/(?!>)"""
_TAG = re.compile(r"<[A-Za-z][^\s/>]*")
_TAG_B = re.compile(_TAG.pattern.encode())
_ATTR = re.compile(_ATTR_SRC)
_ATTR_B = re.compile(_ATTR_SRC.encode())
_TAG_BODY = {str: re.compile(f"(?:{_ATTR_SRC})*"), bytes: re.compile(f"(?:{_ATTR_SRC})*".encode())}
_NEVER_TEXT = ("script", "style", "noscript", "template", "svg", "math", "iframe", "object",
               "embed", "canvas", "video", "audio", "select", "textarea", "button", "input")
_BOILERPLATE_TAGS = {"nav", "aside", "footer", "form", "menu", "dialog"}
_BOILERPLATE_WORDS = re.compile(
    r"(?:^|[-_\s])(?:nav|navbar|menu|breadcrumbs?|cookies?|consent|gdpr|banner|share|sharing|"
    r"social|comments?|respond|newsletter|subscribe|subscription|donate|donation|support-?us|"
    r"paywall|promo|advert|ads?|sponsored|related|recommended|sidebar|footer|popup|modal)"
    r"(?:$|[-_\s])",
    re.IGNORECASE,
)
_BLOCKS = {
    "p", "li", "blockquote", "pre", "figcaption", "caption", "dt", "dd", "tr", "div", "section",
    "article", "main", "ul", "ol", "dl", "table", "tbody", "thead", "tfoot", "figure", "header",
    "footer", "nav", "aside", "form", "hr", "address", "details", "summary", "center", "body",
    "html", "td", "th", "fieldset", "hgroup", *_HEADINGS,
}


def decode_html(data: bytes, label: str) -> tuple[str, list[str]]:
    """Decode a page: BOM, then its <meta charset>, then UTF-8, then detection."""
    if not data.startswith((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff")):
        m = _META_CHARSET.search(data[:4096])
        if m:
            try:
                return data.decode(m.group(1).decode("ascii"), "replace"), []
            except LookupError:
                pass
    return decode(data, label)


def is_full_page(markup: str) -> bool:
    """A whole page (main content must be found) rather than a copied fragment."""
    head = markup[:4096].lower()
    return "<html" in head or "<body" in head or "<!doctype" in head


def load_html(markup: str, *, title: str, source: str, fmt: str = "html",
              main_only: bool = True, warnings: list[str] | None = None,
              label: str = "") -> Document:
    """Blocks from HTML: the main content of a page, or everything in a copied fragment."""
    markup = _CONTROL.sub("", _strip_declaration(markup))  # lxml refuses NUL and friends
    markup, cut = limit_attributes(markup)
    big = len(markup) > TRAFILATURA_CHARS
    boilerplate = main_only
    language = _language(markup)
    builder = DocumentBuilder()
    tree = _parse(markup)
    del markup  # parsed once: trafilatura works on its own copy, the walk on this tree
    page_title = _page_title(tree)
    if main_only and big:  # trafilatura grows faster than the page: walk it instead
        main_only = False
        boilerplate = True
    if main_only:
        _drop_marked_boilerplate(tree)
        _code_in_pre(tree)
        # No metadata: its date search alone costs more than the extraction on long pages.
        extracted = trafilatura.bare_extraction(
            tree, with_metadata=False, include_formatting=True, include_tables=True,
            include_comments=False, include_images=False, include_links=False,
            deduplicate=False,
        )
        if extracted is not None and extracted.body is not None:
            _from_extract(extracted.body, builder, 1)
    if len(builder.blocks) <= 1:
        # Nothing, or trafilatura's baseline for short pages: all the text in one paragraph.
        # A walk of the page (boilerplate removed) keeps its headings and paragraphs.
        body = tree.find(".//body")
        walked = DocumentBuilder()
        _Walker(walked, drop_boilerplate=boilerplate).walk(body if body is not None else tree)
        if len(walked.blocks) > len(builder.blocks):
            builder = walked
    if not builder.blocks:
        raise DocumentError(f"{label or title or 'This page'} has no readable text.")
    if cut:
        builder.warnings.append(f"{label or 'This page'} has {cut} tag(s) with more than "
                                f"{MAX_ATTRIBUTES:,} attributes; the rest were ignored.")
    doc = builder.build(title=clean_inline(page_title), source=source, format=fmt,
                        language=language, warnings=list(warnings or []))
    if not doc.title:
        doc.title = next((doc.block_text(b) for b in doc.blocks if b.kind == "heading"), title)
    return doc


def limit_attributes(markup: AnyStr, limit: int | None = None) -> tuple[AnyStr, int]:
    """Keep the first ``limit`` attributes of each tag; return the markup and tags cut.

    libxml2 checks each attribute against all the others before it: one tag with 200,000
    attributes takes minutes. Tags are scanned quote-aware, so ``>`` inside a value does
    not hide them; only unusually long tags are looked at closely.
    """
    limit = MAX_ATTRIBUTES if limit is None else limit
    tag, attr = (_TAG, _ATTR) if isinstance(markup, str) else (_TAG_B, _ATTR_B)
    parts: list[AnyStr] = []
    pos = cut = 0
    for start in tag.finditer(markup):
        m = _TAG_BODY[type(markup)].match(markup, start.end())
        if m is None or m.end() - m.start() < 2 * limit:
            continue
        attrs = list(islice(attr.finditer(markup, m.start(), m.end()), limit + 1))
        if len(attrs) <= limit:
            continue
        parts += [markup[pos:m.start()], markup[m.start():attrs[limit - 1].end()] if limit
                  else markup[m.start():m.start()]]
        pos = m.end()
        cut += 1
    if not cut:
        return markup, 0
    parts.append(markup[pos:])
    return markup[:0].join(parts), cut


def mhtml_to_html(data: bytes, label: str) -> str:
    """The HTML part of a page saved as a single file (.mht/.mhtml)."""
    message = email.message_from_bytes(data, policy=email.policy.default)
    for part in message.walk():
        if part.get_content_type() == "text/html":
            try:
                return part.get_content()
            except (LookupError, UnicodeDecodeError, ValueError):
                return decode_html(part.get_payload(decode=True) or b"", label)[0]
    raise DocumentError(f"{label} is a saved web page (MHTML) with no HTML inside.")


def _code_in_pre(root: etree._Element) -> None:
    """Wrap bare <pre> text in <code>: trafilatura keeps that as code, not as a quote."""
    for pre in root.iter("pre"):
        if pre.find(".//code") is None:
            code = etree.SubElement(pre, "code")
            code.text, pre.text = pre.text, None
            for child in list(pre):
                if child is not code:
                    code.append(child)


def _page_title(root: etree._Element) -> str:
    """The article's title: og:title, else the page's only <h1>, else <title> minus ' | Site'."""
    for prop in ("og:title", "twitter:title"):
        for meta in root.iter("meta"):
            if prop in (meta.get("property"), meta.get("name")) and meta.get("content"):
                return clean_inline(meta.get("content", ""))
    h1s = root.xpath("//body//h1")
    if len(h1s) == 1:
        return _heading(h1s[0])
    title = clean_inline(" ".join(root.xpath("//title//text()")))
    return re.split(r"\s+[|–—·»]\s+|\s+-\s+(?=[^-]*$)", title)[0] if title else ""


def _strip_declaration(markup: str) -> str:
    # lxml refuses str input that declares an encoding; the text is already decoded.
    markup = markup.lstrip("\ufeff")
    if markup.startswith("Version:") and "StartHTML:" in markup[:400]:
        markup = markup[markup.find("<"):]  # the Windows clipboard's HTML header
    return re.sub(r"^\s*<\?xml[^>]*\?>", "", markup, count=1)


def _language(markup: str) -> str | None:
    m = _LANG.search(markup[:8192])
    return m.group(1).lower() if m else None


def _parse(markup: str) -> lxml.html.HtmlElement:
    try:
        root = lxml.html.document_fromstring(markup or "<html></html>", parser=HTML_PARSER)
    except (etree.ParserError, ValueError) as exc:
        raise DocumentError("This page could not be read: it is not valid HTML.") from exc
    drop_never_text(root)
    return root


def drop_never_text(root: etree._Element) -> None:
    """Remove scripts, styles, embedded objects and form controls (their text is never read)."""
    for el in list(root.iter(*_NEVER_TEXT)):
        parent = el.getparent()
        if parent is None:
            continue
        if el.tail:  # keep the text after the removed element
            prev = el.getprevious()
            if prev is not None:
                prev.tail = (prev.tail or "") + el.tail
            else:
                parent.text = (parent.text or "") + el.tail
        parent.remove(el)


def walk_tree(root: etree._Element, builder: DocumentBuilder, *, drop_boilerplate: bool) -> None:
    """Add the blocks of an (already cleaned) HTML/XHTML tree to ``builder``."""
    _Walker(builder, drop_boilerplate=drop_boilerplate).walk(root)


def _itertext(el: etree._Element) -> Iterator[str]:
    """Text of an element, with a space for line breaks (trafilatura's <lb/>, HTML's <br>)."""
    if el.tag in ("lb", "br"):
        yield " "
    if el.text and isinstance(el.tag, str):
        yield el.text
    for child in el:
        yield from _itertext(child)
        if child.tail:
            yield child.tail


def _text(el: etree._Element) -> str:
    return "".join(_itertext(el))


def _heading(el: etree._Element) -> str:
    """A heading's text without its permalink sign (Sphinx's ¶, GitHub's #, §)."""
    return _PERMALINK.sub("", clean_inline(_text(el)))


def _from_extract(el: etree._Element, builder: DocumentBuilder, depth: int) -> None:
    """Blocks from trafilatura's XML (head, p, list/item, quote, code, table/row/cell)."""
    for child in el:
        tag = child.tag
        if tag == "head":
            level = _HEADINGS.get(str(child.get("rend", "")), 2)
            builder.add("heading", _heading(child), level)
        elif tag == "p":
            builder.add("paragraph", _text(child))
        elif tag == "list":
            for item in child:
                nested = [c for c in item if c.tag == "list"]
                for c in nested:
                    item.remove(c)
                builder.add("list_item", _text(item), depth)
                for c in nested:
                    wrapper = etree.Element("div")
                    wrapper.append(c)
                    _from_extract(wrapper, builder, depth + 1)
        elif tag == "quote":
            builder.add("quote", _text(child))
        elif tag == "code":
            builder.add("preformatted", _text(child))
        elif tag == "table":
            for row in child.iter("row"):
                builder.add("paragraph", " | ".join(
                    clean_inline(_text(cell)) for cell in row if clean_inline(_text(cell))))
        elif tag in ("graphic", "ref", "lb"):
            continue
        else:
            _from_extract(child, builder, depth)


class _Walker:
    """Blocks from an lxml HTML tree: block elements start blocks, inline text joins them."""

    def __init__(self, builder: DocumentBuilder, *, drop_boilerplate: bool):
        self.builder = builder
        self.drop_boilerplate = drop_boilerplate
        self.lists = 0
        self.quotes = 0

    def walk(self, el: etree._Element) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        if tag in _HEADINGS:
            self.builder.add("heading", _heading(el), _HEADINGS[tag])
        elif tag == "pre":
            self.builder.add("preformatted", _text(el))
        elif tag in ("figcaption", "caption"):
            self.builder.add("caption", _text(el))
        elif tag == "tr":
            cells = [clean_inline(_text(c)) for c in el if c.tag in ("td", "th")]
            self.builder.add("paragraph", " | ".join(c for c in cells if c))
        else:
            self._container(el, tag)

    def _container(self, el: etree._Element, tag: str) -> None:
        kind = "list_item" if tag == "li" else "quote" if self.quotes else "paragraph"
        if tag in ("ul", "ol"):
            self.lists += 1
        if tag == "blockquote":
            self.quotes += 1
            kind = "quote"
        buffer = [el.text or ""]
        for child in el:
            ctag = child.tag if isinstance(child.tag, str) else ""
            if ctag in _BLOCKS:
                self._flush(buffer, kind)
                if not (self.drop_boilerplate and _is_boilerplate(child, ctag)):
                    self.walk(child)
                if tag == "li":
                    kind = "paragraph" if not self.quotes else "quote"
                buffer = [child.tail or ""]
            else:
                if ctag:
                    buffer.append(_text(child))
                buffer.append(child.tail or "")
        self._flush(buffer, kind)
        if tag in ("ul", "ol"):
            self.lists -= 1
        if tag == "blockquote":
            self.quotes -= 1

    def _flush(self, buffer: list[str], kind: str) -> None:
        text = "".join(buffer)
        if text.strip():
            level = self.lists if kind == "list_item" else 0
            self.builder.add(kind, text, level)  # type: ignore[arg-type]
        buffer.clear()


# Pre-cleaning before trafilatura: boxes that are never the article, whatever the page.
_NEVER_ARTICLE = re.compile(
    r"(?:^|[-_\s])(?:cookies?|consent|gdpr|share|sharing|social|newsletter|subscribe|donate|"
    r"donation|support-?us|paywall|advert|ads|sponsored|popup|modal)(?:$|[-_\s])",
    re.IGNORECASE,
)


def _drop_marked_boilerplate(root: etree._Element) -> None:
    """Remove navigation, footers, asides and small boxes marked cookie, share, donate...

    (ASP.NET pages wrap everything in a <form>, so forms are left to trafilatura.)
    """
    doomed = []
    for el in root.iter():
        if not isinstance(el.tag, str) or el.tag in ("html", "body", "main", "article"):
            continue
        marks = f"{el.get('class', '')} {el.get('id', '')}"
        if el.tag in ("nav", "aside", "footer", "menu", "dialog") or (
                el.tag == "header" and el.find(".//h1") is None) or (
                marks.strip() and _NEVER_ARTICLE.search(marks) and
                len(el.text_content()) < 1500):
            doomed.append(el)
    for el in doomed:
        if el.getparent() is not None:
            el.drop_tree()


def _is_boilerplate(el: etree._Element, tag: str) -> bool:
    if tag in _BOILERPLATE_TAGS:
        return True
    if tag == "header" and el.find(".//h1") is None:
        return True
    marks = f"{el.get('class', '')} {el.get('id', '')} {el.get('role', '')}"
    return bool(marks.strip()) and bool(_BOILERPLATE_WORDS.search(marks))
