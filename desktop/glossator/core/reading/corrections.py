"""The reader's corrections, applied to every analysis of a document and remembered.

Four kinds, each said in the app's words:

* ``same``: "these are the same person" — the entities named by these names become one
  (the analysis split "Ahmed Salih" and "Colonel Saleh");
* ``not_name``: "this is not a name" — a word the engine took for a name ("Will", "Bill"
  of a parliament) is no name anywhere in the document;
* ``refers_to``: "this refers to …" — a reference at a place in the text means that entity;
* ``link``: "Not this? Choose another" — the entity named so means that article (and is
  one with an entity surely linked to it already).

A correction kept under ``EVERY_DOCUMENT`` ("this is not a name, in every document") is
applied to every document, before the document's own.

Corrections name entities by their names in the text, never by entity ids (ids are
renumbered by every analysis), so they survive a re-analysis, a new knowledge base or a
new version of the engine. ``apply`` is a pure function over an ``Annotation``; the store
keeps each document's list in one JSON file in the data folder, written atomically, so an
undo is "drop the last one and apply again".
"""

from __future__ import annotations

import json
import os
import tempfile
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Literal

from glossator.core.nlp.ranker import CONFIDENT
from glossator.core.nlp.types import Annotation, Entity, Mention

Kind = Literal["same", "not_name", "refers_to", "link"]
KINDS = ("same", "not_name", "refers_to", "link")
EVERY_DOCUMENT = "*"  # the store's key of the corrections for every document
MAX_DOCUMENTS = 2000  # documents whose corrections are kept (the oldest go first)
MAX_PER_DOCUMENT = 1000
MAX_NAME = 300  # characters of one name


@dataclass(frozen=True, slots=True)
class Correction:
    """One correction of the reader's.

    ``names`` for same and not_name; ``start``/``end`` and ``target`` for refers_to (the
    reference's place in the text and the name of the entity it means); ``names`` (one)
    and ``target`` (the article's title) for link.
    """

    kind: Kind
    names: tuple[str, ...] = ()
    start: int = -1
    end: int = -1
    target: str = ""

    def words(self) -> str:
        """The correction as the reader said it (for Undo and the notes)."""
        if self.kind == "same":
            return "Same: " + ", ".join(self.names)
        if self.kind == "not_name":
            return f"Not a name: {self.names[0]}"
        if self.kind == "link":
            return f"{self.names[0]} is {self.target}"
        return f"Refers to {self.target}"


def _key(name: str) -> str:
    return " ".join(name.split()).casefold()


def _named(e: Entity) -> set[str]:
    return {_key(e.name), *(_key(s) for s in e.spellings)}


def apply(ann: Annotation, corrections: list[Correction]) -> Annotation:
    """``ann`` with the corrections applied in order (a new Annotation; ``ann`` is kept)."""
    entities = [replace(e, spellings=list(e.spellings), descriptors=list(e.descriptors))
                for e in ann.entities]
    mentions = list(ann.mentions)
    for c in corrections:
        if c.kind == "not_name" and c.names:
            entities, mentions = _not_name(entities, mentions, _key(c.names[0]))
        elif c.kind == "same" and len(c.names) >= 2:
            entities, mentions = _same(entities, mentions, {_key(n) for n in c.names})
        elif c.kind == "refers_to" and c.target:
            mentions = _refers_to(entities, mentions, c)
        elif c.kind == "link" and c.names and c.target:
            key = _key(c.names[0])
            entities = [replace(e, kb_title=c.target, ambiguous=False, confidence=1.0)
                        if _key(e.name) == key else e for e in entities]
            # The name means an article another entity is surely linked to: one entity
            # ("Maria Skłodowska" is Marie Curie, named so later), as the engine makes
            # names it links surely to one article (an app tour: two rows in Who's who).
            one = {_key(e.name) for e in entities if e.kb_title == c.target
                   and (_key(e.name) == key or e.confidence >= CONFIDENT)}
            if len(one) >= 2:
                entities, mentions = _same(entities, mentions, one)
    return Annotation(ann.text, entities, mentions)


def links(corrections: list[Correction]) -> dict[str, str]:
    """The links chosen among ``corrections``: name -> article title (the last one wins)."""
    return {c.names[0]: c.target for c in corrections if c.kind == "link" and c.names}


def _not_name(entities: list[Entity], mentions: list[Mention], key: str
              ) -> tuple[list[Entity], list[Mention]]:
    mentions = [m for m in mentions if not (m.kind == "name" and _key(m.text) == key)]
    named = {m.entity for m in mentions if m.kind == "name"}
    gone = {e.id for e in entities if e.id not in named}
    # A reference to an entity no longer named anywhere becomes unclear.
    mentions = [replace(m, entity=None, confidence=0.0, why="unclear")
                if m.entity in gone else m for m in mentions]
    return [e for e in entities if e.id not in gone], mentions


def _same(entities: list[Entity], mentions: list[Mention], keys: set[str]
          ) -> tuple[list[Entity], list[Mention]]:
    group = [e for e in entities if _named(e) & keys]
    if len(group) < 2:
        return entities, mentions
    # The one that keeps its id: linked first, the surest link (an app tour: "Maria
    # Skłodowska", a guess, took in the sure "Marie Curie", whose underline turned to a
    # guess's), then the most used, then the first named.
    uses = {e.id: sum(1 for m in mentions if m.entity == e.id) for e in group}
    keep = min(group, key=lambda e: (e.kb_title is None, -e.confidence if e.kb_title else 0.0,
                                     -uses[e.id], entities.index(e)))
    others = {e.id for e in group} - {keep.id}
    for e in group:
        if e.id in others:
            keep.spellings.extend(s for s in [e.name, *e.spellings] if s not in keep.spellings)
            keep.descriptors.extend(d for d in e.descriptors if d not in keep.descriptors)
    keep.descriptors.sort(key=lambda d: d.start)
    mentions = [replace(m, entity=keep.id) if m.entity in others else m for m in mentions]
    return [e for e in entities if e.id not in others], mentions


def _refers_to(entities: list[Entity], mentions: list[Mention], c: Correction
               ) -> list[Mention]:
    key = _key(c.target)
    target = next((e for e in entities if key in _named(e)), None)
    if target is None:
        return mentions
    return [replace(m, entity=target.id, confidence=1.0, why=f"you said it refers to "
                                                               f"{target.name}")
            if m.kind == "reference" and (m.start, m.end) == (c.start, c.end) else m
            for m in mentions]


@dataclass(slots=True)
class CorrectionStore:
    """Every document's corrections in one JSON file (``data_dir/corrections.json``)."""

    path: Path
    _docs: dict[str, list[Correction]] = field(default_factory=dict)
    _loaded: bool = False

    def _load(self) -> None:
        if self._loaded:
            return
        self._loaded = True
        try:
            raw = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return  # missing or damaged: start again (never stop the reading)
        if not isinstance(raw, dict):
            return
        for doc, items in list(raw.items())[-MAX_DOCUMENTS:]:
            if isinstance(doc, str) and isinstance(items, list):
                self._docs[doc] = [c for c in map(_from_json, items[:MAX_PER_DOCUMENT])
                                   if c is not None]

    def get(self, document: str) -> list[Correction]:
        """The document's corrections, oldest first."""
        self._load()
        return list(self._docs.get(document, []))

    def for_document(self, document: str) -> list[Correction]:
        """What applies to the document: those for every document, then its own."""
        if document == EVERY_DOCUMENT:
            return self.get(document)
        return self.get(EVERY_DOCUMENT) + self.get(document)

    def add(self, document: str, correction: Correction) -> None:
        """Remember one more correction for the document."""
        self._load()
        items = self._docs.pop(document, [])  # re-inserted: most recently used last
        self._docs[document] = [*items, correction][-MAX_PER_DOCUMENT:]
        while len(self._docs) > MAX_DOCUMENTS:  # the oldest document, never "every one"
            del self._docs[next(k for k in self._docs if k != EVERY_DOCUMENT)]
        self._save()

    def undo(self, document: str) -> Correction | None:
        """Forget the document's last correction; it is returned (None: there was none)."""
        self._load()
        items = self._docs.get(document, [])
        if not items:
            return None
        last = items.pop()
        if not items:
            del self._docs[document]
        self._save()
        return last

    def _save(self) -> None:
        data = {doc: [asdict(c) for c in items] for doc, items in self._docs.items()}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=self.path.parent, prefix=".corrections-")
        try:
            with os.fdopen(fd, "w", encoding="utf-8") as f:
                json.dump(data, f, ensure_ascii=False)
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise


def _from_json(item: object) -> Correction | None:
    """A stored correction, or None when it is not one (a hand-edited or damaged file)."""
    if not isinstance(item, dict) or item.get("kind") not in KINDS:
        return None
    names = item.get("names", [])
    if not isinstance(names, list) or not all(isinstance(n, str) for n in names):
        return None
    start, end, target = item.get("start", -1), item.get("end", -1), item.get("target", "")
    if not (isinstance(start, int) and isinstance(end, int) and isinstance(target, str)):
        return None
    return Correction(item["kind"], tuple(n[:MAX_NAME] for n in names[:50]), start, end,
                      target[:MAX_NAME])
