"""Build a ``Document`` block by block, keeping every block's offsets in the text.

Formats other than plain text produce a fresh text: blocks joined by a blank
line. ``DocumentBuilder`` keeps the bookkeeping (offsets, sections, a size
budget) in one place so that ``text[block.start:block.end]`` always holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from glossator.core.documents.limits import (
    MAX_SECTION_LEVEL,
    MAX_SECTION_TITLE,
    MAX_SECTIONS,
    MAX_TEXT_CHARS,
)
from glossator.core.documents.model import Block, BlockKind, Document, Section

_SPACES = re.compile(r"\s+")
_SEPARATOR = "\n\n"


def clean_inline(text: str) -> str:
    """Collapse runs of whitespace (newlines included) to single spaces."""
    return _SPACES.sub(" ", text.replace("\u00ad", "")).strip()


def clean_pre(text: str) -> str:
    """Keep a preformatted block's lines, dropping trailing spaces and blank edges."""
    lines = [line.rstrip() for line in text.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
    return "\n".join(lines).strip("\n")


def section_title(title: str) -> str:
    """A table-of-contents title: one line, at most ``MAX_SECTION_TITLE`` characters."""
    title = clean_inline(title[:4 * MAX_SECTION_TITLE])
    if len(title) > MAX_SECTION_TITLE:
        title = title[:MAX_SECTION_TITLE - 1].rstrip() + "\u2026"
    return title


def tidy_sections(sections: Iterable[Section], length: int) -> list[Section]:
    """Sections fit to show, sorted by start (stable).

    Titled, inside the text, levels 1-6, no repeats, at most ``MAX_SECTIONS`` (a hostile
    outline's millions are cut).
    """
    out: list[Section] = []
    seen: set[tuple[str, int]] = set()
    for s in sections:
        title = section_title(s.title)
        if not title or not 0 <= s.start <= length or (title, s.start) in seen:
            continue
        seen.add((title, s.start))
        out.append(Section(title, s.start, max(1, min(int(s.level), MAX_SECTION_LEVEL))))
        if len(out) >= MAX_SECTIONS:
            break
    out.sort(key=lambda s: s.start)
    return out


class DocumentBuilder:
    """Accumulates blocks and sections; ``build()`` returns the ``Document``."""

    def __init__(self, *, headings_as_sections: bool = True, budget: int = MAX_TEXT_CHARS):
        self._parts: list[str] = []
        self._pos = 0
        self.blocks: list[Block] = []
        self.sections: list[Section] = []
        self.warnings: list[str] = []
        self._headings_as_sections = headings_as_sections
        self._budget = budget
        self.full = False  # set once the size budget is spent; callers may stop early

    @property
    def position(self) -> int:
        """Where the next block will start."""
        return self._pos + (len(_SEPARATOR) if self._parts else 0)

    def add(self, kind: BlockKind, text: str, level: int = 0, *,
            annotate: bool = True) -> Block | None:
        """Append one block (whitespace tidied); empty text adds nothing."""
        text = clean_pre(text) if kind == "preformatted" else clean_inline(text)
        if not text or self.full:
            return None
        if self._pos + len(text) > self._budget:
            self.full = True
            self.warnings.append(
                "This document is very long: only the first "
                f"{self._budget // 1_000_000} million characters were loaded."
            )
            return None
        if self._parts:
            self._parts.append(_SEPARATOR)
            self._pos += len(_SEPARATOR)
        block = Block(kind, self._pos, self._pos + len(text), level,
                      annotate and kind != "preformatted")
        self._parts.append(text)
        self._pos = block.end
        self.blocks.append(block)
        if kind == "heading" and self._headings_as_sections and \
                len(self.sections) < MAX_SECTIONS:
            self.sections.append(Section(text, block.start, max(level, 1)))
        return block

    def section(self, title: str, level: int = 1, start: int | None = None) -> None:
        """Mark a section (e.g. an EPUB chapter) starting at ``start`` or the next block."""
        title = section_title(title)
        if title and len(self.sections) < MAX_SECTIONS:
            self.sections.append(Section(title, self.position if start is None else start, level))

    def build(self, **fields: object) -> Document:
        """The finished document; ``fields`` fills title, source, format, language..."""
        text = "".join(self._parts)
        sections = tidy_sections(self.sections, len(text))
        warnings = [*self.warnings, *fields.pop("warnings", [])]  # type: ignore[misc]
        return Document(text=text, blocks=self.blocks, sections=sections,
                        warnings=warnings, **fields)  # type: ignore[arg-type]
