"""Step 3: link each group of mentions to a knowledge-base article, or to nothing (NIL).

Candidates come from the registered generators (``candidates.py``: exact aliases, close
spellings and sounds, a last-resort title scan, demonyms, short names, given names and
surnames). For each candidate the linker computes features (``ranker.CANDIDATE_FEATURES``):

* string evidence: the fit of the group's *fullest* name with the title (a surname hit
  must fit the first name), similarity, sound, alias kind and how it was found, regnal
  or generation clashes, a title with common words;
* the prior of the alias in the KB;
* type: the group's NER label against the article's type;
* topic: the document's words near the mentions against the article's text, as points
  in the KB's topic space (``topics``);
* coherence: the document's other names that the article's text mentions; and
  *support*, in a second pass: the neighbours' provisional articles that name the
  candidate or are about the same things;
* descriptors: whether what the text says the name is ("tabloid", "Texas") fits the
  article's description;
* "the text writes this word in lower case" and the pool's spread (gaps to the best).

The learned ranker (``ranker.py``) turns them into a probability for every candidate and
for NIL; the best candidate's probability is calibrated, and the link is kept when that
probability is at least ``LINK_THRESHOLD``; under ``CONFIDENT`` the reader is told it is
a guess. Nothing here is a hand-set weight.
"""

from __future__ import annotations

import functools
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING

import numpy as np
from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from glossator.core.kb.derive import strip_qualifier, without_company_suffix
from glossator.core.kb.gazetteer import words_of
from glossator.core.kb.leadtext import first_sentence
from glossator.core.kb.normalize import normalise, sounds_alike
from glossator.core.nlp.candidates import (
    Pool,
    generate,
    max_slips,
    ranked_keys,
    short_words_within_slips,
)
from glossator.core.nlp.census_names import is_known_name
from glossator.core.nlp.demonyms import COUNTRY_ALIASES, demonym_titles, looks_like_demonym
from glossator.core.nlp.descriptors import (
    FAMILIES,
    KIND_ROLES,
    LIVING,
    TYPE_SAYING,
    Descriptor,
    described_years,
    description_head,
    in_longer_name,
    lifespan_years,
)
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.grouping import (
    NAMED_PLACE,
    PLACES,
    Group,
    _words,
    singulars,
    title_gender,
    word_similar,
)
from glossator.core.nlp.mentions import CONNECTORS, is_acronym, is_honorific
from glossator.core.nlp.noun_classes import noun_classes
from glossator.core.nlp.place_abbreviations import state_of
from glossator.core.nlp.ranker import (
    CONFIDENT,
    LINK_THRESHOLD,
    TYPED,
    Model,
    candidate_row,
    label_kind,
    log1p_scaled,
    nil_row,
    shipped_model,
    type_kind,
)
from glossator.core.nlp.ref_lexicon import EITHER_NOUNS, FEMALE_NOUNS, MALE_NOUNS
from glossator.core.nlp.topics import Topics
from glossator.core.nlp.topics import shipped as shipped_topics
from glossator.core.nlp.world_places import below_country, region_codes, town_in, town_regions

if TYPE_CHECKING:
    from glossator.core.kb import KnowledgeBase
    from glossator.core.kb.gazetteer import Gazetteer
    from glossator.core.models import Article, Candidate

# Article-to-article tf-idf cosines: ~0.1 for two related people, under 0.03 for unrelated.
TOPIC_SCALE = 10.0
TOPIC_FLOOR = 0.03
# The least probability of a NIL neighbour's guess that says its topic. Not at the
# calibration map's plateau near 0.10 (raw 0.24-0.32), which retrains move across 0.1: at
# 0.1, one that put it at 0.1002 (0.0993 before) let two NIL guesses vouch for each other
# ("Kennedy, a rookie cop ... a veteran named Nixon": both linked at 0.86, a helper's
# text). 0.2 is on the map's slope after it (raw about 0.385).
GUESS_FLOOR = 0.2
TOPIC_NEIGHBOURS = 30  # other groups (nearest in the document) a lone name is compared to
COHERENCE_WINDOW = 40  # groups first named this many groups before or after count for coherence
MAX_POOL = 40  # candidates a group keeps for the ranker (best string fit first)
# What a head noun's WordNet class can name, in the articles' kinds (``type_kind``): a
# colt or a ship is no person; a company is called an owner or a rival as a person is;
# a band or a firm is a group, never a place (countries are groups in WordNet too, but
# the KB's own descriptions say what "country" names); buildings and brands are
# artifacts; acts, events and the other abstract classes name concepts, events and
# works. "Tops" (entity, thing) may name anything.
ALL_KINDS = frozenset({"person", "org", "place", "concept", "other"})
CLASS_KINDS = {
    "person": frozenset({"person", "org"}),
    "group": frozenset({"org", "concept", "other"}),
    "location": frozenset({"place", "concept"}),
    "object": frozenset({"place", "concept"}),
    "artifact": frozenset({"place", "org", "concept", "other"}),
    "communication": frozenset({"org", "concept", "other"}),
    **{c: frozenset({"concept"}) for c in ("animal", "plant", "food", "substance", "body")},
    **{c: frozenset({"concept", "other"}) for c in (
        "act", "attribute", "cognition", "event", "feeling", "motive", "phenomenon",
        "possession", "process", "quantity", "relation", "shape", "state", "time")},
}
SENSE_WEIGHTS = (1.0, 0.5, 0.25)  # a noun's senses, most common first
# Under this share of a kind, a head says the name is another kind of thing.
KIND_CLASH = 0.1
# The most mentions of one name the ranker learned from: the generated documents are a few
# paragraphs, where nearly every name is written one to four times and hardly any more
# than eight. A book writes a place 19 times; the weight drawn from those few would take
# it further ("Paris" in the benchmark book sat at 0.61, then fell under the line).
MENTIONS_LEARNED = 8
# A head heading at least this many of the KB's descriptions says which of the KB's types
# it names ("river": LOC, all 54; "city": GPE, all 238).
TYPE_HEAD_SEEN = 3
# A head no description uses that fits the article's kind this well is a paraphrase.
PARAPHRASE_KIND = 0.5
# A head names people, or bodies and places and no person, from this share of its senses
# or KB descriptions on ("mathematician" 1.0, "company" 0.02 people; "host" 0.6 says neither).
SAID_KIND = 0.9
SAID_SEEN = 5  # KB descriptions with the head, for it to say a person ("producer": 3)
# How closely a candidate's name matches the text's: exactly (0), or by slips.
_CLOSENESS = {"spelling": 1, "far spelling": 2}
_TITLE_CONNECTORS = CONNECTORS | {"des", "e"}
# Not a syllable after an apostrophe inside a name: "Xi'an", "Ta'if", "Al-Ma'mun".
_LOWER_WORD = re.compile(r"(?<![\w('’ʼ])[a-z]{2,}\b")
# The capitalised words (and connectors) that go on from a name: " of America".
_NAME_RUN = re.compile(r"(?:[ \t]+(?:of|the|and|de|du|des|del|la|le)?[ \t]*[A-Z][\w'’.-]*){1,4}")
# Initials run together: "H.W.", "J.R.R." (the KB writes "H. W.", "J. R. R.").
_INITIALS = re.compile(r"\b([A-Z])\.(?=[A-Z]\.)")
_GRAM_WORD = re.compile(r"\w+(?:[.&-]\w+)*")


@dataclass(slots=True)
class Scored:
    """A candidate article with its features and score."""

    title: str
    features: dict[str, float] = field(default_factory=dict)
    score: float = 0.0
    etype: str = "OTHER"
    how: str = ""  # which name found it: "exact", "spelling", "first name"


@dataclass(slots=True)
class Link:
    """The linking decision for one group."""

    title: str | None
    confidence: float
    ranked: list[Scored]
    ambiguous: bool = False
    why: str = ""


def type_agreement(label: str, etype: str) -> float:
    """1 when the NER label fits the article's type, 0 when it clearly contradicts it."""
    if etype in ("OTHER", "") or label in ("", "MISC"):
        return 0.5
    if label == etype:
        return 1.0
    if label in PLACES and etype in PLACES:
        return 0.9
    if {label, etype} <= {"ORG", "GPE", "NORP"} or {label, etype} == {"NORP", "LOC"}:
        # Governments, peoples and their states are often mixed up, and a continent with
        # its people: NER calls a misspelled "Afrca" a people, as it would "African".
        return 0.6
    if "PERSON" in (label, etype):
        return 0.0
    return 0.3


class Linker:
    """Link groups against one knowledge base, caching look-ups per distinct name."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None = None,
                 stop_words: frozenset[str] = frozenset(), model: Model | None = None
                 ) -> None:
        self.kb = kb
        self.model = model or shipped_model()
        # Titles left out of every candidate list: training hides a name's right article
        # so that NIL is the answer and the nearest spelling the trap.
        self.hidden: frozenset[str] = frozenset()
        # When a list, every scored group's (group, titles, feature rows) is appended.
        self.collect: list | None = None
        # Training only: asked once per group in the final pass with what the text says
        # of it, true where the group is to be read with nothing else of the text
        # vouching for it (no support, coherence, context words or topic):
        # ``training.ALONE``.
        self.alone: Callable[[GroupInfo], bool] | None = None
        self._describing: dict[str, frozenset[str]] = {}
        self._acronyms: dict[str, frozenset[str]] = {}  # an article's acronyms, lower case
        self._head_kinds: dict[str, dict[str, int]] | None = None
        self._head_types: dict[str, dict[str, int]] = {}
        self._kind_shares: dict[tuple[str, str], float | None] = {}
        self._countries: dict[str, list[frozenset[str]]] = {}
        self.gazetteer = gazetteer
        self.stop_words = stop_words
        self._exact: dict[str, list[Candidate]] = {}
        self._fuzzy: dict[str, list[Candidate]] = {}
        self._articles: dict[str, tuple[Article | None, frozenset[str], str]] = {}
        self._common_nouns: dict[str, bool] = {}
        self._norms: dict[str, float] = {}
        self.topics = shipped_topics()
        self.topic_scale = 1.0  # training reads generated texts at a reader's (``training``)
        self._topic_points: dict[str, np.ndarray | None] = {}
        self._close: dict[str, list[Candidate]] = {}
        self._five: dict[str, list[tuple[str, str]]] | None = None  # five-letter typed names
        self._grams: dict[str, frozenset[str]] = {}
        self._standalone: dict[tuple[str, str], bool] = {}

    # ------------------------------------------------------------ cached KB access

    def exact(self, name: str) -> list[Candidate]:
        key = normalise(name)
        if key not in self._exact:
            found = self.kb.lookup(name) if key else []
            spaced = _INITIALS.sub(r"\1. ", name)
            if not found and spaced != name:  # "George H.W. Bush" as the KB writes him
                found = self.kb.lookup(spaced)
            self._exact[key] = found
            _trim(self._exact)
        return self._exact[key]

    def spelled_title(self, name: str) -> str | None:
        """The label of the one typed KB title ``name`` is a slip of ("Gulf of Mexcio")."""
        titles = {c.title: c.etype for c in self.close_titles(name)}
        return next(iter(titles.values())) if len(titles) == 1 else None

    def writes_word(self, word: str) -> bool:
        """Whether a word (lower case) is one of the KB's names' words."""
        return self.gazetteer is not None and word in self.gazetteer.vocabulary

    def given_names(self, surname: str) -> frozenset[str]:
        """The given names (lower case) of the KB's people this word is the surname of."""
        return frozenset(_words(c.title)[0] for c in self.exact(surname)
                         if c.kind == "surname" and c.etype == "PERSON"
                         and len(_words(c.title)) > 1)

    def known_titles(self, name: str) -> frozenset[str]:
        """Titles this name is a full alias of (not a surname or acronym), for the grouper.

        Derived names count: "New York" is New York (state) without its qualifier.
        """
        return frozenset(c.title for c in self.exact(name)
                         if c.kind in ("title", "redirect", "derived"))

    def acronym_titles(self, name: str) -> frozenset[str]:
        """Titles this name is an acronym of ("BP": Blood pressure), for the grouper."""
        return frozenset(c.title for c in self.exact(name) if c.kind == "acronym")

    def fuzzy(self, name: str) -> list[Candidate]:
        key = normalise(name)
        if key not in self._fuzzy:
            self._fuzzy[key] = self.kb.candidates(name, limit=10) if len(key) >= 4 else []
            _trim(self._fuzzy)
        return self._fuzzy[key]

    def nearest_title(self, name: str) -> str | None:
        """The typed KB title most like an unknown spelling, for the grouper."""
        cands = [c for c in self.fuzzy(name) if c.etype != "OTHER"
                 and c.kind in ("title", "redirect", "derived")]
        return max(cands, key=lambda c: c.similarity).title if cands else None

    def article(self, title: str) -> tuple[Article | None, frozenset[str], str]:
        """The article, its content words and its lower-cased text."""
        if title not in self._articles:
            art = self.kb.article(title)
            if art is None:
                self._articles[title] = (None, frozenset(), "")
            else:
                text = _article_text(art)
                words = frozenset(w.lower() for w in words_of(text)) - \
                    self.stop_words
                self._articles[title] = (art, words, text.lower())
            _trim(self._articles, 20000)
        return self._articles[title]

    def common_noun(self, title: str) -> bool:
        """Whether the article's one-word name is a common noun.

        "A globe is a spherical model", "Trout is a common name... trout": the article is
        about a thing called by a common noun, which a capitalised name in a text seldom
        means ("Mike Trout", "The Globe and Mail"). Places and people keep their capital.
        Its own text may write the name only at a sentence's start ("Wood is a structural
        tissue"); then other articles' lower case says it (``Gazetteer.common_nouns``),
        unless it writes the capital inside a sentence, as a name ("the Moon's orbit",
        though other articles write of moons).
        """
        if title not in self._common_nouns:
            base = strip_qualifier(title, comma=False)
            art = self.article(title)[0]
            g = self.gazetteer
            self._common_nouns[title] = bool(
                art is not None and base.isalpha() and base[:1].isupper()
                and (re.search(_written(base.lower()), art.extract)
                     or (art.etype == "OTHER" and g is not None
                         and base.lower() in g.common_nouns
                         and not _named_inside_a_sentence(base, art.extract))))
            _trim(self._common_nouns, 20000)
        return self._common_nouns[title]

    def close_titles(self, name: str) -> list[Candidate]:
        """Typed articles whose name is one or two edits from ``name`` (last resort).

        The alias index misses some spellings with two edits ("Grecee", "Mxeco"); this
        scans every typed title once with rapidfuzz. Same first letter, five letters or
        more, at most two edits (a swap is one) and one per four letters of each word; never
        for words the extracts themselves use.
        """
        from glossator.core.models import Candidate as Cand

        g = self.gazetteer
        key = name.lower()
        if g is None or not g.typed_names or len(key) < 5 or not key[:1].isalpha():
            return []
        if key in self._close:
            return self._close[key]
        common = math.log((g.articles + 1) / 2.5)  # idf of a word two extracts use
        if all(g.idf.get(w, common + 1) <= common for w in key.split()):
            return []  # words the KB's own texts use ("Atlantic", "Asian") are no typos
        found = []
        limit = max_slips(len(key))
        for _name, dist, i in process.extract(key, g.typed_names, scorer=OSA.distance,
                                              score_cutoff=limit, limit=5):
            title, etype = g.typed_titles[i]
            if _name[:1] != key[:1] or (" " in _name) != (" " in key):
                continue
            if not short_words_within_slips(key, _name):
                continue  # "Black Sox" is no Black Sea
            sim = 1.0 - dist / max(len(key), len(_name))
            found.append(Cand(title=title, alias=name, kind="title", prior=1.0, similarity=sim,
                              etype=etype, scores={"match": sim, "prior": 1.0}))
        self._close[key] = found
        _trim(self._close)
        return found

    def one_letter_short(self, word: str) -> list[tuple[str, str]]:
        """Typed five-letter names ``word`` (four letters) is with one letter left out.

        ``close_titles`` has no room under five letters: a four-letter word one slip from
        a four-letter name is as often another name. A letter dropped from a five-letter
        name ("Itly", "Chna") is the one slip let through, same first letter; the
        ``(title, type)`` pairs of every such name.
        """
        g = self.gazetteer
        key = word.lower()
        if g is None or not g.typed_names or len(key) != 4 or not key.isalpha():
            return []
        if self._five is None:
            self._five = {}
            for i, n in enumerate(g.typed_names):
                if len(n) == 5 and n.isalpha():
                    self._five.setdefault(n, []).append(g.typed_titles[i])
        found: dict[str, tuple[str, str]] = {}
        for i in range(1, 5):
            for ch in "abcdefghijklmnopqrstuvwxyz":
                for pair in self._five.get(key[:i] + ch + key[i:], ()):
                    found.setdefault(pair[0], pair)
        return list(found.values())

    def idf(self, word: str) -> float:
        """How telling a word is (idf over the KB's extracts; 1 without a gazetteer)."""
        g = self.gazetteer
        return g.word_idf(word) if g is not None and g.articles else 1.0

    def weight(self, words: frozenset[str]) -> float:
        """The length of a set of words as a tf-idf vector (binary tf)."""
        return math.sqrt(sum(self.idf(w) ** 2 for w in words))

    def topic_point(self, title: str) -> np.ndarray | None:
        """The article's point in the topic space (``topics``), cached."""
        if title not in self._topic_points:
            words = self.article(title)[1]
            self._topic_points[title] = self.topics.point(words) \
                if self.topics is not None else None
            _trim(self._topic_points, 20000)
        return self._topic_points[title]

    def grams(self, title: str) -> frozenset[str]:
        """Every run of one to four words of the article's text (lower case)."""
        found = self._grams.get(title)
        if found is None:
            words = _GRAM_WORD.findall(self.article(title)[2])
            found = frozenset(" ".join(words[i:i + n]) for n in range(1, 5)
                              for i in range(len(words) - n + 1))
            self._grams[title] = found
            _trim(self._grams, 5000)
        return found

    def writes_words(self, title: str, name: str) -> bool:
        """Whether the article's text has every word of ``name`` (initials aside)."""
        grams = self.grams(title)
        return all(w in grams for w in _GRAM_WORD.findall(name.lower()) if len(w) > 1)

    # ---------------------------------------------------------------- linking

    def link_all(self, groups: list[Group], context: Callable[[Group], frozenset[str]],
                 should_stop: Callable[[], None] | None = None,
                 common: frozenset[str] = frozenset(),
                 infos: list[GroupInfo] | None = None) -> list[Link]:
        """Link every group; ``context`` gives the document words around a group.

        ``common`` holds the words the document also writes in lower case (a feature:
        "Crate" in a text that writes "crate" is hardly Crete). ``infos`` are what the text
        says about each group (descriptors). Two passes: the second adds *support*, how
        much the provisional links of the neighbouring groups speak for each candidate.
        """
        infos = infos or [GroupInfo() for _ in groups]
        pools = []
        for g, info in zip(groups, infos, strict=True):
            if should_stop:
                should_stop()
            # "a professor at X", at every use of X: X may be a school the KB names
            # otherwise ("University of X"), whatever else the word names ("born in
            # Oxford ... studied at Oxford" names the town too, a review's).
            studied = any(d.kind == "school" and d.everywhere for d in info.descriptors)
            # "the Medici, a young dynasty", "the Kennedy family": a family's article too.
            family = any(d.head in FAMILIES and (d.kind == "family" or d.kind in TYPE_SAYING)
                         and not d.relation for d in info.descriptors)
            pool = self._candidates(g, common, info.abbreviates, studied, family)
            if studied and not any(how == "school name" for _c, _w, how in pool.values()):
                # No school of the word in the KB: "at" is the town's ("Aristotle taught
                # at Athens"; "Darwin studied at Edinburgh" was the city before too).
                info.descriptors = [replace(d, everywhere=False) if d.kind == "school"
                                    else d for d in info.descriptors]
            pools.append(pool)
            info.lower_words = frozenset(w for w in _words(g.name) if w in common)
        # name (lower case) -> indices of the groups that use it, for coherence
        doc_names: dict[str, set[int]] = {}
        for gi, g in enumerate(groups):
            for name in _group_words(g):
                doc_names.setdefault(name, set()).add(gi)
        n = len(groups) - 1
        contexts = [context(g) for g in groups]  # both passes read them
        collect, self.collect = self.collect, None  # only the final pass is an example
        try:
            links = []
            for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
                if should_stop:
                    should_stop()
                links.append(self._decide(g, pool, contexts[gi], doc_names, gi, n,
                                          info=infos[gi]))
        finally:
            self.collect = collect
        settled = [i for i, link in enumerate(links) if link.title is not None
                   and link.confidence >= LINK_THRESHOLD]
        final = []
        for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
            if should_stop:
                should_stop()
            alone = self.alone is not None and self.alone(infos[gi])
            support = self._support(gi, g, pool, links, settled) if pool and not alone \
                else None
            final.append(self._decide(g, pool, contexts[gi], doc_names, gi, n, support,
                                      infos[gi], alone))
        return final

    def _support(self, gi: int, g: Group, pool: dict[str, tuple[Candidate, float, str]],
                 links: list[Link], settled: list[int]) -> dict[str, float]:
        """How much the neighbours' provisional links speak for each candidate, 0..1.

        Inbound: the confidently linked neighbours' articles name the candidate ("Indya"
        beside Delhi, whose summary says "India"). Topic, for a one-word name with people
        among its candidates: the candidate's article is about the same things as the
        neighbours' likely articles ("Steve" beside "Bill" and Microsoft is Jobs); never
        for a far spelling, and for a close one only where it is a person.
        """
        near = sorted((j for j in settled if j != gi and abs(j - gi) <= COHERENCE_WINDOW),
                      key=lambda j: abs(j - gi))
        others = {links[j].title for j in near[:TOPIC_NEIGHBOURS]} - set(pool)
        out = {title: self.inbound(title, others, pool) for title in pool} if others else {}
        if len(_words(g.name)) == 1 and any(c.etype == "PERSON" for c, _, _ in pool.values()):
            near_all = sorted(range(len(links)), key=lambda j: abs(j - gi))[
                1:TOPIC_NEIGHBOURS + 1]
            provisional = {t for j in near_all for t in _provisional(links[j])}
            # The name's own word is no topic: Elon Musk's article writes "Tesla" for his
            # company, and the unit's shares it (its support was 0.85, "Tesla's Elon
            # Musk" the unit at 0.67). Unless a neighbour names the title in full, more
            # than the name says: the Galapagos Islands' "Charles Darwin" is his.
            own = frozenset(w.lower() for w in words_of(g.name))
            for title, (c, _w, how) in pool.items():
                # A far spelling is a guess, and a topic is no word for it: neighbours
                # that are about the same things make any city one of theirs ("Ishaan
                # scored a century for Mumbai" was Isfahan at 0.81; "Sayaka" Sanaa at 0.63
                # on the guesses of names the KB lacks). Only an article that names it
                # vouches for it (inbound, above: "Athina" beside Pericles is Athens).
                # A close spelling's topic is a person's among peers ("Rachmaninov"
                # beside other composers), not a thing's or a place's: a Japanese
                # school's pupils made a "Shingo" of theirs Shinto (0.97, GAP's dev half).
                if provisional and how != "far spelling" and (
                        how != "spelling" or c.etype == "PERSON"):
                    others = provisional - {title}
                    key = _title_key(title)
                    named = len(key.split()) > len(own) and any(
                        key in self.grams(o) for o in others)
                    topic = min(1.0, TOPIC_SCALE * max(0.0, self.topic_fit(
                        title, others, frozenset() if named else own) - TOPIC_FLOOR))
                    out[title] = max(out.get(title, 0.0), topic)
        return out

    def coherence(self, title: str, doc_names: dict[str, set[int]], own: int,
                  n_others: int) -> float:
        """The share of the document's other groups whose names the article's text says."""
        if not n_others:
            return 0.0
        hit: set[int] = set()
        for name in self.grams(title) & doc_names.keys():
            hit |= doc_names[name]
        hit.discard(own)
        # Names far away in a book are about other things: only the groups first named
        # near this one (groups are in order of first mention) vouch for it.
        hit = {j for j in hit if abs(j - own) <= COHERENCE_WINDOW}
        return min(1.0, len(hit) / max(2.0, min(4.0, 0.5 * n_others)))

    def inbound(self, title: str, others: set[str], rivals: Iterable[str] = ()) -> float:
        """How many of ``others``' articles name ``title`` (scaled to 0..1, two is plenty).

        An article that names a rival whose name holds this one ("Apple Inc." for "Apple")
        vouches for the rival, not for this title: Steve Jobs's summary is no word for the
        fruit.
        """
        key = _title_key(title)
        if len(key) < 4:
            return 0.0
        longer = [k for k in map(_title_key, rivals)
                  if k != key and f" {key} " in f" {k} "]
        # Coarse on purpose: a shorter name beside the rival's is mostly the rival's short
        # form ("Apple" in Steve Jobs's summary), though not always ("the state of New
        # York" in New York City's): support lost costs less than a fruit linked.
        hits = sum(1 for other in others if key in self.grams(other)
                   and not any(k in self.grams(other) for k in longer)
                   and self.names_alone(other, title)
                   and not self._names_its_state(other, title))
        return min(1.0, hits / 2)

    def _names_its_state(self, other: str, title: str) -> bool:
        """Whether ``other``, a town, names the state it lies in, which ``title`` is not.

        Seattle's summary writes "Washington", its state, no word for Washington, D.C.
        (support 1.0, and "Aberdeen, Washington" was the capital at 0.98); Atlanta's
        "Georgia" is no word for the country. Where GeoNames puts a town of the
        neighbour's name in a state of the title's short name, the title is qualified (a
        namesake's: "Scotland" is the state Glasgow names, the review) and its article is
        no state's (by its description's head).
        """
        name = strip_qualifier(title)
        if name == title:
            return False  # the state's own name: Glasgow's "Scotland" is Scotland
        states = {c for c in region_codes(name) if below_country(c)}
        if not states or not states & town_regions(strip_qualifier(other)):
            return False
        art = self.article(title)[0]
        return art is None or description_head(art.description) not in STATE_HEADS

    def names_alone(self, article: str, title: str) -> bool:
        """Whether ``article``'s text writes ``title`` (as texts write it) as a name of its own.

        Not in lower case unless the title is ("the western coast" names no Western film,
        "the Beatles" names The Beatles) and not glued into a longer name
        (``in_longer_name``: Italy's "Western Europe").
        """
        found = self._standalone.get((article, title))
        if found is None:
            art = self.article(article)[0]
            text = _article_text(art) if art is not None else ""
            key = _title_key(title)
            pattern = r"(?<!\w)" + r"\W+".join(map(re.escape, key.split())) + r"(?!\w)"
            lower_title = strip_qualifier(title).islower()
            found = any((lower_title or not m.group(0).islower()) and (
                not in_longer_name(text, *m.span()) or self._fuller_own_name(title, text, m))
                for m in re.finditer(pattern, text, re.IGNORECASE))
            self._standalone[(article, title)] = found
            _trim(self._standalone, 20000)
        return found

    def _fuller_own_name(self, title: str, text: str, m: re.Match[str]) -> bool:
        """Whether the longer name around ``m`` is another name of ``title`` itself.

        Mexico's "bordering the United States of America" names the United States.
        """
        run = _NAME_RUN.match(text, m.end())
        words = run.group(0).split() if run else []
        return any(title in self.known_titles(f"{m.group(0)} {' '.join(words[:i])}")
                   for i in range(1, len(words) + 1))

    def topic_fit(self, title: str, others: set[str], leave: frozenset[str] = frozenset()
                  ) -> float:
        """Tf-idf cosine of ``title``'s article with the closest of ``others``' articles.

        Words in ``leave`` (the name's own) count in the norms but are no shared topic.
        """
        words = self.article(title)[1]
        if not words:
            return 0.0
        norm = self._norm(title, words)
        best = 0.0
        for other in others:
            if other == title:
                continue
            ow = self.article(other)[1]
            if not ow:
                continue
            best = max(best, sum(self.idf(w) ** 2 for w in (words & ow) - leave)
                       / (norm * self._norm(other, ow)))
        return best

    def _norm(self, title: str, words: frozenset[str]) -> float:
        """The length of an article's words as a tf-idf vector, cached (bounded)."""
        norm = self._norms.get(title)
        if norm is None:
            norm = self._norms[title] = self.weight(words)
            _trim(self._norms, 20000)
        return norm

    def _candidates(self, g: Group, common: frozenset[str] = frozenset(),
                    abbreviates: str = "", studied: bool = False, family: bool = False
                    ) -> Pool:
        """title -> (best candidate, name weight, how), from the registered generators."""
        pool = generate(self, g, common, abbreviates, studied, family)
        if self.hidden:
            pool = {t: v for t, v in pool.items() if t not in self.hidden}
        if len(pool) > MAX_POOL:  # the closest names first; a lone "John" has hundreds
            keep = sorted(pool, key=lambda t: -pool[t][0].scores.get(
                "match", pool[t][0].similarity) * pool[t][1] - pool[t][0].prior)[:MAX_POOL]
            pool = {t: pool[t] for t in keep}
        return pool

    def _decide(self, g: Group, pool: dict[str, tuple[Candidate, float, str]],
                ctx: frozenset[str], doc_names: dict[str, set[int]], own: int,
                n_others: int, support: dict[str, float] | None = None,
                info: GroupInfo | None = None, alone: bool = False) -> Link:
        """Score every candidate and NIL with the ranker; link the best if it is likely.

        ``alone``: score as if nothing else in the text spoke for the group: no neighbour's
        support or coherence, no context words or topic (training, ``training.ALONE``).
        """
        if not pool:
            return Link(None, 0.0, [], why="not in the knowledge base")
        if alone:
            ctx = frozenset()
        info = info or GroupInfo()
        nil = self._nil_features(g, info)
        full_words = _words(g.name)
        lone = lone_name(g, pool)
        ctx_point = self.topics.point(ctx) if ctx and self.topics is not None else None
        name_key = normalise(g.name)
        one_word_lower = len(full_words) == 1 and full_words[0] in info.lower_words
        # One ordinary word, which the KB's texts write in lower case ("Gulf", "Eastern",
        # "Lake"): a longer title's first word names it less surely than a body's own
        # word ("Ming"). Such broken names taught the short name's weight alone. Not an
        # event's ending ("World Cup", "Civil War"), which names the events that end so.
        gaz = self.gazetteer
        ordinary = gaz is not None and len(full_words) == 1 and full_words[0] in gaz.lower_words
        # The terms the text spells the name out as: "liquid-crystal display (LCD)".
        terms = {normalise(m.expansion) for m in g.members
                 if m.source == "acronym" and m.expansion}
        gender, given = said_gender(g, info)
        # The name with its rank before it, as an article may be titled: "Queen Victoria",
        # "Cardinal Richelieu" (the rank is read apart from the name: "Victoria" alone is
        # one of Queen Victoria's other names, and "Queen Victoria opened ..." was NIL).
        ranked = ranked_keys(g)
        # A person's name, or one word: a slip in it may be a name of its own. Not a
        # place's longer name: "Ivery Coast", "Santa Barbra" are slips, whatever the census
        # says of "Ivery" or "Barbra".
        name_shaped = g.label == "PERSON" or len(full_words) == 1
        # A stated other name that is another candidate's title is that one's name first:
        # "Panama", an old name of Panama City, is the country's title (KB redirects from a
        # lead's "formerly", ``derive._own_other_name``, are read as other names there).
        pool_titles = {normalise(strip_qualifier(t, comma=False)) for t in pool}
        written = {m.text for m in g.members}  # as the text writes the name, letter case too
        scored: list[Scored] = []
        for title, (c, weight, how) in pool.items():
            art, words, _text = self.article(title)
            match = 0.95 if how == "demonym" else _fit(full_words, title, c) * weight
            coh = self.coherence(title, doc_names, own, n_others) if words and not alone \
                else 0.0
            etype = art.etype if art is not None else c.etype
            # Which heads name another type of article: read once for the fit and the
            # clash feature. A relation's too, by the KB's own descriptions: "son" heads
            # people's, and says no town is meant ("her son Constantine").
            clashes = {d.head: self._head_clash(d.head, etype) for d in info.descriptors
                       if d.kind in TYPE_SAYING}
            base = strip_qualifier(title, comma=False)
            titled = normalise(base) in ranked
            # A rank says a person, unless the article is titled with it ("Sheikh Zayed
            # Grand Mosque", "Ambassador Bridge": NER left the rank out). A rank on one
            # mention speaks for its group: NER reads a ruler's later "Constantine" as a
            # place, and a group the grouper made of a person's and a place's mentions
            # ("Mr. Jordan visited Amman. Jordan signed the treaty") keeps its place's
            # link, less sure (0.70; 0.97 before).
            person_ranked = not titled
            fits, differs, namesake = self._descriptor_fit(title, etype, info, clashes,
                                                           g.name, person_ranked)
            # A god is a concept to the KB and a person to texts ("his brothers Poseidon
            # and Hades", "his wife Hera"): a relation's person fits it (Zeus, Poseidon and
            # Hera were NIL at 0.63-0.69). Typing gods as people made a British paper's
            # "Isis declared a caliphate" the goddess (a review): only the fit reads so.
            described = description_head(art.description) if art is not None else None
            kind_etype = "PERSON" if etype in ("OTHER", "") and described in DEITIES \
                else etype
            kind_fits, kind_clash = self.kind_fit(kind_etype, info, person_ranked, described)
            # A title the text wrote out as the acronym's term is the name itself, its
            # lower-case words the text's own ("Liquid-crystal display" for "LCD" was 0.59).
            spelled_out = normalise(strip_qualifier(title)) in terms
            name_cov, title_cov = (1.0, 1.0) if spelled_out or titled else \
                _coverage(full_words, title)
            # The title as texts write it: without its qualifier ("Georgia"), a company
            # without its suffix ("Apple" of Apple Inc.), or a fuller form of it that the
            # article's lead gives ("United States of America"); or with its rank.
            same_title = normalise(base) == name_key or titled
            # The text writes the title's name, or a title's or redirect's alias, as the KB.
            own_case = base in written or (
                c.alias in written and c.kind in ("title", "redirect", "user"))
            kind = c.kind
            if kind == "redirect" and normalise(c.alias) in pool_titles - {normalise(base)}:
                kind = "derived"
            written_as_title = same_title or (
                kind == "derived" and (title_cov == 1.0 or (
                    etype == "ORG" and normalise(without_company_suffix(base)) == name_key)))
            other_name = kind == "derived" and not written_as_title
            feats = {
                "prior": c.prior,
                "match": match,
                "similarity": c.similarity,
                "phonetic": float(c.phonetic),
                "name_coverage": name_cov,
                "title_coverage": title_cov,
                # The title as texts write it is as much a name as the title.
                "kind_full": float(titled or kind in ("title", "redirect", "user") or (
                    kind == "derived" and written_as_title)),
                # Another name the article's lead gives: one word is often another
                # thing's ("Roman", "Joseph"), a fuller one a birth or maiden name
                # ("Maria Skłodowska", "Pablo Gaviria") that names the one person.
                "kind_derived": float(other_name and " " not in c.alias.strip()),
                "kind_other_name": float(other_name and " " in c.alias.strip()),
                # A typed article's: the training's acronyms are typed names'
                # (``training.ACRONYMS``); a concept's letters name other things in most
                # texts, which the KB cannot show ("the CEO of BP" is no blood pressure).
                "kind_acronym": float(c.kind == "acronym" and etype in TYPED),
                "kind_part": float(c.kind in ("surname", "first", "short") and not titled),
                # A school by its own word is found as its name would be, had the KB
                # given it that name (``candidates.school_name``).
                "how_exact": float(how in ("exact", "school name", "family name")),
                "how_spelling": float(how == "spelling"),
                "how_far_spelling": float(how == "far spelling"),
                "how_demonym": float(how == "demonym"),
                "how_part": float(how in ("surname", "first name", "short name")),
                "part_common_word": float(how == "short name" and ordinary),
                f"type_{label_kind(g.label)}_{type_kind(etype)}": 1.0,
                # The article's point only where the context has one.
                "topic_likeness": self.topic_scale * Topics.likeness(
                    ctx_point, self.topic_point(title)) if ctx_point is not None else 0.0,
                "coherence": coh,
                "support": (support or {}).get(title, 0.0),
                "descriptor_fits": fits,
                "descriptor_differs": differs,
                "town_elsewhere": namesake,
                "age_clash": self.age_clash(title, info),
                # "spokeswoman Mao Ning" is not Mao Zedong, "Jake Curie" not Marie Curie.
                # A given name alone is no clash with an article that bears it: Jean
                # Sibelius, Andrea Palladio and George Eliot are who the lists miss.
                "gender_clash": float(gender is not None and art is not None and
                                      art.gender in ("male", "female") and art.gender != gender
                                      and not (given and _words(title)[:1] == [given])),
                "descriptor_kind_fits": kind_fits,
                "descriptor_kind_clash": kind_clash,
                "descriptor_type_clash": type_clash(clashes),
                "lower_case_in_text": float(one_word_lower),
                "lower_case_concept": float(one_word_lower and etype in ("OTHER", "")),
                "ordinal_clash": float(_ordinal_clash(g.name, c.alias)),
                # Where the text writes the article's own name as the KB does, only its
                # qualifier's: the name's lower-case words are the text's ("the Amazon
                # rainforest", "the Ming dynasty": NIL at 0.48, linked at 0.61), or the
                # name is one the KB gives it as its own ("the Rothschilds"). Not "Battle
                # Axe", an album (the weapon at 0.84); "Michael Collins (Irish leader)"
                # still has one.
                "common_word_title": float(not spelled_out and has_common_word(
                    title.removeprefix(base) if own_case else title)),
                "common_noun_title": float(self.common_noun(title)),
                "title_equals_name": float(same_title),
                "lone_guess": float(lone and how.endswith("spelling")),
                # Two slips with no other name of the text vouching for them: the
                # hand-set veto of the first sessions, as a feature.
                "far_unvouched": float(how == "far spelling" and coh < 0.5 and (
                    support or {}).get(title, 0.0) < 0.5),
                # A slip that is a name of its own, in a text that does not vouch for the
                # title: "John Bowne" in a Quaker family's history is no John Donne;
                # "Christiano Ronaldo" beside Real Madrid is still the footballer.
                "slip_is_a_name": float(
                    how.endswith("spelling") and name_shaped
                    and coh < 0.5 and (support or {}).get(title, 0.0) < 0.5
                    and slip_is_a_name(full_words, title, c.alias, etype == "PERSON")),
            }
            scored.append(Scored(title, feats, 0.0, etype, how))
        best_match = max(s.features["match"] for s in scored)
        # A name's prior is its own alias's: a far spelling's ("Bahrain", 1.0) says
        # nothing against a near one's ("Berlin", 0.62, shared with Irving Berlin) for
        # "Barlin". Each candidate's prior is weighed against those found as closely.
        best_prior = [max((t.features["prior"] for t in scored
                           if _CLOSENESS.get(t.how, 0) <= rank), default=0.0)
                      for rank in range(max(_CLOSENESS.values()) + 1)]
        # What the text says about the name is a reason to doubt a link only when no
        # candidate's article says it too: "Denver, Colorado" is surer than "Denver".
        nil["nil_described_fitted"] = nil["nil_described"] * max(
            s.features["descriptor_fits"] for s in scored)
        size = log1p_scaled(len(scored), 40)
        for s in scored:
            f = s.features
            f["pool_size"] = size
            f["match_gap"] = f["match"] - best_match
            f["prior_best"] = float(f["prior"] >= best_prior[_CLOSENESS.get(s.how, 0)])
        rows = np.vstack([candidate_row(s.features) for s in scored] + [nil_row(nil)])
        if self.collect is not None:
            self.collect.append((g, [s.title for s in scored], rows))
        probs = self.model.probabilities(rows)
        for s, p in zip(scored, probs[:-1], strict=True):
            # On the calibrated scale, as the link's confidence: one scale for the reader.
            s.score = self.model.calibrate(float(p))
        scored.sort(key=lambda s: -s.score)
        best = scored[0]
        conf = best.score
        if conf < LINK_THRESHOLD:
            # NIL: its confidence is that of "not in the KB"; the candidates stay, with
            # their probabilities, as alternatives.
            return Link(None, 1.0 - conf, scored, why=f"no article fits well enough "
                                                      f"(perhaps {best.title}, {conf:.0%})")
        return Link(best.title, conf, scored, ambiguous=conf < CONFIDENT,
                    why=_explain(best, self.model))

    def _nil_features(self, g: Group, info: GroupInfo) -> dict[str, float]:
        words = _words(g.name)
        return {
            "nil_bias": 1.0,
            "nil_lone": float(len({m.text for m in g.members}) == 1),
            "nil_one_word": float(len(words) == 1),
            "nil_mentions": log1p_scaled(min(len(g.members), MENTIONS_LEARNED)),
            "nil_person": float(g.label == "PERSON"),
            "nil_org": float(g.label == "ORG"),
            "nil_place": float(g.label in PLACES),
            "nil_weak_label": float(g.label in ("", "MISC")),
            "nil_described": float(_explained(info.descriptors)),
            # "Mrs Obama": an honorific; an office is read as a description (its fit).
            "nil_titled": float(any(m.title and is_honorific(m.title) for m in g.members)),
            "nil_in_longer_name": info.glued,
            "nil_given_name": float(len(words) == 1 and name_gender(words[0]) is not None),
            # "a veteran named Nixon": the writer introduces someone the reader cannot
            # know (``descriptors._called``), as a famous article's subject is not.
            "nil_introduced": float(any(KIND_ROLES[d.kind].introduces
                                        for d in info.descriptors)),
        }

    def _descriptor_fit(self, title: str, etype: str, info: GroupInfo,
                        clashes: dict[str, bool | None], name: str,
                        person_ranked: bool = True) -> tuple[float, float, float]:
        """How much of what the text says about the name the article's text says too.

        The share of the descriptors' content words ("anti-apartheid leader", "tabloid",
        "Texas") found among the article's description and extract words (a long word
        by its stem), the best descriptor counting; and whether none is found at all
        or a place the text puts it in is not (then "the Texas city" of a "PARIS, Texas"
        dateline does not make Paris, France fit). A head that names another type of
        article (``clashes``, by head) is no fit for being among the extract's words: Turin's
        extract names the river Po, and "the river Turia" is no city. Neither a relation
        ("his rival") nor a paraphrase of the article's kind of thing (a head no KB
        description uses that fits it: "carmakers") counts against the article.

        The third value is 1 when the place the text puts the name in is one its article
        never names and a town of the name is there (``world_places.town_in``): "Athens,
        Ohio", "the Lebanese city of Tripoli" are real towns, not misread locations.
        """
        # The kinds whose words are the text's account of the name (``KIND_ROLES``): a
        # team's words are ours ("sports team"), not the text's; only its kind counts.
        # Nor a relation's word ("his rival"): no article says it of its subject. Nor a
        # division's after the name: "Buenos Aires province" is not the city, but the
        # city's article need not say "province" to be the one the text's other uses mean.
        said = [d for d in info.descriptors
                if KIND_ROLES[d.kind].words and not d.relation]
        # An office fits where the article says it ("President George W. Bush"), but
        # says nothing against one that does not: articles seldom name every rank. Not a
        # place's or an organisation's article where the rank says a person
        # (``person_ranked``): Constantine, Algeria's names the emperor it is named after.
        offices = [d for d in info.descriptors if d.kind == "title" and not is_honorific(d.text)
                   and not (person_ranked and type_kind(etype) in ("place", "org"))]
        if not said and not offices:
            return 0.0, 0.0, 0.0
        words = self.describing_words(title) | self.article(title)[1]
        kind = type_kind(etype)
        heads = self._kinds_by_head()
        best = 0.0
        elsewhere = False  # a place it is said to be in that its article never names
        namesake = False  # ... where a town of the name is
        said_best = 0.0  # without the offices
        telling = False  # a descriptor said that its article could be expected to say
        for d in said + offices:
            ordered = [w for w in _DESC_WORD.findall(d.text.lower()) if w not in self.stop_words]
            mine = set(ordered) | set(d.head.split())  # "aircraft carrier": two words
            other_type = d.kind in TYPE_SAYING and clashes.get(d.head)
            # An office the article writes as its initials: "chief executive", "CEO".
            spelled = self._initialled(ordered, title)
            found = {w for w in mine if not (other_type and w in d.head.split()) and (
                w in words or w in spelled or _plural_forms(w) & words or (
                    len(w) > 5 and any(x.startswith(w[:-2]) for x in words if len(x) > 5)))}
            hits = len(found)
            share = hits / len(mine)
            # A person's nationality the article shares is no sign that it is the one:
            # namesakes share it ("a British rower", "a Scottish politician" were James
            # Cook and Alexander Fleming at 0.85). What else the text says must be found.
            # A place's people's word says where it is ("the Lebanese city of Tripoli").
            peoples = {w.lower() for w in _DESC_WORD.findall(d.text) if looks_like_demonym(w)} \
                if kind == "person" and d.kind in TYPE_SAYING else set()
            told = share if not peoples or not mine - peoples else \
                len(found - peoples) / len(mine - peoples)
            if d.kind == "location" and not hits:
                # By the place's KB names too: "the US state of Texas" — Texas's article
                # says "United States", never "US".
                names = [] if d.people else self._place_names(d.text)
                if not names and " " not in d.text and looks_like_demonym(d.text):
                    # A people's adjective (NER may call it a place): its KB state.
                    names = self._country_names(d.text)
                    if not names and d.people:
                        continue  # a faith or a people of no KB place says nothing
                share = max([share] + [len(p & words) / len(p) for p in names])
                elsewhere = elsewhere or share == 0.0
                namesake = namesake or (share == 0.0 and self._town_there(name, d))
                told = share  # where it is, said by a people's word or not
            best = max(best, share)
            if d.kind == "title":
                continue
            if not found - peoples and d.kind in TYPE_SAYING and d.head not in heads and \
                    (self.kind_share(d.head, kind) or 0.0) >= PARAPHRASE_KIND:
                # A word no KB description is headed by, for the article's kind of
                # thing ("rival carmakers Volkswagen and Ford": its article says
                # "automobile manufacturer"), is a paraphrase the article need not use.
                continue
            telling = True
            said_best = max(said_best, told)
        return best, float(telling and (said_best == 0.0 or elsewhere)), float(namesake)

    def _town_there(self, name: str, d: Descriptor) -> bool:
        """Whether a town of the name is in the place a location says ("Paris", "Texas").

        A people's adjective by its KB country ("Lebanese": Lebanon).
        """
        if not d.people:
            return bool(town_in(name, d.text))
        if self.gazetteer is None:
            return False
        return any(town_in(name, strip_qualifier(t))
                   for t in demonym_titles(d.text, self.gazetteer.places))

    def _initialled(self, ordered: list[str], title: str) -> set[str]:
        """The words of a run of two or three the article writes as an acronym.

        "chief executive" is the "CEO" of Elon Musk's article (one letter more allowed:
        the "officer" the text leaves out); only acronyms the article writes in capitals.
        """
        if len(ordered) < 2:
            return set()
        acronyms = self._acronyms.get(title)
        if acronyms is None:
            art = self.article(title)[0]
            text = "" if art is None else f"{art.description} {art.extract}"
            acronyms = self._acronyms[title] = frozenset(
                a.lower() for a in _CAPITALS.findall(text)
                if not _ROMAN.match(a) and a not in _ERAS)
            _trim(self._acronyms, 20000)
        if not acronyms:
            return set()
        out: set[str] = set()
        for n in (2, 3):
            for i in range(len(ordered) - n + 1):
                run = ordered[i:i + n]
                initials = "".join(w[0] for w in run)
                # Exactly the initials, or one letter more in three at least ("CEO").
                if initials in acronyms or any(
                        a.startswith(initials) and len(a) == n + 1 >= 3 for a in acronyms):
                    out.update(run)
        return out

    def _country_names(self, adjective: str) -> list[frozenset[str]]:
        """The words of the KB places a people's adjective names ("Lebanese": Lebanon).

        The caller has read the word as a people's adjective (``looks_like_demonym``).
        Only places of type GPE (states and cities): "Kurdish" (the Kurds), "Shiite" or
        "Catholic" place nothing anywhere.
        """
        if self.gazetteer is None:
            return []
        if adjective not in self._countries:  # asked again for every candidate of the group
            out = []
            for title in demonym_titles(adjective, self.gazetteer.places):
                art = self.article(title)[0]
                ws = frozenset(_DESC_WORD.findall(strip_qualifier(title).lower()))
                if art is not None and art.etype == "GPE" and ws:
                    out.append(ws)
            self._countries[adjective] = out
            _trim(self._countries, 20000)
        return self._countries[adjective]

    def _place_names(self, place: str) -> list[frozenset[str]]:
        """The words of the titles a place's name is a full name or acronym of.

        A state's abbreviation stands for the state's name: "Austin, Tex." is in Texas.
        """
        state = state_of(place)
        out = [frozenset(_DESC_WORD.findall(state.lower()))] if state else []
        # A country by a name the KB lacks or gives another article: "London, Great
        # Britain" is in the United Kingdom (the island's article says nothing of it).
        country = COUNTRY_ALIASES.get(place.lower())
        if country is not None:
            out.append(frozenset(_DESC_WORD.findall(country.lower())))
        for c in self.exact(place):
            if c.kind in ("title", "redirect", "derived", "acronym"):
                ws = frozenset(_DESC_WORD.findall(strip_qualifier(c.title, comma=False).lower()))
                if ws:
                    out.append(ws)
        return out

    def kind_fit(self, etype: str, info: GroupInfo, person_ranked: bool = True,
                 described: str | None = None) -> tuple[float, float]:
        """How well the descriptors' heads fit an article of this type; whether none does.

        "republic" names countries, "footballer" people, "tabloid" newspapers: counted
        over the head nouns of the KB's own descriptions, so a paraphrase the article does
        not use ("a former Soviet republic") still fits a country; and through the head's
        WordNet classes (``kind_share``), which reach words no description uses ("rival",
        "colt", "carmaker"). The second value is 1 when every head that says what the
        name is names another kind of thing ("the colt Auguste Rodin"). A descriptor
        whose role names the heads of descriptions it fits (``fits_described``) fits an
        article ``described`` so fully.
        """
        kind = type_kind(etype)
        # A relation to someone the text names ("his grandson Isaac", "her rival") says a
        # person, which any person's article fits: a clash with a place or a thing only,
        # no fit ("Marcus lives with his grandson Isaac" was the patriarch at 0.89; 0.68
        # without the fit, as an exact one-name title alone is).
        shares = [s for s in (self._said_share(d, kind) for d in info.descriptors
                              if KIND_ROLES[d.kind].kind_fit and not d.relation)
                  if s is not None]
        shares += [1.0 for d in info.descriptors
                   if described in KIND_ROLES[d.kind].fits_described]
        # A division or a public place the name names ("Salahuddin province", "Charles
        # de Gaulle airport") says a place is meant: a clash where the noun cannot name
        # the article's kind (a person, by WordNet's classes), with the kinds of article
        # its role names (``KIND_ROLES``). It fits no place of the name by itself, as the
        # province is not the city ("Washington county", "Baghdad province").
        # A rank says a person by what it is, whatever its noun's senses (``says_person``:
        # "captain" is also what firms are called), where the linker finds it does
        # (``person_ranked``): "Emperor Constantine" is no city.
        # Where one studies, said at every use of the name, is no town's, whatever share
        # of "university" a town has (``KindRole.clash_everywhere``).
        regions = [0.0 if role.says_person or everywhere else self._said_share(d, kind)
                   for d in info.descriptors
                   if ((role := KIND_ROLES[d.kind]).clash_only or (
                       role.kind_fit and d.relation))
                   and ((everywhere := d.everywhere and kind in role.clash_everywhere)
                        or role.clash_kinds is None or kind in role.clash_kinds)
                   and (person_ranked or not role.says_person)]
        clash = any(s is not None and s < KIND_CLASH for s in regions)
        if not shares:
            return 0.0, float(clash)
        best = max(shares)
        return best, float(best < KIND_CLASH or clash)

    def _said_share(self, d: Descriptor, kind: str) -> float | None:
        """How well a descriptor's head fits a kind: a relation's by its first sense."""
        return self._relation_share(d.head, kind) if d.relation else self.kind_share(d.head, kind)

    @staticmethod
    def _relation_share(head: str, kind: str) -> float | None:
        """How well a relation's noun fits a kind: by its most common sense alone.

        Someone's "mother" is a person, never the substance the word's rarer sense names
        ("his mother Carmen" is no opera).
        """
        classes = noun_classes(head)
        return _sense_share(classes[:1], kind) if classes else None

    def _head_clash(self, head: str, etype: str) -> bool | None:
        """Whether a head names another type of article (None: it cannot say)."""
        if not etype or etype == "OTHER":
            return None
        self._kinds_by_head()  # fills the types' table too
        counts = self._head_types.get(head, {})
        total = sum(counts.values())
        if total < TYPE_HEAD_SEEN:
            return None
        return counts.get(etype, 0) / total < KIND_CLASH

    def said_kinds(self, said: list[Descriptor]) -> frozenset[str]:
        """Whether the text's words call a name a person, a thing that is none, or neither.

        "person" when the KB's own descriptions with this head are people's
        ("mathematician": 52 of 52), "thing" when the head names bodies or places and no
        person ("a London company"); the grouper keeps the two apart. A word that may be
        either says nothing: WordNet's people include what firms are called too ("a
        commodity trader", "the maker"), so only the KB's usage says a person. A public
        place named for someone is ``NAMED_PLACE`` besides ("Charles de Gaulle airport").
        """
        out = set()
        for d in said:
            if KIND_ROLES[d.kind].group_apart:
                out.add(NAMED_PLACE)  # "Charles de Gaulle airport" is not the general
            if KIND_ROLES[d.kind].says_thing:
                out.add("thing")  # "Ford's founder": Ford is a company, not Henry Ford
            if d.kind not in TYPE_SAYING:
                continue
            person = self.kind_share(d.head, "person")
            if person is None:
                continue
            counts = self._kinds_by_head().get(d.head, {})
            seen = sum(counts.values())
            if seen >= SAID_SEEN and counts.get("person", 0) / seen >= SAID_KIND:
                out.add("person")
            elif person <= 1.0 - SAID_KIND and max(
                    self.kind_share(d.head, "org") or 0.0,
                    self.kind_share(d.head, "place") or 0.0) >= SAID_KIND:
                out.add("thing")
        return frozenset(out)

    def kind_share(self, head: str, kind: str) -> float | None:
        """How well a head noun can describe an article of ``kind`` (None: unknown word).

        The larger of two readings: the share of that kind among the KB's articles whose
        description has this head ("star" describes stars there, people in the news), and
        the share of the noun's WordNet senses whose class can name that kind, its senses
        weighted by how common they are (``CLASS_KINDS``).
        """
        key = (head, kind)
        if key not in self._kind_shares:  # asked again for every candidate of the group
            self._kind_shares[key] = self._kind_share(head, kind)
            _trim(self._kind_shares, 20000)
        return self._kind_shares[key]

    def _kind_share(self, head: str, kind: str) -> float | None:
        counts = self._kinds_by_head().get(head)
        shares = []
        if counts:
            shares.append((counts.get(kind, 0) + 0.2) / (sum(counts.values()) + 1.0))
        classes = noun_classes(head)
        if classes:
            shares.append(_sense_share(classes, kind))
        return max(shares) if shares else None

    def _kinds_by_head(self) -> dict[str, dict[str, int]]:
        if self._head_kinds is None:
            table: dict[str, dict[str, int]] = {}
            types: dict[str, dict[str, int]] = {}  # the same by the KB's own types
            for layer in self.kb.layers:  # the first 200,000 descriptions are plenty
                for desc, etype in layer.db.execute(
                        "SELECT description, etype FROM articles LIMIT 200000"):
                    h = description_head(desc)
                    if h:
                        row = table.setdefault(h, {})
                        k = type_kind(etype or "")
                        row[k] = row.get(k, 0) + 1
                        row = types.setdefault(h, {})
                        row[etype or ""] = row.get(etype or "", 0) + 1
            self._head_kinds = table
            self._head_types = types
        return self._head_kinds

    def age_clash(self, title: str, info: GroupInfo) -> float:
        """The text says the name's bearer lives while the article's person died.

        An age ("Adam Smith, 42,") or an act in the writer's week ("Michael Collins said
        on Monday"): a living namesake's.
        """
        said = {d.kind for d in info.descriptors if d.kind in LIVING}
        spans = [d.text for d in info.descriptors if d.kind == "lifespan"]
        art = self.article(title)[0] if said or spans else None
        if art is None:
            return 0.0
        if art.etype == "PERSON" and any(lifespan_clash(t, art.description) for t in spans):
            return 1.0  # "James Cook (born 1991)" is no explorer of 1728-1779
        if "age" in said and person_died(art.etype, art.description, art.extract) and \
                not any(_age_fits_then(d, art.description) for d in info.descriptors
                        if d.kind == "age"):
            return 1.0
        # News written while a person lived is read long after ("Nelson Mandela said on
        # Monday"): an act this week clashes only with a death before 1990.
        return float("now" in said and person_died(art.etype, art.description, art.extract,
                                                   NOW_BEFORE))

    def describing_words(self, title: str) -> frozenset[str]:
        """The words of an article's description and first sentence (lower case)."""
        found = self._describing.get(title)
        if found is None:
            art = self.article(title)[0]
            text = "" if art is None else f"{art.description} {first_sentence(art.extract)}"
            found = frozenset(w.lower() for w in words_of(text))
            self._describing[title] = found
            _trim(self._describing, 20000)
        return found


@dataclass(slots=True)
class GroupInfo:
    """What the document says about a group beyond its spellings, for the ranker."""

    descriptors: list[Descriptor] = field(default_factory=list)
    lower_words: frozenset[str] = frozenset()  # its one-word names the text writes in lower case
    glued: float = 0.0  # share of its mentions glued to a longer capitalised name
    abbreviates: str = ""  # the US state every mention abbreviates ("Calif." of "Napa, Calif.")


def _plural_forms(word: str) -> set[str]:
    """The word's regular plural and singular: "metres", "race", "city" of "cities".

    Irregular ones ("men") are not guessed.
    """
    forms = {word + "s", word + "es"} | singulars(word)
    if word.endswith("y") and len(word) > 2 and word[-2] not in "aeiou":
        forms.add(word[:-1] + "ies")
    return forms


def type_clash(clashes: dict[str, bool | None]) -> float:
    """1 when every head that says what the name is heads KB descriptions of other types.

    ``clashes``: each such head's ``Linker._head_clash`` for the candidate's type. Finer
    than ``kind_fit``'s kinds, which a place or a thing shares: "the river Turia" is no
    city (Turin: the KB's 54 "river" descriptions are all LOC, Turin is GPE), "the novel
    Emma" no person. Heads under ``TYPE_HEAD_SEEN`` descriptions say nothing. Untyped
    descriptions count in the total: counted out, the typed share moved, and a retraining
    on it did a little worse on the dev halves and our texts (docs/engine.md, eighteenth
    session).
    """
    known = [c for c in clashes.values() if c is not None]
    return float(bool(known) and all(known))


def slip_is_a_name(words: list[str], title: str, alias: str, person: bool) -> bool:
    """Whether the name's slip of a title's word is a name of its own (``census_names``).

    "John Bowne" is no slipped John Donne, "Zofia" no slipped Sofia (the city). A word
    of the name that the title lacks counts when the census knows it and it is within two
    edits of a title word; for a person's title, only when that word is no ordinary name
    itself or the two do not sound alike: "Micheal" Jackson, Ronald "Regan" and
    "Katherine" Hepburn are misspellings, spelled as said; "John Payne" is another man, as
    "George Ballin" is no George Carlin. ``words`` are the name's, normalised; the
    title's words count with the alias that matched (the title scan's alias is the name
    itself). Four letters at least, as the training's namesakes.
    """
    theirs = set(_words(strip_qualifier(title, comma=False)))
    if _words(alias) != words:
        theirs |= set(_words(alias))
    for w in words:
        if w in theirs or len(w) < 4 or not is_known_name(w):
            continue
        close = [t for t in theirs if OSA.distance(w, t) <= 2]
        if close and not (person and any(is_known_name(t) and sounds_alike(w, t)
                                         for t in close)):
            return True
    return False


def _sense_share(classes: tuple[str, ...], kind: str) -> float:
    """The share of a noun's senses (WordNet classes) that can name ``kind``, by use."""
    weights = SENSE_WEIGHTS[:len(classes)]
    return sum(w for w, c in zip(weights, classes, strict=False)
               if kind in CLASS_KINDS.get(c, ALL_KINDS)) / sum(weights)


def _explained(said: list[Descriptor]) -> bool:
    """Whether the text explains what the name is, as it does for names readers cannot know.

    A title is no explanation, nor "the town of X" with the place it names ("the US state
    of Texas"), nor an age ("Taylor, 27,"), nor a relation ("his rival"): only the kind,
    as the label says; those weigh through their fit (or clash) alone.
    """
    # Each "the <place> <kind> of X" brings one location with it; any more of that place
    # were said apart ("PARIS, Texas" as a dateline, then "the Texas city of Paris").
    framed = Counter(d.text for d in said if d.kind == "kind_of")
    located = Counter(d.text for d in said if d.kind == "location")
    for place, n in located.items():
        if n > sum(k for f, k in framed.items() if place in f):
            return True
    return any(KIND_ROLES[d.kind].explains and not d.relation for d in said)


_CAPITALS = re.compile(r"\b[A-Z]{2,5}\b")  # an article's acronyms ("CEO", "NASA")
_ROMAN = re.compile(r"^[IVXLCDM]+$")  # "Pope John Paul II" is no acronym of a descriptor
_ERAS = frozenset({"BC", "BCE", "AD", "CE"})
_DESC_WORD = re.compile(r"[^\W\d_]{4,}")  # "anti-apartheid" as the articles' words: two
# "(1723–1790)", "(c. 1450 – 1519)", "died 1990": the article's person is dead.
LIFESPAN = re.compile(r"\d{3,4}\s*(?:–|-|—|to)\s*(?:c\.\s*)?\d{2,4}|\bdied\b")
_COPULA = re.compile(r"\b(is|are|was|were)\b")


# The year before which a person's death makes an act in a text's week a namesake's:
# news of the living from the 1990s on is still read (``died_before``).
NOW_BEFORE = 1990
_DEATH = re.compile(r"\d{3,4}\s*(?:–|-|—|to)\s*(?:c\.\s*)?(\d{3,4})\b")


def lifespan_clash(said: str, description: str) -> bool:
    """Whether the years the text gives a person cannot be the article's person's.

    The description's years (``described_years``) may be a life's, "British explorer
    (1728–1779)", or an office's or a reign's, "Emperor of China (1908–1912)": a clash
    only where the text's years fit neither. As a life, the birth year is the article's
    (a year's slack for calendars) and a range keeps within the life ("Franklin D.
    Roosevelt (1933–1945)" is an office of 1882-1945); as an office, the bearer was born
    before it began and died after it ended ("Puyi (1906–1967)", emperor 1908-1912).
    "James Cook (born 1991)" is no explorer of 1728-1779, "Martin Luther (1895–1945)" no
    reformer of 1483-1546, "Charles Darwin (1880–1962)" no naturalist of 1809-1882.
    """
    born, died = lifespan_years(said)
    first, last = described_years(description)
    if born is None or first is None:
        return False
    # "c. 1490" on either side is a guess within a decade, not a year.
    slack = _CIRCA_SLACK if _CIRCA.search(said) or _CIRCA.search(description) else 1
    if died is None:
        return born > first + slack
    as_life = born < first - slack or (last is not None and died > last + slack)
    as_office = born > first + slack - 1 or (last is not None and died < last - slack + 1)
    return as_life and as_office


_CIRCA = re.compile(r"\b(?:c|ca)\.\s*\d|\bcirca\b", re.IGNORECASE)
_CIRCA_SLACK = 10


# Description heads of a country's states and provinces (``Linker._names_its_state``).
STATE_HEADS = frozenset({"state", "province", "territory", "region", "commonwealth"})


# Description heads of gods, people to the texts that name them.
DEITIES = frozenset({"god", "goddess", "deity", "demigod"})


def _age_fits_then(age: Descriptor, description: str) -> bool:
    """Whether an age given in a year fits the article's birth year (a year's slack).

    "Fanny Blankers-Koen, a 30-year-old mother of two, won four gold medals in 1948" is
    the athlete (1918–2004), whose death made the age a namesake's (NIL at 0.58).
    """
    born = described_years(description)[0]
    return age.year is not None and born is not None and \
        abs(age.year - born - int(age.text)) <= 1


def person_died(etype: str | None, description: str, extract: str,
                before: int | None = None) -> bool:
    """Whether a person's (or an untyped) article says they died (before ``before``).

    What ``Linker.age_clash`` and training's labels read alike.
    """
    if etype not in ("PERSON", "OTHER"):
        return False
    return said_dead(description, extract) if before is None else \
        died_before(description, extract, before)


def died_before(description: str, extract: str, year: int) -> bool:
    """Whether an article's person died before ``year``.

    Dead by ``said_dead``, in the year that ends the description's range: "(1890–1922)",
    "from 1861 to 1865". No year there, no answer: False.
    """
    if not said_dead(description, extract):
        return False
    found = _DEATH.search(description or "")
    return found is not None and int(found.group(1)) < year


def said_dead(description: str, extract: str) -> bool:
    """Whether an article says its subject died.

    Wikipedia writes of the dead in the past tense ("Napoleon Bonaparte ... was Emperor of
    the French") and of the living in the present ("Barack Obama is an American former
    politician"), whose descriptions may give an office's years ("from 2009 to 2017"): the
    first sentence's first "is" or "was" decides; without one, a lifespan or "died".
    """
    first = first_sentence(extract)
    verb = _COPULA.search(first)
    if verb is not None:
        return verb.group(1) in ("was", "were")
    return bool(LIFESPAN.search(f"{description} {first}"))


# Nouns that say a man or a woman in a descriptor; not those either may be ("host",
# "priest", "actor": "the actor Toni Morrison" is how some write it).
_SAID_MALE = frozenset(MALE_NOUNS - EITHER_NOUNS - {"actor", "host", "hero", "priest",
                                                    "chairman", "bishop", "waiter",
                                                    "steward", "guy", "lad"})
_SAID_FEMALE = frozenset(FEMALE_NOUNS - EITHER_NOUNS)


def said_gender(g: Group, info: GroupInfo) -> tuple[str | None, str | None]:
    """Whether the text makes the name a man or a woman before any pronoun is read.

    From every mention's title ("Mrs", "Sir"), what the text calls it ("spokeswoman") and
    the given name of its fullest name ("Marie"); None when it says neither, or both
    ("Barack Obama … Mrs Obama" is a grouping's slip, not a woman). The second value is
    the given name when it alone says so.
    """
    said = {s for m in g.members if (s := title_gender(m.title))}
    for d in info.descriptors:
        if d.kind in TYPE_SAYING:
            if d.head in _SAID_MALE:
                said.add("male")
            elif d.head in _SAID_FEMALE:
                said.add("female")
    words = _words(g.name)
    by_name = name_gender(words[0]) if len(words) > 1 and g.label == "PERSON" else None
    if by_name is not None and not said:
        return by_name, words[0]
    if by_name is not None:
        said.add(by_name)
    return (said.pop(), None) if len(said) == 1 else (None, None)


def lone_name(g: Group, pool: Pool) -> bool:
    """One spelling and no title, and one word or no exact KB name: NER's label is a guess."""
    lone = len({m.text for m in g.members}) == 1 and not any(m.title for m in g.members)
    no_exact = all(h != "exact" for _, _, h in pool.values())
    return lone and (len(_words(g.name)) == 1 or no_exact)


def _coverage(name_words: list[str], title: str) -> tuple[float, float]:
    """Shares of the name's words found in the title, and of the title's in the name.

    "Mike Trout" covers all of "Trout" but "Trout" only half of "Mike Trout": the text
    names something longer than the article.
    """
    tw = _words(strip_qualifier(title))
    if not name_words or not tw:
        return 0.0, 0.0

    def found(w: str, pool: list[str]) -> bool:
        return any(w == t or word_similar(w, t) >= 0.8 for t in pool)

    return (sum(found(w, tw) for w in name_words) / len(name_words),
            sum(found(t, name_words) for t in tw) / len(tw))


@functools.lru_cache(maxsize=20000)
def _title_key(title: str) -> str:
    """A title as the article texts' word runs write it: "Apple Inc." -> "apple inc"."""
    return " ".join(_GRAM_WORD.findall(strip_qualifier(title).lower()))


def _named_inside_a_sentence(word: str, text: str) -> bool:
    """Whether ``text`` writes the capitalised ``word`` (or its plural) inside a sentence.

    A start is the text's, or one after ``.``, ``!``, ``?``, ``:``, an opening quote or
    bracket. An abbreviation's full stop ("Dr. Wood") reads as one too: the starter's
    extracts have none before a thing's name.
    """
    for m in re.finditer(_written(word), text):
        i = m.start()
        while i and text[i - 1].isspace():  # the character before, spaces aside
            i -= 1
        if i and text[i - 1] not in ".!?:\"“(":
            return True
    return False


def _written(word: str) -> str:
    """A pattern for ``word`` as a text writes it, alone or with a plural's ending."""
    return rf"\b{re.escape(word)}(?:e?s)?\b"


def has_common_word(title: str) -> bool:
    """Whether a title holds a lower-case word that is no name connector ("National park")."""
    return any(w not in _TITLE_CONNECTORS for w in _LOWER_WORD.findall(title))


_ORDINAL = re.compile(r"^(?:[ivx]+|jr|sr|fils|\d+(?:st|nd|rd|th)?)$")


def _ordinal_clash(a: str, b: str) -> bool:
    """Whether two names differ in a regnal number or generation ("Jr.", "IV")."""
    wa, wb = _words(a), _words(b)
    return any(x != y and (_ORDINAL.match(x) or _ORDINAL.match(y))
               for x, y in zip(wa, wb, strict=False)) or (
        len(wa) != len(wb) and any(_ORDINAL.match(w[-1]) for w in (wa, wb) if w))


def _provisional(link: Link) -> list[str]:
    """What another group probably is: its link, else its best two guesses.

    A guess the ranker gives less than ``GUESS_FLOOR`` is no topic: a GAP text's "Jim",
    guessed Jim Henson at 0.03, made "Kelly" in a TV episode's summary Gene Kelly (0.84).
    """
    if link.title is not None:
        return [link.title]
    return [s.title for s in link.ranked[:2] if s.score >= GUESS_FLOOR]


def _article_text(art: Article) -> str:
    """The text the linker reads of an article: its description, then its extract."""
    return f"{art.description}. {art.extract}"


def _trim(cache: dict, limit: int = 5000) -> None:
    if len(cache) > limit:
        for key in list(cache)[: limit // 2]:
            del cache[key]


def _group_words(g: Group) -> set[str]:
    """Lower-cased spellings of a group's names worth looking for in another article."""
    out = set()
    for m in g.members:
        t = " ".join(_GRAM_WORD.findall(m.text.lower()))
        if len(t) >= 4 or is_acronym(m.text):
            out.add(t)
    return out


def _fit(full_words: list[str], title: str, c: Candidate) -> float:
    """How well the group's fullest name fits the article's title."""
    base = c.scores.get("match", c.similarity)
    tw = _words(strip_qualifier(title, comma=False))
    if not full_words or not tw:
        return base
    if full_words == tw:
        return max(base, 1.0)
    if full_words == _words(c.alias) and c.kind in ("redirect", "derived", "user"):
        return base  # the article's other full name ("Second World War")
    if c.kind == "short":
        return base  # the title's own words, the first left out
    if len(full_words) > 1 and len(tw) > 1:
        # Same surname, first names must agree ("Michelle Obama" is not "Barack Obama").
        first, other = full_words[0], tw[0]
        if len(first) == 1:
            if first != other[:1]:
                return min(base, 0.5)
        elif word_similar(first, other) < 0.8:
            return min(base, 0.5)
    if len(full_words) > len(_words(c.alias)) and len(tw) > 1 and not all(
            any(w == t or word_similar(w, t) >= 0.8 or (len(w) > 1 and t.startswith(w))
                for t in tw) for w in full_words):
        # Found by a shorter name; the fuller one says otherwise ("Mary Burtschi" is not
        # "Mary, Queen of Scots", nor "Indiana State University" Indiana).
        return min(base, 0.5)
    if c.kind in ("surname", "first", "acronym"):
        return base
    a, b = " ".join(full_words), " ".join(tw)
    whole = max(Levenshtein.normalized_similarity(a, b), JaroWinkler.similarity(a, b) - 0.05)
    return min(base, max(whole, base if c.kind in ("derived", "redirect") else whole))


# How a candidate was found, in the reader's words: a fact about the link, whatever
# weighed for it.
_HOW_WORDS = {
    "spelling": "a close spelling of its name",
    "far spelling": "a spelling near its name",
    "first name": "a first name the context completes",
    "demonym": "the country or people this word refers to",
    "surname": "a surname the context completes",
    "short name": "a short form of its name",
    "school name": "a school called by its own word",
    "family name": "the family the text names",
}
# The features a reader can be told counted for a link, in words. Only those that
# counted in the shipped ranker's own sum (weight x value, ``REASON_LEAST`` or more).
_FEATURE_WORDS = {
    "prior": "the usual meaning of this name",
    "support": "other names here are linked with it",
    "coherence": "other names here are linked with it",
    "topic_likeness": "the surrounding words are about what its summary is about",
    "descriptor_kind_fits": "the text calls it what its summary says it is",
    "descriptor_fits": "what the text says of it fits its summary",
}
REASON_LEAST = 0.25  # in the ranker's utility: odds moved by about a quarter or more
# "Usual" is most uses: a prior of 0.3 (Washington, D.C. for "Washington") weighs, but is
# no usual meaning.
USUAL_PRIOR = 0.5


def _explain(s: Scored, model: Model) -> str:
    """Why a link was made, in words: how its article was found, then what weighed most.

    A reason is named only where it counted in the ranker's sum for this candidate (its
    linear part: a boosted model's trees are not told apart by feature).
    """
    reasons = [_HOW_WORDS[s.how]] if s.how in _HOW_WORDS else []
    parts = sorted(((model.weight(name) * value, name) for name, value in s.features.items()
                    if value and name in _FEATURE_WORDS), reverse=True)
    for part, name in parts:
        words = _FEATURE_WORDS[name]
        if part < REASON_LEAST or len(reasons) >= 4:
            break
        if words not in reasons and not (name == "prior" and (
                s.how != "exact" or s.features["prior"] < USUAL_PRIOR)):
            reasons.append(words)
    if not reasons:
        reasons.append("the best match in the knowledge base")
    return "; ".join(reasons)
