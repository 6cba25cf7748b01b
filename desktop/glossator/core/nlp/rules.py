"""The hand-weighted linker of the first three sessions, kept as the default scorer.

The learned ranker (``ranker.py``, ``linking.Linker`` with ``scorer="learned"``) is to
replace it; until it beats these weights on the held-out halves (``benchmarks/quality.py``;
docs/engine.md has both sets of figures) the app and ``annotate`` keep them. Score =
0.20·prior + 0.30·match + 0.15·type + 0.30·context + 0.25·coherence + 0.10·alias kind, a
person/non-person clash costs 0.25 more, NIL under 0.55; a second pass gives lone one-word
person names the topic of their neighbours, a third gives names still NIL or ambiguous the
inbound coherence of the confidently linked ones. The candidates are the same registered
generators.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from glossator.core.nlp.grouping import Group, _words
from glossator.core.nlp.linking import (
    COHERENCE_WINDOW,
    TOPIC_FLOOR,
    TOPIC_NEIGHBOURS,
    TOPIC_SCALE,
    Link,
    Scored,
    _explain,
    _fit,
    _group_words,
    _provisional,
    lone_name,
    type_agreement,
)

if TYPE_CHECKING:
    from glossator.core.models import Candidate
    from glossator.core.nlp.linking import Linker

WEIGHTS = {"prior": 0.20, "match": 0.30, "type": 0.15, "context": 0.30, "coherence": 0.25,
           "kind": 0.10}
NIL_THRESHOLD = 0.55
AMBIGUOUS_MARGIN = 0.05
FAR_COHERENCE = 0.5  # a two-slip spelling needs this much coherence
_KIND = {"title": 1.0, "redirect": 1.0, "user": 1.0, "acronym": 0.9, "derived": 0.8,
         "surname": 0.6, "short": 0.5, "first": 0.2}


def link_all(linker: Linker, groups: list[Group], context: Callable[[Group], frozenset[str]],
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
        pools.append(linker._candidates(g, common))
    # name (lower case) -> indices of the groups that use it, for coherence
    doc_names: dict[str, set[int]] = {}
    for gi, g in enumerate(groups):
        for name in _group_words(g):
            doc_names.setdefault(name, set()).add(gi)
    links = []
    for gi, (g, pool) in enumerate(zip(groups, pools, strict=True)):
        if should_stop:
            should_stop()
        links.append(decide(linker, g, pool, context(g), doc_names, gi, len(groups) - 1))
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
        topic = {title: linker.topic_fit(title, others) for title, (_c, _w, how) in pool.items()
                 if "spelling" not in how}  # a topic never excuses a guessed spelling
        links[gi] = decide(linker, g, pool, context(g), doc_names, gi, len(groups) - 1,
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
        inbound = {title: linker.inbound(title, others) for title in pool}
        if any(inbound.values()):
            links[gi] = decide(linker, g, pool, context(g), doc_names, gi, len(groups) - 1,
                                     inbound=inbound)
    return links



def decide(linker: Linker, g: Group, pool: dict[str, tuple[Candidate, float, str]],
            ctx: frozenset[str], doc_names: dict[str, set[int]], own: int,
            n_others: int, topic: dict[str, float] | None = None,
            inbound: dict[str, float] | None = None) -> Link:
    """The hand-weighted score of the third session; NIL under ``NIL_THRESHOLD``."""
    if not pool:
        return Link(None, 0.0, [], why="not in the knowledge base")
    full_words = _words(g.name)
    lone = lone_name(g, pool)
    no_exact = all(h != "exact" for _, _, h in pool.values())
    scored = []
    ctx_norm = linker.weight(ctx) if ctx else 0.0
    for title, (c, weight, how) in pool.items():
        art, words, _text = linker.article(title)
        match = 0.95 if how == "demonym" else _fit(full_words, title, c) * weight
        if match < 0.6:
            continue
        ctx_score = linker.context_fit(title, ctx, ctx_norm)
        coh = linker.coherence(title, doc_names, own, n_others) if words else 0.0
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
    if best.score < threshold:
        return Link(None, _nil_confidence(best.score, threshold), scored,
                    why=f"no article fits well enough (best: {best.title})")
    conf = _confidence(best.score, margin)
    return Link(best.title, conf, scored, ambiguous=len(scored) > 1
                and margin < AMBIGUOUS_MARGIN, why=_explain(best, g.label))




def _confidence(score: float, margin: float) -> float:
    return max(0.05, min(0.99, 0.5 + 0.6 * (score - NIL_THRESHOLD) + 1.2 * margin))


def _nil_confidence(score: float, threshold: float) -> float:
    return max(0.3, min(0.95, 0.6 + (threshold - score)))


