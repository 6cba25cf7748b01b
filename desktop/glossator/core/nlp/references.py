"""Unclear references: which entity "she", "the firm" or "Moscow said" most likely means.

Rule-based on spaCy's dependency parse. For every third-person pronoun (not the empty
"it" of "it is raining"), every definite description whose head noun names a kind of
thing ("the firm", "the former president") and every capital or palace that speaks for a
government, the candidates in a window of a few sentences are scored on agreement
(number, gender, person or thing), grammatical role (subjects are salient), recency,
parallelism, binding (reflexives take their clause's subject; "him" is not its verb's
subject), cataphora inside a sentence ("For his part, Smith said") and frequency.
Nameless noun phrases ("the officer", "the plan") compete too, so that a pronoun about
something without a name is not forced onto a named entity. Scores become a probability
(softmax with a "none of these" option); below the threshold the reference is returned
as unclear (entity None). The threshold and weights were tuned on GAP development data,
see docs/references.md.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from glossator.core.nlp.ref_facts import EntityFacts, gather_facts
from glossator.core.nlp.ref_lexicon import (
    BUSINESS_NOUNS,
    CITY_NOUNS,
    COUNTRY_NOUNS,
    DESCRIPTION_NOUNS,
    FEMALE_NOUNS,
    FIRST_PERSON,
    GENERIC_ADJECTIVES,
    GENERIC_NOUNS,
    MAKER_WORDS,
    MALE_NOUNS,
    NOT_BUSINESS,
    PERSON_NOUNS,
    PRONOUNS,
    REGION_NOUNS,
    SEATS,
    SPEECH_VERBS,
    TIME_NOUNS,
    country_words,
)
from glossator.core.nlp.ref_syntax import (
    article,
    clause_of,
    clause_subject,
    is_main_subject,
    is_main_verb,
    lost_subject,
    own_noun_phrase,
    pleonastic,
    quoted_tokens,
    role_of,
    shared_subject,
    year_old,
)
from glossator.core.nlp.types import Entity, Mention

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from glossator.core.kb import KnowledgeBase

# Below this probability a reference is reported as unclear: "more likely than all the
# other candidates and 'none of these' together" (a choice, not tuned; see the sweeps).
DEFAULT_THRESHOLD = 0.5
# Resolved references at least this sure become antecedents for later pronouns.
CHAIN_THRESHOLD = 0.7


@dataclass(slots=True)
class Weights:
    """The scoring weights; a dataclass so benchmarks can tune them."""

    role: dict[str, float] = field(default_factory=lambda: {
        "subj": 0.6, "obj": 0.5, "poss": 0.3, "pobj": 0.2, "mod": 0.2, "other": 0.4,
        "root": 0.6})
    main_subject: float = 0.1
    distance: tuple[float, ...] = (0.5, 0.3, 0.0, -0.3)
    parallel: float = 0.3
    salience: float = 0.0
    unknown_gender: float = 0.0  # neutral: GAP preferred +0.1, a quirk of its texts
    nameless_person: float = -0.6
    nameless_thing: float = 0.0
    cataphora: float = 0.6
    reflexive: float = 3.0
    possessive_subject: float = 0.8
    same_clause_pobj: float = -1.0
    temperature: float = 0.5
    null_score: float = 0.0
    token_distance: float = 0.01
    conj: float = -0.9
    learn_gender: bool = True
    higher_subject: float = 0.5
    rank: float = 0.1
    description_window: int = 8
    description_salience: float = 0.3
    description_null: float = 0.0
    quote_speaker: float = -1.0
    she_thing: float = -0.6  # "she" for a country or a ship, against a woman's name


WEIGHTS = Weights()


@dataclass(slots=True)
class _Anchor:
    """An earlier (or, for cataphora, later) mention a reference may point back to."""

    key: str  # entity id, or "np:<token>" for a nameless noun phrase
    entity: str | None
    tok: int
    sent: int
    role: str
    main: bool
    kind: str  # person / thing / group
    gender: str | None
    text: str
    source: str  # name / ref / np
    lemma: str = ""
    conj: bool = False  # a later member of a list: "Smith, Jones and Brown"
    shared: bool = False  # one of a list of subjects, or the subject of a relative clause


@dataclass(slots=True)
class Candidate:
    """One scored candidate for a reference."""

    key: str
    entity: str | None
    text: str
    score: float
    reason: str
    prob: float = 0.0
    factor: float = 1.0  # the chance that a nameless stand-in really is this entity


@dataclass(slots=True)
class ScoredReference:
    """A reference with its ranked candidates, before the threshold is applied."""

    start: int
    end: int
    text: str
    form: str  # pronoun / description / metonym
    candidates: list[Candidate]
    note: str = ""  # why there is no candidate at all

    @property
    def best(self) -> Candidate | None:
        """The top candidate, named or nameless (None when there is none)."""
        return self.candidates[0] if self.candidates else None

    @property
    def best_entity(self) -> Candidate | None:
        """The top candidate if it is a named entity."""
        b = self.best
        return b if b is not None and b.entity is not None else None

    def to_mention(self, threshold: float = DEFAULT_THRESHOLD) -> Mention:
        """The reference as a Mention: the entity when sure enough, else unclear.

        ``confidence`` is the probability of the best guess in both cases, so an unclear
        reference with 0.45 was a near miss and one with 0.1 a shot in the dark.
        """
        q = f"'{self.text}'"
        b = self.best
        if b is not None and b.entity is not None and b.prob >= threshold:
            return Mention(self.start, self.end, self.text, "reference", b.entity,
                           round(b.prob, 3), f"{q}: {b.reason}")
        if b is None:
            why = f"{q}: unclear, {self.note or 'nothing earlier fits'}"
            conf = 0.0
        elif b.entity is None:
            why = f"{q}: unclear, probably {b.text}, which has no name here"
            conf = b.prob
        else:
            runner = next((c for c in self.candidates[1:] if c.entity is not None), None)
            alt = f" or {runner.text}" if runner is not None and runner.prob >= 0.1 else ""
            why = f"{q}: unclear, perhaps {b.text}{alt}"
            conf = b.prob
        return Mention(self.start, self.end, self.text, "reference", None, round(conf, 3), why)


def resolve_references(doc: Doc, entities: list[Entity], mentions: list[Mention],
                       kb: KnowledgeBase | None = None, *,
                       threshold: float = DEFAULT_THRESHOLD,
                       unmentioned: dict[str, EntityFacts] | None = None) -> list[Mention]:
    """Reference mentions (pronouns, descriptions, metonyms) for a parsed document.

    ``unmentioned``: one dict per document read in pieces, where the facts of the
    entities a piece does not name are kept from piece to piece (see ``gather_facts``).
    """
    return [r.to_mention(threshold)
            for r in score_references(doc, entities, mentions, kb, unmentioned=unmentioned)]


def score_references(doc: Doc, entities: list[Entity], mentions: list[Mention],
                     kb: KnowledgeBase | None = None,
                     weights: Weights = WEIGHTS, *,
                     unmentioned: dict[str, EntityFacts] | None = None
                     ) -> list[ScoredReference]:
    """Every reference with its ranked, scored candidates (no threshold applied).

    Needs the dependency parse; a document parsed without it has no references.
    """
    if len(doc) == 0 or not doc.has_annotation("DEP"):
        return []
    return _Resolver(doc, entities, mentions, kb, weights, unmentioned).run()


# ---------------------------------------------------------------------------------------

_SKIP_ENT_TYPES = {"DATE", "TIME", "MONEY", "PERCENT", "QUANTITY", "CARDINAL", "ORDINAL"}
_DETS = {"the", "this", "that", "these", "those"}
_KIND_WORD = {("person", "male"): "man", ("person", "female"): "woman",
              ("person", None): "person", ("thing", None): "thing", ("group", None): "group"}
_LABEL_WORD = {"ORG": "organisation", "GPE": "place", "LOC": "place", "FAC": "place",
               "NORP": "group", "PRODUCT": "product", "EVENT": "event",
               "WORK_OF_ART": "work", "LAW": "law"}
_DIST_WORDS = ("earlier in the sentence", "in the previous sentence", "two sentences back",
               "three sentences back")


class _Resolver:
    """One document's resolution, in text order."""

    def __init__(self, doc: Doc, entities: list[Entity], mentions: list[Mention],
                 kb: KnowledgeBase | None, weights: Weights,
                 unmentioned: dict[str, EntityFacts] | None = None) -> None:
        self.doc = doc
        self.w = weights
        self.facts = gather_facts(doc, entities, mentions, kb, unmentioned)
        # Facts shared with the document's other pieces: copied before they change.
        self._unmentioned = unmentioned or {}
        self.sent_of = [0] * len(doc)
        self.sent_start: list[int] = []
        for si, sent in enumerate(doc.sents):
            self.sent_start.append(sent.start)
            for i in range(sent.start, sent.end):
                self.sent_of[i] = si
        self.in_quote = quoted_tokens(doc)
        self.names = [m for m in mentions if m.kind == "name" and m.entity in self.facts]
        self.anchors: dict[int, list[_Anchor]] = defaultdict(list)  # by sentence
        self.desc_best: dict[int, Candidate] = {}  # description head -> its named best
        self.in_name: dict[int, Mention] = {}
        self.name_roots: list[tuple[int, Mention]] = []
        # Names the parse hid inside an opening phrase: name root -> the verb it is subject of
        self.lost: dict[int, Token] = {}
        self.count_before: dict[str, list[int]] = defaultdict(list)  # entity -> token indexes
        for m in self.names:
            span = doc.char_span(m.start, m.end, alignment_mode="expand")
            if span is None or len(span) == 0:
                continue
            for i in range(span.start, span.end):
                self.in_name[i] = m
            self.name_roots.append((span.root.i, m))
            verb = lost_subject(span.root)
            if verb is not None:
                self.lost[span.root.i] = verb
        self.lost_by_verb = {v.i: i for i, v in self.lost.items()}
        for root, m in self.name_roots:
            self._add_name_anchor(root, m)
        self._people_by_cataphora()
        self._add_nameless_anchors()

    def _own(self, eid: str) -> EntityFacts:
        """This piece's own facts of an entity, to change."""
        f = self.facts[eid]
        if self._unmentioned.get(eid) is f:
            f = self.facts[eid] = f.copy()
        return f

    # -- anchors ---------------------------------------------------------------------

    def _add_name_anchor(self, root: int, m: Mention) -> None:
        f = self.facts[m.entity or ""]
        tok = self.doc[root]
        kind = "person" if f.person else ("group" if f.label == "NORP" else "thing")
        verb = self.lost.get(root)
        role, main = ("subj", is_main_verb(verb)) if verb is not None else (
            role_of(tok), is_main_subject(tok))
        self.anchors[self.sent_of[root]].append(_Anchor(
            f.id, f.id, root, self.sent_of[root], role, main, kind,
            f.gender, f.name, "name", conj=tok.dep_ == "conj" and verb is None,
            shared=verb is None and shared_subject(tok)))
        self.count_before[f.id].append(root)

    def _add_nameless_anchors(self) -> None:
        for tok in self.doc:
            if tok.pos_ != "NOUN" or tok.i in self.in_name or tok.ent_type_ in _SKIP_ENT_TYPES:
                continue
            if tok.dep_ in ("compound", "attr", "appos", "npadvmod", "nmod", "amod"):
                continue
            if any(c.dep_ == "appos" and c.i in self.in_name for c in tok.children):
                continue
            lemma = tok.lemma_.lower()
            if lemma in TIME_NOUNS:
                continue
            plural = tok.tag_ == "NNS"
            if lemma in PERSON_NOUNS or tok.lower_ in PERSON_NOUNS:
                kind = "group" if plural else "person"
                gender = ("male" if lemma in MALE_NOUNS else
                          "female" if lemma in FEMALE_NOUNS else None)
            else:
                kind = "group" if plural else "thing"
                gender = None
            det = next((c.lower_ for c in tok.children if c.dep_ in ("det", "poss")), "")
            text = f"'{det + ' ' if det else ''}{tok.text}'"
            self.anchors[self.sent_of[tok.i]].append(_Anchor(
                f"np:{tok.i}", None, tok.i, self.sent_of[tok.i], role_of(tok),
                is_main_subject(tok), kind, gender, text, "np", lemma))

    def _window(self, sent: int, back: int) -> list[_Anchor]:
        out: list[_Anchor] = []
        for s in range(max(0, sent - back), sent + 1):
            out.extend(self.anchors.get(s, ()))
        return out

    def _salience(self, key: str, before: int) -> float:
        n = sum(1 for i in self.count_before.get(key, ()) if i < before)
        return self.w.salience * math.log1p(n)

    # -- the pass ---------------------------------------------------------------------

    def run(self) -> list[ScoredReference]:
        out: list[ScoredReference] = []
        first_person: list[Token] = []
        metonyms = {root: m for root, m in self.name_roots}
        for tok in self.doc:
            if tok.i in metonyms:
                r = self._metonym(tok, metonyms[tok.i])
                if r is not None:
                    out.append(r)
                continue
            low = tok.lower_
            if low in FIRST_PERSON and self.in_quote[tok.i] and tok.i not in self.in_name:
                first_person.append(tok)
                continue
            if low in PRONOUNS and tok.tag_ in ("PRP", "PRP$") and tok.i not in self.in_name:
                if low == "it" and pleonastic(tok):
                    continue
                later = self._later_subject_pronoun(tok)
                r = self._pronoun(tok) if later is None else self._as_pronoun(tok, later)
            elif tok.i not in self.in_name and (tok.pos_ == "NOUN" or (
                    tok.pos_ == "PROPN" and tok.lower_ in PERSON_NOUNS) or year_old(tok)):
                r = self._description(tok)
            else:
                continue
            if r is None:
                continue
            out.append(r)
            b = r.best
            if r.form == "description" and b is not None and b.entity is not None:
                self.desc_best[tok.i] = b
            if b is not None and b.prob >= CHAIN_THRESHOLD:
                self._chain(tok, b)
        # Quoted "I" last, once "he said" after the quote has been resolved.
        for tok in first_person:
            r = self._speaker(tok)
            if r is not None:
                out.append(r)
        out.sort(key=lambda r: r.start)
        return out

    def _by_surname(self, tok: Token, sent: int) -> _Anchor | None:
        """The one person entity whose name ends with this word, as an anchor here."""
        found = [f for f in self.facts.values()
                 if f.person and f.name.split() and f.name.split()[-1] == tok.text]
        if len(found) != 1:
            return None
        f = found[0]
        return _Anchor(f.id, f.id, tok.i, sent, "subj", False, "person", f.gender, f.name,
                       "name")

    def _speaker(self, p: Token) -> ScoredReference | None:
        """Quoted "I", "me", "my": the speaker, when a speech verb names one nearby."""
        found = self._find_speaker(p)
        if found is None:
            return None
        a, subj, verb, ds, prob = found
        where = "in the same sentence" if ds == 0 else "next to the quotation"
        c = Candidate(a.key, a.entity, a.text, 0.0,
                      f"{a.text}, who speaks in this quotation ('{subj.text} {verb.text}' "
                      f"{where})", prob)
        return ScoredReference(p.idx, p.idx + len(p.text), p.text, "pronoun", [c])

    def _find_speaker(self, p: Token) -> tuple[_Anchor, Token, Token, int, float] | None:
        """Who speaks the quotation around ``p``: a named subject of a nearby speech verb."""
        s = self.sent_of[p.i]
        for ds, prob in ((0, 0.9), (1, 0.8), (-1, 0.7), (2, 0.7)):
            si = s + ds
            if not 0 <= si < len(self.sent_start):
                continue
            end = self.sent_start[si + 1] if si + 1 < len(self.sent_start) else len(self.doc)
            for tok in self.doc[self.sent_start[si]:end]:
                if self.in_quote[tok.i] or tok.lemma_.lower() not in SPEECH_VERBS or \
                        tok.pos_ not in ("VERB", "AUX"):
                    continue
                verb = tok
                subj_deps: tuple[str, ...] = ("nsubj",)
                if tok.dep_ in ("advcl", "xcomp") and not any(
                        c.dep_ == "nsubj" for c in tok.children):
                    verb = tok.head  # "she insisted, saying: ..."
                elif tok.dep_ == "pcomp" and tok.head.lower_ == "as" and \
                        tok.head.head.i != tok.head.i:
                    verb = tok.head.head  # "Smith was quoted as saying: ..."
                    subj_deps = ("nsubj", "nsubjpass")
                subj = next((c for c in verb.children if c.dep_ in subj_deps
                             and not self.in_quote[c.i]), None)
                if subj is None:
                    continue
                a = next((a for a in self.anchors.get(si, ()) if a.entity is not None and (
                    a.tok == subj.i or (self.doc[a.tok].head.i == subj.i and
                    self.doc[a.tok].dep_ == "appos"))), None)
                if a is None and subj.pos_ == "PROPN":  # a surname the NER missed here
                    a = self._by_surname(subj, si)
                if a is None or a.kind != "person":
                    return None  # the speaker has no name, or is not a person we know
                return a, subj, tok, ds, prob
        return None

    def _chain(self, tok: Token, b: Candidate) -> None:
        """A sure reference becomes an antecedent for the pronouns that follow."""
        s = self.sent_of[tok.i]
        src = next((a for a in self._window(s, 6) if a.key == b.key), None)
        if src is None:
            return
        if b.entity is not None:  # "the firm" is Apple now, no longer a nameless competitor
            self.anchors[s] = [a for a in self.anchors[s] if a.key != f"np:{tok.i}"]
        self.anchors[s].append(_Anchor(
            b.key, b.entity, tok.i, s, role_of(tok), is_main_subject(tok), src.kind,
            src.gender, src.text, "ref", src.lemma))
        if b.entity is not None:
            self.count_before[b.entity].append(tok.i)
            cls = PRONOUNS.get(tok.lower_, ("", ""))[0]
            f = self.facts[b.entity]
            if self.w.learn_gender and cls in ("male", "female") and f.gender is None:
                # "Pagett ... she": Pagett is a woman from now on, for later pronouns
                f = self._own(b.entity)
                f.gender, f.gender_source = cls, f"'{tok.text}' earlier in the text"
                for anchors in self.anchors.values():
                    for a in anchors:
                        if a.key == b.key:
                            a.gender = cls

    # -- pronouns ---------------------------------------------------------------------

    def _later_subject_pronoun(self, p: Token) -> Token | None:
        """'In her home country she has won': the subject pronoun a fronted 'her' goes with.

        A possessive in a phrase before its clause's subject, when that subject is the same
        person's pronoun ("his" ... "he"), means whoever that pronoun means.
        """
        subj_form = {"his": "he", "her": "she"}.get(p.lower_)
        if subj_form is None or p.tag_ != "PRP$":
            return None
        t = p
        for _ in range(30):
            if t.head.i == t.i:
                return None
            if t.dep_ in ("prep", "advcl", "npadvmod", "advmod") and t.head.pos_ in (
                    "VERB", "AUX"):
                break
            t = t.head
        else:
            return None
        verb = t.head
        subj = next((c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass")), None)
        if subj is None or subj.i < p.i or t.i > p.i or subj.lower_ != subj_form or \
                self.sent_of[subj.i] != self.sent_of[p.i]:
            return None
        return subj

    def _as_pronoun(self, p: Token, q: Token) -> ScoredReference:
        """The reference of ``p`` as the one of the pronoun ``q`` it goes with."""
        r = self._pronoun(q)
        # "with his patron, Howard, he returned": neither means the phrase "his" is in
        own_np = own_noun_phrase(p)
        own = {a.key for a in self._window(self.sent_of[p.i], 0) if a.tok in own_np}
        best = {c.key: Candidate(c.key, c.entity, c.text, c.score,
                                 f"{c.reason}; like '{q.text}' after it", factor=c.factor)
                for c in r.candidates if c.key not in own}
        return self._finish(p.idx, p.idx + len(p.text), p.text, "pronoun", best, r.note)

    def _pronoun(self, p: Token) -> ScoredReference:
        w = self.w
        low = p.lower_
        cls, prole = PRONOUNS[low]
        if low == "her":
            prole = "poss" if p.tag_ == "PRP$" else "obj"
        s = self.sent_of[p.i]
        clause = clause_of(p)
        # "allows him to sit", "caused her to fall": an accusative pronoun the parse makes
        # the subject of a complement is the object of the verb above, in its clause
        accusative_subject = prole == "obj" and p.dep_ in ("nsubj", "nsubjpass") and \
            clause.i == p.head.i and clause.dep_ in ("ccomp", "xcomp")
        if accusative_subject:
            clause = clause_of(clause.head)
        is_object = accusative_subject or p.dep_ in ("dobj", "dative")
        subject = self._subject(clause)
        # "Weaver said he focused": the subject of the verb that governs the pronoun's clause
        higher = self._subject(clause_of(clause.head)) if clause.dep_ == "ccomp" else None
        window = self._window(s, 3)
        subject_keys = {a.key for a in window if a.tok == subject}
        quoted = self.in_quote[p.i]
        found = self._find_speaker(p) if quoted else None
        speaker = found[0].key if found is not None else None
        # "Smith and his wife": the possessive in a second conjunct has the first as owner
        partner = p.head.head.i if prole == "poss" and p.head.dep_ == "conj" and \
            p.head.head.pos_ == "PROPN" and p.head.head.i < p.i else None
        own_np = own_noun_phrase(p) - set(self.lost)  # "After his loss Godfrey was cut"
        own_keys = {a.key for a in window if a.tok in own_np}
        best: dict[str, Candidate] = {}
        nearest: dict[str, int] = {}
        why_of: dict[str, tuple[_Anchor, list[str]]] = {}
        for a in window:
            if a.tok == p.i:
                continue
            fit = self._agrees(cls, a)
            if fit is None:
                continue
            score, notes = fit, []
            a_tok = self.doc[a.tok]
            # an apposition stands for the subject too, unless it is an aside in brackets
            # ("Bree Hodge (Marcia Cross) hires Karl": the actor is not the one who hires)
            is_subject = subject is not None and (a.tok == subject or (
                a_tok.dep_ == "appos" and a_tok.head.i == subject
                and not _in_brackets(a_tok)))
            if prole == "obj" and is_object and a.key in subject_keys:
                continue  # "The coach considered him": him is not the coach, by any name
            if a.key in own_keys:
                continue  # "her daughter Irène": her is not the daughter, by any name
            across_quote = quoted and not self.in_quote[a.tok]
            if higher is not None and not across_quote and (a.tok == higher or (
                    a_tok.dep_ == "appos" and a_tok.head.i == higher)):
                score += w.higher_subject
                notes.append(f"the one who '{clause.head.text}'")
            if quoted and not self.in_quote[a.tok] and (a.key == speaker or (
                    a.role == "subj" and a_tok.head.lemma_.lower() in SPEECH_VERBS
                    and s - a.sent <= 1)):
                score += w.quote_speaker  # a speaker says "I", not "he", of themselves
            if a.tok > p.i:  # only cataphora may look forward, and not out of a quotation
                if across_quote or not self._cataphora(p, a_tok):
                    continue
                score += w.cataphora
                notes.append("the pronoun comes first (cataphora)")
            else:
                d = s - a.sent
                score += w.distance[min(d, len(w.distance) - 1)]
                if d == 0:  # nearer is likelier inside a long sentence
                    score -= w.token_distance * min(p.i - a.tok, 30)
            # A singular pronoun's subject is one referent: not one of a pair of subjects,
            # nor the subject of a relative clause (a "shared" subject counts as "other")
            role = "other" if a.shared else a.role
            score += w.role.get(role, 0.0)
            if a.main and not a.shared:
                score += w.main_subject
            if a.conj:
                score += w.conj
            if prole == "refl":
                if is_subject:
                    score += w.reflexive
                    notes.append("subject of the same clause")
                elif a_tok.i == p.head.i or p.head.i == a.tok:
                    score += w.reflexive
            elif is_subject and a.tok < p.i:
                if prole == "obj" and is_object:
                    continue  # "Smith saw him": him is not Smith
                if p.dep_ == "pobj" and p.head.head.i == clause.i:
                    score += w.same_clause_pobj
                if prole == "poss" and not across_quote:  # a quotation is someone's words
                    score += w.possessive_subject
                    notes.append("subject of the same clause")
            if prole == "poss" and partner is not None and a.tok == partner:
                score += w.possessive_subject  # "Amy and her audience": Amy's audience
                notes.append(f"'{a_tok.text} and {p.text} {p.head.text}'")
            if prole == role or (prole in ("subj", "obj") and role == prole):
                score += w.parallel
            if a.entity is None:
                score += w.nameless_person if a.kind == "person" else w.nameless_thing
            else:
                score += self._salience(a.key, p.i)
            key, entity = a.key, a.entity
            desc = self.desc_best.get(a.tok) if a.entity is None else None
            if desc is not None:  # "the actress" probably is Gale Page: so may "her" be
                key, entity = desc.key, desc.entity
                notes.append(f"which is probably {desc.text}")
            if a.tok < p.i:
                nearest[key] = max(nearest.get(key, -1), a.tok)
            if score > (best[key].score if key in best else -1e9):
                best[key] = Candidate(key, entity, self._name(a), score, "",
                                      factor=desc.prob if desc is not None else 1.0)
                why_of[key] = (a, notes)
        # Each fitting candidate named in between makes a farther one less likely.
        order = sorted(nearest, key=lambda k: -nearest[k])
        for rank, key in enumerate(order):
            best[key].score -= w.rank * min(rank, 3)
        for key, c in best.items():
            a, notes = why_of[key]
            c.reason = self._reason(a, s, a.tok > p.i, notes, bool(order) and order[0] == key)
        return self._finish(p.idx, p.idx + len(p.text), p.text, "pronoun", best,
                            self._nothing(cls))

    def _agrees(self, cls: str, a: _Anchor) -> float | None:
        """None when the anchor cannot be meant; else a small penalty or bonus."""
        if cls in ("male", "female"):
            if a.kind != "person":
                # English calls a country or a ship "she"; a woman named nearby is likelier.
                if cls == "female" and a.entity is not None and (
                        self.facts[a.entity].country or self.facts[a.entity].vessel):
                    return self.w.she_thing
                return None
            if a.gender is None:
                return self.w.unknown_gender if a.entity is not None else 0.0
            return 0.0 if a.gender == cls else None
        if cls == "thing":
            if a.kind != "thing":
                return None
            if a.entity is not None and self.facts[a.entity].label in ("PERSON", "NORP"):
                return None
            return 0.0
        # they / them / their: organisations, peoples, plural noun phrases
        if a.kind == "group":
            return 0.0
        if a.entity is not None and self.facts[a.entity].label == "ORG":
            return -0.3
        if a.source == "np" and a.lemma in DESCRIPTION_NOUNS and "ORG" in DESCRIPTION_NOUNS[
                a.lemma]:
            return -0.3
        return None

    def _people_by_cataphora(self) -> None:
        """Make people of unknown lone names NER called a body or a place, when they speak.

        Right after an opening phrase with "his" or "her": "For his part, Guterres said".
        """
        for anchors in list(self.anchors.values()):
            for a in anchors:
                f = self.facts[a.entity or ""] if a.entity else None
                if f is None or a.kind != "thing" or f.kb_known or " " in f.name.strip() \
                        or f.label not in ("ORG", "GPE"):
                    continue
                tok = self.doc[a.tok]
                if tok.dep_ not in ("nsubj", "nsubjpass") or \
                        tok.head.lemma_.lower() not in SPEECH_VERBS:
                    continue
                p = next((t for t in tok.sent if t.i < tok.i and t.lower_ in ("his", "her")
                          and t.tag_ == "PRP$" and self._cataphora(t, tok)), None)
                if p is None:
                    continue
                f = self._own(f.id)
                f.person, f.label = True, "PERSON"
                f.gender = f.gender or ("male" if p.lower_ == "his" else "female")
                f.gender_source = f.gender_source or f"'{p.text}' before the name"
                for other in (x for xs in self.anchors.values() for x in xs):
                    if other.entity == f.id:
                        other.kind, other.gender = "person", f.gender

    def _subject(self, clause: Token) -> int | None:
        """The clause's subject, or the name the parse hid in its opening phrase."""
        subject = clause_subject(clause)
        return subject if subject is not None else self.lost_by_verb.get(clause.i)

    def _cataphora(self, p: Token, a_tok: Token) -> bool:
        """'For his part, Smith said': the pronoun sits in a phrase before its subject."""
        lost = self.lost.get(a_tok.i)
        if a_tok.dep_ == "poss" and a_tok.head.dep_ in ("nsubj", "nsubjpass") and lost is None:
            a_tok = a_tok.head  # "According to her creator, Emily's work is": the subject's owner
        if (a_tok.dep_ not in ("nsubj", "nsubjpass") and lost is None) or \
                self.sent_of[a_tok.i] != self.sent_of[p.i]:
            return False
        verb = a_tok.head if lost is None else lost
        t = p
        for _ in range(30):
            if t.head.i == verb.i:
                return t.i < a_tok.i and t.dep_ in ("prep", "advcl", "npadvmod", "advmod",
                                                    "ccomp", "pcomp")
            if t.head.i == t.i:
                return False
            t = t.head
        return False

    def _nothing(self, cls: str) -> str:
        return {"male": "no man is named nearby", "female": "no woman is named nearby",
                "thing": "it may be something that has no name",
                "group": "it may be a group that has no name"}[cls]

    # -- descriptions -------------------------------------------------------------------

    def _description(self, n: Token) -> ScoredReference | None:
        lemma = "year-old" if year_old(n) else n.lemma_.lower()
        labels = DESCRIPTION_NOUNS.get(lemma, ())
        is_person = lemma in PERSON_NOUNS
        if not labels and not is_person:
            return None
        if n.tag_ == "NNS" or n.dep_ in ("compound", "attr", "appos", "npadvmod"):
            return None
        det = next((c for c in n.children if c.dep_ == "det"), None)
        if det is None or det.lower_ not in _DETS or det.lower_ in ("these", "those"):
            return None
        kids = list(n.children)
        region = self._region(n, det, lemma)
        if any((c.dep_ in ("relcl", "acl") and not _after_comma(c))
               or (c.dep_ == "prep" and c.lower_ == "of")
               or (c.pos_ == "PROPN" and (c.ent_type_ or n.pos_ != "PROPN"))
               or c.i in self.in_name or c.dep_ == "appos" for c in kids
               if region is None or c.i != region.i):
            return None  # "the president of France", "the Microsoft tablets": not anaphoric
        if n.head.i in self.in_name and n.dep_ != "nsubj":
            return None
        gender = "male" if lemma in MALE_NOUNS else "female" if lemma in FEMALE_NOUNS else None
        # "the landlocked country", "the oil-rich state": words its article may use too
        adjectives = [c.lower_ for c in kids if c.dep_ == "amod" and c.pos_ == "ADJ"
                      and c.lower_ not in GENERIC_ADJECTIVES]
        s = self.sent_of[n.i]
        best: dict[str, Candidate] = {}
        named = False
        w = self.w
        for a in self._window(s, w.description_window):
            if a.tok >= n.i:
                continue
            ev = self._description_fit(a, lemma, labels, is_person, gender,
                                       region.lower_ if region is not None else None)
            if ev is None:
                continue
            score, note = ev
            said = self._adjective_fit(a, adjectives)
            if said:
                score += 0.6
                note = f"{note}; its article says '{said}'"
            d = s - a.sent
            score += 0.4 - 0.1 * d + 0.5 * w.role.get(a.role, 0.0)
            key, entity, factor, name = a.key, a.entity, 1.0, self._name(a)
            desc = self.desc_best.get(a.tok) if a.entity is None else None
            if desc is not None:  # "the company" again: whatever the first one meant
                key, entity, factor = desc.key, desc.entity, desc.prob
                name = desc.text
                note = f"{note} ({a.text}, probably {desc.text})"
            if entity is not None:
                score += w.description_salience * math.log1p(sum(
                    1 for i in self.count_before.get(key, ()) if i < n.i))
                named = True
            if score > (best[key].score if key in best else -1e9):
                where = _DIST_WORDS[d] if d < len(_DIST_WORDS) else f"{d} sentences back"
                best[key] = Candidate(key, entity, name, score, f"{name}, {note}, named {where}",
                                      factor=factor)
        if not named:
            return None
        start = det.idx
        end = n.idx + len(n.text)
        text = self.doc[det.i:n.i + 1].text  # not doc.text: that joins the whole chunk
        return self._finish(start, end, text, "description", best, "", w.description_null)

    def _adjective_fit(self, a: _Anchor, adjectives: list[str]) -> str | None:
        """The first of the description's adjectives that the anchor's KB article uses."""
        if not adjectives or a.entity is None:
            return None
        f = self.facts.get(a.entity)
        if f is None:
            return None
        return next((w for w in adjectives if w in f.place_words), None)

    def _region(self, n: Token, det: Token, lemma: str) -> Token | None:
        """The one capitalised word of where a place lies, before a place noun.

        "The Gulf state", "the Baltic country", "the Caribbean island": a region's name,
        not the place's own, so the phrase refers back as "the landlocked country" does.
        """
        if lemma not in REGION_NOUNS:
            return None
        between = [t for t in n.doc[det.i + 1:n.i] if not t.is_punct]
        if len(between) != 1 or between[0].head.i != n.i:
            return None
        t = between[0]
        m = self.in_name.get(t.i)
        if not t.text[:1].isupper() or (m is not None and (m.start, m.end) != (
                t.idx, t.idx + len(t.text))):
            return None
        return t

    def _description_fit(self, a: _Anchor, lemma: str, labels: tuple[str, ...],
                         is_person: bool, gender: str | None, region: str | None = None
                         ) -> tuple[float, str] | None:
        if a.entity is None:
            if a.lemma == lemma and region is None:
                return 1.0, "the same noun used earlier"
            return None
        f = self.facts[a.entity or ""]
        if region is not None:
            # Only a place its article puts there: "the Gulf state" is Qatar, not Mongolia.
            if region not in f.place_words or f.label not in ("GPE", "LOC", "") or f.person:
                return None
            if lemma in COUNTRY_NOUNS and not f.country and f.label != "GPE":
                return None
            return 1.0, f"its article places it in the {region.capitalize()} region"
        if a.source == "ref" and a.kind == "person" and not is_person:
            return None
        if is_person:
            if not (f.person or f.label == "PERSON"):
                return None
            if gender and f.gender and gender != f.gender:
                return None
        elif f.person or (f.label not in labels and not (f.label == "" and labels)
                          and not set(labels) & _said_labels(f)):
            return None  # unless what the text says makes it one ("the mining firm X")
        if lemma in f.name.lower().split():
            return 1.2, f"its name says '{lemma}'"
        if lemma in BUSINESS_NOUNS and f.type_words & NOT_BUSINESS:
            return None
        if (lemma in COUNTRY_NOUNS and f.city) or (lemma in CITY_NOUNS and f.country):
            return None
        if lemma in f.type_words or MAKER_WORDS.get(lemma, frozenset()) & f.type_words:
            return 1.0, f"described as {article(lemma)} {lemma}"
        kind = "person" if is_person else _LABEL_WORD.get(f.label, "thing")
        if lemma in GENERIC_NOUNS:
            return 0.3, f"{article(kind)} {kind}, as '{lemma}' says"
        if gender and f.gender == gender:
            return 0.0, f"a {'woman' if gender == 'female' else 'man'}, as '{lemma}' says"
        return -0.3, f"{article(kind)} {kind}, though nothing says it is {article(lemma)} {lemma}"

    # -- metonyms ---------------------------------------------------------------------

    def _metonym(self, tok: Token, m: Mention) -> ScoredReference | None:
        """'Moscow denied', 'the Kremlin said': a seat of power speaking for a country."""
        f = self.facts[m.entity or ""]
        key = m.text.lower()
        key = key[4:] if key.startswith("the ") else key
        country = SEATS.get(key)
        if country is None or f.label not in ("GPE", "FAC", "ORG", "LOC", ""):
            return None
        verb = tok.head
        if not (tok.dep_ in ("nsubj", "nsubjpass") and verb.lemma_.lower() in SPEECH_VERBS) and \
                not (tok.dep_ == "pobj" and tok.head.dep_ == "agent"
                     and tok.head.head.lemma_.lower() in SPEECH_VERBS):
            return None
        # The country as named ("China"), before a people's adjective linked to it.
        target = min((g for g in self.facts.values() if g.country == country), default=None,
                     key=lambda g: (g.name.lower() != country.lower(), g.label != "GPE"))
        if target is not None:
            reason = (f"stands for the government of {country_words(target.name)}: a seat "
                      f"of power as the subject of '{verb.text}'")
            cands = {target.id: Candidate(target.id, target.id, target.name, 0.0, reason, 0.85)}
        else:
            reason = (f"stands for the government of {country_words(country)} (not named in "
                      f"the text): a seat of power as the subject of '{verb.text}'")
            cands = {f.id: Candidate(f.id, f.id, f.name, 0.0, reason, 0.6)}
        c = next(iter(cands.values()))
        return ScoredReference(m.start, m.end, m.text, "metonym", [c])

    # -- shared -------------------------------------------------------------------------

    def _name(self, a: _Anchor) -> str:
        return a.text

    def _reason(self, a: _Anchor, s: int, forward: bool, notes: list[str],
                nearest: bool) -> str:
        """Why this candidate, in plain words.

        "Mary Smith, the nearest earlier woman, subject of the previous sentence; a woman
        per the given name Mary".
        """
        f = self.facts.get(a.entity or "")
        if f is None:
            kind = "noun phrase"
        elif a.kind == "person":
            kind = _KIND_WORD.get(("person", a.gender), "person")
        else:
            kind = _LABEL_WORD.get(f.label, a.kind)
        d = s - a.sent
        where = ("this sentence", "the previous sentence", "the sentence two back",
                 "the sentence three back")[min(d, 3)]
        role = {"subj": "subject of", "obj": "object of", "poss": "named as an owner in"
                }.get(a.role)
        if forward:
            head = f"{a.text}, the {kind} named just after it"
        elif nearest:
            head = f"{a.text}, the nearest earlier {kind}"
        else:
            head = f"{a.text}, a {kind}" if f is not None else a.text
        head += f", {role} {where}" if role else f", named in {where}"
        bits = [head]
        if a.source == "ref":
            bits.append("like the reference before it")
        bits += notes
        if f is not None and a.gender and f.gender_source:
            bits.append(f"{'a woman' if a.gender == 'female' else 'a man'} per "
                        f"{f.gender_source}")
        return "; ".join(bits)

    def _finish(self, start: int, end: int, text: str, form: str,
                best: dict[str, Candidate], note: str,
                null_score: float | None = None) -> ScoredReference:
        cands = sorted(best.values(), key=lambda c: -c.score)
        if cands:
            t = self.w.temperature
            top = cands[0].score
            exps = [math.exp((c.score - top) / t) for c in cands]
            null_score = self.w.null_score if null_score is None else null_score
            null = math.exp((null_score - top) / t)
            total = sum(exps) + null
            for c, e in zip(cands, exps, strict=True):
                c.prob = e / total * c.factor
            cands.sort(key=lambda c: -c.prob)
        return ScoredReference(start, end, text, form, cands, note)


__all__ = ["DEFAULT_THRESHOLD", "WEIGHTS", "Candidate", "ScoredReference", "Weights",
           "resolve_references", "score_references"]


def _said_labels(f: EntityFacts) -> set[str]:
    """The kinds of thing its describing words name: "firm" an ORG, "country" a GPE."""
    return {label for w in f.type_words for label in DESCRIPTION_NOUNS.get(w, ())}


def _in_brackets(tok: Token) -> bool:
    """Whether a phrase opens right after a bracket: "Bree Hodge (Marcia Cross)"."""
    first = tok.left_edge.i
    return first > 0 and tok.doc[first - 1].text in ("(", "[")


def _after_comma(clause: Token) -> bool:
    """Whether a relative clause is set off by a comma ("the company, which sells...").

    Such a clause adds to a noun already known, which stays anaphoric.
    """
    first = min(t.i for t in clause.subtree)
    return first > 0 and clause.doc[first - 1].text == ","

