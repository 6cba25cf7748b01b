"""The document model shared by every format, the engine and the app.

A ``Document`` is an ordered list of blocks plus the plain text the engine
analyses; each block knows its offsets in that text, so an annotation found in
the text lands on the right word when the app renders the blocks.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import Literal

BlockKind = Literal["heading", "paragraph", "list_item", "quote", "preformatted", "caption"]


class DocumentError(Exception):
    """A file that cannot be opened, with a message written for the user."""


@dataclass(frozen=True, slots=True)
class Block:
    """One block of the document; ``text == document.text[start:end]``."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0  # heading level 1-6, list nesting depth
    annotate: bool = True  # False for code blocks: shown, never annotated


@dataclass(frozen=True, slots=True)
class Section:
    """A chapter or section for navigation: its title and where it starts in the text."""

    title: str
    start: int
    level: int = 1


def section_at(sections: list[Section], offset: int) -> int:
    """The index of the section holding ``offset``, or -1 before the first.

    That is the last one starting at or before it; ``sections`` are sorted by start, as
    ``Document.sections`` is.
    """
    return bisect_right([s.start for s in sections], offset) - 1


@dataclass(slots=True)
class Document:
    """A loaded document, whatever its format."""

    text: str
    blocks: list[Block] = field(default_factory=list)
    title: str = ""
    source: str = ""  # path or URL
    language: str | None = None
    format: str = "text"  # text, markdown, html, pdf, epub, docx, paste, url
    # The table of contents (EPUB nav/NCX, PDF outline, else the headings), by start.
    sections: list[Section] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)

    def block_text(self, block: Block) -> str:
        """The text of one block."""
        return self.text[block.start:block.end]
