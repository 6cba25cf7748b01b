"""Step 3: link each group of mentions to a knowledge-base article, or to nothing (NIL).

Candidates come from the look-up API (exact, normalised, then fuzzy and phonetic for
misspelled names; the KB's person first names for a lone "Steve"). Each candidate gets a
score that combines:

* ``prior``: how often the name means this article (alias weights in the KB);
* ``match``: string similarity between the group's fullest name and the article's name;
  a surname-only alias hit must also fit the group's first name;
* ``type``: the group's NER label against the article's type (derived from its
  description);
* ``context``: the document's words near the mentions against the article's extract;
* ``coherence``: the other names of the document that the article's text mentions.

The best candidate wins when its score clears the NIL threshold; otherwise the group is
NIL. A small margin over the runner-up marks the entity as ambiguous, with alternatives.
The weights were set by hand and checked on KORE50 and the first half of News-Fair-v2
(see docs/engine.md).
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from rapidfuzz import process
from rapidfuzz.distance import OSA, JaroWinkler, Levenshtein

from glossator.core.kb.gazetteer import ARTICLE_WORD
from glossator.core.kb.normalize import normalise
from glossator.core.nlp.demonyms import (
    COUNTRY_ALIASES,
    IRREGULAR,
    demonym_titles,
    looks_like_demonym,
)
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.grouping import PLACES, Group, _words, word_similar
from glossator.core.nlp.mentions import CONNECTORS, is_acronym

if TYPE_CHECKING:
    from glossator.core.kb import KnowledgeBase
    from glossator.core.kb.gazetteer import Gazetteer
    from glossator.core.models import Article, Candidate

WEIGHTS = {"prior": 0.20, "match": 0.30, "type": 0.15, "context": 0.30, "coherence": 0.25,
           "kind": 0.10}
NIL_THRESHOLD = 0.55
SPELLING_EXTRA = 0.0  # more score a guessed spelling needs
# Article-to-article tf-idf cosines: ~0.1 for two related people, under 0.03 for unrelated.
TOPIC_SCALE = 10.0
TOPIC_FLOOR = 0.03
TOPIC_NEIGHBOURS = 30  # other groups (nearest in the document) a lone name is compared to
COHERENCE_WINDOW = 40  # groups first named this many groups before or after count for coherence
AMBIGUOUS_MARGIN = 0.05
MIN_MATCH = 0.80
FAR_SIMILARITY = 0.65  # two edits in six letters; needs coherence FAR_COHERENCE
FAR_COHERENCE = 0.5
FAR_TYPES = frozenset({"GPE", "LOC", "ORG", "PERSON"})
CONTEXT_SCALE = 2.0  # tf-idf cosines of a right article are small: scaled to about 0..1
_KIND = {"title": 1.0, "redirect": 1.0, "user": 1.0, "acronym": 0.9, "derived": 0.8,
         "surname": 0.6, "short": 0.5, "first": 0.2}
_TITLE_CONNECTORS = CONNECTORS | {"des", "e"}
_LOWER_WORD = re.compile(r"(?<![\w(])[a-z]{2,}\b")
# Labels of names that are no concept: "Silk" the character is not the article Silk.
_PROPER_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP"})  # ORG: "Chemistry" of a prize
_PAREN = re.compile(r"\s*\(.*\)$")
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
    if {label, etype} <= {"ORG", "GPE", "NORP"}:
        return 0.6  # governments, peoples and their states are often mixed up
    if "PERSON" in (label, etype):
        return 0.0
    return 0.3


class Linker:
    """Link groups against one knowledge base, caching look-ups per distinct name."""

    def __init__(self, kb: KnowledgeBase, gazetteer: Gazetteer | None = None,
                 stop_words: frozenset[str] = frozenset()) -> None:
        self.kb = kb
        self.gazetteer = gazetteer
        self.stop_words = stop_words
        self._exact: dict[str, list[Candidate]] = {}
        self._fuzzy: dict[str, list[Candidate]] = {}
        self._articles: dict[str, tuple[Article | None, frozenset[str], str]] = {}
        self._norms: dict[str, float] = {}
        self._close: dict[str, list[Candidate]] = {}
        self._grams: dict[str, frozenset[str]] = {}

    # ------------------------------------------------------------ cached KB access

    def exact(self, name: str) -> list[Candidate]:
        key = normalise(name)
        if key not in self._exact:
            self._exact[key] = self.kb.lookup(name) if key else []
            _trim(self._exact)
        return self._exact[key]

    def known_titles(self, name: str) -> frozenset[str]:
        """Titles this name is a full alias of (not a surname or acronym), for the grouper.

        Derived names count: "New York" is New York (state) without its qualifier.
        """
        return frozenset(c.title for c in self.exact(name)
                         if c.kind in ("title", "redirect", "derived"))

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
                text = f"{art.description}. {art.extract}"
                words = frozenset(w.lower() for w in ARTICLE_WORD.findall(text)) - \
                    self.stop_words
                self._articles[title] = (art, words, text.lower())
            _trim(self._articles, 20000)
        return self._articles[title]

    def close_titles(self, name: str) -> list[Candidate]:
        """Typed articles whose name is one or two edits from ``name`` (last resort).

        The alias index misses some spellings with two edits ("Grecee", "Mxeco"); this
        scans every typed title once with rapidfuzz. Same first letter, five letters or
        more, at most two edits (a swap is one) and one per four letters; never for words the
        extracts themselves use.
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
        limit = min(2, len(key) // 4)
        for _name, dist, i in process.extract(key, g.typed_names, scorer=OSA.distance,
                                              score_cutoff=limit, limit=5):
            title, etype = g.typed_titles[i]
            if _name[:1] != key[:1] or (" " in _name) != (" " in key):
                continue
            sim = 1.0 - dist / max(len(key), len(_name))
            found.append(Cand(title=title, alias=name, kind="title", prior=1.0, similarity=sim,
                              etype=etype, scores={"match": sim, "prior": 1.0}))
        self._close[key] = found
        _trim(self._close)
        return found

    def idf(self, word: str) -> float:
        """How telling a word is (idf over the KB's extracts; 1 without a gazetteer)."""
        g = self.gazetteer
        return g.word_idf(word) if g is not None and g.articles else 1.0

    def weight(self, words: frozenset[str]) -> float:
        """The length of a set of words as a tf-idf vector (binary tf)."""
        return math.sqrt(sum(self.idf(w) ** 2 for w in words))

    def context_fit(self, title: str, ctx: frozenset[str], ctx_norm: float) -> float:
        """Tf-idf cosine between the document's words and the article's, scaled to 0..1."""
        words = self.article(title)[1]
        if not words or not ctx or not ctx_norm:
            return 0.0
        norm = self._norms.get(title)
        if norm is None:
            norm = self._norms[title] = self.weight(words)
            _trim(self._norms, 20000)
        shared = sum(self.idf(w) ** 2 for w in words & ctx)
        return min(1.0, CONTEXT_SCALE * shared / (norm * ctx_norm))

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

    # ---------------------------------------------------------------- linking

    def link_all(self, groups: list[Group], context: Callable[[Group], frozenset[str]],
                 should_stop: Callable[[], None] | None = None,
                 common: frozenset[str] = frozenset()) -> list[Link]:
        """Link every group; ``context`` gives the document words around a group.

        ``common`` holds the words the document also writes in lower case: such a word,
        capitalised, is never taken for a misspelled name ("Crate" is not Crete).
        """
        pools = []
        for g in groups:
            if should_stop:
                should_stop()
            pools.append(self._candidates(g, common))
        # name (lower case) -> indices of the groups that use it, for coherence
        doc_names: dict[str, set[int]] = {}
        for gi, g in enumerate(groups):
            for name in _group_words(g):
                doc_names.setdefault(name, set()).add(gi)
        links = []
        for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
            if should_stop:
                should_stop()
            links.append(self._decide(g, pool, context(g), doc_names, gi, len(groups) - 1))
        # Second pass for lone one-word person names ("Steve", "Davis") left NIL or
        # ambiguous: the candidate whose article is about the same things as the
        # document's other entities wins ("Steve" beside "Bill" and Microsoft: Jobs, Gates).
        for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
            link = links[gi]
            if len(pool) < 2 or len(_words(g.name)) != 1 or not (
                    link.title is None or link.ambiguous) or not any(
                    c.etype == "PERSON" for c, _, _ in pool.values()):
                continue
            if should_stop:
                should_stop()
            near = sorted(range(len(groups)), key=lambda j: abs(j - gi))[1:TOPIC_NEIGHBOURS + 1]
            others = {t for j in near for t in _provisional(links[j])}
            if not others:
                continue
            topic = {title: self.topic_fit(title, others) for title, (_c, _w, how) in pool.items()
                     if "spelling" not in how}  # a topic never excuses a guessed spelling
            links[gi] = self._decide(g, pool, context(g), doc_names, gi, len(groups) - 1,
                                     topic)
        # Third pass, for groups still NIL or ambiguous: a candidate that the articles of
        # the document's confidently linked names speak of is more likely ("Indya" beside
        # Delhi, whose summary says "India"). Coherence the other way round.
        settled = [i for i, link in enumerate(links) if link.title is not None
                   and not link.ambiguous and link.confidence >= 0.5]
        for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
            link = links[gi]
            if not pool or not (link.title is None or link.ambiguous) or not settled:
                continue
            if should_stop:
                should_stop()
            near = sorted((j for j in settled if j != gi and abs(j - gi) <= COHERENCE_WINDOW),
                          key=lambda j: abs(j - gi))
            others = {links[j].title for j in near[:TOPIC_NEIGHBOURS]} - set(pool)
            inbound = {title: self.inbound(title, others) for title in pool}
            if any(inbound.values()):
                links[gi] = self._decide(g, pool, context(g), doc_names, gi, len(groups) - 1,
                                         inbound=inbound)
        return links

    def inbound(self, title: str, others: set[str]) -> float:
        """How many of ``others``' articles name ``title`` (scaled to 0..1, two is plenty)."""
        key = " ".join(_GRAM_WORD.findall(_PAREN.sub("", title).split(",")[0].lower()))
        if len(key) < 4:
            return 0.0
        hits = sum(1 for other in others if key in self.grams(other))
        return min(1.0, hits / 2)

    def topic_fit(self, title: str, others: set[str]) -> float:
        """Tf-idf cosine of ``title``'s article with the closest of ``others``' articles."""
        words = self.article(title)[1]
        if not words:
            return 0.0
        norm = self._norms.get(title) or self.weight(words)
        best = 0.0
        for other in others:
            if other == title:
                continue
            ow = self.article(other)[1]
            if not ow:
                continue
            on = self._norms.get(other) or self.weight(ow)
            self._norms[other] = on
            best = max(best, sum(self.idf(w) ** 2 for w in words & ow) / (norm * on))
        return best

    def _candidates(self, g: Group, common: frozenset[str] = frozenset()
                    ) -> dict[str, tuple[Candidate, float, str]]:
        """title -> (best candidate, name weight, how) over the group's spellings."""
        pool: dict[str, tuple[Candidate, float, str]] = {}
        spellings = sorted({m.text for m in g.members}, key=lambda t: -len(_words(t)))
        full = len(_words(g.name))

        def offer(c: Candidate, weight: float, how: str) -> None:
            held = pool.get(c.title)
            value = c.scores.get("match", c.similarity) * weight
            if held is None or value > held[0].scores.get("match", 0) * held[1]:
                pool[c.title] = (c, weight, how)

        words = g.name.split()
        lone_first = len(words) == 1 and name_gender(words[0]) is not None
        # NER guesses the type of an unknown (misspelled) name poorly: a group with no
        # title and no exact KB entry keeps its label loosely.
        weak_label = g.label != "NORP" and not any(m.title for m in g.members) and not any(
            self.exact(t) for t in spellings)  # NORP is seldom wrong: "Democrats" is no person
        for text in spellings:
            weight = 1.0 if len(_words(text)) >= full else 0.9
            if is_acronym(text):
                weight = 0.95
            exact = self.exact(text)
            for c in exact:
                if g.label in _PROPER_LABELS and c.etype == "OTHER" and \
                        text.lower() in common and len(_words(text)) == 1:
                    continue  # "Silk", a character, in a text that also speaks of silk
                offer(c, weight, "exact")
            if is_acronym(text) or lone_first or any(
                    c.kind in ("title", "redirect", "user") for c in exact):
                continue
            one_word = len(_words(text)) == 1
            if one_word and (text.lower() in common or (self.gazetteer is not None
                             and text.lower() in self.gazetteer.vocabulary)):
                continue  # a word of known names ("Atlantic") or of the text is no misspelling
            for c in self.fuzzy(text):
                # A guessed spelling must at least be the same kind of thing; a lone
                # word must also look and sound alike ("Sharp" is not "Tharp").
                if c.title in pool or (
                        type_agreement(g.label, c.etype) < 0.6 and not weak_label):
                    continue
                if c.etype == "OTHER" or c.kind == "acronym" or _has_common_word(c.alias):
                    # "Sharp" is no misspelling of "Shark", nor "Beck" of "BEC", nor
                    # "National Party" of the common noun "National park".
                    continue
                if normalise(text) in (normalise(c.alias) + "s", normalise(c.alias) + "es"):
                    continue  # "the Curies" are a family, not a misspelled "Curie"
                if _ordinal_clash(text, c.alias):
                    continue  # "Charles Jr." is no misspelled "Charles I", nor "Henry IV" "Henry V"
                near = c.scores.get("match", 0) >= MIN_MATCH and not (one_word and (
                    c.similarity < (0.7 if c.phonetic else 0.8) or (
                        not c.phonetic and normalise(c.alias)[:1] != normalise(text)[:1])))
                if near:
                    offer(c, weight, "spelling")
                elif one_word and full == 1 and _far_spelling(text, c):
                    # Two slips only in a name of one word: "Red Sox" is no "Red Sea".
                    offer(c, weight, "far spelling")
        if not lone_first and spellings[0].lower() not in common and all(
                how == "far spelling" for _, _, how in pool.values()):
            for c in self.close_titles(spellings[0]):
                if type_agreement(g.label, c.etype) >= 0.6 or weak_label:
                    pool[c.title] = (c, 1.0, "spelling")  # within the edits its length allows
        if len(words) == 1 and self.gazetteer is not None and (
                g.label == "NORP" or words[0].lower() in COUNTRY_ALIASES
                or words[0].lower() in IRREGULAR
                or (g.label != "PERSON" and looks_like_demonym(words[0]))):
            # "Italian" -> Italy, "Britain" -> United Kingdom.
            for rank, title in enumerate(demonym_titles(words[0], self.gazetteer.places)[:3]):
                art = self.article(title)[0]
                if art is not None and title not in pool:
                    pool[title] = (_made_up(title, words[0], art.etype, 1.0 if rank == 0
                                            else 0.3, kind="title"), 1.0, "demonym")
        exact_fit = any(type_agreement(g.label, c.etype) >= 0.9 for c, _, how in pool.values()
                        if how in ("exact", "demonym"))
        if not exact_fit and not pool and self.gazetteer is not None and 1 < len(words) <= 3:
            # "World Cup(s)" for "FIFA World Cup" and "Rugby World Cup": context decides.
            key = " ".join(words).lower()
            heads = self.gazetteer.heads.get(key) or self.gazetteer.heads.get(
                key.removesuffix("s"), [])
            for title in heads[:20]:
                pool[title] = (_made_up(title, g.name, "EVENT", 0.8 / len(heads),
                                        kind="short"), 1.0, "short name")
        if not exact_fit and self.gazetteer is not None and len(words) == 1:
            key = words[0].lower()
            if g.label in ("PERSON", "", "MISC") and not pool:
                # A lone first name ("Steve"): the KB's people with that first name.
                people = self.gazetteer.first_names.get(key, [])[:40]
                for title in people:  # a first name alone is weak evidence
                    pool[title] = (_made_up(title, words[0], "PERSON", 0.5 / len(people)),
                                   1.0, "first name")
            if g.label in ("PERSON", "", "MISC") or not pool:
                # A lone surname ("Hendrix"): the KB's people with that last name.
                people = self.gazetteer.surnames.get(key, [])[:40]
                for title in people:
                    if title not in pool:
                        pool[title] = (_made_up(title, words[0], "PERSON", 1 / len(people),
                                                kind="surname"), 1.0, "surname")
            if g.label == "GPE" and not pool:
                # "Vegas" for "Las Vegas": a place called by the last word of its name.
                tails = self.gazetteer.tails.get(key, [])[:10]
                for title in tails:
                    pool[title] = (_made_up(title, words[0], "GPE", 0.8 / len(tails),
                                            kind="short"), 1.0, "short name")
            if (g.label not in ("PERSON",) or not pool) and key not in common:
                # "Stanford" for "Stanford University"; but "Major" in a text that also
                # writes "major" is no Major League Baseball.
                heads = self.gazetteer.heads.get(key, [])[:20]
                for title in heads:
                    if g.label == "GPE" and self.article(title)[0] is not None and \
                            self.article(title)[0].etype != "GPE":
                        continue  # "Denver, Colorado": a state, never the Colorado River
                    if title not in pool:
                        pool[title] = (_made_up(title, words[0], "ORG", 0.8 / len(heads)),
                                       1.0, "short name")
        return pool

    def _decide(self, g: Group, pool: dict[str, tuple[Candidate, float, str]],
                ctx: frozenset[str], doc_names: dict[str, set[int]], own: int,
                n_others: int, topic: dict[str, float] | None = None,
                inbound: dict[str, float] | None = None) -> Link:
        if not pool:
            return Link(None, 0.0, [], why="not in the knowledge base")
        full_words = _words(g.name)
        lone = len({m.text for m in g.members}) == 1 and not any(m.title for m in g.members)
        no_exact = all(h != "exact" for _, _, h in pool.values())
        lone = lone and (len(full_words) == 1 or no_exact)
        scored = []
        ctx_norm = self.weight(ctx) if ctx else 0.0
        for title, (c, weight, how) in pool.items():
            art, words, _text = self.article(title)
            match = 0.95 if how == "demonym" else _fit(full_words, title, c) * weight
            if match < 0.6:
                continue
            ctx_score = self.context_fit(title, ctx, ctx_norm)
            coh = 0.0
            if n_others and words:
                grams = self.grams(title)
                hit: set[int] = set()
                for name in grams & doc_names.keys():
                    hit |= doc_names[name]
                hit.discard(own)
                # Names far away in a book are about other things: only the groups first
                # named near this one (groups are in order of first mention) vouch for it.
                hit = {j for j in hit if abs(j - own) <= COHERENCE_WINDOW}
                coh = min(1.0, len(hit) / max(2.0, min(4.0, 0.5 * n_others)))
            if topic:
                coh = max(coh, min(1.0, TOPIC_SCALE * max(0.0, topic.get(title, 0.0)
                                                          - TOPIC_FLOOR)))
            if inbound:
                coh = max(coh, inbound.get(title, 0.0))
            if how == "far spelling" and coh < FAR_COHERENCE:
                continue  # two slips and no other name vouching for it: no guess
            etype = art.etype if art is not None else c.etype
            type_fit = 1.0 if how == "demonym" else type_agreement(g.label, etype)
            if lone and how.endswith("spelling"):
                type_fit = 0.5  # an unknown (misspelled) name: NER's label is a guess
            elif no_exact and how.endswith("spelling"):
                # Several spellings, none known: the label voted over guesses is no better.
                type_fit = max(type_fit, 0.5)
            elif type_fit == 0.0 and lone:
                type_fit = 0.3  # NER's label on a lone or unknown name is a weak guess
            feats = {
                "prior": c.prior,
                "match": match,
                "type": type_fit,
                "context": ctx_score,
                "coherence": coh,
                "kind": _KIND.get(c.kind, 0.5),
            }
            score = sum(WEIGHTS[k] * v for k, v in feats.items())
            if feats["type"] == 0.0:
                score -= 0.25  # a person is never a country, whatever the spelling
            scored.append(Scored(title, feats, score, etype, how))
        if not scored:
            return Link(None, 0.0, [], why="no article fits this name")
        scored.sort(key=lambda s: -s.score)
        best = scored[0]
        runner = scored[1].score if len(scored) > 1 else 0.0
        margin = best.score - runner
        threshold = NIL_THRESHOLD
        if best.how.endswith("spelling"):
            threshold += SPELLING_EXTRA  # a guessed spelling needs the context on its side
        if best.score < threshold:
            return Link(None, _nil_confidence(best.score, threshold), scored,
                        why=f"no article fits well enough (best: {best.title})")
        conf = _confidence(best.score, margin)
        return Link(best.title, conf, scored, ambiguous=len(scored) > 1
                    and margin < AMBIGUOUS_MARGIN, why=_explain(best))


def _far_spelling(text: str, c: Candidate) -> bool:
    """Two slips in a longer name ("Tukery", "Micsooft"): a candidate only with support.

    Places, bodies and people only, same first letter, six letters or more; the linker
    keeps such a guess only when the document's other names are linked with it.
    """
    a, b = normalise(text), normalise(c.alias)
    return (c.etype in FAR_TYPES and c.kind in ("title", "redirect", "derived")
            and len(a) >= 6 and a[:1] == b[:1] and c.similarity >= FAR_SIMILARITY
            and c.scores.get("match", 0) >= FAR_SIMILARITY)


def _has_common_word(title: str) -> bool:
    """Whether a title holds a lower-case word that is no name connector ("National park")."""
    return any(w not in _TITLE_CONNECTORS for w in _LOWER_WORD.findall(title))


_ORDINAL = re.compile(r"^(?:[ivx]+|jr|sr|\d+(?:st|nd|rd|th)?)$")


def _ordinal_clash(a: str, b: str) -> bool:
    """Whether two names differ in a regnal number or generation ("Jr.", "IV")."""
    wa, wb = _words(a), _words(b)
    return any(x != y and (_ORDINAL.match(x) or _ORDINAL.match(y))
               for x, y in zip(wa, wb, strict=False)) or (
        len(wa) != len(wb) and any(_ORDINAL.match(w[-1]) for w in (wa, wb) if w))


def _provisional(link: Link) -> list[str]:
    """What another group probably is: its link, else its best two guesses."""
    if link.title is not None:
        return [link.title]
    return [s.title for s in link.ranked[:2]]


def _made_up(title: str, alias: str, etype: str, prior: float = 0.0, kind: str = "first"
             ) -> Candidate:
    from glossator.core.models import Candidate as Cand

    return Cand(title=title, alias=alias, kind=kind, prior=prior, similarity=1.0,
                etype=etype, scores={"match": 0.8 if kind == "first" else 0.9,
                                     "prior": prior})


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
    tw = _words(_PAREN.sub("", title))
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


def _confidence(score: float, margin: float) -> float:
    return max(0.05, min(0.99, 0.5 + 0.6 * (score - NIL_THRESHOLD) + 1.2 * margin))


def _nil_confidence(score: float, threshold: float) -> float:
    return max(0.3, min(0.95, 0.6 + (threshold - score)))


def _explain(s: Scored) -> str:
    reasons = []
    f = s.features
    if s.how == "spelling":
        reasons.append("a close spelling of its name")
    elif s.how == "far spelling":
        reasons.append("a spelling near its name")
    elif s.how == "first name":
        reasons.append("a first name the context completes")
    elif s.how == "demonym":
        reasons.append("the country or people this word refers to")
    elif s.how == "surname":
        reasons.append("a surname the context completes")
    elif s.how == "short name":
        reasons.append("a short form of its name")
    if f["context"] >= 0.3:
        reasons.append("the surrounding words fit its summary")
    if f["coherence"] >= 0.3:
        reasons.append("other names here are linked with it")
    if f["prior"] >= 0.7 and s.how == "exact":
        reasons.append("the usual meaning of this name")
    elif f["type"] >= 1.0 and s.how == "exact":
        reasons.append("the kind of thing the text names")
    if not reasons:
        reasons.append("the best match in the knowledge base")
    return "; ".join(reasons)
