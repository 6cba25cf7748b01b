"""Step 1: find the names in a parsed text and clean their spans.

Three sources: spaCy's named entities; names the NER misses but the knowledge base knows
(a gazetteer over KB aliases, matched on token boundaries and only where the text
capitalises them); acronyms defined in the text ("the World Health Organization (WHO)")
and their later uses. Spans are cleaned so that the name is only the name: no
possessive ``'s``, no leading "the", and an honorific or rank ("President", "Dr",
"Marshal") is kept apart as the mention's title.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, replace
from itertools import pairwise
from typing import TYPE_CHECKING

import numpy as np
from spacy.attrs import IDX, IS_ALPHA, LOWER, ORTH
from spacy.strings import get_string_id

from glossator.core.kb.derive import NAME_PARTICLES, kind_label
from glossator.core.kb.normalize import is_saint_word, saint_spelling
from glossator.core.nlp.demonyms import IRREGULAR, demonym_titles, looks_like_demonym
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.noun_classes import noun_classes, noun_only
from glossator.core.nlp.ref_lexicon import FIRST_PERSON, KIN, PRONOUNS
from glossator.core.nlp.world_places import is_region, town_regions

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

    from glossator.core.kb.gazetteer import Gazetteer

# NER labels that name things; numbers, dates and quantities are not names.
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "EVENT",
                         "WORK_OF_ART", "PRODUCT", "LAW", "LANGUAGE"})

# Honorifics and ranks (lower case, without the final dot). Multi-word ones are
# matched word by word from the first ("prime" + "minister"). "Saint" and "St" are not:
# they begin the names of places and of saints ("St Petersburg", "Saint Peter").
TITLES = frozenset("""
mr mrs ms miss mx dr doctor prof professor sir dame lord lady madam madame mme mlle monsieur
president vice-president vp premier chancellor minister secretary governor gov senator sen
congressman congresswoman rep representative mayor ambassador judge justice king queen prince
princess emperor empress tsar czar sultan sheikh shaikh emir ayatollah imam pope cardinal
bishop archbishop rev reverend father brother sister rabbi pastor general gen
marshal field-marshal admiral adm colonel col lieutenant lt major maj captain capt cpt
commander cmdr sergeant sgt corporal cpl private pvt brigadier commissioner chief inspector
detective officer agent coach chairman chairwoman chair ceo director
""".split())
# The titles that say how to address someone, not what they are or do: no description
# ("President" is one, which the article's text may say too).
HONORIFICS = frozenset("""
mr mrs ms miss mx dr sir dame lord lady madam madame mme mlle monsieur
""".split())

# Words that may follow a first title word to make a longer title.
TITLE_CONTINUATIONS = frozenset("minister president general secretary admiral marshal "
                                "colonel justice mayor governor chancellor".split())
# A clause's subject, active or passive (the descriptor reader's too).
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# The months, which a date's words and no nickname are (the descriptor reader's too).
MONTHS = frozenset("january february march april may june july august september october "
                   "november december".split())
# Titles that only count as titles before a capitalised name ("General Motors" is a name).
WEAK_TITLES = frozenset({"general", "major", "chief", "private", "agent",
                          "director", "chair", "coach", "officer", "justice", "father",
                          "brother", "sister", "king", "queen", "prince", "princess"})
_LEADING_DROP = frozenset({"the", "a", "an"})


def is_honorific(title: str) -> bool:
    """Whether a title ("Mrs", "Sir", "Lord Mayor") begins with an honorific."""
    words = title.split()
    return bool(words) and words[0].lower().rstrip(".") in HONORIFICS


# English connectors never begin or end a name ("de", "van" may: "de Gaulle"); nor do
# the prepositions some names hold (``_EDGE_WORDS``: "Charles V at the Diet of Worms" was
# one NER name), which may begin a term ("in vitro fertilisation (IVF)").
_EDGE_CONNECTORS = frozenset({"of", "and", "for", "the"})
_EDGE_WORDS = _EDGE_CONNECTORS | {"at", "in", "on", "upon"}
_POSSESSIVE = frozenset({"'s", "’s", "'", "’", "s"})
# Lower-case words allowed inside a capitalised name ("Bank of England").
CONNECTORS = frozenset({"of", "and", "for", "the", "de", "del", "della", "der", "di", "da",
                        "do", "dos", "du", "la", "le", "les", "von", "van", "den", "al",
                        "bin", "ibn", "on", "in", "at", "upon", "y", "&", "-", "el"})
_ACRONYM = re.compile(r"^[A-Z][A-Z&.]{1,9}$")
# Codes and version numbers: "CC BY-SA 4.0", "GPL 3.0" are licences, not entities.
_CODE_WORD = re.compile(r"^[A-Z0-9]+(?:[-/][A-Z0-9]+)*$")
_VERSION = re.compile(r"^v?\d+(?:\.\d+)+[a-z]?$")


@dataclass(slots=True)
class NameMention:
    """A cleaned name found in the text (offsets into the whole text)."""

    start: int
    end: int
    text: str
    label: str
    # "ner", "kb" (gazetteer), "acronym" (defined in the text), "given name", "nickname",
    # "dateline" (a wire story's place in capitals)
    source: str
    sent: int  # sentence index within its chunk, offset by the chunk's first sentence
    title: str | None = None
    expansion: str | None = None  # for an acronym defined in the text: its long form
    kb_label: str | None = None  # the gazetteer's type for the name, if it knows it
    # Written in capitals among lower-case words ("ISIS fighters withdrew"): an acronym,
    # not a dateline's or a headline's capitals ("BERLIN, Nov 9").
    capitals: bool = False
    # The name as its nickname and family name ('George Herman "Babe" Ruth': Babe Ruth),
    # and the nickname ("Babe").
    nicknamed: str | None = None
    nickname: str | None = None


def is_acronym(text: str) -> bool:
    """Whether ``text`` looks like an acronym ("WHO", "U.S.", "AT&T")."""
    return bool(_ACRONYM.match(text)) and sum(c.isalpha() for c in text) >= 2


# Personal pronouns, which a title or a button may capitalise ("This Is Us", "Join Us").
_PERSONAL = frozenset(PRONOUNS) | FIRST_PERSON | {"we", "us", "our", "ours", "you", "your"}
# Words in capitals in a row that make a line of capitals, not acronyms beside a name.
SHOUTED_RUN = 3


def shouted_word(doc: Doc, i: int) -> bool:
    """A function word in a line of capitals ("LET US PRAY", "WHO WARNS OF"), not a name.

    Its lower-case form is a stop word ("us", "it", "who") and it stands in a run of three
    words in capitals or more within its sentence: "US officials said", "US GDP grew" and
    "the US SEC" keep the country.
    """
    tok = doc[i]
    if not tok.is_upper or len(tok.text) < 2 or not doc.vocab[tok.lower_].is_stop:
        return False

    def shouted(t: Token) -> bool:
        return t.is_alpha and t.is_upper and len(t.text) >= 2

    lo = hi = i
    while lo > 0 and not doc[lo].is_sent_start and shouted(doc[lo - 1]):
        lo -= 1
    while hi + 1 < len(doc) and not doc[hi + 1].is_sent_start and shouted(doc[hi + 1]):
        hi += 1
    return hi - lo + 1 >= SHOUTED_RUN


def _capitals_in_prose(doc: Doc, start: int, end: int) -> bool:
    """One word of three capitals or more beside a lower-case word of its sentence."""
    tok = doc[start]
    if end - start != 1 or not is_acronym(tok.text) or sum(c.isalpha() for c in tok.text) < 3:
        return False
    near = ([doc[start - 1]] if start and not tok.is_sent_start else []) + \
        ([doc[end]] if end < len(doc) and not doc[end].is_sent_start else [])
    return any(t.is_alpha and t.text.islower() for t in near)


def is_term(expansion: str) -> bool:
    """Whether an acronym's long form is a term's words, not a name.

    A name ends with a capitalised word ("Bank of England"), a term with a lower-case one
    ("Human immunodeficiency virus", "antiretroviral therapy").
    """
    words = expansion.split()
    return bool(words) and words[-1][:1].islower()


def initials(name: str) -> str:
    """The initials of a name's capitalised words ("World Health Organization" -> "WHO")."""
    words = re.split(r"[\s\-]+", name)
    return "".join(w[0] for w in words if w and w[0].isupper())


def _norm_title(word: str) -> str:
    return word.lower().rstrip(".")


def _names_a_thing(doc: Doc, i: int, end: int, label: str | None) -> bool:
    """Whether the words after a weak title name a thing, so the title is part of it.

    "Major League Soccer", "Prince Edward Island": the last word is a common noun that
    never names a person (WordNet), and the name is a place's or the word after the
    title is no given name ("Major John Stone" is a major; "General Salih" is a general).
    """
    if end - i < 2 or label == "PERSON":
        # one word: the part-of-speech rule in _title_at decides; and a person's name
        # keeps its rank whatever the words ("General Ulysses S. Grant")
        return False
    classes = noun_classes(doc[end - 1].lower_)
    if not classes or "person" in classes:
        return False
    return label in ("GPE", "LOC", "FAC") or name_gender(doc[i].text) is None


def _title_at(doc: Doc, i: int, end: int, label: str | None = None) -> int:
    """Number of tokens from ``i`` (before ``end``) that form a title, 0 if none."""
    tok = doc[i]
    low = _norm_title(tok.text)
    if low not in TITLES or (not tok.text[:1].isupper() and low not in ("mr", "mrs", "dr", "ms")):
        return 0
    n = 1
    while i + n < end - 1 and _norm_title(doc[i + n].text) in TITLE_CONTINUATIONS:
        n += 1
    if i + n >= end:
        return 0  # the title is the whole span: "the President" names nobody in particular
    nxt = doc[i + n]
    if not nxt.text[:1].isupper():
        return 0
    if low in WEAK_TITLES and ((i + n + 1 >= end and nxt.pos_ != "PROPN")
                               or _names_a_thing(doc, i + n, end, label)):
        return 0
    return n


_SCORE = re.compile(r"\d{1,2}\s?[-–]\s?\d{1,2}")


def the_title(doc: Doc, start: int, end: int) -> bool:
    """Whether the span is a title alone, after "the", before "of" or before a given name.

    "The Queen", "Queen of Spain Letizia": it describes whoever holds the title (a
    reference to resolve), and names no Queen the band (the app showed that card for "the
    Queen's helicopter"). "Queen Elizabeth Comes to America", a headline NER cut in two:
    the title is Elizabeth's.
    """
    if end - start != 1 or _norm_title(doc[start].text) not in TITLES:
        return False
    after = doc[end] if end < len(doc) else None
    return (start > 0 and doc[start - 1].lower_ == "the") or (after is not None and (
        after.lower_ == "of" or (doc[start].whitespace_ and after.text[:1].isupper()
                                 and name_gender(after.text) is not None)))


def clean_span(doc: Doc, start: int, end: int, label: str | None = None
               ) -> tuple[int, int, str | None] | None:
    """Token bounds of the name itself and its title, or None when nothing is left."""
    # Cut at a bracket: "The World Health Organization (WHO" -> the part before it.
    for i in range(start, end):
        if doc[i].text in ("(", ")", "[", "]", "\"", "“", "”", ":", ";") and i > start:
            end = i
            break
    while start < end and (doc[start].is_punct or doc[start].is_space
                           or doc[start].lower_ in _LEADING_DROP):
        start += 1
    while end > start and (doc[end - 1].is_punct or doc[end - 1].is_space
                           or doc[end - 1].tag_ == "POS" or doc[end - 1].text in _POSSESSIVE):
        end -= 1
    # A score NER took in: "beat [Real Madrid 4-3]" (tokens "4", "-", "3" or "2–1").
    for n in (3, 1):
        if end - n > start and _SCORE.fullmatch(doc[end - n:end].text):
            end -= n
            break
    if the_title(doc, start, end):
        return None
    # "Secretary of [State]": no name; "[Defense Lloyd Austin]": the name after it.
    start = portfolio_end(doc, start, end)
    if start >= end:
        return None
    title: list[str] = []
    while start < end:
        n = _title_at(doc, start, end, label)
        if not n:
            break
        title += [t.text for t in doc[start:start + n]]
        start += n
    if start >= end:
        return None
    if not title and label == "PERSON" and end - start >= 2 and _trade_word(doc[start]) and \
            name_gender(doc[start + 1].text) is not None:
        # "Footballer Leo Messi", "Councillor Tony Blair": what he is, capitalised at the
        # sentence's start, then his name (both were one name of no article, a helper's).
        # Not the name's title: kept as one (a review's suggestion), it cost News-Fair's
        # held-out half six right links (0.838 -> 0.762 in-KB accuracy; measured by the
        # figure alone, its errors unread).
        start += 1
    if not title and start > 0:  # a title just outside the entity: "President [Obama]"
        if (k := _title_before(doc, start, end, label)) is not None:
            title = [t.text for t in doc[k:start]]
        elif (office := _office_before(doc, start)) is not None:
            title = [t.text for t in doc[office:start]]  # "Secretary of State [John Kerry]"
    return start, end, " ".join(title) or None


def _trade_word(tok: Token) -> bool:
    """A capitalised noun that names what a person is, never an adjective or a name.

    Not a saint's word or kin, which open names ("Saint Patrick", "Aunt Jemima").
    """
    low = tok.lower_
    classes = noun_classes(low)
    return tok.text[:1].isupper() and bool(classes) and classes[0] == "person" and \
        noun_only(low) and name_gender(tok.text) is None and low not in TITLES and \
        not is_saint_word(tok.text) and low not in KIN


def _title_before(doc: Doc, start: int, end: int, label: str | None) -> int | None:
    """Where a title right before ``start`` begins ("Lord Chancellor [Bacon]"), if one does."""
    j = k = start - 1
    while k > 0 and _norm_title(doc[k].text) in TITLE_CONTINUATIONS and \
            _norm_title(doc[k - 1].text) in TITLES:
        k -= 1
    return k if _title_at(doc, k, end, label) == j - k + 1 else None


def portfolio_end(doc: Doc, start: int, end: int) -> int:
    """Where the portfolio of a minister's or secretary's office ends, from ``start``.

    "Secretary of [State] John Kerry", "Minister of [Defence] Ben Wallace": capitalised
    common nouns (WordNet), up to three, after "Secretary of" or "Minister of". Not an
    organisation ("the CEO of Tesla", "Chairman of Microsoft") nor a place ("President of
    France"); ``start`` when there is none.
    """
    if start < 2 or doc[start - 1].lower_ != "of" or not doc[start - 2].text[:1].isupper() \
            or _norm_title(doc[start - 2].text) not in _OFFICES:
        return start
    k = start
    while k < end and k - start < 3 and doc[k].text[:1].isupper() and \
            noun_classes(doc[k].lower_) and name_gender(doc[k].text) is None:
        k += 1
    return k


# Titles whose "of" names a portfolio, not a place or a body ("Secretary of State").
_OFFICES = frozenset({"secretary", "minister"})


def _office_before(doc: Doc, start: int) -> int | None:
    """Where "<Secretary|Minister> of <portfolio>" begins, when it ends right at ``start``."""
    for k in range(start - 1, max(start - 4, 1), -1):
        if portfolio_end(doc, k, start) == start:
            return k - 2
    return None


def _strip_text_possessive(text: str) -> str:
    text = _trim_tail(text)
    for suffix in ("'s", "’s"):
        if text.endswith(suffix) and len(text) > len(suffix) + 1:
            return text[: -len(suffix)]
    return text


# Abbreviations that keep their full stop at the end of a name ("Apple Inc.").
_KEEP_DOT = frozenset("inc corp ltd co jr sr st mt bros dept univ assn govt plc ave rd blvd"
                      .split())


def _trim_tail(text: str) -> str:
    """Drop invisible characters and a sentence's full stop glued to a name's end.

    The tokenizer leaves "War." whole when a zero-width character follows it.
    """
    while text and unicodedata.category(text[-1]) == "Cf":
        text = text[:-1]
    if text.endswith(".") and not text.endswith(".."):
        last = text[:-1].rsplit(None, 1)[-1] if text[:-1].strip() else ""
        if len(last) >= 3 and last.isalpha() and not last.isupper() and \
                last.lower() not in _KEEP_DOT:
            text = text[:-1]
    return text


def _capitalised(span: Span) -> bool:
    """Every word of the span is capitalised, except connectors inside it.

    A number may end it ("Apollo 11", "Windows 10"), not stand alone.
    """
    # A KB name's own "'s": "McDonald's", "Sotheby's", "St. Peter's Basilica"
    words = [t for t in span if not t.is_punct and not (t.i > span.start and
                                                         t.text in _POSSESSIVE)]
    if not words or not words[0].text[:1].isupper() or not (
            words[-1].text[:1].isupper() or _hyphened(words[-1]) or (
                len(words) > 1 and words[-1].text[:1].isdigit())):
        return False
    return _name_words(words)


def _name_words(words: list[Token]) -> bool:
    """Every word capitalised, a number, a connector ("of", "de") or a hyphened part."""
    return all(t.text[:1].isupper() or t.text[:1].isdigit() or t.lower_ in CONNECTORS
               or _hyphened(t) for t in words)


_HYPHENS = frozenset({"-", "\u2010", "\u2013"})  # hyphen-minus, hyphen, en dash


def joins_as_one_word(t: Token) -> bool:
    """A hyphen with no space either side, inside one word in writing.

    "Austria-Hungary" is one name, which NER read as Austria and Hungary (Austria at 0.98).
    """
    return t.text in _HYPHENS and not t.whitespace_ and t.i > 0 and \
        not t.doc[t.i - 1].whitespace_


def _hyphened(tok: Token) -> bool:
    """A lower-case word joined by a hyphen to the word before it: one word in writing.

    "Kim Jong-un", "Ban Ki-moon", "Port-au-Prince", "Kinkaku-ji": the tokenizer splits
    them at the hyphen, but a name does not end there. ("London-based" is no name: NER
    leaves "based" out, and the KB has no such name.)
    """
    i = tok.i
    if i < 2 or not tok.is_alpha or not tok.text.islower():
        return False
    doc = tok.doc
    return joins_as_one_word(doc[i - 1]) and doc[i - 2].is_alpha


def capitalised(doc: Doc) -> list[int]:
    """The alphabetic tokens that start with a capital letter, in order.

    Read from the token arrays, each distinct word's first letter looked at once: the
    passes that only look at such words (given names, peoples' adjectives, echoes,
    spellings) skip the rest without a ``Token`` made for each.
    """
    arr = doc.to_array([ORTH, IS_ALPHA])
    alpha = np.flatnonzero(arr[:, 1])
    words, which = np.unique(arr[alpha, 0], return_inverse=True)
    strings = doc.vocab.strings
    cap = np.fromiter((strings[h][:1].isupper() for h in words.tolist()), dtype=bool,
                      count=len(words))
    return alpha[cap[which]].tolist()


def written_as(doc: Doc, texts) -> list[int]:
    """The tokens whose text is one of ``texts``, in order (compared by string hash)."""
    if not texts or not len(doc):
        return []
    want = np.array([get_string_id(t) for t in texts], dtype=np.uint64)
    return np.flatnonzero(np.isin(doc.to_array(ORTH), want)).tolist()


def find_mentions(doc: Doc, gazetteer: Gazetteer | None, *, char_offset: int = 0,
                  sent_offset: int = 0, breaks: frozenset[int] = frozenset()
                  ) -> list[NameMention]:
    """Every name in ``doc``, cleaned, sorted by start (offsets shifted by ``char_offset``).

    ``breaks`` are character offsets in ``doc`` where a block (heading, paragraph, list
    item) starts: no name runs across one, nor across a line break.
    """
    sent_of = _sentence_index(doc)
    cuts = frozenset(np.flatnonzero(np.isin(doc.to_array(IDX), list(breaks))).tolist()) \
        if breaks and len(doc) else frozenset()
    taken = bytearray(len(doc))  # tokens already inside a mention
    found: list[NameMention] = []
    doc_text = doc.text  # made token by token: once, not per name

    def add(start: int, end: int, label: str, source: str, title: str | None = None,
            expansion: str | None = None, kb_label: str | None = None) -> NameMention:
        span = doc[start:end]
        # A KB name keeps its own "'s" ("McDonald's" is no possessive of McDonald).
        text = _trim_tail(span.text) if source == "kb" else _strip_text_possessive(span.text)
        m = NameMention(span.start_char + char_offset,
                        span.start_char + len(text) + char_offset, text, label, source,
                        sent_of[start] + sent_offset, title, expansion, kb_label,
                        capitals=_capitals_in_prose(doc, start, end))
        found.append(m)
        for i in range(start, end):
            taken[i] = 1
        return m

    # Acronyms defined in the text come first: they fix the expansion's span.
    acronyms = _defined_acronyms(doc)
    acronyms = [a for a in acronyms if not _crosses(cuts, min(a[0], a[2]), max(a[1], a[2] + 1))]
    for exp_start, exp_end, acr_i in acronyms:
        exp = doc[exp_start:exp_end].text
        if is_term(exp):
            # A term's long form ("antiretroviral therapy (ART)") is no name to underline,
            # but it says what the letters stand for: "ART" is no Art.
            label = "MISC"
        else:
            label = _label_over(doc, exp_start, exp_end) or "ORG"
            add(exp_start, exp_end, label, "acronym")
        add(acr_i, acr_i + 1, label, "acronym", expansion=exp)
    defined = {doc[a].text: doc[s:e].text for s, e, a in acronyms}

    for ent_start, ent_end, ent_label in _join_pairs(doc, _join_particles(doc), gazetteer):
        if ent_label not in NAME_LABELS:
            continue
        segments = _possessor_cut(doc, _segments(doc, ent_start, ent_end, cuts), gazetteer)
        for seg_start, seg_end in segments:
            if seg_end - seg_start == 1 and seg_start > ent_start and (
                    _spaced_dash(doc, seg_start - 1) or doc[seg_start - 1].text == "the") \
                    and _common_noun(doc[seg_start].lower_) and (
                    gazetteer is None or gazetteer.etype(doc[seg_start].lower_) is None):
                # After a dateline's dash or a "the" that split the span, a capitalised
                # common word alone is the sentence's: "Beirut - Clashes broke out", "At
                # Waterloo the Duke held" (a description the references read); not a
                # place's or a body's name ("Lagos - Nigeria said", "the Taliban").
                continue
            label = ent_label
            if gazetteer is not None and gazetteer.size and (
                    len(segments) > 1 or seg_end - seg_start > 1):
                # NER labelled the run-on span ("Warsaw\n\nMarie Curie": ORG); the piece's
                # own KB type is better evidence. So it is for a name of several words that
                # is a KB name when NER and the KB disagree on a person and the text backs
                # the KB ("Usain Bolt" as GPE, "Bolt" alone later: else it never joins);
                # an airport or a ship named after someone keeps NER's label.
                known = gazetteer.etype(doc[seg_start:seg_end].text.lower())
                kb_label = _kb_label(known) if known is not None else None
                if kb_label in NAME_LABELS and (len(segments) > 1 or (
                        kb_label != label and "PERSON" in (kb_label, label) and (
                            kb_label != "PERSON" or _used_as_person(doc, seg_start, seg_end)))):
                    label = kb_label
            _add_ner(doc, seg_start, seg_end, label, taken, defined, gazetteer, add,
                     doc_text)

    nicks: set[str] = set()
    for s, o, c, e in _nicknamed(doc, cuts):
        # 'Abraham ``Abe'' Dumanis' is one man, named without his nickname: not the
        # patriarch Abraham (0.72) and a Shinzo Abe, nor Cindy "Mac" MacKenzie a computer.
        lo, hi = doc[s].idx + char_offset, doc[e - 1].idx + len(doc[e - 1]) + char_offset
        found[:] = [m for m in found if m.end <= lo or hi <= m.start]
        for i in range(s, e):
            taken[i] = 1
        nick = doc[o + (doc[o].text == "`") + 1:c].text
        # Alone, only a nickname that is no place's, rank's or month's name stands for him.
        alone = " " not in nick and nick.lower() not in TITLES and \
            nick.lower() not in MONTHS and (
                gazetteer is None or gazetteer.etype(nick.lower()) not in _NOT_NICKNAMES)
        found.append(NameMention(lo, hi, f"{doc[s:o].text} {doc[c + 1:e].text}", "PERSON",
                                 "ner", sent_of[s] + sent_offset,
                                 _rank_before(doc, s, e, "PERSON"),
                                 nicknamed=f"{nick} {doc[c + 1:e].text}",
                                 nickname=nick if alone else None))
        if alone:
            nicks.add(nick)
    if nicks:
        _add_nicknames(doc, nicks, taken, found, add, char_offset)

    # Later uses of a defined acronym that NER left alone.
    for i in written_as(doc, defined):
        if not taken[i]:
            tok = doc[i]
            add(i, i + 1, _label_over_text(found, defined[tok.text]), "acronym",
                expansion=defined[tok.text])

    def widen(span: Span) -> bool:
        """Give up the NER name inside a longer KB name ("[Second] World War").

        Two NER names are given up only where "of" or "the" alone join them, or the
        comma of a KB title before words that name nothing of their own: "[Bay] of
        [Bengal]" and "[Washington], [D.C.]" are one name ("Washington" was NIL beside a
        linked "D.C."); "[Antony] and [Cleopatra]" may be two people, and "[Córdoba],
        [Argentina]" names the country too.
        """
        lo, hi = span.start_char + char_offset, span.end_char + char_offset
        inside = [m for m in found if lo <= m.start and m.end <= hi]
        if not inside or any(m.source != "ner" for m in inside):
            return False
        if len(inside) > 1 and not all(
                (t.lower_ in _JOINING and t.text.islower()) or joins_as_one_word(t)
                or (t.text == "," and gazetteer is not None and gazetteer.etype(
                    doc[t.i + 1:span.end].text.lower()) is None)
                for t in span if not any(m.start <= t.idx + char_offset < m.end
                                         for m in inside)):
            return False
        outside = [m for m in found if m.start < hi and lo < m.end and m not in inside]
        if outside:
            return False
        for m in inside:
            found.remove(m)
        for i in range(span.start, span.end):
            taken[i] = 0
        return True

    _add_datelines(doc, cuts, taken, add, gazetteer)
    if gazetteer is not None and gazetteer.size:
        people = frozenset(m.text.split()[-1] for m in found if m.label == "PERSON")
        _add_gazetteer(doc, gazetteer, taken, add, cuts, widen, people)
        _add_demonyms(doc, gazetteer, taken, add, found)
    _add_given_names(doc, gazetteer, taken, add)
    found.sort(key=lambda m: m.start)
    _share_family_names(doc, doc_text, found, char_offset, gazetteer)
    _with_son(doc_text, found, char_offset)
    if gazetteer is not None and gazetteer.size:
        _languages(doc, found, char_offset, gazetteer)
    return found


# Where a people's word alone is a noun of its own, not an adjective's or a people's.
_NOUN_ROLES = frozenset({"pobj", "dobj", "nsubj", "nsubjpass"})
_LANGUAGE_VERBS = frozenset({"speak", "write", "use", "mean", "borrow", "derive", "teach",
                             "learn", "translate", "spell", "pronounce", "differ", "share"})
_SPOKEN = frozenset({"speak", "write", "spell", "pronounce"})  # "the English spoken there"
# Nouns only a language has, as the head of the people's word's phrase: "English
# subtitles", "the Russian translation", "Italian dialects". Not a speaker (of a
# parliament, at a rally, a loudspeaker), a translator (a nationality), audio (makers)
# or grammar (schools): a review's. A word is a language's where it is "for" something
# or quoted ("the English word for it", "the Spanish word "siesta""), or words not "of"
# or "from" someone; speakers where native ("native English speakers").
_LANGUAGE_NOUNS = frozenset({
    "subtitle", "dubbing", "dub", "translation", "phrase", "vocabulary", "dialect",
    "spelling", "pronunciation", "idiom", "proverb", "verb", "noun", "adjective"})
_WORD_FOR = frozenset({"for", '"', "“", "'", "‘", "``"})
_PEOPLES_JOINED = frozenset({",", "/", "and", "or", "&"})
_OPEN_BRACKETS = frozenset({"(", "["})
_BRACKETS = _OPEN_BRACKETS | {")", "]"}


def _languages(doc: Doc, found: list[NameMention], char_offset: int, gaz: Gazetteer) -> None:
    """A people's word alone as a bare singular noun is their language.

    "translated from Russian", "The word comes from Greek" (Russia at 0.82, Greece at
    0.97): a people is "the Greeks" or "the French", a nationality an adjective ("a
    Greek ship", "he is Greek"). Only where the KB has the language ("Greek language").
    So is one said of its language (``_says_its_language``: "Moscow (Russian: Москва)",
    "an English-language newspaper"), whether the KB has the language or not: never the
    country (GAP's dev half: Russia, China, Finland at 0.99). A subject is the language
    where the text also uses the word so ("translated from Russian. Russian is hard to
    learn"): the language's mentions are never one entity with the people's (a review's).
    """
    spoken: set[str] = set()  # words this text uses as a language's name
    subjects: list[NameMention] = []  # bare subjects of other verbs: a people's, or not
    for m in found:
        # NER calls a people's word a place too ("Ukrainian: Москва"): a gloss's only.
        said_as = ("NORP", "LANGUAGE", "GPE") if looks_like_demonym(m.text) else (
            "NORP", "LANGUAGE")
        if m.label not in said_as or " " in m.text or m.text.endswith("s"):
            continue
        span = doc.char_span(m.start - char_offset, m.end - char_offset)
        if span is None or len(span) != 1:
            continue
        # A gloss names the language whether the KB has it or not; a language's noun
        # only where it has ("Korean phrases" stay Korea's: the KB types it otherwise).
        kb_language = gaz.etype(f"{m.text.lower()} language") == "LANGUAGE"
        if _says_its_language(span[0]) or (kb_language and _on_a_language_noun(span[0])):
            m.label = "LANGUAGE"
            spoken.add(m.text.lower())
            continue
        if m.label == "GPE" or not kb_language:
            continue
        tok = span[0]
        # The coordination's first word, and its last: "from French, English, and Russian
        # aristocracy" is three adjectives of one noun, whatever the parse hangs on it.
        first = tok
        while first.dep_ == "conj" and first.head.i < first.i:
            first = first.head
        joined = [t for t in first.subtree if t.dep_ == "conj" and t.head.i >= first.i]
        last = max(joined, key=lambda t: t.i, default=first)
        after = doc[last.i + 1] if last.i + 1 < len(doc) else None
        noun = first.dep_ in _NOUN_ROLES and not any(
            c.dep_ in ("det", "poss") for c in tok.children) and not (
            after is not None and after.pos_ == "NOUN") and not any(
            t.pos_ == "NOUN" or t.text.endswith("s") for t in joined) and \
            not (first.dep_ == "pobj" and first.head.lower_ == "between")
        # A subject is a language only as one is spoken or written ("French is spoken
        # there"); "Japanese surrendered", "Spanish conquered the Aztecs" are peoples (a
        # review's), and so are two of "between English and French".
        bare = noun and (first.dep_ not in SUBJECTS
                         or first.head.lemma_.lower() in _LANGUAGE_VERBS)
        # NER's LANGUAGE on an adjective is a people's word: "an English printer" is no
        # English language (GAP dev: England lost, and London the support it gave).
        m.label = "LANGUAGE" if bare else "NORP"
        if bare:
            spoken.add(m.text.lower())
        elif noun:
            subjects.append(m)
    for m in subjects:
        if m.text.lower() in spoken:
            m.label = "LANGUAGE"


def _says_its_language(tok: Token) -> bool:
    """Whether a people's word is said of its language, whatever its part of speech.

    It opens a gloss ("(Russian: Москва)", ", Arabic: ...", "(Finnish for The glitter
    ...)"), the language is named with it ("an English-language newspaper", "an English
    language weekly", "French-speaking Africa": England at 0.97), or it is spoken or
    written ("The English spoken after the Normans came": England, from the KB's own
    summary of English literature).
    """
    doc = tok.doc
    before = doc[tok.i - 1].text if tok.i > 0 else ""
    following = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
    if following is not None and following.tag_ == "VBN" and \
            following.lemma_.lower() in _SPOKEN:
        return True
    after = [t.lower_ for t in doc[tok.i + 1:tok.i + 3]]
    if after[:1] == [":"]:
        if before in _OPEN_BRACKETS:
            return True
        # A gloss after another, in the same brackets ("(Russian: Москва; Ukrainian:
        # ...)"); not a list's label ("The squad, French: Mbappé and Griezmann", a
        # review's).
        brackets = [t.text for t in doc[tok.sent.start:tok.i] if t.text in _BRACKETS]
        return before in (",", ";") and bool(brackets) and brackets[-1] in _OPEN_BRACKETS
    return (after[:1] == ["for"] and before in _OPEN_BRACKETS) or after[:1] == ["language"] or (
        after in (["-", "language"], ["-", "speaking"]))


def _on_a_language_noun(tok: Token) -> bool:
    """Whether a people's word is said of what only a language has (``_LANGUAGE_NOUNS``).

    Alone or in a list: "English subtitles", "English, French and German subtitles",
    "English/French Subtitles" (England, France at 0.92-0.99).

    Read on the surface, as the parse hangs a list's words anywhere; the noun ends the
    phrase ("English grammar schools" are schools).
    """
    doc = tok.doc
    j = tok.i + 1
    while j < len(doc) and j - tok.i <= 8 and _in_a_peoples_list(doc[j]):
        j += 1
    if j >= len(doc) or doc[j - 1].lower_ in _PEOPLES_JOINED:
        return False
    noun = doc[j]
    after = doc[j + 1] if j + 1 < len(doc) else None
    if after is not None and after.pos_ in ("NOUN", "PROPN") and not after.text[:1].isupper():
        return False  # the phrase goes on: "English grammar schools", "word processors"
    kind = noun.lower_.removesuffix("s")
    if kind in _LANGUAGE_NOUNS or noun.lemma_.lower() in _LANGUAGE_NOUNS:
        return True
    if kind == "word":
        # "the English word for it", "Japanese words and phrases"; not news or a
        # statement ("the Russian word from Moscow", "the Italian words of the minister").
        return after is not None and (after.text in _WORD_FOR or (
            noun.lower_ == "words" and after.lower_ not in ("of", "from")))
    if kind != "speaker":
        return False
    first = tok.i  # the list's first word: "native English and French speakers"
    while first > 0 and _in_a_peoples_list(doc[first - 1]):
        first -= 1
    return first > 0 and doc[first - 1].lower_ == "native"


def _in_a_peoples_list(t: Token) -> bool:
    """A people's word or what joins two ("English, French and German", "English/French")."""
    return t.lower_ in _PEOPLES_JOINED or (
        t.text[:1].isupper() and looks_like_demonym(t.text) and t.lower_ not in _LANGUAGE_NOUNS)


def _with_son(text: str, found: list[NameMention], char_offset: int) -> None:
    """French "fils" after a name is the son, as "Jr." is.

    NER leaves the word out: "Alexandre Dumas fils" was his father at 0.98.
    """
    for m in found:
        if m.label != "PERSON" or " " not in m.text:
            continue
        after = text[m.end - char_offset:m.end - char_offset + 6]
        if after[:1] == " " and after[1:5].lower() == "fils" and not after[5:6].isalpha():
            m.end += 5
            m.text = f"{m.text} fils"


def _share_family_names(doc: Doc, text: str, found: list[NameMention], char_offset: int,
                        gaz: Gazetteer | None) -> None:
    """A given name before "and" and a full name shares its family name.

    "born to Thomas and Nancy Lincoln", "raised by Moses and Susan Carver", "the daughter
    of Pierre and Marie Curie": the patriarch Moses (0.70) and Dylan Thomas were offered
    for the father, and NER called Pierre an organisation. Only a given name alone; never
    one the text gives someone as a surname ("Michael Jordan ... Jordan and Scottie
    Pippen"), nor, NER calling it no person, one the KB knows as a place or a body.
    """
    surnames = {m.text.split()[-1] for m in found if m.label == "PERSON" and " " in m.text}
    for a, b in pairwise(found):
        if " " in a.text or a.nicknamed or b.label != "PERSON" or a.text in surnames:
            continue
        if a.label not in ("PERSON", "") and gaz is not None and gaz.size and \
                gaz.etype(a.text.lower()) not in (None, "PERSON"):
            continue
        words = b.text.split()
        sex, other = name_gender(a.text), name_gender(words[0])
        if len(words) < 2 or sex is None or other is None:
            continue
        between = text[a.end - char_offset:b.start - char_offset]
        if between.strip() != "and":
            continue
        # A family the sentence names ("born to", "the daughter of", "his brothers"), or
        # a couple of a man and a woman whose first name is no KB name: not "Lincoln and
        # Stephen Douglas", "Nelson and Arthur Wellesley" (Nelson was NIL: a review's).
        span = doc.char_span(a.start - char_offset, a.end - char_offset)
        if span is None:
            continue
        family = any(t.lemma_.lower() in _FAMILY for t in doc[max(0, span.start - 4):span.start])
        if not family and (sex == other or (gaz is not None and gaz.size
                                            and gaz.etype(a.text.lower()) is not None)):
            continue
        a.text, a.label = f"{a.text} {words[-1]}", "PERSON"


# Words before "X and Y Z" that say a family: "born to", "the daughter of", "raised by".
_FAMILY = frozenset({"bear", "born", "son", "daughter", "child", "children", "parent",
                     "raise", "brother", "sister", "sibling", "twin", "couple", "family"})


_OPENING = frozenset({'"', "``", "“"})
_CLOSING = frozenset({'"', "''", "”"})
_NICKNAME_WORDS = 3  # "``Big Boy''", "``The Gipper''"


def _name_word(t: Token) -> bool:
    return t.pos_ == "PROPN" and t.text[:1].isupper() and t.text.isalpha()


def _nicknamed(doc: Doc, cuts: frozenset[int]) -> list[tuple[int, int, int, int]]:
    """Names with a quoted nickname inside: (start, opening quote, closing quote, end).

    'Earvin "Magic" Johnson', 'Abraham ``Abe'' Dumanis': a given name the lists know (or
    NER's person), capitalised words in quotes, then a family name of one or two words.
    The opening quote starts at the second index (spaCy splits "``" into two tokens). A
    title before the name is not in it ('President Abraham "Abe" Lincoln'), nor is a
    headline's run of capitals ('Taylor Swift "Reputation" Tour Breaks Records').
    """
    out: list[tuple[int, int, int, int]] = []
    text = ""
    for q, tok in enumerate(doc):
        if q == 0 or not _name_word(doc[q - 1]):
            continue
        if tok.text in _OPENING:
            o = q + 1
        elif tok.text == "`" and q + 1 < len(doc) and doc[q + 1].text == "`":
            o = q + 2
        else:
            continue
        s = q - 1
        while s > 0 and q - s < 3 and _name_word(doc[s - 1]) and \
                _norm_title(doc[s - 1].text) not in TITLES and not _trade_word(doc[s - 1]):
            s -= 1
        if _norm_title(doc[s].text) in TITLES:
            continue
        c = next((k for k in range(o + 1, min(len(doc), o + 1 + _NICKNAME_WORDS))
                  if doc[k].text in _CLOSING), None)
        if c is None or not all(t.text[:1].isupper() and t.is_alpha for t in doc[o:c]):
            continue
        e = c + 1
        while e < len(doc) and e - c <= 2 and _name_word(doc[e]):
            e += 1
        if e == c + 1 or (e < len(doc) and doc[e].text[:1].isupper()) or _crosses(
                cuts, s, e) or any("\n" in t.whitespace_ for t in doc[s:e - 1]):
            continue  # no family name, or a longer run of capitals than a name
        if name_gender(doc[s].text) is None and doc[s].ent_type_ != "PERSON" and \
                doc[e - 1].ent_type_ != "PERSON":
            continue
        text = text or doc.text
        if in_headline(text, doc[s].idx, doc[e - 1].idx + len(doc[e - 1])):
            continue
        if out and s < out[-1][3]:
            continue
        out.append((s, q, c, e))
    return out


# Where a lone given name stands in the parse when it names someone.
_NAME_ROLES = frozenset({"nsubj", "nsubjpass", "dobj", "pobj", "poss", "conj", "appos",
                         "dative", "attr"})


# A nickname alone that is a place's, a body's or a month's name is read as that: 'John
# "Paris" Smith ... moved to Paris', 'Mary "May" Smith ... In May 1920' (a review's).
_NOT_NICKNAMES = frozenset({"GPE", "LOC", "FAC", "ORG", "NORP", "EVENT"})



def _add_nicknames(doc: Doc, nicks: set[str], taken: bytearray, found: list[NameMention],
                   add, char_offset: int) -> None:
    """A quoted nickname alone, later or earlier, is the person.

    'Cindy "Mac" MacKenzie ... Mac said': NER left "Mac" out, or the gazetteer took the
    computer at 0.63. A person wherever NER found it; at a sentence's start only in a
    name's place ("Red lights flashed" is no "Red"); never after "the" ("The Duke of
    Wellington" beside Edward "Duke" Ellington). Each such use carries the nickname, by
    which the grouper joins it to the person (``Grouper._by_nickname``).
    """
    def after_the(i: int) -> bool:
        return i > 0 and doc[i - 1].lower_ == "the"

    for m in found:
        if m.text in nicks and not m.nicknamed:
            span = doc.char_span(m.start - char_offset, m.end - char_offset)
            if span is not None and not after_the(span.start):
                m.label, m.nickname = "PERSON", m.text
    for i in capitalised(doc):
        tok = doc[i]
        if taken[i] or tok.text not in nicks or after_the(i):
            continue
        if tok.is_sent_start and tok.pos_ != "PROPN" and tok.dep_ not in _NAME_ROLES:
            continue
        add(i, i + 1, "PERSON", "nickname").nickname = tok.text


def _add_given_names(doc: Doc, gaz: Gazetteer | None, taken: bytearray, add) -> None:
    """A lone given name NER missed ("Erich was born in Neunkirchen"), as a person.

    A proper noun in a name's place in the sentence, from the list of given names;
    never a word the KB knows as a place or a body ("Jordan", "Georgia").
    """
    for i in capitalised(doc):
        tok = doc[i]
        if taken[i] or tok.pos_ != "PROPN" or tok.ent_type_:
            continue
        if len(tok) < 3 or tok.text.isupper() or tok.is_stop:
            continue
        if tok.dep_ not in _NAME_ROLES or tok.lower_ in TITLES:
            continue
        nxt = doc[tok.i + 1] if tok.i + 1 < len(doc) else None
        if nxt is not None and nxt.pos_ == "PROPN":
            continue  # part of a longer name NER left alone: not guessed here
        if name_gender(tok.text) is None:
            continue
        if gaz is not None and gaz.size and gaz.etype(tok.lower_) not in (None, "PERSON"):
            continue
        # With its rank: "King Alfred fought the Danes" (the ruler's, ``candidates.ruler``).
        add(tok.i, tok.i + 1, "PERSON", "given name",
            _rank_before(doc, tok.i, tok.i + 1, "PERSON"))


# Entity types NER sometimes puts on a capitalised adjective ("Kenyan" as CARDINAL).
_NOT_NAME_TYPES = frozenset({"CARDINAL", "ORDINAL", "QUANTITY", "PERCENT", "MONEY"})


def _add_demonyms(doc: Doc, gaz: Gazetteer, taken: bytearray, add,
                  found: list[NameMention]) -> None:
    """Peoples' adjectives NER missed or mislabelled: "a Kenyan official", "Bulgarian-Turkish".

    Only when the word leads to a country or region the KB has; at a sentence start
    (where every word is capitalised) only as an adjective or when the text names that
    country too.
    """
    named = {m.text for m in found}
    for i in capitalised(doc):
        tok = doc[i]
        if taken[i] or len(tok) < 4:
            continue
        if tok.text.isupper() or tok.pos_ not in ("ADJ", "PROPN"):
            continue
        if tok.ent_type_ and tok.ent_type_ not in _NOT_NAME_TYPES | {"NORP"}:
            continue
        if not looks_like_demonym(tok.text):
            continue
        places = demonym_titles(tok.text, gaz.places)
        if not places or (tok.is_sent_start and tok.pos_ != "ADJ" and places[0] not in named):
            continue
        add(tok.i, tok.i + 1, "NORP", "kb")


def _join_particles(doc: Doc) -> list[tuple[int, int, str]]:
    """NER's entities, a person's name cut after its particle joined again.

    spaCy splits "Ursula von der Leyen" into "Ursula von der" (PERSON) and "Leyen" (GPE).
    """
    out: list[tuple[int, int, str]] = []
    for ent in doc.ents:
        start, end, label = ent.start, ent.end, ent.label_
        if out and start == out[-1][1] and out[-1][2] == "PERSON" and \
                _particle_before(doc, start, out[-1][0]) and \
                doc[start].text[:1].isupper() and label in NAME_LABELS:
            out[-1] = (out[-1][0], end, "PERSON")
            continue
        out.append((start, end, label))
    for i, (start, end, label) in enumerate(out):
        # ... or the family name left out of every entity: "Ursula von der" + "Leyen".
        if label == "PERSON" and end < len(doc) and _particle_before(doc, end, start) and \
                doc[end].pos_ == "PROPN" and \
                doc[end].text[:1].isupper() and not doc[end].ent_type_:
            out[i] = (start, end + 1, label)
    return _join_saints(doc, out)


# Italian particles elided before a vowel or written so: "Lorenzo de' Medici", "dell'".
_ELIDED_PARTICLES = frozenset({"de", "d", "dell", "dall", "degl", "sant"})


def _particle_before(doc: Doc, i: int, lo: int) -> bool:
    """Whether the tokens [lo, i) end in a name's particle in lower case ("von der").

    An elided one too, its apostrophe a token of its own: spaCy cuts "Lorenzo de' Medici"
    into "Lorenzo de'" (PERSON) and "Medici" (FAC).
    """
    if i - lo >= 2 and doc[i - 1].text in ("'", "’") and not doc[i - 2].whitespace_ and \
            doc[i - 2].lower_ in _ELIDED_PARTICLES:
        return doc[i - 2].text.islower()
    return i > lo and doc[i - 1].lower_ in NAME_PARTICLES and doc[i - 1].text.islower()


_JOINED_TYPES = frozenset({"GPE", "LOC", "ORG", "FAC"})


def _join_pairs(doc: Doc, ents: list[tuple[int, int, str]], gaz: Gazetteer | None
                ) -> list[tuple[int, int, str]]:
    """Two names NER read apart that are one KB name with the "and" between them.

    spaCy reads "Trinidad and Tobago" as "Trinidad" (GPE) and "Tobago" (ORG); the
    inverse of ``_split_pair``. Places and bodies only: "Romeo and Juliet", "Antony and
    Cleopatra" may be two people where a KB holds the play.
    """
    if gaz is None or not gaz.size:
        return ents
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if out and start == out[-1][1] + 1 and doc[start - 1].lower_ in ("and", "&") and \
                label in NAME_LABELS and out[-1][2] in NAME_LABELS:
            etype = gaz.etype(doc[out[-1][0]:end].text.lower())
            if etype in _JOINED_TYPES:
                out[-1] = (out[-1][0], end, _kb_label(etype))
                continue
        out.append((start, end, label))
    return out


def _join_saints(doc: Doc, ents: list[tuple[int, int, str]]) -> list[tuple[int, int, str]]:
    """A saint's word NER left alone joined to the name after it.

    A dateline in capitals, "ST PETERSBURG, Russia" or "ST. LOUIS", is read as "ST" and
    "PETERSBURG" (or "LOUIS"), each a name of its own.
    """
    out: list[tuple[int, int, str]] = []
    for start, end, label in ents:
        if out and start < out[-1][1]:
            continue  # taken into the saint's name before it
        if end - start == 1 and is_saint_word(doc[start].text):
            j = end
            if j < len(doc) and doc[j].text == "." and not doc[start].text.endswith("."):
                j += 1  # "ST" "." "LOUIS"
            k = j
            while k < len(doc) and doc[k].pos_ == "PROPN" and doc[k].text[:1].isupper() and \
                    "\n" not in doc[k - 1].whitespace_:
                k += 1
            if k > j:
                after = next((e for e in ents if j <= e[0] < k), None)
                out.append((start, k, after[2] if after else label))
                continue
        out.append((start, end, label))
    return out


def _crosses(cuts: frozenset[int], start: int, end: int) -> bool:
    """True when a block starts at a token strictly inside ``[start, end)``."""
    return bool(cuts) and any(i in cuts for i in range(start + 1, end))


def _segments(doc: Doc, start: int, end: int, cuts: frozenset[int] = frozenset()
              ) -> list[tuple[int, int]]:
    r"""An NER span cut at line breaks, block starts and lower-case non-connector words.

    "Nuclear Energy Institute\nWashington" and "Colchester to Wales" are two names each.
    """
    out = []
    seg = start
    for i in range(start, end):
        tok = doc[i]
        if i in cuts and i > seg:  # a new block starts here
            out.append((seg, i))
            seg = i
        # A line break; a dateline's dash; "the" between two phrases of the sentence.
        cut = ("\n" in tok.text or "\n" in tok.whitespace_) if tok.is_space else \
            _spaced_dash(doc, i) or _two_phrases(doc, i, start, end)
        lower_word = (tok.is_alpha and tok.text.islower() and tok.lower_ not in CONNECTORS
                      and tok.lower_ not in _LEADING_DROP and i > start
                      and not _hyphened(tok))
        if cut or lower_word:
            if i > seg:
                out.append((seg, i))
            seg = i + 1
        elif "\n" in tok.whitespace_:
            out.append((seg, i + 1))
            seg = i + 1
    if seg < end:
        out.append((seg, end))
    trimmed = []
    for s, e in out:  # "the beaches of Heraklion" -> "of Heraklion" -> "Heraklion"
        while s < e and doc[s].lower_ in _EDGE_WORDS and doc[s].text.islower():
            s += 1
        while e > s and doc[e - 1].lower_ in _EDGE_WORDS and doc[e - 1].text.islower():
            e -= 1
        if s < e:
            trimmed.append((s, e))
    return trimmed


def _possessor_cut(doc: Doc, segments: list[tuple[int, int]], gaz: Gazetteer | None
                   ) -> list[tuple[int, int]]:
    """A KB person's possessive inside a span is the person and their work, two names.

    NER reads "Agatha Christie's Murder on the Orient Express" or "Tolstoy's War and
    Peace" as one name of no article (a helper's texts). Not a KB name that holds the
    possessive, in either saint's spelling ("Saint Peter's Basilica"), nor a thing named
    after its owner by a kind ("Robert Gordon's College") or a common noun of no article
    ("Valentine's Day"), nor a person's possessive at the span's end.
    """
    if gaz is None or not gaz.size:
        return segments
    out = []
    for s, e in segments:
        cut = next((i for i in range(s + 1, e - 1) if doc[i].tag_ == "POS"), None)
        whole = doc[s:e].text.lower()
        if cut is not None and doc[cut + 1].text[:1].isupper() and \
                gaz.etype(doc[s:cut].text.lower()) == "PERSON" and \
                not any(gaz.etype(n) is not None for n in (whole, saint_spelling(whole)) if n) \
                and not (e - cut == 2 and (
                    kind_label(doc[cut + 1].lower_) is not None  # "Robert Gordon's College"
                    or (_common_noun(doc[cut + 1].lower_)
                        and gaz.etype(doc[cut + 1].lower_) is None))):
            out += [(s, cut), (cut + 1, e)]
        else:
            out.append((s, e))
    return out


_DASHES = frozenset({"-", "–", "—"})


DATELINE_REACH = 12  # tokens from a dateline's place to its dash: ", May 3 (APS) -"


def _add_datelines(doc: Doc, cuts: frozenset[int], taken: bytearray, add,
                   gaz: Gazetteer | None) -> None:
    """A wire story's dateline place that NER left out: "ALGIERS, May 3 (APS) - ...".

    The words in capitals that open a block, then a comma or a bracket, and a spaced dash
    soon after: the town the story was filed from ("TEHERAN, (IRNA) -" and "ALGIERS" were
    no names; NER reads "NAIROBI, Kenya (AP)" but not these). Only a place the KB or
    GeoNames knows: "URGENT, please read - ..." is a shouted word (the review).
    """
    for start in sorted({0, *cuts}):
        end = start
        while end < len(doc) and end - start < 6 and not taken[end] and (
                (doc[end].is_upper and doc[end].is_alpha) or (
                    end > start and joins_as_one_word(doc[end]))):  # "WINSTON-SALEM"
            end += 1
        if end == start or end >= len(doc) or doc[end].text not in (",", "(") or \
                not doc[end - 1].is_alpha or len(doc[start:end].text) < 3:
            continue
        place = doc[start:end].text
        known = gaz.etype(place.lower()) if gaz is not None and gaz.size else None
        if known not in _PLACE_TYPES and not town_regions(place.title()) and \
                not is_region(place.title()):
            continue
        if any(_spaced_dash(doc, k) for k in range(end, min(len(doc), end + DATELINE_REACH))
               if k not in cuts):
            add(start, end, "GPE", "dateline")


def _spaced_dash(doc: Doc, i: int) -> bool:
    """A dash with a space on either side: a dateline's ("Beirut - Clashes broke out")."""
    return doc[i].text in _DASHES and i > 0 and bool(doc[i - 1].whitespace_) and \
        bool(doc[i].whitespace_)


def _two_phrases(doc: Doc, i: int, start: int, end: int) -> bool:
    """A lower-case "the" between two phrases the parse puts apart in the sentence.

    "At [Waterloo the Duke] held the ridge": "Waterloo" is the object of "At", "the Duke"
    the subject of "held". A name with its epithet stays whole ("Alexander the Great",
    "Winnie the Pooh": the word after "the" hangs on the name before it).
    """
    tok = doc[i]
    if tok.text != "the" or i == start or i + 1 >= end:
        return False
    noun = tok.head
    if not i < noun.i < end:
        return False
    return not start <= noun.head.i < end and not start <= doc[i - 1].head.i < end


# WordNet's classes of the names of places and bodies ("Nigeria", "Taliban"): no common noun.
_NAME_CLASSES = frozenset({"location", "group"})


def _common_noun(low: str) -> bool:
    """Whether a word is a common noun, or the plural of one ("clashes", "talks").

    Not one WordNet also knows as a place or a body ("Nigeria", "Turkey", "Taliban").
    """
    classes = [noun_classes(w) for w in {low, low.removesuffix("s"), low.removesuffix("es")}
               if w]
    return any(classes) and not any(set(c) & _NAME_CLASSES for c in classes)


HEADLINE_CHARS = 200  # a longer line is prose, whatever its capitals
# Short words a title-case headline may leave in lower case.
HEADLINE_SMALL = frozenset({"a", "an", "the", "and", "or", "but", "of", "in", "on", "at",
                             "to", "for", "by", "with", "from", "as", "vs", "via", "after",
                             "into", "over", "da", "de", "di", "von", "van", "bin", "al"})
_LINE_WORD = re.compile(r"[^\W\d_][\w'’-]*")


def in_headline(text: str, start: int, end: int) -> bool:
    """Whether the name stands in a headline, a short line in title case.

    Every other word of the line is capitalised (at least three of them, small words aside).
    """
    lo = text.rfind("\n", max(0, start - HEADLINE_CHARS), start) + 1
    hi = text.find("\n", end, end + HEADLINE_CHARS)
    if hi < 0:
        hi = len(text) if len(text) - end <= HEADLINE_CHARS else -1
    if (lo == 0 and start > HEADLINE_CHARS) or hi < 0 or hi - lo > HEADLINE_CHARS:
        return False
    line = text[lo:hi].rstrip()
    if any(c in line for c in ",;") or line.endswith("."):
        return False  # a list of names, a cast or a sentence, not a headline
    words = [w for w in _LINE_WORD.findall(text[lo:start] + " " + text[end:hi])
             if w.lower() not in HEADLINE_SMALL]
    return len(words) >= 3 and all(w[0].isupper() for w in words)


def _add_ner(doc: Doc, start: int, end: int, label: str, taken: bytearray,
             defined: dict[str, str], gazetteer: Gazetteer | None, add, text: str) -> None:
    """Clean one NER segment and add it (or its two halves) as mentions."""
    cleaned = clean_span(doc, start, end, label)
    if cleaned is None:
        return
    s, e, title = cleaned
    if title and label != "PERSON" and gazetteer is not None and gazetteer.size:
        # A title that begins a KB name of a thing is the name's ("General Motors",
        # "Prince Edward Island"): "Motors" alone was underlined, "General" its rank. Not
        # where NER reads a person ("Prince George", whatever place the KB names so).
        n = len(title.split())
        known = gazetteer.etype(doc[s - n:e].text.lower()) if s >= n else None
        if known is not None and known != "PERSON":
            s, title = s - n, None
    if any(taken[s:e]):
        return
    if not title:
        s = _word_before(doc, s, e, label, taken)
    pieces = _split_pair(doc, s, e, gazetteer) or _split_hyphen(doc, s, e, gazetteer) or (
        _split_style(doc, s, e, gazetteer) if label == "PERSON" else [])
    if pieces:  # "Hendrix and Dylan" tagged as one WORK_OF_ART
        for ps, pe, plabel in pieces:
            add(ps, pe, plabel, "ner")
        return
    if not any(c.isalpha() for t in doc[s:e] for c in t.text):  # "COVID-19" counts
        return
    if e - s == 1 and label == "NORP" and doc[s].pos_ == "VERB":
        return  # "Polish the silver": a verb the capital made look like a people
    if e - s == 1 and doc[s].text == "I" and doc[s].tag_ == "PRP":
        return  # "the Daily Mail\n\nI can still remember": the writer, linked to Iraq
    if e - s == 1 and doc[s].lower_ in _PERSONAL and not doc[s].is_upper:
        # "This Is Us", "Join Us": a pronoun a title capitalised, no name; grouped with
        # the text's "US", it was the United States at 0.98 (the benchmark book)
        return
    if e - s == 1 and shouted_word(doc, s):
        return  # "LET US PRAY": a line of capitals, its "US" linked to the United States
    if e - s == 1 and len(doc[s].text) == 1 and s > 0 and doc[s - 1].like_num:
        return  # "57.2 F", "14.0 C": a unit's letter after its number
    if not any(t.text[:1].isupper() or t.text[:1].isdigit() for t in doc[s:e]):
        return  # "his van": names are capitalised
    if is_code(doc[s:e].text) and (gazetteer is None or
                                   gazetteer.etype(doc[s:e].text.lower()) is None):
        return
    if _headline_words(doc, s, e, gazetteer, text):
        return
    add(s, e, label, "ner", title,
        expansion=defined.get(doc[s:e].text) if e - s == 1 else None)
    if title:  # "Queen Elizabeth II": the title is hers, no name of its own (Queen, a band)
        n = min(s, len(title.split()))
        taken[s - n:s] = b"\x01" * n


def _word_before(doc: Doc, start: int, end: int, label: str, taken: bytearray) -> int:
    """Where a person's name starts with the given name NER left out before it.

    NER kept the surname alone ("Felicity Jones", "Amber Rose" of the benchmark book); the
    parse hangs the given name on it as a compound. Only a given name with a sex, before a
    one-word name: a rank or a role ("Manager Roy Hodgson", "Legendary DJ") is none. Not a
    place's: a capitalised word before one is an adjective or a headline's verb as often
    ("Downtown Chicago", "Protests Rock Paris") as a club's first word ("Real Madrid").
    """
    if start == 0 or label != "PERSON" or end - start != 1 or taken[start - 1]:
        return start
    t = doc[start - 1]
    if t.dep_ != "compound" or t.head.i != start or t.pos_ != "PROPN" or t.ent_type_ or \
            not t.is_alpha or not t.text[:1].isupper() or t.is_upper or \
            t.whitespace_ != " " or _norm_title(t.text) in TITLES or name_gender(t.text) is None:
        return start
    return start - 1


def _headline_words(doc: Doc, start: int, end: int, gaz: Gazetteer | None, text: str
                    ) -> bool:
    """Whether NER read a headline's capitalised common words as a name.

    "Coast Guard Rescues Teen Kayaker" made a person "Teen Kayaker", and "the boy", "him"
    his. In a title-case line (``in_headline``) a span that opens with a common noun (WordNet)
    which is no given name, and that the KB does not know, is left out; the prose below
    names what the headline means.
    """
    lo, hi = doc[start].idx, doc[end - 1].idx + len(doc[end - 1].text)
    if not in_headline(text, lo, hi):  # ``doc.text`` (the whole chunk), made once
        return False
    first = doc[start].lower_
    if not noun_classes(first) or name_gender(first) is not None:
        return False
    return gaz is None or gaz.etype(doc[start:end].text.lower()) is None


# Words that join two names NER may read as one ("Hendrix and Dylan", "the Divine Comedy,
# Dante", "the Golden Temple at Amritsar").
_PAIR_JOINS = frozenset({"and", "&", ",", "at", "in"})


def _split_pair(doc: Doc, start: int, end: int, gaz: Gazetteer | None
                ) -> list[tuple[int, int, str]]:
    """Two KB names joined inside one NER span (``_PAIR_JOINS``), as two spans (else [])."""
    if gaz is None or not gaz.size or end - start < 3:
        return []
    whole = doc[start:end].text.lower()
    if gaz.etype(whole) is not None:
        return []  # "Procter & Gamble", "Washington, D.C." are one name
    for i in range(start + 1, end - 1):
        if doc[i].lower_ in _PAIR_JOINS:
            left, right = doc[start:i].text.lower(), doc[i + 1:end].text.lower()
            lt, rt = gaz.etype(left), gaz.etype(right)
            if lt is not None and rt is None and doc[i].text == "," and \
                    name_gender(doc[i + 1].text) is not None and \
                    all(t.text[:1].isupper() for t in doc[i + 1:end]):
                rt = "PERSON"  # "the Divine Comedy, Dante loses his way"
            if lt == "ORG" and doc[i].lower_ in ("at", "in"):
                return []  # "the University of California at Berkeley": a campus's name
            if lt is not None and rt is not None:
                return [(start, i, _kb_label(lt)), (i + 1, end, _kb_label(rt))]
    return []


_PLACE_TYPES = frozenset({"GPE", "LOC", "NORP"})


def _split_style(doc: Doc, start: int, end: int, gaz: Gazetteer | None
                 ) -> list[tuple[int, int, str]]:
    """A person and the place of their style ("Frederick the Great of Prussia"), as two.

    The caller asks only of a name NER reads as a person's ("Ford of Europe" is a
    company's). Only when the whole is not a KB name ("Catherine of Aragon", "Philip II of Spain"
    stay whole), the part before "of" is a KB person's name and the part after a KB
    place's: each is then underlined and explained as what it is.
    """
    if gaz is None or not gaz.size or end - start < 3 or \
            gaz.etype(doc[start:end].text.lower()) is not None:
        return []
    for i in range(start + 1, end - 1):
        if doc[i].lower_ == "of":
            after = i + 2 if doc[i + 1].lower_ == "the" and i + 2 < end else i + 1
            place = gaz.etype(doc[after:end].text.lower())
            if gaz.etype(doc[start:i].text.lower()) == "PERSON" and place in ("GPE", "LOC"):
                return [(start, i, "PERSON"), (after, end, place)]
            return []
    return []


def styled_places(text: str, mentions: list[NameMention]) -> set[tuple[int, int]]:
    """The spans of a person and of the place of their style ("Henry VIII of England").

    The place after "of" is no longer name's part ("University of Paris"), nor the person
    a longer name's (``descriptors.in_longer_name``): the king is Henry VIII, the
    country England.
    """
    places = {m.start: m for m in mentions if m.label in ("GPE", "LOC")}
    out: set[tuple[int, int]] = set()
    for m in mentions:
        if m.label != "PERSON":
            continue
        gap = _STYLE_GAP.match(text, m.end)
        place = places.get(gap.end()) if gap else None
        if place is not None:
            out |= {(m.start, m.end), (place.start, place.end)}
    return out


_STYLE_GAP = re.compile(r"[ \t]+of[ \t]+(?:the[ \t]+)?")


def _split_hyphen(doc: Doc, start: int, end: int, gaz: Gazetteer | None
                  ) -> list[tuple[int, int, str]]:
    """Two places or peoples joined by a hyphen ("Delhi-Noida"), as two spans (else []).

    Only when the whole is not a KB name ("Austria-Hungary", "Guinea-Bissau" stay whole)
    and one side is a place or a people the KB knows; the other side keeps NER's label.
    """
    if gaz is None or not gaz.size or end - start < 3:
        return []
    dashes = [i for i in range(start + 1, end - 1) if doc[i].text in ("-", "–")
              and not doc[i - 1].whitespace_ and not doc[i].whitespace_]
    if len(dashes) != 1 or gaz.etype(doc[start:end].text.lower()) is not None:
        return []
    i = dashes[0]
    sides = [(start, i), (i + 1, end)]
    if not all(doc[a].text[:1].isupper() for a, _ in sides):
        return []
    labels = []
    for a, b in sides:
        low = doc[a:b].text.lower()
        known = gaz.etype(low)
        if known in _PLACE_TYPES:
            labels.append(known)
        elif b - a == 1 and (low in IRREGULAR or (
                low.endswith(("ian", "ish", "ese", "ean")) and doc[a].pos_ in ("ADJ", "PROPN"))):
            labels.append("NORP")
        else:
            labels.append(None)
    if labels == [None, None]:
        return []
    label = _label_over(doc, start, end) or "GPE"
    return [(a, b, lab or label) for (a, b), lab in zip(sides, labels, strict=True)]


def _used_as_person(doc: Doc, start: int, end: int) -> bool:
    """Whether the text treats this name as a person's.

    A personal title before it, or its last word alone elsewhere ("Usain Bolt ... Bolt"),
    not only inside the name.
    """
    if start > 0 and _norm_title(doc[start - 1].text) in TITLES:
        return True
    last = doc[end - 1].text
    alone = sum(1 for t in doc if t.text == last)
    return alone > doc.text.count(doc[start:end].text)


def _kb_label(etype: str) -> str:
    return etype if etype in NAME_LABELS else "MISC"


def _sentence_index(doc: Doc) -> list[int]:
    out = [0] * len(doc)
    if not doc.has_annotation("SENT_START"):
        return out
    for si, sent in enumerate(doc.sents):
        for i in range(sent.start, sent.end):
            out[i] = si
    return out


def _label_over(doc: Doc, start: int, end: int) -> str | None:
    for ent in doc.ents:
        if ent.start < end and start < ent.end and ent.label_ in NAME_LABELS:
            return ent.label_
    return None


def _label_over_text(found: list[NameMention], text: str) -> str:
    """The label of an acronym's long form, or of its definition when the form is a term."""
    return next((m.label for m in found if m.text == text or (
        m.source == "acronym" and m.expansion == text)), "ORG")


def _defined_acronyms(doc: Doc) -> list[tuple[int, int, int]]:
    """(expansion start, expansion end, acronym token) for "Long Name (LN)" in the text."""
    out: list[tuple[int, int, int]] = []
    if len(doc) <= 3:
        return out
    orth = doc.to_array(ORTH)
    # tokens 2 .. len - 2 between "(" and ")"
    inside = np.flatnonzero((orth[1:-2] == get_string_id("(")) &
                            (orth[3:] == get_string_id(")"))) + 2
    for i in inside.tolist():
        tok = doc[i]
        if not is_acronym(tok.text):
            continue
        letters = tok.text.replace(".", "").replace("&", "").upper()
        # Walk back over the capitalised words (and connectors) before the bracket.
        j = i - 2
        got = ""
        start = None
        while j >= 0 and i - 2 - j < 12:
            w = doc[j]
            if w.text[:1].isupper():
                got = w.text[0].upper() + got
                if got == letters:
                    start = j
                    break
                if not letters.endswith(got):
                    # A word may carry two letters ("Euro-Mediterranean"), or be skipped.
                    parts = re.split(r"-", w.text)
                    two = "".join(p[:1].upper() for p in parts if p)
                    got = two + got[1:]
                    if got == letters:
                        start = j
                        break
                    if not letters.endswith(got):
                        break
            elif w.lower_ not in CONNECTORS:
                break
            j -= 1
        if start is None:
            start = _term_start(doc, i, letters)
        if start is not None:
            out.append((start, i - 1, i))
    return out


def _term_start(doc: Doc, i: int, letters: str) -> int | None:
    """Where a lower-case long form of the acronym at ``i`` starts, if one ends at its "(".

    Schwartz and Hearst's rule (2003): the acronym's letters occur in order in the words
    before the bracket, the first at the start of a word ("antiretroviral therapy (ART)",
    "liquid-crystal display (LCD)"); the long form is the fewest words that hold them, at
    most min(letters + 5, 2 * letters), all lower-case words.
    """
    if len(letters) < 3:
        return None  # two letters fit any two words ("announced plans (AP)", a review)
    most = min(len(letters) + 5, 2 * len(letters))
    words: list[str] = []
    j = i - 2  # the word before the bracket
    while j >= 0 and len(words) < most:
        k = j  # back to the word's first token: "liquid-crystal" is three
        while k > 0 and not doc[k - 1].whitespace_:
            k -= 1
        word = doc[k:j + 1].text
        # A stop, comma or line break ends the search; a sentence's first word may be
        # capitalised ("Human immunodeficiency virus (HIV)").
        opens = k == 0 or doc[k - 1].text in (".", "!", "?") or doc[k - 1].is_space
        if not word.replace("-", "").isalpha() or not (
                word.islower() or (opens and word[1:].islower())):
            return None
        words.insert(0, word.lower())
        if _holds_letters(words, letters.lower()):
            return k if len(words) > 1 else None
        j = k - 1
    return None


def _holds_letters(words: list[str], letters: str) -> bool:
    """Whether ``letters`` occur in order in the words, the first at their start.

    Every word but a connector starts with one of the letters ("gross domestic product"):
    "a report today" is no long form of "ART", nor is one that starts with "a" or "the".
    """
    if words[0] in _EDGE_CONNECTORS or words[0] in ("a", "an") or \
            not words[0].startswith(letters[:1]):
        return False
    rest = iter(" ".join(words)[1:])
    return all(c in rest for c in letters[1:]) and \
        all(w[0] in letters for w in words if w not in CONNECTORS)


def is_code(text: str) -> bool:
    """A licence code or versioned identifier ("CC BY-SA 4.0", "GPL 3.0"), not a name.

    Only upper-case codes with a version number: "Windows 3.1" stays a name.
    """
    words = text.split()
    if len(words) < 2:
        return False
    has_version = any(_VERSION.match(w) for w in words)
    return has_version and all(_VERSION.match(w) or _CODE_WORD.match(w) for w in words)


# The only words between two NER names that one KB name may join ("Bay of Bengal").
_JOINING = frozenset({"of", "the"})


def _add_gazetteer(doc: Doc, gaz: Gazetteer, taken: bytearray, add,
                   cuts: frozenset[int] = frozenset(),
                   widen: Callable[[Span], bool] | None = None,
                   people: frozenset[str] = frozenset()) -> None:
    """Names the KB knows that NER missed, capitalised in the text, longest first.

    ``widen`` may give up an NER name lying inside a longer, capitalised KB name;
    ``people`` are the last words of the people NER found, whose possessive is no KB name.
    """
    text = doc.text
    lowered = text.lower()
    if len(lowered) != len(text):  # a few characters change length when lowered ("İ")
        lowered = "".join(c.lower() if len(c.lower()) == 1 else c for c in text)
    hits = []
    for start, end, etype in gaz.scan(lowered):
        if start > 0 and (text[start - 1].isalnum()):
            continue
        if end < len(text) and text[end].isalnum():
            continue
        hits.append((start, end, etype))
    hits.sort(key=lambda h: (h[0] - h[1], h[0]))
    for start, end, etype in hits:
        span = doc.char_span(start, end)
        if span is None:  # "War." glued to its full stop when a zero-width space follows
            span = doc.char_span(start, end, alignment_mode="expand")
            if span is not None and (span.start_char != start or any(
                    c.isalnum() for c in text[end:span.end_char])):
                continue
        if span is None or _crosses(cuts, span.start, span.end) or "\n" in span.text \
                or the_title(doc, span.start, span.end) or \
                portfolio_end(doc, span.start, span.end) == span.end:
            continue
        lower_kind = not _capitalised(span)
        if lower_kind and not _kind_in_lower_case(span, etype, gaz):
            continue
        if len(span) == 1 and span.end < len(doc) and _title_at(doc, span.start, span.end + 1):
            continue  # a rank before a name ("Emperor Constantine"): the name's, no article's
        if len(span) == 1 or all(t.lower_ in CONNECTORS or t.is_punct for t in span[1:]):
            tok = span[0]
            if tok.pos_ != "PROPN" or tok.ent_type_ or tok.is_stop:
                continue  # a capitalised common word, or an entity of another kind
            if etype == "OTHER" and not any(c.isdigit() for c in tok.text):
                continue
        if _opens_longer_name(doc, span.end, taken):
            continue
        if span[-1].text in _POSSESSIVE and (
                any(t.ent_type_ == "PERSON" for t in span) or span[-2].text in people):
            continue  # "Ronald McDonald ... McDonald's hat": a person's, not the company
        # A number ending the name is its own ("Apollo 11": NER reads "11" as CARDINAL).
        numbered = span[-1].is_digit and len(span) > 1
        # A name spelt in words and capitalised as one is no number ("Orwell's Nineteen
        # Eighty-Four", "the Middle Ages", which NER reads as a date).
        if any(t.ent_type_ and t.ent_type_ not in NAME_LABELS
               for t in (span[:-1] if numbered else span)) and not (
                len(span) > 1 and not any(c.isdigit() for c in span.text)
                and (etype == "EVENT" or _capitalised(span))):
            continue  # part of a date or a number; not "the end of Second World War"
        if etype == "OTHER" and not _all_propn(span) and not lower_kind:
            continue
        # Last: giving up an NER name inside this one cannot be undone.
        if any(taken[span.start:span.end]) and (
                len(span) < 2 or widen is None or all(taken[span.start:span.end])
                or not widen(span)):
            continue
        label = etype if etype in NAME_LABELS else "MISC"
        # A rank right before it makes it someone's name, with that title ("Emperor
        # Constantine": the KB's "Emperor" is no name there), as it does an NER name's
        # (``clean_span``); which article is meant is the linker's to weigh.
        title = _rank_before(doc, span.start, span.end, label)
        if title is not None and _norm_title(title) not in WEAK_TITLES:
            label = "PERSON"
        add(span.start, span.end, label, "kb", title, kb_label=etype)


def _rank_before(doc: Doc, start: int, end: int, label: str | None) -> str | None:
    """The rank right before a name NER did not give ("Emperor", "Lord Chancellor").

    On the name's line; read as ``clean_span`` reads one for an NER name (``_title_before``).
    """
    if start == 0 or (i := _title_before(doc, start, end, label)) is None or any(
            "\n" in doc[j].whitespace_ for j in range(i, start)):
        return None
    return doc[i:start].text


def _opens_longer_name(doc: Doc, end: int, taken: bytearray) -> bool:
    """Whether the words before ``end`` begin a longer name no mention holds yet.

    "Wall" of "Wall Street", "India" and "Business" of the programme "India Business
    Report": the last word is a compound of a capitalised proper noun after it, every
    word between being one too.
    """
    last = doc[end - 1]
    head = last.head
    return last.dep_ == "compound" and head.i >= end and not taken[head.i] and all(
        t.pos_ == "PROPN" and t.text[:1].isupper() for t in doc[end:head.i + 1])


_ONE_OF_MANY = frozenset({"a", "an", "every", "each", "another", "any", "no", "some"})


def _kind_in_lower_case(span: Span, etype: str, gaz: Gazetteer) -> bool:
    """A KB name whose kind the text writes in lower case after the name's own words.

    An event's ("the Iraq war", "the Rwandan genocide", "the Syrian civil war": not
    Rwanda or Syria), the last word a kind of event (``kb.derive.kind_label``). Or any
    KB name so written after proper nouns or words NER reads as names: "the Qin dynasty"
    (Qin Shi Huang at 0.98), "the Amazon rainforest" (the company), "the English
    language", "the Spanish flu", where the KB writes the kind so too ("a Catholic
    church" is no Catholic Church, "a British museum" no British Museum: the review);
    not a concept at a sentence's start ("Absolute zero"), nor one of many ("a", "every").
    """
    words = [t for t in span if not t.is_punct]
    i = len(words)
    while i > 1 and words[i - 1].text.islower():
        i -= 1
    tail = words[i:]
    if not tail or len(tail) > 2 or not words[0].text[:1].isupper() or (
            span.start > 0 and span.doc[span.start - 1].lower_ in _ONE_OF_MANY):
        return False
    if etype == "EVENT" and kind_label(tail[-1].text) == "EVENT":
        return _name_words(words[:i])
    if (words[0].is_sent_start and words[0].ent_type_ not in NAME_LABELS) or \
            span.text.lower() not in gaz.lower_kinds:
        # Capitalised by the sentence ("Absolute zero is ...": a tagger's PROPN), or a
        # kind the KB's name capitalises.
        return False
    return all(t.is_alpha for t in tail) and all(
        t.lower_ in CONNECTORS or (t.text[:1].isupper() and (
            t.pos_ == "PROPN" or t.ent_type_ in NAME_LABELS)) for t in words[:i])


def _all_propn(span: Span) -> bool:
    # A possessive inside the name is its own: "St. Peter's Basilica" (Saint Peter at 0.85);
    # a number may end it, as ``_capitalised`` lets it ("Apollo 11", a mission, not a person)
    return all(t.pos_ == "PROPN" or t.lower_ in CONNECTORS or t.is_punct or _hyphened(t)
               or (t.i > span.start and t.text in _POSSESSIVE)
               or (t.i == span.end - 1 > span.start and t.is_digit) for t in span)


def find_echoes(doc: Doc, mentions: list[NameMention], surnames: dict[str, str],
                similar: Callable[[str, str], float], *, exact: dict[str, str] | None = None,
                char_offset: int = 0, sent_offset: int = 0) -> list[NameMention]:
    """Lone surnames NER missed: proper nouns equal or close to a person's surname here.

    ``surnames`` maps a normalised surname to its label; ``similar`` scores two words.
    ``exact`` maps one-word names of places and bodies to their label: those count only
    spelled exactly alike (their near spellings are too often other places).
    """
    exact = exact or {}
    if not surnames and not exact:
        return []
    covered = bytearray(len(doc))
    for m in mentions:
        span = doc.char_span(m.start - char_offset, m.end - char_offset, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                covered[i] = 1
    sent_of = None
    out: list[NameMention | None] = []
    # The full names found in the chunk: an echo with its given name before it is that
    # name again ("Fans of Taylor Swift queued", NER reading neither), not a surname glued
    # into a longer name.
    full_names = {m.text for m in mentions if " " in m.text}
    at: dict[int, int] = {}  # token index -> its echo's place in ``out``
    by_letter: dict[str, list[str]] = {}
    for s in surnames:
        by_letter.setdefault(s[:1], []).append(s)
    for i in capitalised(doc):
        tok = doc[i]
        if covered[i] or len(tok) < 4:
            continue
        # The tagger calls an unknown word NOUN at a sentence start ("Hustonn dentists"):
        # exactly the name found elsewhere, capitalised, is still that name.
        if tok.pos_ != "PROPN" and not (tok.pos_ == "NOUN" and (tok.lower_ in exact
                                                               or tok.lower_ in surnames)):
            continue
        if tok.lower_ in TITLES or tok.is_stop or _opens_longer_name(doc, i + 1, covered):
            continue
        if tok.ent_type_ and tok.ent_type_ not in NAME_LABELS:
            continue
        low = tok.text.lower()
        label = surnames.get(low) or exact.get(low)
        if label is None:
            for s in by_letter.get(low[:1], ()):
                if abs(len(s) - len(low)) <= 2 and similar(low, s) >= 0.85:
                    label = surnames[s]
                    break
        if label is None:
            continue
        if sent_of is None:
            sent_of = _sentence_index(doc)
        first = next((i - k for k in (1, 2) if i - k >= 0 and not any(covered[i - k:i])
                      and doc[i - k:i + 1].text in full_names), i)
        for j in range(first, i):  # the given name echoed as another's surname goes
            if j in at:
                out[at.pop(j)] = None
        at[i] = len(out)
        out.append(NameMention(doc[first].idx + char_offset, tok.idx + len(tok) + char_offset,
                               doc[first:i + 1].text, label, "echo",
                               sent_of[tok.i] + sent_offset))
    return [m for m in out if m is not None]


_MISTAGGED = frozenset({"ADV", "ADJ", "NOUN", "X"})


def _ner_span(doc: Doc, m: NameMention, char_offset: int) -> Span | None:
    """The tokens of a name NER found (the repairs below read only NER's), else None."""
    if m.source != "ner":
        return None
    return doc.char_span(m.start - char_offset, m.end - char_offset, alignment_mode="expand")


def split_misspelled_owners(doc: Doc, mentions: list[NameMention],
                            guess: Callable[[str], str | None], *, char_offset: int = 0
                            ) -> tuple[list[NameMention], list[NameMention]]:
    """A misspelled place or body that owns the name after it, set apart from it.

    NER reads "Italy's Union of Atheists" as Italy and a union, but "Itly's Union of
    Atheists" or "Hoouston's Top Dentists" as one organisation: a known word is a name
    of its own to the model, a misspelled one is not. The first word, with a possessive
    after it, that ``guess`` takes for a typo of a KB name is cut from the rest, which
    stays a name where it is capitalised. Returns the mentions left whole and the pieces
    (found after the components ran: described, and checked against the text's common
    words, as ``find_misspelled``'s are).
    """
    out: list[NameMention] = []
    pieces: list[NameMention] = []
    for m in mentions:
        span = _ner_span(doc, m, char_offset)
        if span is None or len(span) < 3 or span[1].text not in _POSSESSIVE or \
                not span[0].is_alpha or not span[0].text[:1].isupper() or \
                (label := guess(span[0].text)) is None:
            out.append(m)
            continue
        tok = span[0]
        pieces.append(NameMention(tok.idx + char_offset, tok.idx + len(tok) + char_offset,
                                  tok.text, label, "spelling", m.sent))
        rest = span[2:]
        if any(t.text[:1].isupper() for t in rest):
            pieces.append(replace(m, start=rest.start_char + char_offset,
                                  end=rest.end_char + char_offset, text=rest.text,
                                  title=None, kb_label=None))
    return out, pieces


def extend_slipped_given_names(doc: Doc, mentions: list[NameMention],
                               given_names: Callable[[str], frozenset[str]], *,
                               char_offset: int = 0
                               ) -> tuple[list[NameMention], list[NameMention]]:
    """A surname with its misspelled given name before it, read as the whole name.

    NER reads "Fride Kahlo was born" or "Orhen Pamuk's museum" as the surname alone: the
    slipped given name is no name it knows. A capitalised word right before a one-word
    name, within a slip bound (``candidates.within_slips``) of the given name of a KB person
    of that surname (``given_names``), but not that given name itself (then NER would have
    kept it) nor a title, is taken into the name. Returns the mentions left as they were
    and the longer ones (found after the components ran: described, and checked against
    the text's common words, as ``split_misspelled_owners``'s are).
    """
    from glossator.core.nlp.candidates import within_slips

    out: list[NameMention] = []
    longer: list[NameMention] = []
    for m in mentions:
        span = _ner_span(doc, m, char_offset)
        before = doc[span.start - 1] if span is not None and len(span) == 1 and \
            span.start > 0 else None
        if before is None or m.title or not before.is_alpha or not before.text[:1].isupper() \
                or before.whitespace_ != " " or before.lower_ in TITLES or (
                    before.is_sent_start and before.pos_ != "PROPN"):
            out.append(m)
            continue
        given = given_names(m.text)
        if not given or before.lower_ in given or not any(
                within_slips(before.text, g) for g in given):
            out.append(m)
            continue
        start = before.idx + char_offset
        longer.append(replace(m, start=start, text=doc.text[before.idx:m.end - char_offset],
                              label="PERSON", kb_label=None))
    return out, longer


_OF_SIDE = 3  # capitalised words read on each side of "of" ("Democratic Republic of the Congo")
# Title scans per chunk: a novel's "Lady X of Y" of invented names each cost one; the
# misspelled KB names they are for are few in any text.
MAX_OF_SCANS = 200


def _capitalised_word(t: Token) -> bool:
    return t.is_alpha and t.text[:1].isupper()


def find_misspelled_of_names(doc: Doc, spelled: Callable[[str], str | None],
                             known: Callable[[str], bool], *, char_offset: int = 0
                             ) -> list[NameMention]:
    """A KB name with "of" whose one word is misspelled, which NER read in pieces.

    "Gulf of Mexcio" was the misspelled "Mexcio" alone (Mexico), "Uniiversity of Oxford"
    Oxford, "Streit of Hormuz" a "Streit" of no article. Capitalised words joined by "of"
    (or "of the"), one of them a word no KB name uses (``known``), that ``spelled`` takes
    for a slip of one typed KB title (its label, else None), become one name; the caller
    drops the mentions inside it (``outside``). The new names are found after the
    components ran: described, and checked against the text's common words.
    """
    found: list[NameMention] = []
    used = bytearray(len(doc))
    sent_of = None
    calls = 0
    ofs = np.flatnonzero(doc.to_array([LOWER]) == get_string_id("of")).tolist()
    for of in (doc[i] for i in ofs):  # a Token for each "of" only, not for every word
        if of.i == 0 or used[of.i]:
            continue
        first = of.i + 2 if of.i + 1 < len(doc) and doc[of.i + 1].lower_ == "the" else of.i + 1
        if first >= len(doc) or not _capitalised_word(doc[first]) or \
                not _capitalised_word(doc[of.i - 1]):
            continue
        last = first
        while last + 1 < len(doc) and last + 1 - first < _OF_SIDE and \
                _capitalised_word(doc[last + 1]):
            last += 1
        lo = of.i - 1
        while lo > 0 and of.i - lo < _OF_SIDE and _capitalised_word(doc[lo - 1]):
            lo -= 1
        unknown = [k for k in range(lo, last + 1) if not of.i <= k < first
                   and not known(doc[k].lower_)]
        if not unknown:
            continue  # every word spelled as the KB writes names: no slip here
        hit = None
        # The longest name first, holding every unknown word; a bounded number of scans.
        for a in range(lo, min(unknown[0], of.i - 1) + 1):
            for b in range(last, max(unknown[-1], first) - 1, -1):
                if calls >= MAX_OF_SCANS:
                    break
                calls += 1
                label = spelled(doc[a:b + 1].text)
                if label is not None:
                    hit = (a, b + 1, label)
                    break
            if hit:
                break
        if hit is None:
            continue
        a, b, label = hit
        for k in range(a, b):
            used[k] = 1
        if sent_of is None:
            sent_of = _sentence_index(doc)
        span = doc[a:b]
        found.append(NameMention(span.start_char + char_offset, span.end_char + char_offset,
                                 span.text, label, "spelling", sent_of[a]))
    return found


def outside(mentions: list[NameMention], names: list[NameMention]) -> list[NameMention]:
    """The mentions that overlap none of ``names``."""
    return [m for m in mentions if not any(m.start < n.end and n.start < m.end for n in names)]


_LIST_JOINS = frozenset({",", "and"})  # not "&": "Procter & Gamble" is one name
_LISTED = frozenset({"GPE", "LOC", "FAC", "ORG"})  # what a list of places is taken for


def split_misspelled_lists(doc: Doc, mentions: list[NameMention],
                           guess: Callable[[str], str | None], *, char_offset: int = 0
                           ) -> tuple[list[NameMention], list[NameMention]]:
    """A list of names NER read as one because a place in it is misspelled, split.

    "in India and Africa" is two places to the model, "in Indie and Afica" or "Juhu,
    Mumbuai" one: a misspelled word is no name it knows. A name of NER's holding a comma
    or "and", one of whose pieces is a single word ``guess`` takes for a typo of a KB place,
    is cut at them; the other pieces keep NER's label. Returns the mentions left whole and
    the pieces (found after the components ran, as ``split_misspelled_owners``'s are).
    """
    out: list[NameMention] = []
    pieces: list[NameMention] = []
    for m in mentions:
        span = _ner_span(doc, m, char_offset)
        if span is None or len(span) < 3 or m.label not in _LISTED:
            out.append(m)  # "Urdu, Kashmiri and Punjabi" are languages
            continue
        cuts = [t.i for t in span[1:-1] if t.lower_ in _LIST_JOINS]
        bounds = zip([span.start - 1, *cuts], [*cuts, span.end], strict=True)
        parts = [doc[a + 1:b] for a, b in bounds if b > a + 1]
        if len(parts) < 2 or not all(p[0].is_alpha and p[0].text[:1].isupper() for p in parts):
            out.append(m)
            continue
        typos = {p.start: label for p in parts if len(p) == 1 and
                 (label := guess(p.text)) in ("GPE", "LOC")}
        if not typos:
            out.append(m)
            continue
        for p in parts:
            start, end = p.start_char + char_offset, p.end_char + char_offset
            if p.start in typos:
                pieces.append(NameMention(start, end, p.text, typos[p.start], "spelling", m.sent))
            else:
                pieces.append(replace(m, start=start, end=end, text=p.text, title=None,
                                      kb_label=None))
    return out, pieces


def find_misspelled(doc: Doc, mentions: list[NameMention],
                    guess: Callable[[str], str | None], *, char_offset: int = 0,
                    sent_offset: int = 0) -> list[NameMention]:
    """Names NER missed that are a close spelling of a KB name ("Turkiey", "Itally").

    A proper noun, or a capitalised word inside a sentence that the tagger took for
    another word, and the same word at a sentence's start; a word NER took for a date or
    a number too. Four letters at least (``Engine._typo_label`` says which four-letter
    words may be typos). ``guess`` returns the label of the KB name a word is a typo of, or None
    (never for an ordinary word: ``Engine._typo_label``).
    """
    covered = bytearray(len(doc))
    for m in mentions:
        span = doc.char_span(m.start - char_offset, m.end - char_offset, alignment_mode="expand")
        if span is not None:
            for i in range(span.start, span.end):
                covered[i] = 1
    found: list[tuple[int, str]] = []
    labels: dict[str, str | None] = {}
    starts: list[int] = []
    for i in capitalised(doc):
        tok = doc[i]
        if covered[i] or len(tok) < 4:
            continue
        # NER takes some misspelled names for a date or a number ("Azerbainjan's
        # capital" a DATE): only a name's label stands in the way.
        if tok.text.isupper() or tok.lower_ in TITLES or tok.is_stop \
                or tok.ent_type_ in NAME_LABELS:
            continue
        # The tagger takes some misspelled names for other words ("Itally" an adverb);
        # inside a sentence a capitalised word is a name all the same, and so is the same
        # word at a sentence's start ("... that Itly allows. Itly is a secular state").
        if tok.pos_ != "PROPN" and (tok.pos_ not in _MISTAGGED or tok.is_sent_start):
            if tok.pos_ in _MISTAGGED:
                starts.append(i)
            continue
        if tok.text not in labels:
            labels[tok.text] = guess(tok.text)
        if labels[tok.text] is not None:
            found.append((i, labels[tok.text]))
    found += [(i, label) for i in starts if (label := labels.get(doc[i].text))]
    sent_of = None
    out = []
    for i, label in sorted(found):
        tok = doc[i]
        if sent_of is None:
            sent_of = _sentence_index(doc)
        out.append(NameMention(tok.idx + char_offset, tok.idx + len(tok) + char_offset,
                               tok.text, label, "spelling", sent_of[tok.i] + sent_offset))
    return out
