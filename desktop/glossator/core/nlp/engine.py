"""The reading engine: one spaCy pass, then find, group, link and explain the names.

``Engine`` loads the spaCy model once and annotates texts, documents and batches of
texts. Every annotation goes through one streaming path (``stream.DocumentAnalysis``): the
text is cut into pieces at paragraph boundaries, each piece is parsed once (in any order)
and reduced to compact data, and the document-level steps run over what the pieces left:
echoes and misspellings (step 1), grouping (step 2), linking (step 3) and references
(step 4, in ``references.py`` when present, on each piece joined to the end of the one
before). The helpers those steps share live here.
"""

from __future__ import annotations

import heapq
import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from glossator.core.kb.derive import family_names, strip_qualifier
from glossator.core.nlp.cached_pipes import use_cached_pipes
from glossator.core.nlp.census_names import is_known_name
from glossator.core.nlp.components import add_components
from glossator.core.nlp.demonyms import demonym_titles
from glossator.core.nlp.grouping import Group, Join, Joined, demonym_of
from glossator.core.nlp.linking import Link, Linker
from glossator.core.nlp.mentions import NAME_LABELS, NameMention
from glossator.core.nlp.model import load_model
from glossator.core.nlp.ranker import CONFIDENT
from glossator.core.nlp.types import (
    Alternative,
    Annotation,
    DescriptorKind,
    Entity,
    Mention,
)

if TYPE_CHECKING:
    from glossator.core.documents.model import Document
    from glossator.core.kb import KnowledgeBase
    from glossator.core.nlp.stream import DocumentAnalysis

CHUNK_CHARS = 20_000  # a chunk is cut at a paragraph (else line, sentence, space) end
# A group's context: the sentences where it is first named, with one either side. Not the
# whole text: the cosine of an article with a long text's words is small whether the
# article fits or not (in generated texts of three extracts, the right article's median
# was 0.03, a NIL name's best 0.04; with its own sentences, 0.13 against its rivals' 0.06).
CONTEXT_SENTENCES = 1  # sentences either side of a mention that give its context
CONTEXT_MENTIONS = 3  # the group's first mentions whose sentences give its context
MAX_CONTEXT_WORDS = 600
# Two 20,000-character chunks in flight: spaCy's parse takes about 75 MB of short-lived
# arrays per chunk of a batch (the book's peak: 391 MB at 2, 317 MB at 1, about 700 MB at
# 8), and one a batch made the engine 3% slower over the book in one session's
# alternating runs, 10-20% in another's: more than the speed target leaves.
BATCH_SIZE = 2
MAX_DESCRIBED = 8  # descriptors of a group read for linking (the first ones)
MAX_SAID = 30  # descriptors kept per entity for the reader (the first ones, deduplicated)
MAX_SENTENCE = 320  # a longer first sentence is trimmed around the name
# How far from a name its descriptor's words are looked for (characters).
_SAID_BEFORE = 200
_SAID_AFTER = 600

try:  # step 4 lives in another module; the engine works without it
    from glossator.core.nlp.references import resolve_references as _resolve_references
except ImportError:  # pragma: no cover - only before references.py lands
    _resolve_references = None


class Cancelled(Exception):
    """Raised when ``should_stop()`` turned true during an annotation."""


def split_chunks(text: str, start: int = 0, end: int | None = None,
                 size: int = CHUNK_CHARS) -> list[tuple[int, int]]:
    """(start, end) pieces of ``text[start:end]``, each at most about ``size`` characters."""
    end = len(text) if end is None else end
    out = []
    pos = start
    while pos < end:
        if end - pos <= size:
            out.append((pos, end))
            break
        window = text[pos:pos + size]
        cut = -1
        for sep in ("\n\n", "\n", ". "):
            i = window.rfind(sep, size // 4)
            if i > 0:
                cut = i + len(sep)
                break
        if cut <= 0:
            cut = _soft_cut(window, size // 4)
        if cut <= 0:
            cut = size  # one endless word: cut anyway
        out.append((pos, pos + cut))
        pos += cut
    return out


def _soft_cut(window: str, lo: int) -> int:
    """The last good cut after ``lo`` in a text without sentence ends (-1: none).

    A space before a lower-case word first; else between two characters of no word
    (", " or "[["); else any space. Never first inside a capitalised name ("Ada Lovelace").
    """
    between = space = -1
    for i in range(len(window) - 1, lo, -1):
        a, b = window[i - 1], window[i]
        if a.isspace():
            if not b.isupper():
                return i
            space = max(space, i)
        elif between < 0 and not a.isalnum() and not b.isalnum():
            between = i
    return between if between > 0 else space


class Engine:
    """Annotate texts with one spaCy model and one knowledge base."""

    def __init__(self, kb: KnowledgeBase | None, model: str | None = None) -> None:
        # Every component is used: tagger+parser by references and title cleaning,
        # the lemmatizer by references, NER for mentions. "senter" stays off (parser).
        self.nlp = load_model(model)
        # The attribute ruler and the lemmatizer, same results from tables (a quarter of
        # spaCy's time over a book was theirs).
        use_cached_pipes(self.nlp)
        self.nlp.max_length = max(self.nlp.max_length, CHUNK_CHARS * 2)
        self.stop_words = frozenset(self.nlp.Defaults.stop_words)
        # The model's own vocabulary as loaded (the store grows with every text read, so
        # taken now): ordinary lower-case words, which a capitalised "Hungry" or "Recipe"
        # is, not a misspelled Hungary or Recife.
        self.ordinary_words = frozenset(
            w for w in self.nlp.vocab.strings if len(w) >= 5 and w.isalpha() and w.islower())
        self._kb: KnowledgeBase | None = None
        self.gazetteer = None
        self.linker = None
        self.set_kb(kb)

    # ------------------------------------------------------------ the knowledge base

    @property
    def kb(self) -> KnowledgeBase | None:
        """The knowledge base; assigning one is ``set_kb``."""
        return self._kb

    @kb.setter
    def kb(self, kb: KnowledgeBase | None) -> None:
        self.set_kb(kb)

    def set_kb(self, kb: KnowledgeBase | None) -> None:
        """Use ``kb`` from now on (a reopened handle, or the same one after it changed).

        The engine is the one owner of the handle: the gazetteer (the mention finder's and
        the linker's) and the linker (with its look-up caches) are made afresh from it, so
        nothing keeps reading a closed database or what the KB held before an import.
        """
        old = self.linker
        self._kb = kb
        self.gazetteer = None
        self.linker = None
        if kb is not None:
            from glossator.core.kb.gazetteer import gazetteer_for

            self.gazetteer = gazetteer_for(kb)
            model = old.model if old is not None else None
            self.linker = Linker(kb, self.gazetteer, self.stop_words, model=model)
            if old is not None:  # set by training and benchmarks, kept across a swap
                self.linker.hidden = old.hidden
                self.linker.collect = old.collect
                self.linker.topic_scale = old.topic_scale
                self.linker.alone = old.alone
        add_components(self.nlp, self.gazetteer)

    # ------------------------------------------------------------------ public API

    def annotate(self, text: str, *, should_stop: Callable[[], bool] | None = None,
                 progress: Callable[[float], None] | None = None,
                 chunk_chars: int | None = None, order_seed: int | None = None
                 ) -> Annotation:
        """Annotate a plain text; offsets are indices into ``text``.

        ``chunk_chars`` and ``order_seed`` (``annotate --chunk-chars``) cut the text into
        pieces of that size and feed them in a shuffled order: the result should not
        change (see ``stream.py``).
        """
        session = self.session(text, chunk_chars=chunk_chars)
        return self._run(session, should_stop, progress, order_seed)

    def annotate_document(self, doc: Document, *,
                          should_stop: Callable[[], bool] | None = None,
                          progress: Callable[[float], None] | None = None,
                          chunk_chars: int | None = None, order_seed: int | None = None
                          ) -> Annotation:
        """Annotate a document, skipping blocks marked ``annotate=False`` (code)."""
        session = self.document_session(doc, chunk_chars=chunk_chars)
        return self._run(session, should_stop, progress, order_seed)

    def annotate_many(self, texts: Iterable[str], *,
                      should_stop: Callable[[], bool] | None = None,
                      progress: Callable[[float], None] | None = None
                      ) -> Iterator[Annotation]:
        """Annotate many texts, yielding in order."""
        for text in texts:
            yield self.annotate(text, should_stop=should_stop)
            if progress:
                progress(1.0)

    def session(self, text: str, *, chunk_chars: int | None = None,
                first: int | None = None, first_chars: int = 0) -> DocumentAnalysis:
        """A streaming analysis of ``text`` (``stream.DocumentAnalysis``), nothing parsed yet.

        The pieces are about ``chunk_chars`` long; with ``first`` the piece there is cut
        to about ``first_chars`` so that it comes back quickly.
        """
        from glossator.core.nlp.stream import DocumentAnalysis, plan_pieces

        pieces = plan_pieces(text, [(0, len(text))], chunk_chars or CHUNK_CHARS, first,
                             first_chars)
        return DocumentAnalysis(self, text, pieces)

    def document_session(self, doc: Document, *, chunk_chars: int | None = None,
                         first: int | None = None, first_chars: int = 0
                         ) -> DocumentAnalysis:
        """A streaming analysis of a document's annotatable blocks (code is skipped)."""
        from glossator.core.nlp.stream import DocumentAnalysis, document_ranges, plan_pieces

        ranges, breaks = document_ranges(doc)
        pieces = plan_pieces(doc.text, ranges, chunk_chars or CHUNK_CHARS, first, first_chars)
        return DocumentAnalysis(self, doc.text, pieces, breaks=breaks)

    # ------------------------------------------------------------------ pipeline

    def _run(self, session: DocumentAnalysis, should_stop: Callable[[], bool] | None,
             progress: Callable[[float], None] | None, order_seed: int | None
             ) -> Annotation:
        """Feed every piece (in text order, or shuffled with ``order_seed``), then analyse."""
        from glossator.core.nlp.stream import shuffled

        stop = _stopper(should_stop)
        stop()
        order = list(range(len(session.pieces)))
        if order_seed is not None:
            order = shuffled(len(order), order_seed)

        def parsed(f: float) -> None:
            if progress:
                progress(0.85 * f)

        session.feed(order, stop=stop, progress=parsed)
        result = session.annotation(stop=stop)
        if progress:
            progress(1.0)
        return result

    def _listed_typo_label(self, word: str) -> str | None:
        """``_typo_label`` for a piece of a list: never a people's word of a KB place.

        "Urdu, Kashmiri and Punjabi" are languages; alone, "Argentines" is Argentina's.
        """
        if self.gazetteer is not None and demonym_titles(word, self.gazetteer.places):
            return None
        return self._typo_label(word)

    def _typo_label(self, word: str) -> str | None:
        """The label of the place or organisation ``word`` misspells, if any."""
        if self.linker is None or self.linker.writes_word(word.lower()):
            return None  # no KB, or spelled like a word of a known name
        if word.lower() in self.ordinary_words:
            return None  # an English word capitalised, not a name misspelled
        if len(word) == 4:
            if is_known_name(word):
                return None  # "Mila" is a given name, not Milan misspelled
            types = [etype for _title, etype in self.linker.one_letter_short(word)]
        else:
            types = [c.etype for c in self.linker.close_titles(word)]
        if len(types) != 1 or types[0] not in ("GPE", "LOC", "ORG"):
            return None  # people's names are too many to guess at; one clear target only
        return types[0]

    def _build(self, groups: list[Group], links: list[Link], text: str
               ) -> tuple[list[Entity], list[Mention]]:
        entities: list[Entity] = []
        mentions: list[Mention] = []
        # The name this text gives each article ("Britain"), for its adjectives' groups.
        named: dict[str, str] = {}
        for g, link in zip(groups, links, strict=True):
            if link.title and not _adjectives_of(g, strip_qualifier(link.title, comma=False)):
                named.setdefault(link.title, g.name)
        for i, (g, link) in enumerate(zip(groups, links, strict=True), start=1):
            eid = f"e{i}"
            label = g.label
            gender = g.gender
            art = None
            if link.title and self.linker is not None:
                art = self.linker.article(link.title)[0]
            if art is not None:
                # The KB fixes NER's label when it knows the type (a person is a person).
                if art.etype in NAME_LABELS and art.etype != label:
                    label = art.etype
                elif family_names(strip_qualifier(link.title), art.description):
                    # "the Rothschilds" are people: "they", not "he" (not the Ming dynasty)
                    label = "NORP"
                if art.gender in ("male", "female"):
                    gender = art.gender
            if label != "PERSON":
                gender = None
            alts = [Alternative(s.title, round(max(0.0, min(1.0, s.score)), 3))
                    for s in link.ranked if s.title != link.title][:3]
            entity = Entity(eid, _display_name(g, link.title, named), label or "MISC", link.title,
                            link.confidence, alts, link.ambiguous, gender)
            entities.append(entity)
            for m in g.members:
                join = g.join_of(m)
                why = _mention_why(join, link, m)
                conf = link.confidence if link.title else max(0.5, min(0.9, link.confidence))
                if join is not None and join.how is Joined.SPELLING:
                    conf *= 0.9
                # The text itself, not the parse's copy (guarded runs may differ).
                mentions.append(Mention(m.start, m.end, text[m.start:m.end], "name", eid,
                                        round(conf, 3),
                                        why, m.title))
        return entities, mentions


def _make_empty():
    import numpy

    return numpy.zeros((0, 0), dtype="float32")


_EMPTY = _make_empty()
_ECHO_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


def _stopper(should_stop: Callable[[], bool] | None) -> Callable[[], None]:
    def stop() -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()
    return stop


def _context_fn(sent_words: list[Iterable[str]]) -> Callable[[Group], frozenset[str]]:
    """Context words of a group: the sentences around its first mentions."""

    def context(g: Group) -> frozenset[str]:
        own = {w for m in g.members for w in m.text.lower().split()}
        picked: set[int] = set()
        for m in heapq.nsmallest(CONTEXT_MENTIONS, g.members, key=lambda m: m.start):
            picked.update(range(max(0, m.sent - CONTEXT_SENTENCES),
                                min(len(sent_words), m.sent + CONTEXT_SENTENCES + 1)))
        words: set[str] = set()
        for i in sorted(picked):
            words.update(sent_words[i])
            if len(words) > MAX_CONTEXT_WORDS:
                break
        return frozenset(words - own)
    return context


def _adjectives_of(g: Group, place: str) -> bool:
    """Whether every mention of the group is a people's adjective of ``place``."""
    return bool(place) and all(demonym_of(m.text, place) for m in g.members)


def _display_name(g: Group, title: str | None, named: dict[str, str]) -> str:
    """The entity's head word: the group's name, or the country's for a people's adjective.

    Where the text also names the country, "Russian" linked to Russia is named "Russia" (as
    a group holding both is) and "British" linked to the United Kingdom "Britain": the
    entities linked to one article have one name, the proper one, and the window merging
    them by article keeps it. An adjective alone keeps its own ("Italian police").
    """
    if title and title in named and _adjectives_of(g, strip_qualifier(title, comma=False)):
        return named[title]
    return g.name


def _families(groups: list[Group], links: list[Link]) -> None:
    """A plural surname ("the Curies") is a family or several people: no single article.

    Unless the plural is the name of a family's article ("the Rothschilds"). Such a group
    becomes a NIL group of people (NORP) rather than a guess at one member (or an
    organisation). Changes ``groups`` and ``links`` in place.
    """
    surnames = {g.name.split()[-1].lower() for g in groups
                if g.label == "PERSON" and len(g.name.split()) > 1}
    if not surnames:
        return
    for i, g in enumerate(groups):
        spellings = {m.text.lower() for m in g.members}
        if len(spellings) != 1:
            continue
        word = next(iter(spellings))
        if " " in word:
            continue
        stem = next((word[:-k] for k in (1, 2) if word.endswith("es"[-k:])
                     and word[:-k] in surnames), None)
        if stem is None or (links[i].title and links[i].ranked
                            and links[i].ranked[0].how == "exact"):
            continue  # a KB name of its own: "the Rothschilds" are the Rothschild family
        g.label = "NORP"  # a group of people: "they", never "he" or "she"
        g.gender = None
        family = g.members[0].text[:len(stem)]
        links[i] = Link(None, 0.0, [], why=f"the {family} family or several people named "
                                           f"{family}: no single article")


def _same_article(groups: list[Group], links: list[Link]
                  ) -> tuple[list[Group], list[Link]]:
    """Names the linker gives one article are one entity: "Maria Skłodowska", "Marie Curie".

    The grouping cannot know that two unlike names are one person; the KB can, once both
    are linked surely (a "perhaps" keeps its own doubt, and its own entity). The earlier
    group takes the later one in (its members, in text order, and a gender it lacked) and
    the surer of the two links; a name that is the article's own becomes the entity's.
    A people's adjective stays apart ("Russian" beside "Russia": see ``_display_name``).
    """
    first: dict[str, int] = {}
    gone: set[int] = set()
    for i, (g, link) in enumerate(zip(groups, links, strict=True)):
        if not link.title or link.confidence < CONFIDENT or _adjectives_of(
                g, strip_qualifier(link.title, comma=False)):
            continue
        j = first.setdefault(link.title, i)
        if j == i:
            continue
        a = groups[j]
        a.members = sorted(a.members + g.members, key=lambda m: (m.start, m.end))
        a.joined.update({span: Join(Joined.SAME_ARTICLE, a.name)
                         if join.how is Joined.NAMED_HERE else join
                         for span, join in g.joined.items()})
        a.gender = a.gender or g.gender
        a.names |= g.names
        a.votes.update(g.votes)
        for spelling, sents in g.spell_sents.items():
            a.spell_sents.setdefault(spelling, set()).update(sents)
        own = strip_qualifier(link.title, comma=False)
        if a.name != own and g.name == own:
            a.name = g.name
        if link.confidence > links[j].confidence:
            links[j] = link
        gone.add(i)
    if not gone:
        return groups, links
    return ([g for i, g in enumerate(groups) if i not in gone],
            [k for i, k in enumerate(links) if i not in gone])


# The descriptor reader's kinds, as the JSON names them (a pre-modifier of a person is a
# role: "economist Ines Borg"; of anything else a modifier: "the mining firm Trafigura").
_KINDS: dict[str, DescriptorKind] = {
    "title": "title", "appositive": "apposition", "copula": "definition",
    "location": "apposition", "age": "apposition", "lifespan": "apposition",
    "premodifier": "modifier",
    "kind_of": "modifier", "team": "modifier", "called": "apposition",
    "kind_after": "modifier", "named_for": "modifier", "family": "modifier",
}
_BEFORE_NAME = frozenset({"title", "premodifier", "kind_of", "called"})


def _said_kind(kind: str, label: str) -> DescriptorKind:
    if kind == "premodifier" and label == "PERSON":
        return "role"
    return _KINDS.get(kind, "modifier")


def _locate(text: str, words: str, start: int, end: int, lo: int, hi: int, *,
            before: bool) -> tuple[int, int]:
    """Where a descriptor of the name at [start, end) is written.

    The nearest match before the name (titles, pre-modifiers) or after it (the rest),
    inside the chunk [lo, hi); the name's own span when the words cannot be found.
    """
    pattern = re.compile(r"\s+".join(re.escape(w) for w in words.split()))
    if before:
        matches = list(pattern.finditer(text, max(lo, start - _SAID_BEFORE), start))
        if matches:
            return matches[-1].start(), matches[-1].end()
    else:
        found = pattern.search(text, end, min(hi, end + _SAID_AFTER))
        if found is not None:
            return found.start(), found.end()
    return start, end


def _sentence_of(text: str, ch: Any, starts: list[int], start: int, end: int
                 ) -> tuple[int, str]:
    """(start, words) of the sentence holding [start, end), trimmed around it if long."""
    i = max(0, bisect_right(starts, start) - 1)
    s = starts[i] if starts else ch.offset
    e = starts[i + 1] if i + 1 < len(starts) else ch.offset + ch.length
    # A sentence never runs across a blank line (a heading is not part of the next one).
    para = text.rfind("\n\n", s, start)
    if para >= 0:
        s = para + 2
    cut = text.find("\n\n", end, e)
    if cut >= 0:
        e = cut
    while s < start and text[s].isspace():
        s += 1
    sentence = text[s:e].strip()
    if len(sentence) <= MAX_SENTENCE:
        return s, " ".join(sentence.split())
    # Trimmed to whole words around the name.
    room = max(40, (MAX_SENTENCE - (end - start)) // 2)
    lo, hi = max(s, start - room), min(e, end + room)
    head, name, tail = text[lo:start], text[start:end], text[end:hi]
    if lo > s:
        head = "\u2026" + (head.split(" ", 1)[1] if " " in head else head)
    if hi < e:
        tail = (tail.rsplit(" ", 1)[0] if " " in tail else tail) + "\u2026"
    return s, " ".join(f"{head}{name}{tail}".split())


def _mention_why(join: Join | None, link: Link, m: NameMention) -> str:
    parts = []
    if join is not None and join.how not in (Joined.NAMED_HERE, Joined.SAME_NAME):
        parts.append(str(join))
    if m.title:
        parts.append(f"title '{m.title}'")
    if link.title:
        parts.append(f"{link.title}: {link.why}")
        if link.ambiguous and link.ranked[1:]:
            parts.append(f"could also be {link.ranked[1].title}")
    else:
        parts.append(link.why or "not in the knowledge base")
    return "; ".join(parts)
