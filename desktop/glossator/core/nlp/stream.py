"""One document, analysed chunk by chunk in any order: the engine's only path (issue 13).

A ``DocumentAnalysis`` cuts a text (or a document's annotatable ranges) into pieces. Each
piece is parsed once, whenever the caller feeds it (the app: what is on screen first;
``annotate``: in text order, or shuffled with ``--chunk-chars``), and reduced at once to
compact data: its names, what the text says about them, each sentence's context words, its
lower-case words, the misspellings of KB names it holds before the document-level filter,
and its sentence starts; what the components hung on the ``Doc`` is dropped. The parses
themselves stay live up to ``LIVE_TOKENS`` tokens (a book); beyond that the oldest are
written to a compressed ``DocBin`` (a few bytes a token) and read back when a step needs
them, so memory is bounded by the compact data, not by the length of the text.

Everything that needs the whole text is document-level and runs at ``annotation()`` over
the pieces parsed so far, in text order: the misspelling filter (words the text writes in
lower case anywhere), echoes of surnames and one-word places found in *any* piece, grouping,
linking, families, names surely linked to one article made one entity, what the text says,
and references. A piece's references are resolved on
its parse joined to the last sentences of the piece before it (``OVERLAP_SENTENCES``), so a
pronoun at a piece's top reaches its antecedent; the result does not depend on where the
text was cut or in which order the pieces came, up to the parser's view of the few
sentences at a cut.

Entity ids stay stable while pieces arrive: ``update()`` maps the new groups onto the ids
they had before by member overlap (a merge keeps the id of the larger share), gives new
groups fresh ids, and says which ids changed (their entity, or the mentions naming or
referring to them) and which disappeared (merged into another).
"""

from __future__ import annotations

import logging
import random
import re
from bisect import bisect_right
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from itertools import accumulate
from sys import intern, maxsize
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IS_ALPHA, IS_LOWER, LENGTH, LOWER

from glossator.core.kb.derive import kind_label
from glossator.core.nlp.descriptors import (
    KIND_ROLES,
    NAME_WORDS,
    STATE_OF_TOWN,
    Descriptor,
    describe,
    fits,
    in_longer_name,
)
from glossator.core.nlp.grouping import Grouper, word_similar
from glossator.core.nlp.linking import GroupInfo, Link
from glossator.core.nlp.mentions import (
    NameMention,
    extend_slipped_given_names,
    find_echoes,
    find_misspelled,
    find_misspelled_of_names,
    outside,
    split_misspelled_lists,
    split_misspelled_owners,
    styled_places,
    written_as,
)
from glossator.core.nlp.place_abbreviations import abbreviated
from glossator.core.nlp.ref_syntax import quoted_tokens
from glossator.core.nlp.textguard import guard
from glossator.core.nlp.types import Annotation, Entity, Mention, TextDescriptor
from glossator.core.nlp.world_places import country_of_towns, state_by_towns

if TYPE_CHECKING:
    from spacy.tokens import Doc

    from glossator.core.documents.model import Document
    from glossator.core.nlp.engine import Engine
    from glossator.core.nlp.grouping import Group
    from glossator.core.nlp.linking import Linker
    from glossator.core.nlp.ref_facts import EntityFacts

# Sentences of the previous piece a piece's references can reach back into (the resolver
# looks at most eight sentences back, for descriptions).
OVERLAP_SENTENCES = 8
# Parses kept live (tokens, about 150,000 words: a book); the others are written to
# compressed bytes when they leave and read back when a step needs them.
LIVE_TOKENS = 150_000
_DOC_ATTRS = ["ORTH", "NORM", "LEMMA", "TAG", "POS", "MORPH", "HEAD", "DEP", "ENT_IOB",
              "ENT_TYPE", "ENT_KB_ID", "SENT_START"]

log = logging.getLogger(__name__)


@dataclass(slots=True)
class ChunkData:
    """What one parsed piece leaves behind (offsets relative to the piece)."""

    offset: int
    length: int
    names: list[NameMention]  # the components' names (chunk offsets, chunk sentences)
    misspelled: list[NameMention]  # KB typos before the document's lower-case filter
    descriptors: dict[tuple[int, int], list[Descriptor]]
    context: list[tuple[str, ...]]  # each sentence's content words (interned)
    sent_starts: list[int]  # absolute offsets
    tokens: int
    parse: bytes | None = None  # the parse as a compressed DocBin, once it left memory

    @property
    def end(self) -> int:
        return self.offset + self.length


@dataclass(slots=True)
class StreamUpdate:
    """The current annotation and which entity ids changed since the previous update."""

    annotation: Annotation
    changed: frozenset[str]  # new ids, and ids whose entity or mentions changed
    removed: frozenset[str]  # ids merged into another entity (or gone)
    done: int  # characters parsed so far
    total: int


@dataclass(slots=True)
class _Work:
    """One analysis pass: the pieces parsed so far, in text order."""

    chunks: list[ChunkData]
    text: str
    found: list[NameMention] = field(default_factory=list)
    sent_offsets: list[int] = field(default_factory=list)
    late: dict[tuple[int, int], list[Descriptor]] = field(default_factory=dict)
    starts: list[int] = field(init=False)  # the pieces' offsets, for ``piece_at``

    def __post_init__(self) -> None:
        self.starts = [ch.offset for ch in self.chunks]

    def piece_at(self, pos: int) -> int:
        """The index of the piece holding text offset ``pos``."""
        return max(0, bisect_right(self.starts, pos) - 1)


def plan_pieces(text: str, ranges: Iterable[tuple[int, int]], size: int,
                first: int | None = None, first_size: int = 0) -> list[tuple[int, int]]:
    """Pieces of about ``size`` characters covering ``ranges``, cut at paragraph ends.

    With ``first`` and ``first_size``, the piece holding ``first`` is cut again so that a
    small piece starts there (what the reader sees comes back quickly).
    """
    from glossator.core.nlp.engine import split_chunks

    pieces = [p for s, e in ranges for p in split_chunks(text, s, e, size)]
    if first is None or not first_size:
        return pieces
    out: list[tuple[int, int]] = []
    for s, e in pieces:
        if not s <= first < e or e - s <= first_size * 2:
            out.append((s, e))
            continue
        head = s
        if first - s > first_size // 2:  # what lies above, cut at a paragraph end
            head = split_chunks(text, s, e, first - s)[0][1]
            out.append((s, head))
        small = split_chunks(text, head, e, first_size)[0]
        out.append(small)
        if small[1] < e:
            out += split_chunks(text, small[1], e, size)
    return out


def document_ranges(doc: Document) -> tuple[list[tuple[int, int]], frozenset[int]]:
    """A document's annotatable ranges (code blocks skipped) and its block starts.

    Neighbouring blocks share a range (pronouns reach back across paragraphs), but no name
    may run from one block into the next ("Heading", then the first words): the block starts are
    breaks.
    """
    ranges: list[tuple[int, int]] = []
    blocks = sorted(doc.blocks, key=lambda b: b.start) if doc.blocks else []
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
    return ranges, breaks


def shuffled(n: int, seed: int) -> list[int]:
    """The order 0..n-1 shuffled with ``seed`` (``annotate --chunk-chars``)."""
    order = list(range(n))
    random.Random(seed).shuffle(order)
    return order


def _lower_words(doc: Doc) -> list[str]:
    """The distinct words of four letters or more the piece writes in lower case.

    Read from the token arrays, each distinct word once (a Token for each of a book's
    tokens would cost more than the rest).
    """
    rows = doc.to_array([LOWER, IS_LOWER, IS_ALPHA, LENGTH])
    keep = rows[(rows[:, 1] == 1) & (rows[:, 2] == 1) & (rows[:, 3] >= 4), 0]
    strings = doc.vocab.strings
    return [intern(strings[h]) for h in np.unique(keep).tolist()]


def _crosses(start: int, end: int, spans: list[tuple[int, int]], reach: list[int]) -> bool:
    """Whether a span overlaps one of ``spans`` (sorted) without holding it whole.

    ``reach[i]`` is the furthest end of ``spans[:i + 1]``: only the spans that start
    before ``end`` are read, from the last back to where none earlier ends after
    ``start`` (a piece's references against its nearby names, not all of them).
    """
    i = bisect_right(spans, (end - 1, maxsize))
    while i and reach[i - 1] > start:
        i -= 1
        s, e = spans[i]
        if start < e and not (start <= s and e <= end):
            return True
    return False


def _join(first: Doc, second: Doc) -> Doc:
    """The two documents as one, as ``Doc.from_docs([first, second])`` makes it.

    Only what the resolver reads: the tokens, their spaces and every token attribute
    (parse, tags, lemmas, entities, sentence starts), in two thirds of the time of
    ``from_docs``, which also merges extension data, span groups and tensors. Falls
    back to ``from_docs`` if spaCy's private list of array attributes goes away.
    """
    from spacy.attrs import ORTH, SPACY
    from spacy.tokens import Doc

    try:
        attrs = [a for a in Doc._get_array_attrs() if a not in (ORTH, SPACY)]
        a, b = first.to_array([ORTH, SPACY, *attrs]), second.to_array([ORTH, SPACY, *attrs])
        if len(first) and not first[-1].is_space:
            a[-1, 1] = 1  # a space between the two, as from_docs puts
        rows = np.concatenate([a, b])
        strings = first.vocab.strings
        out = Doc(first.vocab, words=[strings[o] for o in rows[:, 0].tolist()],
                  spaces=[bool(x) for x in rows[:, 1].tolist()])
        out.from_array(attrs, rows[:, 2:])
        return out
    except Exception:  # pragma: no cover - a spaCy whose private API moved
        log.debug("fast join failed; using Doc.from_docs", exc_info=True)
        return Doc.from_docs([first, second])


class DocumentAnalysis:
    """One text analysed piece by piece; see the module's docstring."""

    def __init__(self, engine: Engine, text: str, pieces: list[tuple[int, int]], *,
                 breaks: frozenset[int] = frozenset()) -> None:
        self.engine = engine
        self.text = text
        self.guarded = guard(text)
        self.pieces = sorted(pieces)
        self.breaks = breaks
        self.chunks: dict[int, ChunkData] = {}  # piece index -> its data
        self._common: set[str] = set()  # words written in lower case in the pieces parsed
        self.total = sum(e - s for s, e in self.pieces)
        self._live: OrderedDict[int, Doc] = OrderedDict()
        self._live_tokens = 0
        self._ids: dict[str, frozenset[tuple[int, int]]] = {}  # stable id -> name spans
        self._shown: dict[str, tuple] = {}  # stable id -> what was last reported
        self._next_id = 1
        longest = max((e - s for s, e in self.pieces), default=0)
        nlp = engine.nlp
        nlp.max_length = max(nlp.max_length, longest + 1)

    # ---------------------------------------------------------------- feeding

    @property
    def done(self) -> int:
        """Characters parsed so far."""
        return sum(c.length for c in self.chunks.values())

    @property
    def finished(self) -> bool:
        """Whether every piece is parsed."""
        return len(self.chunks) == len(self.pieces)

    def pending(self) -> list[int]:
        """Indices of the pieces not parsed yet, in text order."""
        return [i for i in range(len(self.pieces)) if i not in self.chunks]

    def piece_at(self, offset: int) -> int | None:
        """The index of the piece not parsed yet that holds (or follows) ``offset``."""
        todo = self.pending()
        if not todo:
            return None
        after = [i for i in todo if self.pieces[i][1] > offset]
        return min(after, key=lambda i: self.pieces[i][0]) if after else todo[0]

    def feed(self, indices: Iterable[int], *, stop: Callable[[], None] | None = None,
             progress: Callable[[float], None] | None = None) -> None:
        """Parse these pieces (one ``nlp.pipe`` stream) and keep their compact data."""
        from glossator.core.heap import release_free_memory
        from glossator.core.nlp.engine import _EMPTY, BATCH_SIZE

        todo = [i for i in dict.fromkeys(indices) if i not in self.chunks]
        if not todo:
            return

        def docs() -> Iterable[Doc]:
            for i in todo:
                s, e = self.pieces[i]
                doc = self.engine.nlp.make_doc(self.guarded[s:e])
                # Block starts inside the piece: no name runs across one.
                doc._.glossator_breaks = frozenset(b - s for b in self.breaks if s < b < e)
                yield doc

        for i, doc in zip(todo, self.engine.nlp.pipe(docs(), batch_size=BATCH_SIZE),
                          strict=True):
            if stop is not None:
                stop()
            doc.tensor = _EMPTY  # nothing downstream needs the tok2vec output
            self.chunks[i] = self._reduce(i, doc)
            self._keep_live(i, doc)
            if progress is not None:
                progress(self.done / (self.total or 1))
        # The parses' arrays are free now: their pages go back before the analysis, which
        # would otherwise stack on them (after each piece, the next parse faulted them in
        # again: 3% of the engine's time).
        release_free_memory()

    def _reduce(self, i: int, doc: Doc) -> ChunkData:
        s, e = self.pieces[i]
        # Safety net: a name never spans a blank line.
        names = [m for m in doc._.glossator_names or [] if "\n\n" not in m.text]
        misspelled = []
        linker = self.engine.linker
        if linker is not None:
            # Chunk-relative offsets: ``_shift`` moves them into the text later.
            names, pieces = split_misspelled_owners(doc, names, self.engine._typo_label)
            names, listed = split_misspelled_lists(doc, names,
                                                   self.engine._listed_typo_label)
            names, longer = extend_slipped_given_names(doc, names, linker.given_names)
            pieces += listed + longer
            joined = find_misspelled_of_names(doc, linker.spelled_title, linker.writes_word)
            if joined:
                names, pieces = outside(names, joined), outside(pieces, joined) + joined
            misspelled = sorted(
                pieces + find_misspelled(doc, names + pieces, self.engine._typo_label),
                key=lambda m: m.start)
        # The document's lower-case words: one set for all pieces (a union: order-free).
        self._common.update(_lower_words(doc))
        # Sentences repeat their words: one string each for the whole document.
        context = [tuple(map(intern, words)) for words in doc._.glossator_context or []]
        starts = [s + x.start_char for x in doc.sents] \
            if doc.has_annotation("SENT_START") else [s]
        return ChunkData(s, e - s, names, misspelled, dict(doc._.glossator_descriptors or {}),
                         context, starts, len(doc))

    def _keep_live(self, i: int, doc: Doc) -> None:
        # A fresh copy would cost as much as reading the bytes: keep the parsed Doc, but
        # without what the components hung on it (kept compactly in ChunkData).
        doc.user_data.clear()
        self._live[i] = doc
        self._live.move_to_end(i)
        self._live_tokens += len(doc)
        while self._live_tokens > LIVE_TOKENS and len(self._live) > 1:
            j, old = self._live.popitem(last=False)
            self._live_tokens -= len(old)
            if self.chunks[j].parse is None:
                from spacy.tokens import DocBin

                parse = DocBin(attrs=_DOC_ATTRS)
                parse.add(old)
                self.chunks[j].parse = parse.to_bytes()

    def _doc(self, i: int) -> Doc:
        doc = self._live.get(i)
        if doc is not None:
            self._live.move_to_end(i)
            return doc
        from spacy.tokens import DocBin

        doc = next(iter(DocBin().from_bytes(self.chunks[i].parse or b"").get_docs(
            self.engine.nlp.vocab)))
        self._keep_live(i, doc)
        return doc

    # --------------------------------------------------------------- analysis

    def annotation(self, *, stop: Callable[[], None] | None = None,
                   stable_ids: bool = False) -> Annotation:
        """The annotation of the pieces parsed so far (ids e1, e2... in text order).

        With ``stable_ids`` the ids are those ``update()`` keeps across calls.
        """
        stop = stop or _never
        order = sorted(self.chunks)
        work = _Work([self.chunks[i] for i in order], self.text)
        ann = self._analyse(work, order, stop)
        if stable_ids:
            self._restamp(ann)
        return ann

    def update(self, *, stop: Callable[[], None] | None = None) -> StreamUpdate:
        """The current annotation with stable ids, and what changed since the last one."""
        ann = self.annotation(stop=stop, stable_ids=True)
        by_entity: dict[str, list[tuple]] = {}
        for m in ann.mentions:
            if m.entity:
                by_entity.setdefault(m.entity, []).append((m.start, m.end, m.kind,
                                                           round(m.confidence, 3), m.why))
        now = {e.id: (e.to_json(), e.gender, e.ambiguous, e.first_sentence,
                      e.first_sentence_start, tuple(by_entity.get(e.id, ())))
               for e in ann.entities}
        changed = frozenset(k for k, v in now.items() if self._shown.get(k) != v)
        removed = frozenset(k for k in self._shown if k not in now)
        self._shown = now
        return StreamUpdate(ann, changed, removed, self.done, self.total)

    def _restamp(self, ann: Annotation) -> None:
        """Give each entity the id it had before (most shared name spans), else a new one."""
        spans: dict[str, set[tuple[int, int]]] = {}
        for m in ann.mentions:
            if m.kind == "name" and m.entity:
                spans.setdefault(m.entity, set()).add((m.start, m.end))
        pairs = []
        owner: dict[tuple[int, int], str] = {sp: old for old, sps in self._ids.items()
                                             for sp in sps}
        for e in ann.entities:
            counts: dict[str, int] = {}
            for sp in spans.get(e.id, ()):
                old = owner.get(sp)
                if old is not None:
                    counts[old] = counts.get(old, 0) + 1
            pairs += [(-n, e.id, old) for old, n in counts.items()]
        pairs.sort(key=lambda p: (p[0], _id_number(p[2]), _id_number(p[1])))
        mapping: dict[str, str] = {}
        used: set[str] = set()
        for _n, new, old in pairs:
            if new in mapping or old in used:
                continue
            mapping[new] = old
            used.add(old)
        for e in ann.entities:
            if e.id not in mapping:
                while f"e{self._next_id}" in used or f"e{self._next_id}" in self._ids:
                    self._next_id += 1
                mapping[e.id] = f"e{self._next_id}"
                used.add(mapping[e.id])
        for e in ann.entities:
            e.id = mapping[e.id]
        for m in ann.mentions:
            if m.entity:
                m.entity = mapping[m.entity]
        self._ids = {mapping[k]: frozenset(v) for k, v in spans.items()}
        for e in ann.entities:
            self._ids.setdefault(e.id, frozenset())

    def _analyse(self, work: _Work, order: list[int], stop: Callable[[], None]
                 ) -> Annotation:
        engine = self.engine
        text = self.text
        chunks = work.chunks
        # Step 1: the pieces' names; sentence numbers run over the pieces in text order.
        found: list[NameMention] = []
        sent_words: list[tuple[str, ...]] = []
        for ch in chunks:
            work.sent_offsets.append(len(sent_words))
            found += [_shift(m, ch.offset, len(sent_words)) for m in ch.names]
            sent_words += ch.context
        # Words this text uses in lower case are its common nouns ("program", "crate"):
        # capitalised, they are neither a misspelled name nor a name worth echoing.
        common = frozenset(self._common)
        extra = [_shift(m, ch.offset, so) for ch, so in zip(chunks, work.sent_offsets,
                                                            strict=True)
                 for m in ch.misspelled if m.text.lower() not in common]
        if extra:
            found = sorted(found + extra, key=lambda m: m.start)
        stop()
        # Lone surnames (and their variants) that NER missed in some sentences.
        surnames = {w.lower(): "PERSON" for m in found if m.label == "PERSON"
                    for w in m.text.split()[-1:] if len(w) >= 4 and w.isalpha()}
        # One-word places and bodies too, spelled exactly alike: a name found in one
        # piece is the same name in the next, even where NER missed it ("Hustonn").
        same = {m.text.lower(): m.label for m in found if m.label in _ECHO_LABELS
                and len(m.text) >= 4 and m.text.isalpha() and m.text[:1].isupper()
                and m.text.lower() not in surnames and m.text.lower() not in common}
        late: list[NameMention] = list(extra)
        # Acronyms the text defines ("World Health Organization (WHO)"): the component
        # finds their uses in the defining piece; here, those in every other piece.
        defined: dict[str, NameMention] = {}
        for m in found:
            if m.source == "acronym" and m.expansion and m.text not in defined:
                defined[m.text] = m
        if surnames or same or defined:
            echoes: list[NameMention] = []
            found_starts = [m.start for m in found]
            for k, (i, ch) in enumerate(zip(order, chunks, strict=True)):
                lo = bisect_right(found_starts, ch.offset - 1)
                local = [m for m in found[lo:] if m.start < ch.end]
                doc = self._doc(i)
                uses = _acronym_uses(doc, ch, local, defined, work.sent_offsets[k])
                if surnames or same:
                    uses += find_echoes(doc, local + uses, surnames, word_similar,
                                        exact=same, char_offset=ch.offset,
                                        sent_offset=work.sent_offsets[k])
                echoes += uses
                stop()
            if echoes:
                found = sorted(found + echoes, key=lambda m: m.start)
                late += echoes
        # Names found after the components ran were not described by them.
        quoted: dict[int, list[bool]] = {}  # each piece's quotation marks, read once
        for m in late:
            k = work.piece_at(m.start)
            ch = chunks[k]
            doc = self._doc(order[k])
            if k not in quoted:
                quoted[k] = quoted_tokens(doc)
            work.late[(m.start, m.end)] = describe(doc, m.start - ch.offset,
                                                   m.end - ch.offset, m.title, quoted[k])
        work.found = found
        # Step 2: group inside the document.
        linker = engine.linker
        grouper = Grouper(linker.known_titles, linker.nearest_title, lambda m: any(
            d.kind == "team" for d in self._described(m, work)),
            linker.acronym_titles,
            lambda m: linker.said_kinds(self._described(m, work))) if linker else Grouper()
        groups = grouper.group(found)
        stop()
        # Step 3: link each group.
        from glossator.core.nlp.engine import _context_fn, _families, _same_article

        if linker is not None:
            context = _context_fn(sent_words)
            # What the text says about each group: the ranker's descriptor features.
            styled = styled_places(text, found)
            # Where a name the text uses more than once begins ("In the Galápagos
            # Islands Darwin collected": the islands were NIL at 0.77, glued to Darwin).
            apart = {m.start for g in groups if len(g.members) > 1 for m in g.members}
            infos = [GroupInfo(descriptors=self._descriptors(g, work), glued=sum(
                in_longer_name(text, m.start, m.end, person=m.label == "PERSON",
                               apart=apart)
                and (m.start, m.end) not in styled
                for m in g.members) / len(g.members),
                abbreviates=_abbreviates(text, g)) for g in groups]
            _places_by_towns(groups, infos, linker)
            links = linker.link_all(groups, context, stop, common=common, infos=infos)
        else:
            links = [Link(None, 0.0, [], why="no knowledge base") for _ in groups]
        _families(groups, links)
        groups, links = _same_article(groups, links)
        entities, mentions = engine._build(groups, links, text)
        stop()
        # What the text says about each entity: descriptors, spellings, first sentence.
        self._said(groups, entities, work)
        stop()
        # Step 4: pronouns and descriptions.
        refs = self._references(work, order, entities, mentions, stop)
        mentions, entities = _absorbed(mentions, entities, refs)
        mentions += refs
        mentions.sort(key=lambda m: (m.start, -m.end))
        return Annotation(text=text, entities=entities, mentions=mentions)

    def _described(self, m: NameMention, work: _Work) -> list[Descriptor]:
        key = (m.start, m.end)
        if key in work.late:
            return work.late[key]
        ch = work.chunks[work.piece_at(m.start)]
        return ch.descriptors.get((m.start - ch.offset, m.end - ch.offset), [])

    def _group_s(self, m: NameMention, g: Group, work: _Work) -> list[Descriptor]:
        """A member's descriptors that are its group's: those that fit its label.

        A division after a shorter form is the division's, not the group's: "Jackson
        county was named after Andrew Jackson" says nothing of what Andrew Jackson is. A
        public place is the group's only where every mention names it: "Nelson Mandela
        was freed ... the Nelson Mandela bridge" is the man (``KIND_ROLES``).
        """
        out = []
        for d in self._described(m, work):
            role = KIND_ROLES[d.kind]
            if not fits(d, g.label) or (
                    role.whole_name_only and self.text[m.start:m.end] != g.name):
                continue
            everywhere = (role.every_mention or role.clash_everywhere) and all(
                any(x.kind == d.kind for x in self._described(o, work)) for o in g.members)
            if role.every_mention and not everywhere:
                continue
            out.append(replace(d, everywhere=True) if role.clash_everywhere and everywhere
                       else d)
        return out

    def _descriptors(self, g: Group, work: _Work) -> list[Descriptor]:
        """What the text says about a group's first few mentions."""
        from glossator.core.nlp.engine import MAX_DESCRIBED

        out: list[Descriptor] = []
        for m in g.members:
            if len(out) >= MAX_DESCRIBED:
                break
            out += self._group_s(m, g, work)
        return out

    def _said(self, groups: list[Group], entities: list[Entity], work: _Work) -> None:
        """Fill each entity's descriptors, spellings and first sentence (in place)."""
        from glossator.core.nlp.engine import (
            _BEFORE_NAME,
            MAX_SAID,
            _locate,
            _said_kind,
            _sentence_of,
        )

        text = self.text
        chunks = work.chunks
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
            unshown: set[str] = set()  # what a hidden descriptor says: a pronoun's person
            typed: set[str] = set()  # the types the KB's descriptions give the text's kinds
            for m in members:
                if len(said) >= MAX_SAID:
                    break
                ch = chunks[work.piece_at(m.start)]
                for d in self._group_s(m, g, work):
                    if KIND_ROLES[d.kind].says_type and not d.relation and \
                            (kind := kind_label(d.head)) is not None:
                        typed.add(kind)
                    if KIND_ROLES[d.kind].hidden and KIND_ROLES[d.kind].nil_label:
                        unshown.add(KIND_ROLES[d.kind].nil_label)
                    if d.head in NAME_WORDS or KIND_ROLES[d.kind].hidden or d.inferred:
                        continue  # "now" is when the name acts, not what it is
                    if entity.kb_title and (role := KIND_ROLES[d.kind]).clash_only and \
                            not role.says_person and not role.says_type:
                        continue  # another thing's noun: "Paris hospital" on Paris's card
                    kind = _said_kind(d.kind, entity.label)
                    words = " ".join(d.text.split())
                    dedupe = (kind, words.casefold())
                    if not words or dedupe in seen:
                        continue
                    seen.add(dedupe)
                    where = _locate(text, words, m.start, m.end, ch.offset, ch.end,
                                    before=d.kind in _BEFORE_NAME)
                    said.append(TextDescriptor(words, kind, *where, aspect=d.kind))
            said.sort(key=lambda d: (d.start, d.end))
            entity.descriptors = said[:MAX_SAID]
            labels = {KIND_ROLES[d.aspect].nil_label for d in said} - {""}
            if not any(KIND_ROLES[d.aspect].says_type for d in said):
                labels |= unshown  # what the text says it is outweighs a pronoun
            if entity.kb_title is None and len(labels) == 1:
                # "the Nelson Mandela bridge" is a place, "Barcelona drew" a team, whatever
                # NER called the name (the card said "Person", and "him" could have been
                # the bridge).
                entity.label, entity.gender = labels.pop(), None
            elif entity.kb_title is None and not labels and len(typed) == 1 and \
                    (kind := typed.pop()) != entity.label:
                # So is what the text calls it, by the type the KB's descriptions give the
                # word: "In the film Lincoln" was an organisation on its card (NER's).
                entity.label = kind
                if kind != "PERSON":
                    entity.gender = None
            first = members[0]
            ch = chunks[work.piece_at(first.start)]
            entity.first_sentence_start, entity.first_sentence = _sentence_of(
                text, ch, ch.sent_starts, first.start, first.end)

    def _references(self, work: _Work, order: list[int], entities: list[Entity],
                    mentions: list[Mention], stop: Callable[[], None]) -> list[Mention]:
        from glossator.core.nlp.engine import _resolve_references

        if _resolve_references is None:
            return []
        out: list[Mention] = []
        # The facts of the entities a piece does not name, made once for the document.
        unmentioned: dict[str, EntityFacts] = {}
        names = sorted(mentions, key=lambda m: m.start)
        name_starts = [m.start for m in names]
        for k, (i, ch) in enumerate(zip(order, work.chunks, strict=True)):
            stop()
            doc = self._doc(i)
            lo, hi = ch.offset, ch.end
            base, head_from = 0, lo
            prev = work.chunks[k - 1] if k else None
            if prev is not None and prev.end == lo and len(doc):
                # The last sentences of the piece before: pronouns at the top reach back.
                prev_doc = self._doc(order[k - 1])
                sents = list(prev_doc.sents) if prev_doc.has_annotation("SENT_START") else []
                if sents:
                    first = sents[max(0, len(sents) - OVERLAP_SENTENCES)]
                    tail = prev_doc[first.start:].as_doc()
                    joined = _join(tail, doc)
                    # Each .text joins every token of the piece: read once.
                    joined_text, doc_text = joined.text, doc.text
                    base = len(joined_text) - len(doc_text)
                    head_from = prev.offset + first.start_char
                    if joined_text[base:] == doc_text:
                        doc = joined
                    else:  # never expected: resolve the piece alone
                        base, head_from = 0, lo
            a = bisect_right(name_starts, head_from - 1)
            local: list[Mention] = []
            for m in names[a:]:
                if m.start >= hi:
                    break
                if m.end > hi:
                    continue
                at = m.start - lo + base if m.start >= lo else m.start - head_from
                end = m.end - lo + base if m.start >= lo else m.end - head_from
                local.append(Mention(at, end, m.text, m.kind, m.entity, m.confidence,
                                     m.why, m.title))
            try:
                refs = _resolve_references(doc, entities, local, engine_kb(self.engine),
                                           unmentioned=unmentioned)
            except Exception:  # a resolver bug must not lose the names already found
                log.exception("reference resolution failed")
                continue
            taken = [(m.start, m.end) for m in local]  # in text order
            exact = set(taken)
            reach = list(accumulate((e for _, e in taken), max))
            for r in refs:
                if r.start < base:
                    continue  # the previous piece's own references
                # A reference with exactly a name's span reinterprets that name (a metonym:
                # "Moscow denied" stands for Russia's government); it goes beside the name.
                # One that holds a name takes it in ("the Gulf state": see _absorbed).
                if (r.start, r.end) not in exact and _crosses(r.start, r.end, taken, reach):
                    continue
                out.append(Mention(r.start - base + lo, r.end - base + lo, r.text, r.kind,
                                   r.entity, r.confidence, r.why, r.title))
        return out


def _places_by_towns(groups: list[Group], infos: list[GroupInfo], linker: Linker) -> None:
    """Where a place is, read from the other places the text names, in place.

    The American state a region named as a state and a country is: "Voters in Georgia
    lined up outside polling stations in Atlanta" reads Georgia as after "Atlanta,
    Georgia" (``descriptors._state_of_town``). The country a town is in, when every town
    of its name is in a country the text names: "took his dad to Memphis" in a text
    about the US reads "Memphis, United States", so the KB's Memphis of Egypt is
    elsewhere; only where no KB article of the name says the country (Houston's does,
    and the inference, an explanation of the name, cost its right link confidence: 0.77
    → 0.57).
    """
    places = [g for g in groups if g.label in ("GPE", "LOC")]
    for g, info in zip(groups, infos, strict=True):
        if g.label not in ("GPE", "LOC"):
            continue
        others = [o.name for o in places if o is not g]
        if not any(d.inferred for d in info.descriptors) and state_by_towns(g.name, others):
            info.descriptors.append(STATE_OF_TOWN)
        if " " in g.name or any(d.kind == "location" for d in info.descriptors):
            continue
        country = country_of_towns(g.name, others)
        if country is None:
            continue
        words = set(re.findall(r"\w+", country.lower()))
        if not any(words <= linker.describing_words(t) | linker.article(t)[1]
                   for t in linker.known_titles(g.name)):
            info.descriptors.append(Descriptor("location", country,
                                               country.split()[-1].lower(), inferred=True))


def _abbreviates(text: str, g: Group) -> str:
    """The US state every mention of the group abbreviates where it stands, or ""."""
    states = {abbreviated(text, m.start, m.end) for m in g.members}
    return (states.pop() or "") if len(states) == 1 else ""


def _acronym_uses(doc: Doc, ch: ChunkData, local: list[NameMention],
                  defined: dict[str, NameMention], sent_offset: int) -> list[NameMention]:
    """Uses of an acronym defined in another piece, where no name is found already."""
    here = {m.text for m in local if m.source == "acronym" and m.expansion}
    wanted = {k: v for k, v in defined.items() if k not in here}
    if not wanted:
        return []
    taken = [(m.start - ch.offset, m.end - ch.offset) for m in local]
    out = []
    for i in written_as(doc, wanted):
        tok = doc[i]
        first = wanted[tok.text]
        lo, hi = tok.idx, tok.idx + len(tok)
        if any(s < hi and lo < e for s, e in taken):
            continue
        sent = bisect_right(ch.sent_starts, ch.offset + lo) - 1
        out.append(NameMention(lo + ch.offset, hi + ch.offset, tok.text, first.label,
                               "acronym", max(0, sent) + sent_offset,
                               expansion=first.expansion))
    return out


def engine_kb(engine: Engine):
    """The engine's knowledge base (None without one)."""
    return engine.kb


def _shift(m: NameMention, offset: int, sent_offset: int) -> NameMention:
    return replace(m, start=m.start + offset, end=m.end + offset, sent=m.sent + sent_offset)


def _id_number(eid: str) -> int:
    try:
        return int(eid[1:])
    except ValueError:
        return 0


def _never() -> None:
    return None


_ECHO_LABELS = frozenset({"GPE", "LOC", "ORG", "FAC"})


def _absorbed(names: list[Mention], entities: list[Entity], refs: list[Mention]
              ) -> tuple[list[Mention], list[Entity]]:
    """Names a reference takes in ("Gulf" of "the Gulf state") leave.

    So do entities left without a mention: the phrase refers to a country, not a gulf.
    """
    spans = sorted((r.start, r.end) for r in refs if r.kind == "reference")
    if not spans:
        return names, entities
    starts = [s for s, _e in spans]

    def inside(m: Mention) -> bool:
        k = bisect_right(starts, m.start) - 1
        return k >= 0 and spans[k][1] >= m.end and spans[k] != (m.start, m.end)

    kept = [m for m in names if not inside(m)]
    if len(kept) == len(names):
        return names, entities
    gone = {m.entity for m in names if inside(m)} - {m.entity for m in kept}
    return kept, [e for e in entities if e.id not in gone]
