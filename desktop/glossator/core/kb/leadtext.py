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


# A sentence ends at . ! or ? before a space and a capital (or a quote). A full stop after
# an initial or a short capitalised abbreviation ("John R. Cash", "Usain St. Leo Bolt",
# "Sgt.", "No.", "U.S.") ends nothing.
_BOUNDARY = re.compile(r"(?<=[.!?])[\"”’)]?\s+(?=[A-Z\"“‘(])")
_WORD_BEFORE = re.compile(r"(\S+)[.!?][\"”’)]?$")


def first_sentence(text: str, limit: int = 400) -> str:
    """The first sentence of a summary (at most ``limit`` characters, cut at a word)."""
    text = " ".join((text or "").split())
    for m in _BOUNDARY.finditer(text):
        head = text[:m.start()]
        if head.endswith(("!", "?")):
            return head[:limit]
        word = _WORD_BEFORE.search(head)
        w = word.group(1) if word else ""
        letters = sum(c.isalpha() for c in w)
        if "." in w or (w.isalpha() and (letters < 2 or (w[:1].isupper() and letters <= 3))):
            continue  # "U.S.", "R.", "St.", "No.": no sentence ends there; "2017." does
        return head[:limit] if len(head) <= limit else head[:limit].rsplit(" ", 1)[0] + "…"
    return text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
