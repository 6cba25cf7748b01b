"""What the reading engine produces: entities, mentions and the whole annotation.

Plain dataclasses that cross threads (worker to GUI) and serialise to the JSON
format of ``glossator annotate``. Offsets are Python string indices into the
analysed text.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

MentionKind = Literal["name", "reference"]
# What the text says an entity is: a title ("Colonel"), a role ("economist Ines Borg"), an
# apposition ("Tomas Ruiz, the deputy mayor of Lyon"), a definition ("Trafigura is a
# commodity trader") or another modifier ("the mining firm Trafigura").
DescriptorKind = Literal["title", "role", "apposition", "definition", "modifier"]


@dataclass(frozen=True, slots=True)
class Alternative:
    """Another article the entity may be, with its linking score."""

    kb_title: str
    score: float


@dataclass(frozen=True, slots=True)
class TextDescriptor:
    """One thing the text itself says about an entity, where it says it.

    ``aspect`` is what the descriptor reader called it ("premodifier", "appositive",
    "copula", "location", "age", "title", "kind_of", "kind_after", "named_for", "family",
    "team", "called"): the words shown to the reader depend on it (an age reads "aged 42"). It is
    not part of the JSON.
    """

    text: str
    kind: DescriptorKind
    start: int  # offsets into the analysed text
    end: int
    aspect: str = ""

    def to_json(self) -> dict[str, Any]:
        """The descriptor as in ``annotate --format json``."""
        return {"text": self.text, "kind": self.kind, "start": self.start, "end": self.end}


@dataclass(slots=True)
class Entity:
    """One thing the document talks about: a group of mentions, maybe linked to the KB."""

    id: str  # "e1", "e2"... in order of first mention
    name: str  # the fullest name used in the document
    label: str  # PERSON, ORG, GPE, LOC, NORP, FAC, EVENT, WORK_OF_ART, PRODUCT, LAW, LANGUAGE...
    kb_title: str | None = None  # None: not in the knowledge base (NIL)
    confidence: float = 0.0
    alternatives: list[Alternative] = field(default_factory=list)
    ambiguous: bool = False  # low margin between the best and the next candidate
    gender: str | None = None  # "male"/"female" when known (for pronouns)
    # What the text says about it, in text order (titles, roles, appositions...).
    descriptors: list[TextDescriptor] = field(default_factory=list)
    # Its distinct spellings in this text, in order of first use ("Ahmed Salih", "Saleh").
    spellings: list[str] = field(default_factory=list)
    # The first sentence of the text that names it (trimmed around the name when very
    # long) and where that sentence starts (-1: none).
    first_sentence: str = ""
    first_sentence_start: int = -1

    def to_json(self) -> dict[str, Any]:
        """The entity as in ``annotate --format json``."""
        return {
            "id": self.id,
            "name": self.name,
            "label": self.label,
            "kb_title": self.kb_title,
            "confidence": round(self.confidence, 3),
            "alternatives": [
                {"kb_title": a.kb_title, "score": round(a.score, 3)} for a in self.alternatives
            ],
            "descriptors": [d.to_json() for d in self.descriptors],
            "spellings": list(self.spellings),
        }


@dataclass(slots=True)
class Mention:
    """A stretch of text that names an entity or refers to one."""

    start: int
    end: int
    text: str
    kind: MentionKind
    entity: str | None  # Entity.id, or None for an unclear reference
    confidence: float
    why: str  # plain words: "surname of Marie Curie", "'she' most likely means ..."
    title: str | None = None  # honorific or rank kept apart from the name: "President"

    def to_json(self) -> dict[str, Any]:
        """The mention as in ``annotate --format json``."""
        return {
            "start": self.start,
            "end": self.end,
            "text": self.text,
            "kind": self.kind,
            "entity": self.entity,
            "confidence": round(self.confidence, 3),
            "why": self.why,
        }


@dataclass(frozen=True, slots=True)
class Coverage:
    """How many of a text's names the knowledge base explains, and which it does not."""

    names: int  # entities named at least once
    explained: int  # of them, linked to an article
    missing: tuple[str, ...]  # the others' names, most used first

    def to_json(self) -> dict[str, Any]:
        """As in ``annotate --format json``."""
        return {"names": self.names, "explained": self.explained,
                "missing": list(self.missing)}

    def sentence(self) -> str:
        """For a reader: "31 of 40 names explained; 9 not in your knowledge"."""
        if not self.names:
            return "No names found"
        noun = "name" if self.names == 1 else "names"
        out = f"{self.explained} of {self.names} {noun} explained"
        if self.missing:
            out += f"; {len(self.missing)} not in your knowledge"
        return out


@dataclass(slots=True)
class Annotation:
    """Everything the engine found in one text."""

    text: str
    entities: list[Entity] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)  # sorted by start

    def to_json(self) -> dict[str, Any]:
        """The ``annotate --format json`` document."""
        return {
            "text": self.text,
            "entities": [e.to_json() for e in self.entities],
            "mentions": [m.to_json() for m in self.mentions],
            "coverage": self.coverage().to_json(),
        }

    def coverage(self) -> Coverage:
        """The names the knowledge base explains and those it lacks (most used first)."""
        uses: dict[str, int] = {}
        first: dict[str, int] = {}
        for m in self.mentions:
            if m.kind == "name" and m.entity is not None:
                uses[m.entity] = uses.get(m.entity, 0) + 1
                first.setdefault(m.entity, m.start)
        named = [e for e in self.entities if e.id in uses]
        missing = sorted((e for e in named if not e.kb_title),
                         key=lambda e: (-uses[e.id], first[e.id]))
        return Coverage(len(named), len(named) - len(missing),
                        tuple(dict.fromkeys(e.name for e in missing)))

    def entity(self, entity_id: str) -> Entity | None:
        """The entity with this id."""
        return next((e for e in self.entities if e.id == entity_id), None)
