"""The reading engine: one spaCy pass, then find, group, link and explain the names.

``Engine`` loads the spaCy model once and annotates texts, documents and batches of
texts. A text is cut into chunks at paragraph boundaries (so a book streams through
``nlp.pipe`` with bounded memory and cancellation is checked between chunks); mentions
are found per chunk (step 1), grouped over the whole text (step 2), linked to the
knowledge base (step 3) and handed to the reference resolver (step 4, in
``references.py`` when present) chunk by chunk.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from glossator.core.nlp.components import add_components
from glossator.core.nlp.descriptors import Descriptor, describe, in_longer_name
from glossator.core.nlp.grouping import Group, Grouper, demonym_of, word_similar
from glossator.core.nlp.linking import GroupInfo, Link, Linker
from glossator.core.nlp.mentions import (
    NAME_LABELS,
    NameMention,
    find_echoes,
    find_misspelled,
)
from glossator.core.nlp.model import load_model
from glossator.core.nlp.textguard import guard
from glossator.core.nlp.types import (
    Alternative,
    Annotation,
    DescriptorKind,
    Entity,
    Mention,
    TextDescriptor,
)

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from glossator.core.documents.model import Document
    from glossator.core.kb import KnowledgeBase

CHUNK_CHARS = 20_000  # a chunk is cut at a paragraph (else line, sentence, space) end
CONTEXT_SENTENCES = 2  # sentences either side of a mention that give its context
MAX_CONTEXT_WORDS = 600
# Two 20,000-character chunks in flight: spaCy's peak memory grows with the characters per
# batch (about 700 MB at 8 chunks, 320 MB at 2) while throughput hardly changes.
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


@dataclass(slots=True)
class _Chunk:
    offset: int
    doc: Doc
    length: int  # len(doc.text), which spaCy rebuilds on every access
    sent_offset: int = 0


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
        for sep in ("\n\n", "\n", ". ", " "):
            i = window.rfind(sep, size // 4)
            if i > 0:
                cut = i + len(sep)
                break
        if cut <= 0:
            cut = size  # one endless word: cut anyway
        out.append((pos, pos + cut))
        pos += cut
    return out


class Engine:
    """Annotate texts with one spaCy model and one knowledge base."""

    def __init__(self, kb: KnowledgeBase | None, model: str | None = None,
                 scorer: str | None = None) -> None:
        # Every component is used: tagger+parser by references and title cleaning,
        # the lemmatizer by references, NER for mentions. "senter" stays off (parser).
        self.nlp = load_model(model)
        self.nlp.max_length = max(self.nlp.max_length, CHUNK_CHARS * 2)
        self.stop_words = frozenset(self.nlp.Defaults.stop_words)
        self._scorer = scorer
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
            scorer = old.scorer if old is not None else self._scorer
            model = old.model if old is not None else None
            self.linker = Linker(kb, self.gazetteer, self.stop_words, model=model,
                                 scorer=scorer)
            if old is not None:  # set by training and benchmarks, kept across a swap
                self.linker.hidden = old.hidden
                self.linker.collect = old.collect
        add_components(self.nlp, self.gazetteer)

    # ------------------------------------------------------------------ public API

    def annotate(self, text: str, *, should_stop: Callable[[], bool] | None = None,
                 progress: Callable[[float], None] | None = None) -> Annotation:
        """Annotate a plain text; offsets are indices into ``text``."""
        return self._annotate(text, [(0, len(text))], should_stop, progress)

    def annotate_document(self, doc: Document, *,
                          should_stop: Callable[[], bool] | None = None,
                          progress: Callable[[float], None] | None = None) -> Annotation:
        """Annotate a document, skipping blocks marked ``annotate=False`` (code)."""
        ranges: list[tuple[int, int]] = []
        blocks = sorted(doc.blocks, key=lambda b: b.start) if doc.blocks else []
        # Neighbouring blocks share a chunk (pronouns reach back across paragraphs), but
        # no name may run from one block into the next ("Heading\nFirst words").
        breaks = frozenset(b.start for b in blocks if b.annotate)
        if not blocks:
            ranges = [(0, len(doc.text))]
        for b in blocks:
            if not b.annotate:
                continue
            if ranges and b.start - ranges[-1][1] <= 2:
                ranges[-1] = (ranges[-1][0], b.end)
            else:
                ranges.append((b.start, b.end))
        return self._annotate(doc.text, ranges, should_stop, progress, breaks)

    def annotate_many(self, texts: Iterable[str], *,
                      should_stop: Callable[[], bool] | None = None,
                      progress: Callable[[float], None] | None = None
                      ) -> Iterator[Annotation]:
        """Annotate many texts in one ``nlp.pipe`` stream, yielding in order."""
        stop = _stopper(should_stop)

        def pieces() -> Iterator[tuple[str, tuple[int, str, int, bool]]]:
            for ti, text in enumerate(texts):
                guarded = guard(text)
                parts = split_chunks(guarded) or [(0, 0)]
                for k, (s, e) in enumerate(parts):
                    yield guarded[s:e], (ti, text, s, k == len(parts) - 1)

        chunks: list[_Chunk] = []
        for doc, (_ti, text, offset, last) in self.nlp.pipe(
                pieces(), as_tuples=True, batch_size=BATCH_SIZE):
            stop()
            doc.tensor = _EMPTY  # nothing downstream needs the tok2vec output
            chunks.append(_Chunk(offset, doc, len(doc.text)))
            if last:
                yield self._analyse(text, chunks, stop)
                chunks = []
                if progress:
                    progress(1.0)

    # ------------------------------------------------------------------ pipeline

    def _annotate(self, text: str, ranges: list[tuple[int, int]],
                  should_stop: Callable[[], bool] | None,
                  progress: Callable[[float], None] | None,
                  breaks: frozenset[int] = frozenset()) -> Annotation:
        stop = _stopper(should_stop)
        stop()
        # Runs without spaces or letters (bracket walls, emoji) are blanked in a copy of the
        # same length, so spaCy's tokenizer stays fast and offsets still map one to one.
        guarded = guard(text)
        parts = [p for s, e in ranges for p in split_chunks(guarded, s, e)]
        total = sum(e - s for s, e in parts) or 1
        done = 0
        chunks = []

        def docs() -> Iterator[Doc]:
            for s, e in parts:
                doc = self.nlp.make_doc(guarded[s:e])
                # Block starts inside the chunk: no name runs across one.
                doc._.glossator_breaks = frozenset(b - s for b in breaks if s < b < e)
                yield doc

        for (s, e), doc in zip(parts, self.nlp.pipe(docs(), batch_size=BATCH_SIZE),
                               strict=True):
            stop()
            doc.tensor = _EMPTY  # nothing downstream needs the tok2vec output
            chunks.append(_Chunk(s, doc, e - s))
            done += e - s
            if progress:
                progress(0.85 * done / total)
        result = self._analyse(text, chunks, stop)
        if progress:
            progress(1.0)
        return result

    def _analyse(self, text: str, chunks: list[_Chunk], stop: Callable[[], None]
                 ) -> Annotation:
        # Step 1: the components' names, chunk by chunk; sentence numbers run over the text.
        found: list[NameMention] = []
        sent_words: list[frozenset[str]] = []
        for ch in chunks:
            ch.sent_offset = len(sent_words)
            found += [replace(m, start=m.start + ch.offset, end=m.end + ch.offset,
                              sent=m.sent + ch.sent_offset)
                      for m in ch.doc._.glossator_names or []]
            sent_words += ch.doc._.glossator_context or []
        # Safety net: a name never spans a blank line.
        found = [m for m in found if "\n\n" not in m.text]
        # Words this text uses in lower case are its common nouns ("program", "crate"):
        # capitalised, they are neither a misspelled name nor a name worth echoing.
        common = frozenset(t.lower_ for ch in chunks for t in ch.doc
                           if t.is_lower and t.is_alpha and len(t) >= 4)
        if self.linker is not None:  # proper nouns NER missed that are typos of KB names
            extra: list[NameMention] = []

            def typo(word: str) -> str | None:
                return None if word.lower() in common else self._typo_label(word)

            for ch in chunks:
                local = [m for m in found if ch.offset <= m.start < ch.offset + ch.length]
                extra += find_misspelled(ch.doc, local, typo, char_offset=ch.offset,
                                         sent_offset=ch.sent_offset)
            if extra:
                found = sorted(found + extra, key=lambda m: m.start)
        stop()
        # Lone surnames (and their variants) that NER missed in some sentences.
        surnames = {w.lower(): "PERSON" for m in found if m.label == "PERSON"
                    for w in m.text.split()[-1:] if len(w) >= 4 and w.isalpha()}
        # One-word places and bodies too, spelled exactly alike: a name found in one
        # sentence is the same name in the next, even where NER missed it ("Hustonn").
        same = {m.text.lower(): m.label for m in found if m.label in _ECHO_LABELS
                and len(m.text) >= 4 and m.text.isalpha() and m.text[:1].isupper()
                and m.text.lower() not in surnames and m.text.lower() not in common}
        if surnames or same:
            by_chunk = [[m for m in found if ch.offset <= m.start < ch.offset + ch.length]
                        for ch in chunks]
            for ch, local in zip(chunks, by_chunk, strict=True):
                found += find_echoes(ch.doc, local, surnames, word_similar, exact=same,
                                     char_offset=ch.offset, sent_offset=ch.sent_offset)
            found.sort(key=lambda m: m.start)
        # Step 2: group inside the document.
        grouper = Grouper(self.linker.known_titles, self.linker.nearest_title) \
            if self.linker else Grouper()
        groups = grouper.group(found)
        stop()
        # Step 3: link each group.
        if self.linker is not None:
            context = _context_fn(sent_words)
            # Only the learned ranker reads what the text says about each group.
            infos = [GroupInfo(descriptors=self._descriptors(g, chunks), glued=sum(
                in_longer_name(text, m.start, m.end) for m in g.members) / len(g.members))
                for g in groups] if self.linker.scorer == "learned" else None
            links = self.linker.link_all(groups, context, stop, common=common, infos=infos)
        else:
            links = [Link(None, 0.0, [], why="no knowledge base") for _ in groups]
        _families(groups, links)
        entities, mentions = self._build(groups, links, text)
        stop()
        # What the text says about each entity: descriptors, spellings, first sentence.
        self._said(groups, entities, chunks, text)
        stop()
        # Step 4: pronouns and descriptions.
        mentions += self._references(chunks, entities, mentions)
        mentions.sort(key=lambda m: (m.start, -m.end))
        return Annotation(text=text, entities=entities, mentions=mentions)

    def _descriptors(self, g: Group, chunks: list[_Chunk]) -> list[Descriptor]:
        """What the text says about a group's first few mentions."""
        out: list[Descriptor] = []
        starts = [ch.offset for ch in chunks]
        for m in g.members:
            if len(out) >= MAX_DESCRIBED:
                break
            ch = chunks[max(0, bisect_right(starts, m.start) - 1)]
            key = (m.start - ch.offset, m.end - ch.offset)
            read = ch.doc._.glossator_descriptors or {}
            # Names found later (echoes, misspellings) were not there for the component.
            out += read[key] if key in read else describe(ch.doc, *key, m.title)
        return out

    def _said(self, groups: list[Group], entities: list[Entity], chunks: list[_Chunk],
              text: str) -> None:
        """Fill each entity's descriptors, spellings and first sentence (in place)."""
        starts = [ch.offset for ch in chunks]
        sentences: dict[int, list[int]] = {}  # chunk index -> its sentences' starts
        for g, entity in zip(groups, entities, strict=True):
            members = sorted(g.members, key=lambda m: m.start)
            spellings: dict[str, None] = {}
            for m in members:
                spellings.setdefault(text[m.start:m.end], None)
            entity.spellings = list(spellings)
            if not members or not chunks:
                continue
            seen: set[tuple[str, str]] = set()
            said: list[TextDescriptor] = []
            for m in members:
                if len(said) >= MAX_SAID:
                    break
                ci = max(0, bisect_right(starts, m.start) - 1)
                ch = chunks[ci]
                key = (m.start - ch.offset, m.end - ch.offset)
                read = ch.doc._.glossator_descriptors or {}
                # Names found later (echoes, misspellings) were not there for the component.
                found = read[key] if key in read else describe(ch.doc, *key, m.title)
                for d in found:
                    if d.head in _SAYS_NOTHING:
                        continue
                    kind = _said_kind(d.kind, entity.label)
                    words = " ".join(d.text.split())
                    dedupe = (kind, words.casefold())
                    if not words or dedupe in seen:
                        continue
                    seen.add(dedupe)
                    where = _locate(text, words, m.start, m.end, ch.offset,
                                    ch.offset + ch.length, before=d.kind in _BEFORE_NAME)
                    said.append(TextDescriptor(words, kind, *where, aspect=d.kind))
            said.sort(key=lambda d: (d.start, d.end))
            entity.descriptors = said[:MAX_SAID]
            first = members[0]
            ci = max(0, bisect_right(starts, first.start) - 1)
            if ci not in sentences:
                sentences[ci] = _sentence_starts(chunks[ci])
            entity.first_sentence_start, entity.first_sentence = _sentence_of(
                text, chunks[ci], sentences[ci], first.start, first.end)

    def _typo_label(self, word: str) -> str | None:
        """The label of the place or organisation ``word`` misspells, if any."""
        if self.gazetteer is not None and word.lower() in self.gazetteer.vocabulary:
            return None  # spelled like a word of a known name
        cands = self.linker.close_titles(word) if self.linker is not None else []
        if len(cands) != 1 or cands[0].etype not in ("GPE", "LOC", "ORG"):
            return None  # people's names are too many to guess at; one clear target only
        return cands[0].etype

    def _build(self, groups: list[Group], links: list[Link], text: str
               ) -> tuple[list[Entity], list[Mention]]:
        entities: list[Entity] = []
        mentions: list[Mention] = []
        # The name this text gives each article ("Britain"), for its adjectives' groups.
        named: dict[str, str] = {}
        for g, link in zip(groups, links, strict=True):
            if link.title and not _adjectives_of(g, _DISAMBIGUATION.sub("", link.title)):
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
                if art.etype in NAME_LABELS and art.etype != label and link.confidence >= 0.5:
                    label = art.etype
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
                how = g.why.get(id(m), "")
                why = _mention_why(how, link, m)
                conf = link.confidence if link.title else max(0.5, min(0.9, link.confidence))
                if how.startswith("another spelling"):
                    conf *= 0.9
                # The text itself, not the parse's copy (guarded runs may differ).
                mentions.append(Mention(m.start, m.end, text[m.start:m.end], "name", eid,
                                        round(conf, 3),
                                        why, m.title))
        return entities, mentions

    def _references(self, chunks: list[_Chunk], entities: list[Entity],
                    mentions: list[Mention]) -> list[Mention]:
        if _resolve_references is None:
            return []
        out: list[Mention] = []
        names = sorted(mentions, key=lambda m: m.start)
        for ch in chunks:
            lo, hi = ch.offset, ch.offset + ch.length
            local = [Mention(m.start - lo, m.end - lo, m.text, m.kind, m.entity, m.confidence,
                             m.why, m.title) for m in names if lo <= m.start and m.end <= hi]
            try:
                refs = _resolve_references(ch.doc, entities, local, self.kb)
            except Exception:  # a resolver bug must not lose the names already found
                import logging

                logging.getLogger(__name__).exception("reference resolution failed")
                continue
            taken = [(m.start, m.end) for m in local]
            exact = set(taken)
            for r in refs:
                # A reference with exactly a name's span reinterprets that name (a metonym:
                # "Moscow denied" stands for Russia's government); it goes beside the name.
                if (r.start, r.end) not in exact and \
                        any(r.start < e and s < r.end for s, e in taken):
                    continue
                out.append(Mention(r.start + lo, r.end + lo, r.text, r.kind, r.entity,
                                   r.confidence, r.why, r.title))
        return out


def _make_empty():
    import numpy

    return numpy.zeros((0, 0), dtype="float32")


_EMPTY = _make_empty()
_WORD = re.compile(r"[a-z][a-z\-]{2,}")
_ECHO_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


def _stopper(should_stop: Callable[[], bool] | None) -> Callable[[], None]:
    def stop() -> None:
        if should_stop is not None and should_stop():
            raise Cancelled()
    return stop


def _context_fn(sent_words: list[frozenset[str]]) -> Callable[[Group], frozenset[str]]:
    """Context words of a group: the sentences around its mentions (whole text if short)."""
    everything = None
    if len(sent_words) <= 40:
        everything = frozenset().union(*sent_words) if sent_words else frozenset()

    def context(g: Group) -> frozenset[str]:
        own = {w for m in g.members for w in m.text.lower().split()}
        if everything is not None:
            return everything - own
        picked: set[int] = set()
        for m in g.members:
            picked.update(range(max(0, m.sent - CONTEXT_SENTENCES),
                                min(len(sent_words), m.sent + CONTEXT_SENTENCES + 1)))
            if len(picked) > 60:
                break
        words: set[str] = set()
        for i in sorted(picked):
            words |= sent_words[i]
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
    if title and title in named and _adjectives_of(g, _DISAMBIGUATION.sub("", title)):
        return named[title]
    return g.name


_DISAMBIGUATION = re.compile(r"\s*\(.*\)$")


def _families(groups: list[Group], links: list[Link]) -> None:
    """A plural surname ("the Curies") is a family or several people: no single article.

    Such a group becomes a NIL group of people (NORP) rather than a guess at one member (or an
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
        if stem is None:
            continue
        g.label = "NORP"  # a group of people: "they", never "he" or "she"
        g.gender = None
        family = g.members[0].text[:len(stem)]
        links[i] = Link(None, 0.0, [], why=f"the {family} family or several people named "
                                           f"{family}: no single article")


# The descriptor reader's kinds, as the JSON names them (a pre-modifier of a person is a
# role: "economist Ines Borg"; of anything else a modifier: "the mining firm Trafigura").
_KINDS: dict[str, DescriptorKind] = {
    "title": "title", "appositive": "apposition", "copula": "definition",
    "location": "apposition", "age": "apposition", "premodifier": "modifier",
}
_BEFORE_NAME = frozenset({"title", "premodifier"})
# Nouns that name the name, not the thing: "spell the name Saleh" says nothing of who he is.
_SAYS_NOTHING = frozenset({"name", "word", "term", "spelling", "surname", "nickname"})


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


def _sentence_starts(ch: _Chunk) -> list[int]:
    """The chunk's sentence starts, as offsets into the whole text."""
    doc = ch.doc
    if not doc.has_annotation("SENT_START"):
        return [ch.offset]
    return [ch.offset + s.start_char for s in doc.sents]


def _sentence_of(text: str, ch: _Chunk, starts: list[int], start: int, end: int
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


def _mention_why(how: str, link: Link, m: NameMention) -> str:
    parts = []
    if how and how not in ("named here", "same name"):
        parts.append(how)
    if m.title:
        parts.append(f"title '{m.title}'")
    if link.title:
        parts.append(f"{link.title}: {link.why}")
        if link.ambiguous and link.ranked[1:]:
            parts.append(f"could also be {link.ranked[1].title}")
    else:
        parts.append(link.why or "not in the knowledge base")
    return "; ".join(parts)
