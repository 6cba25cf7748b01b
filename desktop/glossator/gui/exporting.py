"""Saving what the reader sees: a standalone HTML page and a Markdown glossary.

The HTML page keeps the document's blocks and draws the same three underline
styles with CSS (a browser, unlike Qt, honours ``text-decoration-style``); each
underline carries a tooltip and links to the glossary at the end. The glossary
lists every entity with its description, summary and the attribution its
licence requires.
"""

from __future__ import annotations

from html import escape

from glossator.core.documents.model import Block
from glossator.core.nlp.types import Entity
from glossator.gui.docstate import GROUP_TITLES, DocState, group_of
from glossator.gui.explain import kind_words, reference_note

_TAGS = {"heading": "h{level}", "paragraph": "p", "list_item": "li", "quote": "blockquote",
         "preformatted": "pre", "caption": "figcaption"}
_CSS = """
body { font: 18px/1.6 Georgia, "Noto Serif", serif; max-width: 38em; margin: 2em auto;
       padding: 0 1em; color: #1f2328; background: #fff; }
a.m { color: inherit; text-decoration-line: underline; text-underline-offset: 3px; }
a.name { text-decoration-style: solid; }
a.nil { text-decoration-style: dashed; }
a.ref { text-decoration-style: dotted; }
.person { text-decoration-color: #0060a8; } .place { text-decoration-color: #00805c; }
.org { text-decoration-color: #c04a00; } .other { text-decoration-color: #a6367f; }
.unclear { text-decoration-color: #59636e; }
dl dt { font-weight: bold; margin-top: 1em; } dl dd { margin-left: 1em; }
small, .attr { color: #59636e; font-size: 0.85em; }
@media (prefers-color-scheme: dark) { body { background: #1b1d21; color: #e4e6ea; } }
"""


def _anchor(entity: Entity) -> str:
    return f"g-{entity.id}"


def to_html(state: DocState, known: set[str] | None = None) -> str:
    """The annotated document as one self-contained HTML page."""
    doc = state.document
    title = doc.title or "Document"
    parts = [f"<!DOCTYPE html>\n<html lang=\"{doc.language or 'en'}\"><head>"
             "<meta charset=\"utf-8\">"
             f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>"]
    blocks = doc.blocks or [Block("paragraph", 0, len(doc.text))]
    in_list = False
    for block in blocks:
        if block.kind == "list_item" and not in_list:
            parts.append("<ul>")
            in_list = True
        elif block.kind != "list_item" and in_list:
            parts.append("</ul>")
            in_list = False
        tag = _TAGS.get(block.kind, "p").format(level=max(1, min(6, block.level or 1)))
        parts.append(f"<{tag}>{_block_html(state, block)}</{tag}>")
    if in_list:
        parts.append("</ul>")
    parts.append("<hr><h2>Glossary</h2>")
    parts.append(_glossary_html(state))
    parts.append("<p class=\"attr\">Underlines: solid, a name found in the knowledge base; "
                 "dashed, a name not in it; dotted, a reference such as \u201cshe\u201d. "
                 "Made with Glossator.</p></body></html>")
    return "\n".join(parts)


def _block_html(state: DocState, block: Block) -> str:
    text = state.document.text
    out: list[str] = []
    pos = block.start
    for m in state.mentions:
        if m.end <= block.start or m.start < pos:
            continue
        if m.start >= block.end:
            break
        out.append(escape(text[pos:m.start]))
        entity = state.entity_of(m)
        if m.kind == "reference":
            cls = "ref " + (group_of(entity.label) if entity else "unclear")
            tip = reference_note(m, entity)
        elif entity is None:
            cls, tip = "ref unclear", m.why
        else:
            cls = ("name " if entity.kb_title else "nil ") + group_of(entity.label)
            article = state.article_of(entity)
            tip = (f"{article.title}: {article.description}" if article
                   else f"{entity.name} ({kind_words(entity)}, not in the knowledge base)")
        href = f' href="#{_anchor(entity)}"' if entity else ""
        out.append(f'<a class="m {cls}"{href} title="{escape(tip)}">'
                   f"{escape(text[m.start:m.end])}</a>")
        pos = m.end
    out.append(escape(text[pos:block.end]))
    return "".join(out)


def _glossary_html(state: DocState) -> str:
    out = []
    for group, rows in state.grouped().items():
        if not rows:
            continue
        out.append(f"<h3>{GROUP_TITLES[group]}</h3><dl>")
        for entity, count in rows:
            article = state.article_of(entity)
            out.append(f'<dt id="{_anchor(entity)}">{escape(entity.name)} '
                       f"<small>({count} mention{'s' if count != 1 else ''})</small></dt>")
            if article is not None:
                out.append(
                    f"<dd><i>{escape(article.description)}</i> {escape(article.extract)}"
                    f'<br><span class="attr">Text from <a href="{escape(article.page_url)}">'
                    f"{escape(article.title)}</a> on Wikipedia, {escape(article.license)}."
                    "</span></dd>")
            else:
                out.append(f"<dd>{kind_words(entity)}; not in the knowledge base.</dd>")
        out.append("</dl>")
    return "\n".join(out) or "<p>No names were found.</p>"


def to_markdown_glossary(state: DocState) -> str:
    """A Markdown glossary of the document's entities, with attribution."""
    doc = state.document
    lines = [f"# Glossary: {doc.title or 'Document'}", ""]
    if doc.source:
        lines += [f"Source: {doc.source}", ""]
    credits: list[str] = []
    for group, rows in state.grouped().items():
        if not rows:
            continue
        lines += [f"## {GROUP_TITLES[group]}", ""]
        for entity, count in rows:
            article = state.article_of(entity)
            mentions = f"{count} mention{'s' if count != 1 else ''}"
            if article is not None:
                desc = f" \u2014 *{article.description}*" if article.description else ""
                lines.append(f"- **{entity.name}**{desc} ({mentions})")
                if article.extract:
                    lines.append(f"  {' '.join(article.extract.split())}")
                lines.append(f"  [{article.title}]({article.page_url})")
                credits.append(f"- {article.attribution}")
            else:
                lines.append(f"- **{entity.name}** \u2014 {kind_words(entity)}, not in the "
                             f"knowledge base ({mentions})")
        lines.append("")
    if credits:
        lines += ["## Attribution", "",
                  "Summaries are text from Wikipedia, by Wikipedia's contributors, under "
                  "CC BY-SA 4.0.", "", *credits, ""]
    return "\n".join(lines)
