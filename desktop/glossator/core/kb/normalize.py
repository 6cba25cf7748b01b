"""Normalised names and the look-up keys computed from them at import time.

A name's *normalised form* folds case, accents and scripts (through anyascii),
drops punctuation that readers use inconsistently ("U.S." = "US", "Jean-Paul" =
"Jean Paul") and collapses spaces. Exact and normalised look-ups use it directly.

For misspelled and transliterated names, keys are computed at import so that a
query only ever does indexed equality look-ups:

* a phonetic key of the whole name (jellyfish's metaphone per word, loosened:
  ``H``/``W``, doubled letters and word breaks dropped, so "Kadhafi" and
  "Gaddafi" meet);
* segment keys for edit distance, on each distinct *word* of the names: a word
  of length L is cut into τ+1 fixed segments (for τ = 1 and, from five letters,
  τ = 2); any string within τ edits keeps one segment intact, shifted by at most
  τ positions (the pigeonhole principle behind PassJoin). The query side
  (``segment_probes``) enumerates exactly those substrings, so every word within
  one edit is a candidate, and every word within two that keeps its first and
  last letters (most within two that keep the first).
  Indexing words rather than whole names keeps postings short: "John" is one
  word however many Johns the knowledge base holds.

Scores are computed afterwards with rapidfuzz; this module only makes keys.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

import jellyfish
from anyascii import anyascii

# Apostrophes and dots vanish ("O'Brien" -> "obrien", "U.S." -> "us"); every other
# non-alphanumeric run becomes a space.
_DROP = re.compile(r"[\'’‘`´.]")
_SPACE = re.compile(r"[^0-9a-z]+")

MIN_FUZZY_LEN = 3
MAX_SEGMENT_NAME_LEN = 48
MIN_TWO_EDIT_LEN = 5


def fold(text: str) -> str:
    """Fold accents and scripts to ASCII, keep case and punctuation."""
    if text.isascii():
        return text
    return anyascii(unicodedata.normalize("NFKC", text))


# A name that starts with a saint's is written both ways: "St Petersburg" is "Saint
# Petersburg", "Saint Lawrence River" is "St. Lawrence River". At the start of a name
# "St" is always Saint (a street's "St" comes last).
_SAINT_WORD = r"(?:st\.?|saint)"
_SAINT = re.compile(rf"^{_SAINT_WORD}(?= \w)", re.IGNORECASE)
_SAINT_ALONE = re.compile(_SAINT_WORD, re.IGNORECASE)


def is_saint_word(word: str) -> bool:
    """Whether ``word`` is the saint's word that begins such a name ("ST", "St.", "Saint")."""
    return _SAINT_ALONE.fullmatch(word) is not None


def saint_spelling(name: str) -> str | None:
    """The other usual spelling of a name (raw or normalised) that starts with a saint's.

    "St. Petersburg" -> "Saint Petersburg", "saint lucia" -> "st lucia"; None otherwise.
    """
    m = _SAINT.match(name)
    if m is None:
        return None
    other = "st" if m.group(0).lower() == "saint" else "saint"
    if m.group(0)[0].isupper():
        other = other.capitalize()
    return other + name[m.end():]


@lru_cache(maxsize=1 << 17)
def normalise(text: str) -> str:
    """Return the normalised form used as the alias key ("Łódź" -> "lodz")."""
    text = fold(text).lower()
    text = _DROP.sub("", text)
    return _SPACE.sub(" ", text).strip()


def phonetic_keys(norm: str) -> set[str]:
    """The phonetic key of a normalised name: loosened metaphone of its words.

    One loose key serves: every pair of names with equal strict keys has equal
    loose keys, so a strict key would only add rows.
    """
    words = [w for w in norm.split() if w]
    if not words or len(norm) < MIN_FUZZY_LEN:
        return set()
    return {"q:" + _loosen(" ".join(jellyfish.metaphone(w) for w in words))}


# Metaphone codes that spell one sound in variant spellings of a name: "th" (0) as t
# ("Tomas"), "ch" and "sh" (X) as k ("Nicholas"), a y as the vowel it is ("Bryan").
_SOUND_FOLD = str.maketrans({"0": "T", "X": "K", "Y": None})


def _sound_key(word: str) -> str:
    return re.sub(r"(.)\1+", r"\1", _loosen(jellyfish.metaphone(word)).translate(_SOUND_FOLD))


def sounds_alike(a: str, b: str) -> bool:
    """Whether two normalised words (ASCII lower case) sound alike, as names' spellings do.

    "Micheal" and "Michael", "Brian" and "Bryan", "Tomas" and "Thomas", "Sean" and "Shawn"
    do (a k and an s may be one sound); "Payne" and "Wayne", "Ballin" and "Carlin" do not.
    Two words without letters have equal keys.
    """
    ka, kb = _sound_key(a), _sound_key(b)
    return ka == kb or ka.replace("K", "S") == kb.replace("K", "S")


def _loosen(key: str) -> str:
    # Transliterations disagree mostly on aspiration (kh/gh/dh) and doubled letters,
    # and readers on word breaks ("Abu Dhabi"/"Abudhabi"), so all of those go.
    key = key.replace("H", "").replace("W", "").replace(" ", "")
    return re.sub(r"(.)\1+", r"\1", key)


def max_edits(length: int) -> int:
    """How many edits a name of this length may have and still be a candidate."""
    if length < MIN_FUZZY_LEN:
        return 0
    return 1 if length <= 5 else 2


def word_edits(length: int) -> int:
    """How many edits the word index can find for a word of this length."""
    if length < MIN_FUZZY_LEN:
        return 0
    return 1 if length < MIN_TWO_EDIT_LEN else 2


def _partition(length: int, parts: int) -> list[tuple[int, int]]:
    """Split ``length`` into ``parts`` near-equal (start, size) segments, longer last."""
    base, extra = divmod(length, parts)
    out, start = [], 0
    for i in range(parts):
        size = base + (1 if i >= parts - extra else 0)
        out.append((start, size))
        start += size
    return out


def segment_keys(word: str) -> set[str]:
    """Index-side segment keys of a word: two segments (one edit), three (two edits).

    Both families are stored so that a query can use the selective one-edit keys
    always and the broader two-edit keys within a budget.
    """
    length = len(word)
    if length < MIN_FUZZY_LEN or length > MAX_SEGMENT_NAME_LEN:
        return set()
    keys = set()
    for parts in range(2, word_edits(length) + 2):
        keys.update(
            f"s{length}.{parts}.{i}:{_anchor(word, parts, i)}{word[start:start + size]}"
            for i, (start, size) in enumerate(_partition(length, parts))
        )
    return keys


def _anchor(word: str, parts: int, index: int) -> str:
    # Two-edit segments are short and common; anchoring them on the first letter,
    # which misspellings nearly always keep, makes their postings twenty times
    # shorter, and the first segment (which holds the first letter already) also
    # on the last letter. One-edit keys stay unanchored: "Qaddafi" finds "Gaddafi".
    if parts == 2:
        return ""
    return f"{word[0]}{word[-1]}|" if index == 0 else f"{word[0]}|"


def segment_probes(word: str, tau: int = 1) -> set[str]:
    """Query-side keys: every stored segment a word within ``tau`` edits must share.

    Only stored words long enough to carry ``tau + 1`` segments are reached, and
    for two edits only words with the same first letter, and the same last letter
    when the edits leave only the first segment whole.
    """
    m = len(word)
    if tau <= 0 or m < MIN_FUZZY_LEN:
        return set()
    parts = tau + 1
    probes: set[str] = set()
    for length in range(max(MIN_FUZZY_LEN, m - tau), min(MAX_SEGMENT_NAME_LEN, m + tau) + 1):
        if word_edits(length) < tau:
            continue
        for i, (start, size) in enumerate(_partition(length, parts)):
            for shift in range(-tau, tau + 1):
                pos = start + shift
                if pos >= 0 and pos + size <= m:
                    probes.add(f"s{length}.{parts}.{i}:{_anchor(word, parts, i)}"
                               f"{word[pos:pos + size]}")
    return probes


@lru_cache(maxsize=65536)
def name_keys(norm: str) -> tuple[str, ...]:
    """Whole-name keys stored for one normalised name (phonetic)."""
    return tuple(phonetic_keys(norm))


@lru_cache(maxsize=262144)
def token_keys(token: str) -> tuple[str, ...]:
    """Keys stored for one word of the vocabulary (edit-distance segments)."""
    return tuple(segment_keys(token))
