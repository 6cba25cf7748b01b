"""What the reference resolver needs to know about each entity, gathered once per document.

Gender, whether it is a person, the nouns that describe it ("firm", "singer", "country")
and whether it is a country or a seat of government. Facts come from the entity itself,
its name mentions in the text (titles, "actress Jane Doe"), the given-name lists and, when
given, one knowledge-base look-up per linked entity (never per token).
"""

from __future__ import annotations

import re
import sqlite3
import weakref
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from glossator.core.nlp.demonyms import COUNTRY_ALIASES
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.ref_lexicon import (
    FEMALE_NOUNS,
    HONORIFICS_FEMALE,
    HONORIFICS_MALE,
    MALE_NOUNS,
    PERSON_NOUNS,
    SEATS,
    VESSEL_NOUNS,
)
from glossator.core.nlp.types import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from glossator.core.kb import KnowledgeBase

_WORD = re.compile(r"[a-z][a-z\-]+")
_IS_A = re.compile(r"\b(?:is|was|are|were)\s+(?:an?|the)\s+([^.;]{0,100})")
# Given names that are common surnames too: alone, they say nothing about gender.
_SURNAME_LIKE = set("""jackson lewis murray grant russell warren spencer marshall wallace walker
    nelson howard harvey ross craig douglas graham gordon stanley milton elliott mitchell
    bradley dean lloyd owen morgan bruce curtis wayne glenn glen lee travis tyler mason
    cameron carter allan allen arnold barry bernard clifford cecil dale dennis floyd francis
    gilbert henry herbert hugh hughes james john jones kay kelly lance lawrence leonard
    martin miles neil norman oliver patrick paul percy perry philip phillips pierce ray
    raymond rich rogers roland rose ruth scott sidney simon thomas todd vincent wesley
    chester chase will may june paige winston hannah""".split())
_NON_PERSON = {"ORG", "GPE", "LOC", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW",
               "LANGUAGE", "NORP"}


@dataclass(slots=True)
class EntityFacts:
    """Agreement facts about one entity."""

    id: str
    name: str
    label: str
    gender: str | None = None
    person: bool = False
    type_words: set[str] = field(default_factory=set)
    gender_source: str = ""  # plain words: "the knowledge base", "the name Mary", "'Mrs'"
    country: str | None = None  # canonical name when the entity is a country
    city: bool = False
    kb_known: bool = False  # linked to a KB article
    vessel: bool = False  # a ship: "she" in English, as a country may be
    # Words of the KB article's opening ("Persian Gulf", "Baltic"): where it is.
    place_words: frozenset[str] = frozenset()
    # Always named with an article ("the Blues", "no Jet"): not a person's name
    article: bool = False

    def copy(self) -> EntityFacts:
        """A copy to change without changing facts shared by other pieces."""
        return replace(self, type_words=set(self.type_words))


def _strip_the(text: str) -> str:
    return text[4:] if text.lower().startswith("the ") else text


def gather_facts(doc: Doc, entities: list[Entity], mentions: list[Mention],
                 kb: KnowledgeBase | None,
                 unmentioned: dict[str, EntityFacts] | None = None) -> dict[str, EntityFacts]:
    """Facts for every entity, from the entity, its mentions, name lists and the KB.

    The engine calls once per piece of a book with all the document's entities. The facts
    of an entity not named in the piece do not depend on the piece: given ``unmentioned``
    (one dict per document), they are made once and the same objects are returned for
    every piece, so a caller that changes one must copy it first (``EntityFacts.copy``).
    """
    facts: dict[str, EntityFacts] = {}
    # Only the entities named in this piece can be antecedents here, so only they cost a
    # KB look-up and a reading of their mentions.
    mentioned = {m.entity for m in mentions}
    for ent in entities:
        if ent.id in mentioned:
            facts[ent.id] = _entity_facts(ent, kb)
        elif unmentioned is None:
            facts[ent.id] = _finish(_entity_facts(ent, None))
        else:
            f = unmentioned.get(ent.id)
            if f is None:
                f = unmentioned[ent.id] = _finish(_entity_facts(ent, None))
            facts[ent.id] = f
    with_article: dict[str, bool] = {}
    for m in mentions:
        f = facts.get(m.entity or "")
        if f is None or m.kind != "name":
            continue
        _add_mention_facts(f, doc, m)
        with_article[f.id] = with_article.get(f.id, True) and _after_article(doc, m)
    for eid, always in with_article.items():
        f = facts[eid]
        words = _strip_the(f.name).lower().split()
        if always and not f.kb_known and f.gender_source != "the text" and words and \
                words[-1] not in PERSON_NOUNS and words[-1] not in HONORIFICS_MALE and \
                words[-1] not in HONORIFICS_FEMALE:
            # "the Blues hired Murray", "no Jet had worn it", "a Tony Award": a personal
            # name takes no article; a title does ("the King"), and so may a known person
            f.article, f.person, f.gender, f.gender_source = True, False, None, ""
    for eid in mentioned:
        f = facts.get(eid or "")
        if f is not None:
            _finish(f)
    return facts


def _entity_facts(ent: Entity, kb: KnowledgeBase | None) -> EntityFacts:
    """What the entity itself says (and the KB, when given and the entity is linked)."""
    f = EntityFacts(ent.id, ent.name, ent.label or "", person=ent.label == "PERSON",
                    kb_known=bool(ent.kb_title))
    if ent.gender in ("male", "female"):
        f.gender, f.gender_source, f.person = ent.gender, "the text", True
    names = {_strip_the(ent.name).lower()}
    if ent.kb_title:
        names.add(re.sub(r"\s*\(.*\)$", "", ent.kb_title).lower())
    for n in names:
        if n in COUNTRY_ALIASES:
            f.country = COUNTRY_ALIASES[n]
        elif n in SEATS and ent.label in ("GPE", "LOC", ""):
            f.city = True
    if kb is not None and ent.kb_title:
        _add_kb_facts(f, kb, ent.kb_title)
    # What the text says it is ("Trafigura, the commodity trader"; "the liner Titanic").
    for d in ent.descriptors:
        if d.kind in ("role", "apposition", "definition", "modifier"):
            f.type_words |= set(_WORD.findall(d.text.lower()))
    return f


def _finish(f: EntityFacts) -> EntityFacts:
    """Gender from a given name, person from gender, and the type words of places."""
    if f.gender is None and f.label in ("PERSON", "") and not f.article:
        first = _strip_the(f.name).split()
        # A lone "Isabella" is a given name; a lone "Jackson" more likely a surname.
        ok = len(first) > 1 or (first and first[0].lower() not in _SURNAME_LIKE)
        g = name_gender(first[0]) if ok else None
        if g:
            f.gender, f.gender_source = g, f"the given name {first[0]}"
    if f.gender and f.label not in _NON_PERSON:
        f.person = True
    if f.country:
        f.type_words |= {"country", "nation", "state"}
    if f.city:
        f.type_words |= {"city", "capital", "town"}
    f.vessel = not f.person and bool(f.type_words & VESSEL_NOUNS)
    return f


# KB facts per knowledge base and title: (is a person, gender, describing words, the
# words of the article's opening).
_Facts = tuple[bool, str | None, frozenset[str], frozenset[str]]
_KB_CACHE: weakref.WeakKeyDictionary[Any, dict[str, _Facts]]
_KB_CACHE = weakref.WeakKeyDictionary()
_KB_CACHE_MAX = 20_000


def _kb_facts(kb: KnowledgeBase, title: str) -> _Facts | None:
    """What the KB says about one title, cached across calls (one look-up per entity)."""
    from glossator.core.kb.store import KBError

    try:
        cache = _KB_CACHE.setdefault(kb, {})
    except TypeError:  # an object that takes no weak references: no cache
        cache = {}
    if title in cache:
        return cache[title]
    try:
        art = kb.article(title)
    except (KBError, sqlite3.Error, OSError):  # a damaged KB must not stop the reading
        return None
    if art is None:
        return None
    words = set(_WORD.findall(art.description.lower()))
    m = _IS_A.search(art.extract[:400])
    if m:
        words |= set(_WORD.findall(m.group(1).lower()))
    words |= {w.split("-")[-1] for w in words if "-" in w}
    gender = art.gender if art.gender in ("male", "female") else None
    out = (art.etype == "PERSON", gender, frozenset(words),
           frozenset(_WORD.findall(f"{art.description} {art.extract[:600]}".lower())))
    if len(cache) >= _KB_CACHE_MAX:
        cache.clear()
    cache[title] = out
    return out


def _add_kb_facts(f: EntityFacts, kb: KnowledgeBase, title: str) -> None:
    got = _kb_facts(kb, title)
    if got is None:
        return
    person, gender, words, opening = got
    f.place_words = opening
    if person:
        f.person = True
    if gender and f.gender is None:
        f.gender, f.gender_source = gender, "the knowledge base"
    f.type_words |= words


def _add_mention_facts(f: EntityFacts, doc: Doc, m: Mention) -> None:
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return
    words: list[str] = []
    if m.title:
        words.append(m.title.lower().strip("."))
    if span.start > 0:
        words.append(doc[span.start - 1].lower_.strip("."))
    root = span.root
    for tok in _describers(root, span.start, span.end):
        f.type_words.add(tok.lemma_.lower())
        # "born in Westport, Connecticut, the daughter of ...": a place is nobody's daughter;
        # the apposition after a place describes the one born there
        if f.label not in ("GPE", "LOC", "FAC"):
            words.append(tok.lemma_.lower())
    for w in words:
        g = None
        if w in HONORIFICS_MALE or w in MALE_NOUNS:
            g = "male"
        elif w in HONORIFICS_FEMALE or w in FEMALE_NOUNS:
            g = "female"
        if g and f.gender is None:
            f.gender, f.gender_source, f.person = g, f"'{w}'", True
        if w in PERSON_NOUNS or g:
            f.person = True
        if m.title and w == words[0]:
            f.type_words.add(w)


_ARTICLES = {"the", "a", "an", "no"}


def _after_article(doc: Doc, m: Mention) -> bool:
    """Whether the name has an article of its own: "the Blues", "no Jet", "a Tony Award"."""
    span = doc.char_span(m.start, m.end, alignment_mode="expand")
    if span is None or len(span) == 0:
        return False
    if span[0].lower_ in _ARTICLES:
        return True
    prev = doc[span.start - 1] if span.start > 0 else None
    return prev is not None and prev.lower_ in _ARTICLES and prev.head.i == span.root.i


def _describers(root: Token, start: int, end: int) -> list[Token]:
    """Common nouns that describe a name: "actress Jane Doe", "Doe, the singer,"."""
    out = [c for c in root.children
           if c.pos_ == "NOUN" and (c.i < start or c.i >= end) and c.dep_ in ("compound", "appos")]
    if root.dep_ == "appos" and root.head.pos_ == "NOUN":
        out.append(root.head)
    if root.dep_ == "nsubj":  # "Smith is a lawyer"
        out += [c for c in root.head.children if c.dep_ == "attr" and c.pos_ == "NOUN"]
    return out
