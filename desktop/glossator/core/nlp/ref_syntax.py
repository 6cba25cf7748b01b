"""Reading the dependency parse for reference resolution: roles, clauses, quotes.

Small functions over spaCy tokens, shared by the resolver in ``references.py``: the
grammatical role of a mention, the clause that holds a token and that clause's subject,
the empty "it", quotation marks, and the phrase a possessive belongs to.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from glossator.core.nlp.ref_lexicon import PERSON_NOUNS, PLEONASTIC_VERBS, TIME_NOUNS

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSE_DEPS = {"ROOT", "ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis",
                "pcomp"}


def role_of(tok: Token) -> str:
    """The role that makes a mention salient: subj, obj, poss, pobj, mod, root or other."""
    t = tok
    while t.dep_ in ("appos", "conj", "flat") and t.head.i != t.i:
        t = t.head
    dep = t.dep_
    if dep in ("nsubj", "nsubjpass", "csubj"):
        return "subj"
    if dep in ("dobj", "dative", "oprd"):
        return "obj"
    if dep == "poss":
        return "poss"
    if dep == "pobj":
        return "obj" if t.head.dep_ == "agent" else "pobj"
    if dep in ("compound", "nmod", "amod"):
        return "mod"
    if dep == "ROOT":
        return "root"
    return "other"


def shared_subject(tok: Token) -> bool:
    """A subject that is not the clause's one referent: listed, or in a relative clause.

    "Lawrence and Gorme invited Costa": the subject is the pair, not one of them (and a
    singular "he" then means one person, more likely Costa); but in "the King and his
    consort" the second is the first's, and the first stays the one the sentence is about.
    "The role which Banks played": Banks is the subject of a clause inside a noun phrase,
    not of the sentence's clauses.
    """
    t = tok
    while t.dep_ in ("appos", "conj", "flat") and t.head.i != t.i:
        t = t.head
    if t.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return t.head.dep_ == "relcl" or listed(t)


def listed(t: Token) -> bool:
    """Whether another noun is listed with this one ("Vietnam and the United States").

    Not one of its own: "the King and his consort".
    """
    return any(c.dep_ == "conj" and c.pos_ in ("NOUN", "PROPN") and not owned_by_pronoun(c)
               for c in t.children)


def owned_by_pronoun(noun: Token) -> bool:
    """Whether a possessive pronoun owns the noun: "his wife", "her newspaper"."""
    return any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in noun.children)


def clause_subject(clause: Token, depth: int = 0) -> int | None:
    """The clause's subject: its own, a relative pronoun's antecedent or the controller."""
    for c in clause.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            if c.tag_ in ("WP", "WDT") and clause.dep_ == "relcl":
                if c.lower_ == "which" and (clause.head.ent_type_ == "PERSON"
                                            or clause.head.lemma_.lower() in PERSON_NOUNS):
                    return None  # "which" stands for a thing, not the person it hangs on
                return clause.head.i  # "Murnau, who had to finish": who is Murnau
            return c.i
    if depth > 3:
        return None
    if clause.dep_ == "xcomp":  # "urged Smith to leave": Smith; "wanted to leave": the subject
        # only someone can do what the infinitive says: "took steps to balance" is the subject's
        obj = next((c.i for c in clause.head.children if c.dep_ == "dobj" and (
            c.pos_ in ("PROPN", "PRON") or c.lemma_.lower() in PERSON_NOUNS)), None)
        return obj if obj is not None else clause_subject(clause_of(clause.head), depth + 1)
    if clause.dep_ == "conj" and clause.head.i != clause.i:  # "arrived and took his seat"
        return clause_subject(clause_of(clause.head), depth + 1)
    if clause.dep_ == "advcl" and clause.head.i != clause.i and (
            clause.tag_ in ("VBG", "VBN") or any(c.dep_ == "aux" and c.lower_ == "to"
                                                  for c in clause.children)):
        # "While Stephen was at Wilton, mustering his forces": a participle or infinitive
        # with no subject of its own has the subject of the clause it belongs to
        return clause_subject(clause_of(clause.head), depth + 1)
    return None


def own_noun_phrase(p: Token) -> set[int]:
    """Tokens a pronoun cannot mean: the nouns of the phrase that holds it, and appositions."""
    out: set[int] = set()
    t = p
    for _ in range(6):
        if t.head.i == t.i or t.dep_ not in ("poss", "compound", "amod", "nmod", "appos"):
            break
        t = t.head
        if t.pos_ in ("NOUN", "PROPN"):
            out.add(t.i)
            out.update(c.i for c in t.children if c.dep_ in ("appos", "compound"))
            for c in t.children:
                if c.dep_ == "appos":
                    out.update(x.i for x in c.subtree)
        if t.pos_ not in ("NOUN", "PROPN"):
            break
    return out


def article(word: str) -> str:
    """'a' or 'an' before a word (good enough for the nouns in our reasons)."""
    return "an" if word[:1] in "aeio" else "a"


def year_old(tok: Token) -> bool:
    """'the 33-year-old': an adjective standing for a person."""
    return tok.lower_ == "old" and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj") and any(
        c.lower_ in ("year", "years") for c in tok.children)


# What can open or close a quotation, or end a paragraph (see quoted_tokens).
_QUOTE_OR_BREAK = re.compile("[\u201c\u201d\u2018\u2019\"'`\n]")


def quoted_tokens(doc: Doc) -> list[bool]:
    """Which tokens stand inside double quotation marks (reset at each paragraph)."""
    import numpy
    from spacy.attrs import ORTH

    n = len(doc)
    out = [False] * n
    if not n:
        return out
    # Only the tokens with a quotation mark or a line break can change the state: find
    # them by their strings (a few hundred distinct ones), read only them, and mark the
    # runs between them (a Token for each of a book's tokens costs more than the rest).
    orth = doc.to_array(ORTH)
    strings = doc.vocab.strings
    marks = [h for h in numpy.unique(orth).tolist() if _QUOTE_OR_BREAK.search(strings[h])]
    events = numpy.flatnonzero(numpy.isin(orth, marks)).tolist() if marks else []
    inside = False
    last = 0  # tokens before this one are done
    for i in events:
        if inside:
            out[last:i] = [True] * (i - last)
        tok = doc[i]
        text = tok.text
        if "\n" in text or ("\n" in tok.whitespace_ and "\n\n" in text + tok.whitespace_):
            inside = False
        if text in ("\u201c", "``") or (text == "`" and tok.tag_ == "``"):
            # "``" is often split into two "`" tokens (the LaTeX-style quotes of
            # Wikipedia dumps and older corpora): each opens the same quotation
            inside = True
        elif text in ("\u201d", "''"):
            inside = False
        elif text == '"':
            inside = not inside
        elif text in ("'", "\u2018", "\u2019") and tok.tag_ in ("``", "''"):
            inside = tok.tag_ == "``"  # single quotes; a possessive "'" is tagged POS
        else:
            out[i] = inside
        last = i + 1
    if inside:
        out[last:] = [True] * (n - last)
    return out


def clause_of(tok: Token) -> Token:
    """The verb (or root) heading the clause that holds this token."""
    t = tok
    for _ in range(50):
        if t.dep_ in CLAUSE_DEPS or t.head.i == t.i:
            return t
        if t.dep_ == "conj" and t.pos_ in ("VERB", "AUX"):
            return t
        t = t.head
    return t


def is_main_subject(tok: Token) -> bool:
    """Subject of the sentence's main verb, or of a verb coordinated with it."""
    if tok.dep_ not in ("nsubj", "nsubjpass"):
        return False
    return is_main_verb(tok.head)


def is_main_verb(verb: Token) -> bool:
    """The sentence's main verb, or a verb coordinated with it."""
    for _ in range(10):
        if verb.dep_ == "ROOT":
            return True
        if verb.dep_ != "conj":
            return False
        verb = verb.head
    return False


def lost_subject(tok: Token) -> Token | None:
    """The verb a name is the subject of, when the parse put it inside an opening phrase.

    "Following his loss Godfrey was cut", "In his speech President Bush thanked her":
    without a comma after the opening phrase the parser takes the name for part of it (an
    apposition or the object of its preposition) and leaves the verb with no subject. A
    name right before a verb that has none, inside a phrase that opens that verb's clause,
    is its subject.
    """
    doc = tok.doc
    if tok.pos_ != "PROPN" or tok.dep_ not in ("appos", "pobj", "conj") or tok.i + 1 >= len(doc):
        return None
    nxt = doc[tok.i + 1]
    if nxt.pos_ not in ("VERB", "AUX") or nxt.tag_ not in ("VBD", "VBZ", "VBP", "MD"):
        return None
    verb = nxt.head if nxt.dep_ in ("aux", "auxpass") else nxt
    if verb.i < tok.i or any(c.dep_ in ("nsubj", "nsubjpass", "expl", "csubj")
                             for c in verb.children):
        return None
    t = tok
    for _ in range(20):  # up to the phrase that hangs from the verb, before the name
        if t.head.i == t.i:
            return None
        if t.head.i == verb.i:
            return verb if t.i < tok.i and t.dep_ in ("prep", "advcl", "npadvmod",
                                                       "advmod") else None
        t = t.head
    return None


def pleonastic(tok: Token) -> bool:
    """The empty "it" of "it is raining", "it seems that", "it is easy to"."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    kids = list(head.children)
    if tok.dep_ in ("nsubj", "nsubjpass"):
        if head.lemma_ in ("rain", "snow", "hail", "drizzle", "thunder"):
            return True
        if tok.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" and c.i > tok.i for c in kids):
            return True  # "it is said that", "it has been reported that"
        if head.lemma_ in ("look", "sound", "feel") and any(
                c.lower_ in ("like", "as") and c.i > tok.i for c in head.subtree):
            return True  # "it looks like Smith won"
        if head.lemma_ in PLEONASTIC_VERBS and any(
                c.dep_ in ("ccomp", "xcomp", "advcl", "acomp") and c.i > tok.i for c in kids):
            return True
        if head.lemma_ in ("be", "become", "remain", "get"):
            if any(c.dep_ in ("ccomp", "xcomp", "csubj") and c.i > tok.i for c in kids):
                return True
            for c in kids:
                if c.dep_ in ("acomp", "attr") and c.i > tok.i:
                    if any(g.dep_ in ("xcomp", "ccomp") for g in c.children):
                        return True
                    if c.dep_ == "attr" and (c.lemma_.lower() in TIME_NOUNS
                                             or c.ent_type_ in ("DATE", "TIME")):
                        return True
                    if c.dep_ == "attr" and c.pos_ == "PROPN" and any(
                            g.dep_ == "relcl" for g in c.children):
                        return True  # cleft: "it was Smith who"
    # "made it clear that": an empty object
    return tok.dep_ == "dobj" and head.lemma_ in ("make", "find", "take", "consider") and any(
        c.dep_ in ("ccomp", "xcomp", "oprd") and c.i > tok.i for c in kids)
