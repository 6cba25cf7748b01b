"""Bulk views of the knowledge base for the reading engine: an alias automaton, first names.

The engine finds names that spaCy's NER misses by scanning the text once with an
Aho-Corasick automaton (pyahocorasick) over every alias in the knowledge base. Building
it reads every alias row, so it is built once per set of KB files (keyed by path, size and
modification time) and shared by every document and thread of the process.

Reading every article's text for the word weights takes most of a second, on every start
of the app and of ``glossator annotate``; so the built gazetteer is also kept in the
user's cache folder (``core/cache_folder``) as JSON, under the same key and a fingerprint of
the code that builds it. A cache file that is missing, stale, truncated or unreadable is
rebuilt.
"""

from __future__ import annotations

import functools
import hashlib
import json
import logging
import math
import re
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

import ahocorasick

from glossator.core.cache_folder import cache_folder, fingerprint, write_atomic
from glossator.core.kb import derive
from glossator.core.kb.derive import is_kind_word, strip_qualifier
from glossator.core.kb.normalize import normalise

if TYPE_CHECKING:
    from glossator.core.kb.lookup import KnowledgeBase

# Alias kinds worth scanning for; "derived" forms ("Barack Hussein Obama II") are kept,
# they are long and specific.
_SCAN_KINDS = ("title", "redirect", "derived", "acronym", "surname", "user")
MIN_ALIAS_LEN = 3
# The words of an article's text, as the linker reads them ("CEO" counts as "ceo"): runs
# of letters of any script, as spaCy's ``is_alpha`` reads the text's ("Zürich" is one word,
# not "rich"; unlike ``is_alpha``, "km²" is read as "km").
ARTICLE_WORD = re.compile(r"[^\W\d_]{3,}")
_ASCII_WORD = re.compile(r"[A-Za-z]{3,}")  # the same on ASCII text, twice as fast


def idf_of(df: int, articles: int) -> float:
    """A word's idf, log((N + 1) / (df + 0.5)): the fewer articles use it, the more it says."""
    return math.log((articles + 1) / (df + 0.5))


def words_of(text: str) -> list[str]:
    """``ARTICLE_WORD``'s words of ``text``, as written (most extracts are ASCII)."""
    return (_ASCII_WORD if text.isascii() else ARTICLE_WORD).findall(text)

# Articles that write a thing's name in lower case before it counts as a common noun:
# "Tofu" and "Knitting" have 3, "Wood" and "Blood" dozens; a word one or two articles
# write in lower case may be a figure of speech.
COMMON_USES = 3


@dataclass(slots=True)
class Gazetteer:
    """Lower-cased KB aliases in an automaton, plus the KB's person first names."""

    automaton: ahocorasick.Automaton
    # first name (lower case) -> titles of PERSON articles whose title starts with it
    first_names: dict[str, list[str]] = field(default_factory=dict)
    # first word (lower case) -> titles of organisations and places named after it
    # ("stanford" -> "Stanford University"), for a short form the text uses alone; also
    # an event's name without its first word ("world cup" -> "FIFA World Cup")
    heads: dict[str, list[str]] = field(default_factory=dict)
    # last name (lower case) -> titles of PERSON articles ("hendrix" -> "Jimi Hendrix")
    surnames: dict[str, list[str]] = field(default_factory=dict)
    # first four letters (lower case) -> one-word titles of countries and regions
    places: dict[str, list[str]] = field(default_factory=dict)
    # every word of every scanned alias (lower case): a name made of such words is
    # spelled like a known name, not misspelled
    vocabulary: frozenset[str] = frozenset()
    size: int = 0
    # word (lower case) -> inverse document frequency over the articles' descriptions and
    # extracts, log(N / df): rare words ("commencement") say more than common ones
    idf: dict[str, float] = field(default_factory=dict)
    articles: int = 0  # how many articles the idf was counted over
    # lower-cased names of every typed article (title without its bracket) and their
    # titles, for a last-resort spelling guess the alias index does not reach
    typed_names: list[str] = field(default_factory=list)
    typed_titles: list[tuple[str, str]] = field(default_factory=list)  # (title, etype)
    # last word (lower case) -> titles of places of two words or more ("vegas" ->
    # "Las Vegas", "carolina" -> "North Carolina"), for a place named by its tail
    tails: dict[str, list[str]] = field(default_factory=dict)
    # one-word names of the KB's things (not people, places or bodies; lower case) that
    # at least ``COMMON_USES`` articles write in lower case ("wood", "blood", "traffic"):
    # common nouns, though their own article writes them only at a sentence's start
    common_nouns: frozenset[str] = frozenset()
    # lower-cased aliases the KB writes with a lower-case word after the first ("qin
    # dynasty", "amazon rainforest"; never "catholic church", the KB's "Catholic Church"):
    # a text writing them so names them (``mentions._kind_in_lower_case``)
    lower_kinds: frozenset[str] = frozenset()
    # every word at least ``COMMON_USES`` articles write in lower case, normalised ("gulf",
    # "eastern", "etat" for "état"): a name of one is an ordinary word capitalised, not a
    # body's own name ("Harvard", "Ming"), as a short name of a longer title
    lower_words: frozenset[str] = frozenset()

    def word_idf(self, word: str) -> float:
        """A word's idf; a word no article uses counts like a word one article uses."""
        found = self.idf.get(word)
        if found is not None:
            return found
        return math.log(self.articles + 1) if self.articles else 1.0

    def texts_write(self, word: str, articles: int = 2) -> bool:
        """Whether at least ``articles`` articles' texts write the word (lower case)."""
        found = self.idf.get(word)
        return found is not None and self.articles > 0 and \
            found <= idf_of(articles, self.articles) + 1e-9

    def etype(self, lowered: str) -> str | None:
        """The KB type of a lower-cased alias, None when it is not one."""
        if self.size == 0:
            return None
        found = self.automaton.get(lowered, None)
        return found[1] if found else None

    def scan(self, lowered: str) -> list[tuple[int, int, str]]:
        """(start, end, etype) of every alias occurrence in ``lowered`` (may overlap)."""
        if self.size == 0:
            return []
        out = []
        for end, (length, etype) in self.automaton.iter(lowered):
            out.append((end - length + 1, end + 1, etype))
        return out


_CACHE: dict[tuple, Gazetteer] = {}
_LOCK = threading.Lock()


def _key(kb: KnowledgeBase) -> tuple:
    parts = []
    for layer in kb.layers:
        # An import into a layer open in WAL mode may leave the main file as it was until
        # the next checkpoint: the log's size and time say that it changed.
        for path in (layer.path, layer.path.with_name(layer.path.name + "-wal")):
            try:
                st = path.stat()
            except OSError:
                st = None
            # An empty log holds no change (SQLite makes one, new, at each opening). The
            # inode and change time catch a file replaced by one of the same size and time.
            parts.append((str(path), st.st_size, st.st_mtime_ns, st.st_ino, st.st_ctime_ns)
                         if st and st.st_size else (str(path), 0, 0, 0, 0))
    return tuple(parts)


def gazetteer_for(kb: KnowledgeBase, *, fresh: bool = False) -> Gazetteer:
    """The (cached) gazetteer over every layer of ``kb``; ``fresh`` builds it again."""
    key = _key(kb)
    with _LOCK:
        found = None if fresh else _CACHE.get(key)
        if found is None and not fresh:
            found = _read_disk(key)
        if found is None:
            found = build_gazetteer(kb)
            _write_disk(key, found)
        if _CACHE.get(key) is not found:
            _CACHE.clear()  # one KB set at a time: the old one is stale
            _CACHE[key] = found
        return found


_log = logging.getLogger(__name__)
_PREFIX = "gazetteer-"
# Lower-case words inside a name that say no kind ("Bay of Bengal", "Ibn al-Haytham").
_CONNECTOR_WORDS = derive.NAME_PARTICLES | {"of", "the", "and", "des", "y", "e", "on", "in",
                                            "upon", "for", "at", "to", "a", "an"}
_FORMAT = 5  # the layout of the cache file; bump when it changes
MAX_DISK_BYTES = 1 << 30  # a larger file is no gazetteer of ours, and is not written
MAX_DISK_FILES = 4  # cache files kept, one per set of KB files, the most recent


@functools.cache
def _code_fingerprint() -> str:
    """What the cached data depends on besides the KB: this module's and ``derive``'s code."""
    return fingerprint(_FORMAT, files=(__file__, derive.__file__))


def _disk_path(key: tuple) -> Path | None:
    """The cache file of ``key``.

    Named by its KB files (a process reading another set of files leaves it alone), then
    by the whole key and the code.
    """
    folder = cache_folder()
    if folder is None:
        return None
    files = hashlib.sha256(repr(sorted(part[0] for part in key)).encode()).hexdigest()[:12]
    digest = hashlib.sha256(f"{key!r}|{_code_fingerprint()}".encode()).hexdigest()[:24]
    return folder / f"{_PREFIX}{files}-{digest}.json"


def _to_json(g: Gazetteer) -> dict:
    # The automaton is kept as its words: rebuilt on reading (a few hundredths of a
    # second), it is never unpickled from a folder the user may share.
    return {"format": _FORMAT,
            "aliases": [[w, n, e] for w, (n, e) in g.automaton.items()] if g.size else [],
            "first_names": g.first_names, "heads": g.heads, "surnames": g.surnames,
            "places": g.places, "vocabulary": sorted(g.vocabulary), "size": g.size,
            "idf": g.idf, "articles": g.articles, "typed_names": g.typed_names,
            "typed_titles": g.typed_titles, "tails": g.tails,
            "common_nouns": sorted(g.common_nouns), "lower_kinds": sorted(g.lower_kinds),
            "lower_words": sorted(g.lower_words)}


def _from_json(d: dict) -> Gazetteer:
    if d.get("format") != _FORMAT:
        raise ValueError("another layout")
    auto = ahocorasick.Automaton()
    for word, length, etype in d["aliases"]:
        auto.add_word(str(word), (int(length), str(etype)))
    if d["aliases"]:
        auto.make_automaton()
    return Gazetteer(auto, dict(d["first_names"]), dict(d["heads"]), dict(d["surnames"]),
                     dict(d["places"]), frozenset(d["vocabulary"]), int(d["size"]),
                     dict(d["idf"]), int(d["articles"]), list(d["typed_names"]),
                     [(str(t), str(e)) for t, e in d["typed_titles"]], dict(d["tails"]),
                     frozenset(str(w) for w in d["common_nouns"]),
                     frozenset(str(w) for w in d["lower_kinds"]),
                     frozenset(str(w) for w in d["lower_words"]))


def _read_disk(key: tuple) -> Gazetteer | None:
    path = _disk_path(key)
    if path is None:
        return None
    try:
        if path.stat().st_size > MAX_DISK_BYTES:
            return None
        return _from_json(json.loads(path.read_bytes()))
    except FileNotFoundError:
        return None
    except Exception as exc:  # truncated, damaged, of another layout: rebuilt
        _log.info("ignoring the cached gazetteer %s: %s", path, exc)
        return None


def _write_disk(key: tuple, gazetteer: Gazetteer) -> None:
    """Save atomically (no half file) and drop this KB set's older caches.

    Not while a KB's log holds changes: the checkpoint at closing moves the main file's
    time, so no later start would ask for this key.
    """
    path = _disk_path(key)
    if path is None or any(part[0].endswith("-wal") and part[1] for part in key):
        return
    try:
        data = json.dumps(_to_json(gazetteer), ensure_ascii=False,
                          separators=(",", ":")).encode("utf-8")
        if len(data) > MAX_DISK_BYTES:
            return
        write_atomic(path, data, prefix=_PREFIX)
        same_files = path.name.rsplit("-", 1)[0] + "-"
        others = []
        for old in path.parent.glob(f"{_PREFIX}*"):  # a killed write's: ``write_atomic``
            if old == path:
                continue
            if old.name.startswith(same_files):
                old.unlink(missing_ok=True)
            else:
                others.append((old.stat().st_mtime, old))
        # Other KB sets' files ("annotate --kb" on many files): the most recent few stay.
        for _mtime, old in sorted(others, reverse=True)[MAX_DISK_FILES - 1:]:
            old.unlink(missing_ok=True)
    except (OSError, TypeError, ValueError) as exc:  # a full or read-only disk: memory only
        _log.info("could not cache the gazetteer in %s: %s", path.parent, exc)


def school_short_name(words: list[str]) -> str | None:
    """The place a university is called by: "University of Oxford" -> "Oxford".

    "educated at Oxford", "a Cambridge professor": as "Harvard" is Harvard University's
    first word. Where the place has an article, that is the name's exact fit.
    """
    if len(words) == 3 and words[0] == "University" and words[1] == "of" and \
            words[2][:1].isupper():
        return words[2]
    return None


def tail_name(words: list[str], etype: str) -> str | None:
    """The short name of an event or body that drops its first word, lower case.

    "FIFA World Cup" and "Rugby World Cup" -> "world cup", "UEFA Champions League" ->
    "champions league": what a sports page calls them when the sport is plain.
    """
    if len(words) < 3 or not all(w[:1].isupper() for w in words):
        return None
    if etype == "EVENT" or (words[0].isupper() and len(words[0]) >= 3):
        return " ".join(words[1:]).lower()
    return None


def build_gazetteer(kb: KnowledgeBase) -> Gazetteer:
    """Read every alias and every article's words (about 0.7 s for the starter pack)."""
    auto = ahocorasick.Automaton()
    first: dict[str, list[str]] = {}
    heads: dict[str, list[str]] = {}
    last: dict[str, list[str]] = {}
    places: dict[str, list[str]] = {}
    tails: dict[str, list[str]] = {}
    vocab: set[str] = set()
    lower_kind: dict[str, bool] = {}  # every spelling of it writes a lower-case word
    marks = ",".join("?" * len(_SCAN_KINDS))
    n = 0
    for layer in kb.layers:
        rows = layer.db.execute(
            "SELECT al.alias, a.etype, a.title FROM aliases al JOIN articles a "
            f"ON a.id = al.article_id WHERE al.kind IN ({marks})", list(_SCAN_KINDS))
        for alias, etype, _title in rows:
            low = alias.lower()
            if len(low) < MIN_ALIAS_LEN or len(low) != len(alias) or not any(
                    c.isupper() for c in alias):
                continue  # common nouns ("water") are not names
            lower_kind[low] = lower_kind.get(low, True) and any(
                w[:1].islower() and w.isalpha() and w not in _CONNECTOR_WORDS
                for w in alias.split()[1:])
            if low not in auto:
                auto.add_word(low, (len(low), etype))
                vocab.update(low.split())
                n += 1
        people = layer.db.execute("SELECT title FROM articles WHERE etype = 'PERSON'")
        for (title,) in people:
            words = title.split(" (")[0].split()
            if len(words) >= 2 and words[0][:1].isupper() and len(words[0]) > 2:
                first.setdefault(words[0].lower(), []).append(title)
                # Not a realm or an epithet (GAP's dev half: "Katherine (of Aragon)" was
                # Ferdinand II of Aragon at 0.97); a peer's place is ("Marlborough").
                if len(words[-1]) > 3 and words[-1][:1].isupper() and \
                        not derive.ends_in_a_place_or_epithet(words):
                    last.setdefault(words[-1].lower(), []).append(title)
        orgs = layer.db.execute(
            "SELECT title, etype FROM articles WHERE etype IN ('ORG', 'FAC', 'EVENT', 'LOC')")
        for title, etype in orgs:
            words = title.split(" (")[0].split()
            if len(words) >= 2 and words[0][:1].isupper() and len(words[0]) > 3:
                heads.setdefault(words[0].lower(), []).append(title)
            if (short := school_short_name(words)) is not None:
                heads.setdefault(short.lower(), []).append(title)
            tail = tail_name(words, etype)
            if tail:
                heads.setdefault(tail, []).append(title)
        for title, etype in layer.db.execute(
                "SELECT title, etype FROM articles WHERE etype IN ('GPE', 'LOC', 'NORP')"):
            if len(title) >= 4 and title[:1].isupper():
                places.setdefault(title[:4].lower(), []).append(title)
            words = title.split()
            if etype == "GPE" and len(words) == 2 and words[0][:1].isupper() and \
                    "," not in title and "(" not in title and \
                    len(words[-1]) >= 5 and words[-1][:1].isupper() and \
                    not is_kind_word(words[-1]):
                tails.setdefault(words[-1].lower(), []).append(title)
    if n:
        auto.make_automaton()
    typed_names: list[str] = []
    typed_titles: list[tuple[str, str]] = []
    for layer in kb.layers:
        for title, etype in layer.db.execute(
                "SELECT title, etype FROM articles WHERE etype IN "
                "('PERSON', 'GPE', 'LOC', 'ORG', 'FAC', 'NORP', 'EVENT')"):
            name = title.split(" (")[0].lower()
            if len(name) >= 5:
                typed_names.append(name)
                typed_titles.append((title, etype))
    # A thing's one-word name in lower case, and its plural, -> the name; a form two
    # names claim ("blues" of Blue and of Blues) counts for neither
    claims: dict[str, set[str]] = {}
    for layer in kb.layers:
        for (title,) in layer.db.execute("SELECT title FROM articles WHERE etype = 'OTHER'"):
            base = strip_qualifier(title, comma=False)
            if base.isalpha() and base[:1].isupper():
                low = base.lower()
                for form in (low, _plural(low)):
                    claims.setdefault(form, set()).add(low)
    forms = {form: next(iter(names)) for form, names in claims.items() if len(names) == 1}
    df: dict[str, int] = {}
    lower_df: dict[str, int] = {}
    lower_uses: dict[str, int] = {}
    n_articles = 0
    seen: set[str] = set()  # an article in two layers (a user's copy) counts once
    for layer in kb.layers:  # about 0.5 s for the starter pack
        for title, desc, extract in layer.db.execute(
                "SELECT title, description, extract FROM articles"):
            if title in seen:
                continue
            seen.add(title)
            n_articles += 1
            found = words_of(f"{desc or ''} {extract or ''}")
            for w in {w.lower() for w in found}:
                df[w] = df.get(w, 0) + 1
            for w in {forms[w] for w in found if w in forms}:  # written in lower case
                lower_df[w] = lower_df.get(w, 0) + 1
            for w in {normalise(w) for w in found if w.islower()}:  # as the linker's words
                lower_uses[w] = lower_uses.get(w, 0) + 1
    idf = {w: idf_of(c, n_articles) for w, c in df.items()}
    common = frozenset(w for w, c in lower_df.items() if c >= COMMON_USES)
    return Gazetteer(auto, first, heads, last, places, frozenset(vocab), n, idf, n_articles,
                     typed_names, typed_titles, tails, common,
                     frozenset(k for k, lower in lower_kind.items() if lower),
                     frozenset(w for w, c in lower_uses.items() if c >= COMMON_USES))


def _plural(word: str) -> str:
    """A noun's regular plural ("feathers", "glasses", "dishes")."""
    return word + ("es" if word.endswith(("s", "x", "z", "ch", "sh")) else "s")
