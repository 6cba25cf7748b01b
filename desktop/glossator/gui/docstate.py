"""What the window knows about the open document: its text, entities, mentions, articles.

Pure Python (no Qt), fed incrementally by ``AnnotationPart`` results, so panels
and tests can ask "which entities, how many mentions, where" at any moment.
"""

from __future__ import annotations

import hashlib
import os
from bisect import bisect_left, bisect_right, insort
from collections import defaultdict
from collections.abc import Iterable

from glossator.core.documents.model import Document
from glossator.core.export.glossary import GROUP_TITLES, GROUPS, LABEL_WORDS, group_of
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Coverage, Entity, Mention
from glossator.gui.spoilers import mentions_before, so_far

# One map from labels to groups for the panels and the exports.
__all__ = ["GROUPS", "GROUP_TITLES", "LABEL_WORDS", "DocState", "document_key", "entity_key",
           "group_of"]


def entity_key(entity: Entity) -> str:
    """A stable key for "I know this": the article title, else the name."""
    return entity.kb_title or f"name:{entity.name.casefold()}"


def document_key(document: Document) -> str:
    """Which document this is, for remembering its reading position.

    A file is known by its absolute path, a web page by its address, pasted text by
    a hash of its text (pasting the same text again finds the same place).
    """
    source = document.source.strip()
    if source.startswith(("http://", "https://")):
        return source
    if source:
        return "file:" + os.path.abspath(os.path.expanduser(source))
    digest = hashlib.sha1(document.text.encode("utf-8", "replace")).hexdigest()[:20]
    return "text:" + digest


class DocState:
    """The open document and everything found in it so far."""

    def __init__(self, document: Document, job: int = 0) -> None:
        self.document = document
        self.job = job
        self.entities: dict[str, Entity] = {}
        self.mentions: list[Mention] = []  # sorted by start
        self._starts: list[int] = []
        self.articles: dict[str, Article] = {}
        self._by_entity: dict[str, list[Mention]] = defaultdict(list)
        self.done = 0
        self.total = len(document.text)
        self.finished = False
        # Spoiler-safe reading: the offset the reader has read up to (None: show everything).
        # The panels ask ``shown``/``shown_mentions_of``; ``entities`` stay whole.
        self.read_to: int | None = None

    def add_part(self, mentions: list[Mention], entities: list[Entity],
                 articles: dict[str, Article]) -> list[Mention]:
        """Merge one result; return the mentions that are new."""
        for entity in entities:
            self.entities[entity.id] = entity
        self.articles.update(articles)
        added: list[Mention] = []
        for m in mentions:
            i = bisect_right(self._starts, m.start)
            # The same span and kind again (as the worker keys them: a metonym's name and
            # its reference share a span): kept once, but a later update's view of it
            # wins (two groups merged, a link changed), and an entity left without
            # mentions goes.
            j = held_index(self.mentions, self._starts, m)
            if j is not None:
                old = self.mentions[j]
                if old.entity != m.entity:
                    self.mentions[j] = m
                    self._move(old, m)
                    added.append(m)
                continue
            insort(self._starts, m.start)
            self.mentions.insert(i, m)
            if m.entity:
                insort(self._by_entity[m.entity], m, key=lambda x: x.start)
            added.append(m)
        return added

    def forget(self, spans: Iterable[tuple[int, int, str]]) -> list[Mention]:
        """Drop the mentions the analysis no longer finds; return them.

        ``spans`` are (start, end, kind). An entity left without mentions goes too.
        """
        gone: list[Mention] = []
        for start, end, kind in spans:
            i = bisect_left(self._starts, start)
            while i < len(self._starts) and self._starts[i] == start:
                m = self.mentions[i]
                if m.end == end and m.kind == kind:
                    del self.mentions[i]
                    del self._starts[i]
                    self._move(m, None)
                    gone.append(m)
                    break
                i += 1
        return gone

    def _move(self, old: Mention, new: Mention | None) -> None:
        if old.entity:
            mine = self._by_entity.get(old.entity, [])
            self._by_entity[old.entity] = [x for x in mine if x is not old]
            if not self._by_entity[old.entity]:
                del self._by_entity[old.entity]
                self.entities.pop(old.entity, None)
        if new is not None and new.entity:
            insort(self._by_entity[new.entity], new, key=lambda x: x.start)

    def replace_entity(self, entity: Entity, article: Article | None) -> None:
        """Swap in a relinked entity (after "Not this? Choose another")."""
        self.entities[entity.id] = entity
        if article is not None:
            self.articles[article.title] = article

    def entity_of(self, mention: Mention) -> Entity | None:
        """The entity a mention names or refers to."""
        return self.entities.get(mention.entity) if mention.entity else None

    def article_of(self, entity: Entity | None) -> Article | None:
        """The knowledge base article of an entity, if linked and loaded."""
        if entity is None or entity.kb_title is None:
            return None
        return self.articles.get(entity.kb_title)

    def mentions_of(self, entity_id: str) -> list[Mention]:
        """Every mention of an entity, in text order.

        Words it holds twice (a metonym whose country the text does not name: the name
        and its reference) count once.
        """
        return distinct_spans(self._by_entity.get(entity_id, ()))

    def mention_at(self, offset: int) -> Mention | None:
        """The mention covering a character offset of the text.

        Where a name and a reference share the words ("Kremlin" the place, standing for
        Russia), the name.
        """
        return mention_covering(self.mentions, self._starts, offset)

    def metonym_of(self, mention: Mention) -> Mention | None:
        """The reference on a name's very words, if any ("Kremlin": Russia's government)."""
        if mention.kind != "name":
            return None
        j = on_words(self.mentions, self._starts, mention.start, mention.end, "reference")
        return None if j is None else self.mentions[j]

    # ------------------------------------------------------- as read so far

    def shown(self, entity: Entity | None) -> Entity | None:
        """The entity as the text has shown it up to ``read_to`` (None: not named yet)."""
        if entity is None or self.read_to is None:
            return entity
        return so_far(entity, self._by_entity.get(entity.id, []), self.read_to)

    def shown_of(self, mention: Mention) -> Entity | None:
        """``entity_of`` as read so far."""
        return self.shown(self.entity_of(mention))

    def shown_mentions_of(self, entity_id: str) -> list[Mention]:
        """An entity's mentions up to ``read_to`` (all without it), in text order."""
        found = self._by_entity.get(entity_id, [])
        return list(found) if self.read_to is None else mentions_before(found, self.read_to)

    def coverage(self) -> Coverage:
        """How many names the knowledge base explains (of those read so far)."""
        if self.read_to is None:
            return Annotation(self.document.text, list(self.entities.values()),
                              self.mentions).coverage()
        shown = [e for e in map(self.shown, self.entities.values()) if e is not None]
        return Annotation(self.document.text, shown,
                          mentions_before(self.mentions, self.read_to)).coverage()

    def grouped(self) -> dict[str, list[tuple[Entity, int]]]:
        """Entities by group, each with its number of mentions, most mentioned first.

        With ``read_to`` set: the entities named so far, as shown so far, and their
        mentions so far.
        """
        out: dict[str, list[tuple[Entity, int]]] = {g: [] for g in GROUPS}
        for raw in self.entities.values():
            if self.read_to is None:
                entity: Entity | None = raw
                count = len(self.mentions_of(raw.id))
            else:
                entity = self.shown(raw)
                count = len(self.shown_mentions_of(raw.id)) if entity is not None else 0
            if entity is not None and count:
                out[group_of(entity.label)].append((entity, count))
        for rows in out.values():
            rows.sort(key=lambda r: (-r[1], r[0].name.casefold()))
        return out

    def snippet(self, mention: Mention, width: int = 60) -> str:
        """The words around a mention, for the "Mentions in this text" list."""
        text = self.document.text
        left = text[max(0, mention.start - width):mention.start]
        right = text[mention.end:mention.end + width]
        left = left.split("\n")[-1]
        right = right.split("\n")[0]
        if " " in left and mention.start - width > 0:
            left = left.split(" ", 1)[1]
        if " " in right:
            right = right.rsplit(" ", 1)[0]
        return " ".join(f"…{left}[{text[mention.start:mention.end]}]{right}…".split())


def on_words(mentions: list[Mention], starts: list[int], start: int, end: int,
             kind: str | None = None) -> int | None:
    """The index of the held mention on exactly [start, end) (of ``kind``, if given)."""
    for j in range(bisect_left(starts, start), bisect_right(starts, start)):
        if mentions[j].end == end and kind in (None, mentions[j].kind):
            return j
    return None


def held_index(mentions: list[Mention], starts: list[int], m: Mention) -> int | None:
    """The index of the held mention with ``m``'s start, end and kind, or None."""
    return on_words(mentions, starts, m.start, m.end, m.kind)


def mention_covering(mentions: list[Mention], starts: list[int], offset: int
                     ) -> Mention | None:
    """The mention covering ``offset``: of those sharing its words, the name first."""
    i = bisect_right(starts, offset) - 1
    if i < 0 or not mentions[i].start <= offset < mentions[i].end:
        return None
    found = mentions[i]
    name = on_words(mentions, starts, found.start, found.end, "name")
    return found if name is None else mentions[name]


def distinct_spans(mentions: Iterable[Mention]) -> list[Mention]:
    """Mentions in order, one per span (a name before a reference on the same words)."""
    out: list[Mention] = []
    seen: dict[tuple[int, int], int] = {}
    for m in mentions:
        key = (m.start, m.end)
        if key not in seen:
            seen[key] = len(out)
            out.append(m)
        elif m.kind == "name":
            out[seen[key]] = m
    return out
