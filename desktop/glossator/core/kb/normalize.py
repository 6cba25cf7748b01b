"""Normalised names and the look-up keys computed from them at import time.

A name's *normalised form* folds case, accents and scripts (through anyascii),
drops punctuation that readers use inconsistently ("U.S." = "US", "Jean-Paul" =
"Jean Paul") and collapses spaces. Exact and normalised look-ups use it directly.

For misspelled and transliterated names two families of keys are stored per
normalised name, so that a query only ever does indexed equality look-ups:

* phonetic keys (jellyfish's metaphone per word, plus a looser variant with
  ``H``/``W`` dropped so "Kadhafi" and "Gaddafi" meet);
* segment keys for edit distance: a name of length L is cut into τ+1 fixed
  segments; any string within τ edits keeps one segment intact, shifted by at
  most τ positions (the pigeonhole principle behind PassJoin). The query side
  (``segment_probes``) enumerates exactly those substrings, so every name within
  two edits is guaranteed to be a candidate. Scores are computed afterwards with
  rapidfuzz and jellyfish; this module only generates candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterator

import jellyfish
from anyascii import anyascii

# Apostrophes and dots vanish ("O'Brien" -> "obrien", "U.S." -> "us"); every other
# non-alphanumeric run becomes a space.
_DROP = re.compile(r"[\'’‘`´.]")
_SPACE = re.compile(r"[^0-9a-z]+")
_TRIM_EDGES = re.compile(r"^\s+|\s+$")

MIN_FUZZY_LEN = 3
MAX_SEGMENT_NAME_LEN = 48


def fold(text: str) -> str:
    """Fold accents and scripts to ASCII, keep case and punctuation."""
    text = unicodedata.normalize("NFKC", text)
    return anyascii(text)


def normalise(text: str) -> str:
    """Return the normalised form used as the alias key ("Łódź" -> "lodz")."""
    text = fold(text).casefold()
    text = _DROP.sub("", text)
    text = _SPACE.sub(" ", text)
    return _TRIM_EDGES.sub("", text)


def phonetic_keys(norm: str) -> set[str]:
    """Phonetic keys of a normalised name: strict and loose metaphone of its words."""
    words = [w for w in norm.split() if w]
    if not words or len(norm) < MIN_FUZZY_LEN:
        return set()
    strict = " ".join(jellyfish.metaphone(w) for w in words)
    loose = _loosen(strict)
    return {f"p:{strict}", f"q:{loose}"}


def _loosen(key: str) -> str:
    # Transliterations disagree mostly on aspiration (kh/gh/dh) and doubled letters.
    key = key.replace("H", "").replace("W", "")
    return re.sub(r"(.)\1+", r"\1", key)


def max_edits(length: int) -> int:
    """How many edits the index tolerates for a name of this length."""
    if length < MIN_FUZZY_LEN:
        return 0
    return 1 if length <= 5 else 2


def _partition(length: int, parts: int) -> list[tuple[int, int]]:
    """Split ``length`` into ``parts`` near-equal (start, size) segments, longer last."""
    base, extra = divmod(length, parts)
    out, start = [], 0
    for i in range(parts):
        size = base + (1 if i >= parts - extra else 0)
        out.append((start, size))
        start += size
    return out


def segment_keys(norm: str) -> set[str]:
    """Index-side segment keys of a normalised name (empty when too short or long)."""
    length = len(norm)
    tau = max_edits(length)
    if tau == 0 or length > MAX_SEGMENT_NAME_LEN:
        return set()
    return {
        f"s{length}.{i}:{norm[start:start + size]}"
        for i, (start, size) in enumerate(_partition(length, tau + 1))
    }


def segment_probes(query_norm: str, tau: int | None = None) -> set[str]:
    """Query-side keys: every stored segment a name within ``tau`` edits could share."""
    m = len(query_norm)
    tau = max_edits(m) if tau is None else tau
    if tau == 0:
        return set()
    probes: set[str] = set()
    for length in range(max(MIN_FUZZY_LEN, m - tau), min(MAX_SEGMENT_NAME_LEN, m + tau) + 1):
        stored_tau = max_edits(length)
        for i, (start, size) in enumerate(_partition(length, stored_tau + 1)):
            for shift in range(-tau, tau + 1):
                pos = start + shift
                if pos >= 0 and pos + size <= m:
                    probes.add(f"s{length}.{i}:{query_norm[pos:pos + size]}")
    return probes


def name_keys(norm: str) -> Iterator[str]:
    """All look-up keys stored for one normalised name."""
    yield from phonetic_keys(norm)
    yield from segment_keys(norm)
