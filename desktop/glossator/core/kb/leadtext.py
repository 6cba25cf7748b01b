"""Tidying a lead paragraph's plain text, shared by the ZIM import and the online fill.

Both sources leave traces of what was removed from the page: citation marks
(``[1]``, ``[citation needed]``), parentheses emptied of their pronunciation
(``Ada ( ; 1815 – 1852)``, ``Paris ()``), runs of spaces, spaces before
punctuation. ``tidy`` removes them; ``shorten`` keeps extracts to a popup's size.
"""

from __future__ import annotations

import re

MAX_EXTRACT = 2000

_CITATION = re.compile(
    r"\[(?:\d+|[a-z]|[ivx]+|note \d+|nb \d+|citation needed|clarification needed|"
    r"better source needed|according to whom\?|when\?|who\?|which\?|failed verification|"
    r"dubious[^\]]*|update)\]",
    re.IGNORECASE,
)
_SPACE = re.compile(r"\s+")
_SPACE_BEFORE_PUNCT = re.compile(r"\s+([,.;:!?)])")
_PAREN_LEADING_JUNK = re.compile(r"\(\s*(?:[;,]\s*)?")
_EMPTY_PARENS = re.compile(r"\s*\(\s*\)")


def tidy(text: str) -> str:
    """One line of clean text: no citation marks, empty parentheses or stray spaces."""
    text = _CITATION.sub("", text.replace("\u00a0", " "))
    text = _SPACE.sub(" ", text).strip()
    text = _PAREN_LEADING_JUNK.sub("(", text)
    text = _EMPTY_PARENS.sub("", text)
    text = _SPACE_BEFORE_PUNCT.sub(r"\1", text)
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int = MAX_EXTRACT) -> str:
    """``text`` cut at the last sentence end before ``limit`` characters (or with "…")."""
    if len(text) <= limit:
        return text
    cut = text.rfind(". ", 0, limit)
    return text[:cut + 1] if cut > limit // 2 else text[:limit].rstrip() + "…"
