"""Markdown (CommonMark + tables) to blocks with markdown-it-py.

Headings, paragraphs, list items, quotes and table rows become blocks with
their markup removed; fenced and indented code is kept but never annotated.
"""

from __future__ import annotations

import re

from markdown_it import MarkdownIt
from markdown_it.token import Token

from glossator.core.documents.builder import DocumentBuilder
from glossator.core.documents.model import Document

_FRONT_MATTER = re.compile(r"\A---[ \t]*\r?\n(.{0,4000}?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|\Z)",
                           re.DOTALL)
_MD = MarkdownIt("commonmark", {"html": True}).enable("table")


def inline_text(token: Token) -> str:
    """The readable text of an inline token: no markup, images skipped, breaks as spaces."""
    out = []
    for child in token.children or []:
        if child.type in ("text", "code_inline"):
            out.append(child.content)
        elif child.type in ("softbreak", "hardbreak"):
            out.append(" ")
    return "".join(out)


def load_markdown(text: str, *, title: str, source: str) -> Document:
    """Parse Markdown source into a document."""
    front_title = ""
    front = _FRONT_MATTER.match(text)
    if front:  # YAML front matter (Jekyll, Hugo, Obsidian): metadata, not text
        named = re.search(r"^title:\s*[\"']?(.+?)[\"']?\s*$", front.group(1), re.MULTILINE)
        front_title = named.group(1) if named else ""
        text = text[front.end():]
    builder = DocumentBuilder()
    lists = 0
    quotes = 0
    heading_level = 0
    row: list[str] | None = None
    first_h1 = ""
    for token in _MD.parse(text):
        kind = token.type
        if kind in ("bullet_list_open", "ordered_list_open"):
            lists += 1
        elif kind in ("bullet_list_close", "ordered_list_close"):
            lists -= 1
        elif kind == "blockquote_open":
            quotes += 1
        elif kind == "blockquote_close":
            quotes -= 1
        elif kind == "heading_open":
            heading_level = int(token.tag[1])
        elif kind == "tr_open":
            row = []
        elif kind == "tr_close" and row is not None:
            builder.add("paragraph", " | ".join(c for c in row if c))
            row = None
        elif kind in ("fence", "code_block"):
            builder.add("preformatted", token.content)
        elif kind == "inline":
            content = inline_text(token)
            if row is not None:
                row.append(content.strip())
            elif heading_level:
                builder.add("heading", content, heading_level)
                if heading_level == 1 and not first_h1:
                    first_h1 = content.strip()
                heading_level = 0
            elif lists:
                builder.add("list_item", content, lists)
            elif quotes:
                builder.add("quote", content)
            else:
                builder.add("paragraph", content)
    return builder.build(title=front_title or first_h1 or title, source=source,
                         format="markdown")
