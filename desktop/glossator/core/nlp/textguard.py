"""Make hostile text safe to tokenise, without moving a single offset.

spaCy's tokenizer strips prefixes and suffixes from a run without spaces one character
at a time, so 20,000 characters of brackets around a name take minutes, and every emoji
of a 300 KB run becomes a token the tagger, parser and NER all walk through (issue 12).
``guard`` returns a text of exactly the same length, so every offset of the result is an
offset into the original, and only changes characters that can hold no name:

* a run of 64 or more characters with no letter (brackets, rules, emoji...) has its
  symbols turned into spaces, all but three at each end (they may close a word, as in
  "end.)"); whitespace and digits stay, so lines, paragraphs and numbers do too;
* a run of more than 1,000 characters without whitespace gets a space at least every 200
  characters, where it can take the place of punctuation or a symbol, else of any
  character (such a run is no prose: a pasted blob, a hash, a URL-encoded string).

Ordinary prose has neither and comes back unchanged (the same object).
"""

from __future__ import annotations

import re

SYMBOL_RUN = 64  # characters without a letter before the symbols are blanked
KEEP_AT_EDGES = 3  # symbols kept at each end of such a run
MAX_RUN = 1000  # characters without whitespace before a run is broken up
BREAK_EVERY = 200  # at most this many characters between two breaks in a broken run

# [^\W\d_] is a letter in any script; a run of anything else may be blanked.
_NO_LETTER = re.compile(rf"[\W\d_]{{{SYMBOL_RUN},}}")
_BLANKABLE = re.compile(r"[^\s\d]")
_LONG_RUN = re.compile(rf"\S{{{MAX_RUN + 1},}}")
_NOT_ALNUM = re.compile(r"[\W_]")


def guard(text: str) -> str:
    """``text`` with long symbol runs blanked and long unbroken runs split; same length."""
    if _NO_LETTER.search(text) is None and _LONG_RUN.search(text) is None:
        return text
    chars = list(text)
    for run in _NO_LETTER.finditer(text):
        start, end = run.start() + KEEP_AT_EDGES, run.end() - KEEP_AT_EDGES
        for sym in _BLANKABLE.finditer(text, start, end):
            chars[sym.start()] = " "
    blanked = "".join(chars)
    for run in _LONG_RUN.finditer(blanked):
        _break_run(blanked, chars, run.start(), run.end())
    out = "".join(chars)
    return out


def _break_run(text: str, chars: list[str], start: int, end: int) -> None:
    """Put a space in ``chars`` at least every ``BREAK_EVERY`` characters of text[start:end]."""
    pos = start  # the first character after the last break
    while end - pos > BREAK_EVERY:
        window_end = pos + BREAK_EVERY
        # The last punctuation or symbol in the window's second half, so pieces stay long
        # enough to hold whatever word the run has.
        cut = None
        for sym in _NOT_ALNUM.finditer(text, pos + BREAK_EVERY // 2, window_end):
            cut = sym.start()
        if cut is None:
            cut = window_end - 1
        chars[cut] = " "
        pos = cut + 1
