"""What the text itself says a name is: titles, pre-modifiers, appositives, definitions.

"the Italian tabloid The Mirror" (a pre-modifier: *tabloid*), "Tomas Ruiz, the deputy
mayor" (an appositive: *mayor*), "Trafigura is a commodity trader" (a copular
definition: *trader*), "Colonel Ahmed Salih" (a title, kept on the mention), "the Moray
village of Dallas" (a kind of place before "of"). They are read from spaCy's parse of the
chunk: the kind of word comes from its part of speech and the phrase from the dependency
tree; only the last asks whether the noun names a kind of place (``kb.derive.kind_label``),
as "the president of France" says nothing of what France is. The linker compares their
head nouns with an article's description (a tabloid is not a mirror); a later step shows
them to the reader.

A kind noun after the name is no descriptor: "Russia's Wagner group" is named after
someone, but "the NFL player" and "a new Agatha Christie museum" belong to theirs, and
the parse cannot tell them apart (our texts lost six right links to it). Only an
administrative division (``kind_after``: "Salahuddin province") or a public place built
and named for someone (``named_for``: "Charles de Gaulle airport") is: the place bears
the name, as nothing of someone's does. Each is only a clash (``KIND_ROLES``), a
division's with any article that is no place, a public place's with a person's, so
"Niamey airport" is still Niamey's and no organisation's station is clashed with.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Container
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from glossator.core.kb.derive import kind_label
from glossator.core.nlp.demonyms import looks_like_demonym
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.mentions import (
    HEADLINE_SMALL,
    MONTHS,
    SUBJECTS,
    TITLES,
    in_headline,
    joins_as_one_word,
)
from glossator.core.nlp.noun_classes import noun_classes, noun_only
from glossator.core.nlp.ref_lexicon import KIN, PERSON_NOUNS, PRONOUNS, SPEECH_VERBS
from glossator.core.nlp.ref_syntax import listed, owned_by_pronoun, quoted_tokens
from glossator.core.nlp.world_places import is_region, state_not_country, town_in

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

DescriptorKind = Literal["title", "premodifier", "appositive", "copula", "location", "age",
                         "lifespan",
                         "kind_of", "team", "now", "called", "kind_after", "named_for",
                         "family", "owner", "school", "stock", "pronoun"]


@dataclass(frozen=True, slots=True)
class KindRole:
    """What the linker reads in a descriptor of one kind: one table, not a list per use."""

    # Its head names what the name is ("economist", "tabloid"): the head's type clash,
    # the grouping's person or thing, a gender the text says.
    says_type: bool = False
    # Its head counts for the kind fit (``Linker.kind_fit``): the above, and a team.
    kind_fit: bool = False
    # Only a clash (``kind_after``, ``named_for``), with an article of a kind the noun
    # cannot name: a division is not the city of its name, but says no person is meant.
    clash_only: bool = False
    # The kinds of article it can clash with (None: any): a public place named for
    # someone is not that person, but an organisation's station or stadium is its own.
    clash_kinds: frozenset[str] | None = None
    # Its group's only where the mention is the group's whole name ("Jackson county ...
    # Andrew Jackson" says nothing of him).
    whole_name_only: bool = False
    # Its group's only where every mention of the group has it: "Nelson Mandela was
    # freed ... the Nelson Mandela bridge" is the man, then the bridge, while a
    # province's bare name is still the province.
    every_mention: bool = False
    # Its mention and the name's mentions without it are never one group (the grouping
    # reads it as ``grouping.NAMED_PLACE``): the bridge, and the man.
    group_apart: bool = False
    # Its words are looked for among the article's (``descriptor_fits``, ``_differs``).
    words: bool = False
    # It explains what the name is, as for names readers cannot know (``nil_described``).
    explains: bool = False
    # It says the bearer is alive, not what it is (``age_clash``): an age ("Adam Smith,
    # 42,") or an act in the writer's week ("Collins said on Monday"); "now" is not shown.
    living: bool = False
    # It introduces the name as one the reader cannot know ("a veteran named Nixon"):
    # ``nil_introduced``, the one reading of it for linking besides its type.
    introduces: bool = False
    # The grouping reads it as a thing that is no person ("Ford's founder": Ford has one).
    says_thing: bool = False
    # Not shown to the reader: when the name acts, or what it has, is not what it is.
    hidden: bool = False
    # The label an entity left NIL takes when the text says this of it, whatever NER
    # called the name: the card's "Place" for "Sevilla lost 2-0 at Valencia" was wrong.
    nil_label: str = ""
    # Its words name a person by what they are, whatever else their senses name: a rank
    # or an honorific ("Emperor Constantine" is no city, "President Ford" no carmaker). A
    # clash with any article of ``clash_kinds``, with no share of the head's senses read.
    says_person: bool = False
    # The heads of the KB's descriptions it fits, whatever the article's type: where one
    # studies is a university's article, by what the article says it is, not a town's
    # that shares the word's senses ("Darwin studied at Edinburgh" is no city's fit).
    fits_described: frozenset[str] = frozenset()
    # The kinds of article it clashes with where the text says it at every use of the
    # name (``Descriptor.everywhere``): one studies at a university, not in a town
    # ("studied at Kyoto" is Kyoto University), but "born in Kyoto ... studied at Kyoto"
    # names the town too.
    clash_everywhere: frozenset[str] = frozenset()


# What the KB's descriptions call a place of learning ("Private university in ...").
SCHOOLS = frozenset({"university", "college", "academy", "conservatory", "polytechnic"})
_SAYS_WHAT = KindRole(says_type=True, kind_fit=True, words=True, explains=True)
KIND_ROLES: dict[str, KindRole] = {
    "premodifier": _SAYS_WHAT, "appositive": _SAYS_WHAT, "copula": _SAYS_WHAT,
    # "a veteran named Nixon": what the name is to the text, and that it is a stranger to
    # the reader. Its kind and words are no fit, a clash only ("a colt named Rodin"): a
    # famous article fits "a physicist named Einstein" as well as the stranger it
    # introduces, which ``nil_introduced`` reads.
    "called": KindRole(says_type=True, clash_only=True, introduces=True),
    # A rank says what the name is through its fit ("President George W. Bush"), and that
    # no place or organisation is meant ("Emperor Constantine" was Constantine, Algeria at
    # 0.84, whose article names the emperor; "Captain America" the United States).
    "title": KindRole(clash_only=True, clash_kinds=frozenset({"place", "org"}),
                      says_person=True),
    # "the town of X" and the place it names: words of the article, a place's kind only.
    "kind_of": KindRole(words=True), "location": KindRole(words=True),
    "team": KindRole(kind_fit=True, explains=True, nil_label="ORG"),
    "kind_after": KindRole(clash_only=True, whole_name_only=True),
    "named_for": KindRole(clash_only=True, clash_kinds=frozenset({"person"}),
                          whole_name_only=True, every_mention=True, group_apart=True,
                          nil_label="FAC"),
    # "the Kennedy family" is no Kennedy of the KB, nor Kennedy the town: the family's
    # own article where the KB has one ("the Medici family": ``derive.family_names``),
    # else NIL, a group of people; and never one group with a member's mentions.
    "family": KindRole(clash_only=True, clash_kinds=frozenset({"person", "place"}),
                       whole_name_only=True, every_mention=True, group_apart=True,
                       nil_label="NORP"),
    "age": KindRole(living=True), "now": KindRole(living=True, hidden=True),
    # The bearer's years after the name ("James Cook (born 1991)"), read against the
    # article's (``lifespan_clash``), and shown: "born 1991 · British rower".
    "lifespan": KindRole(),
    # What only a company has ("Ford's founder"): its head is "company", for the fit.
    "owner": KindRole(kind_fit=True, says_thing=True, hidden=True),
    # Where one studies or teaches ("educated at Harvard and Stanford") is no person
    # (Leland Stanford at 0.48). It fits a university's article by its description
    # alone: a town's share of "university" (0.29) made "Darwin studied at Edinburgh"
    # the city more surely (a review's), and "studied at Harvard" was NIL at 0.88.
    "school": KindRole(clash_only=True, clash_kinds=frozenset({"person"}), says_thing=True,
                       hidden=True, fits_described=SCHOOLS,
                       clash_everywhere=frozenset({"place"})),
    # Whose shares are traded ("Shares in Hermès rose", "shares in Tokyo fell": NER calls
    # both places): a company or a market, no person (the god Hermes at 0.81); a clash
    # only, as a kind would fit concepts (the review: Tesla (unit) at 0.86).
    "stock": KindRole(clash_only=True, clash_kinds=frozenset({"person"}), says_thing=True,
                      hidden=True),
    # The pronoun a given name's sentence goes on with ("Adelaide wrote to her aunt"): a
    # man or a woman, so no place or thing; it fits no person more than another (a
    # novel's Victoria is no queen), so a clash only. Never shown: it says no kind.
    "pronoun": KindRole(clash_only=True, hidden=True, nil_label="PERSON"),
}
# The kinds that say what the name is ("called": "a girl named Cleopatra").
TYPE_SAYING = tuple(k for k, r in KIND_ROLES.items() if r.says_type)
LIVING = tuple(k for k, r in KIND_ROLES.items() if r.living)
MAX_WORDS = 12  # an appositive longer than this is a clause, not a description


@dataclass(frozen=True, slots=True)
class Descriptor:
    """One thing the text says about a name, with its head noun (lower-case lemma).

    The head is two words where WordNet has the pair as one noun of another kind than
    its last word ("aircraft carrier", ``_head_noun``).
    """

    kind: DescriptorKind
    text: str
    head: str
    # A location said by a people's adjective ("the Lebanese city of Tripoli"): the linker
    # reads its country, never the peoples or faiths the word also names.
    people: bool = False
    # Whose the name is, not what it is ("his great rival Lionel Messi", ``_relation``):
    # it says a kind of thing (a rival is a person) but no word an article would use.
    relation: bool = False
    # Read from the world's towns, not written (``_state_of_town``): the linker weighs
    # it; the reader is not shown words the text does not have.
    inferred: bool = False
    # The year an age is given in, where the name's clause dates it ("a 30-year-old
    # mother of two ... won four gold medals in 1948"): ``linking._age_fits_then``.
    year: int | None = None
    # Said at every use of its group's name (set by the stream for the roles that clash
    # only then, ``KindRole.clash_everywhere``).
    everywhere: bool = False


def describe(doc: Doc, start: int, end: int, title: str | None = None,
             quoted: list[bool] | None = None) -> list[Descriptor]:
    """The descriptors of the name at character offsets [start, end) of ``doc``.

    ``quoted`` is ``ref_syntax.quoted_tokens(doc)``, computed here when not given (once
    per doc when many names are described).
    """
    out: list[Descriptor] = []
    if title:
        out.append(Descriptor("title", title, title.split()[-1].lower().rstrip(".")))
    span = doc.char_span(start, end, alignment_mode="expand")
    if span is not None and len(span) and quoted is None:
        quoted = quoted_tokens(doc)
    if span is None or not len(span) or quoted[span.start]:
        # Inside a quotation the words are a speaker's, often a figure of speech ("Musk is
        # the only game in town"), not the writer's account of what the name is.
        return out
    pre = _premodifier(doc, span, _title_tokens(doc, span, title)) or _shared_plural(span)
    out.extend([pre] if pre is not None else _kind_of(doc, span))
    after = _kind_after(doc, span)
    if after is not None:
        out.append(after)
    age = _age(doc, span)
    if age is not None:
        out.append(age)
    years = _lifespan(doc, span)
    if years is not None:
        out.append(years)
    now = _now(doc, span)
    if now is not None:
        out.append(now)
    out.extend(_appositives(doc, span))
    called = _called(doc, span)
    if called is not None:
        out.append(called)
    loc = _location(doc, span) or _state_of_town(doc, span)
    if loc is not None:
        out.append(loc)
    cop = _copula(span, quoted)
    if cop is not None:
        out.append(cop)
    team = _team(span)
    if team is not None:
        out.append(team)
    owner = _owner(span) or _band(span) or _school(span)
    if owner is not None:
        out.append(owner)
    pronoun = _pronoun(span)
    if pronoun is not None:
        out.append(pronoun)
    return out


def _shared_plural(span: Span) -> Descriptor | None:
    """A plural noun before two names joined by "and" is the second's too.

    "The pigs Snowball and Napoleon take charge" (the pig was the emperor at 0.89), "his
    brothers Poseidon and Hades", "the painters Picasso and Braque".
    """
    root, doc = span.root, span.doc
    first = root.head
    if root.dep_ != "conj" or first.i >= span.start or first.pos_ != "PROPN" or not any(
            t.dep_ == "cc" and t.lower_ == "and" for t in first.children):
        return None

    lo = first.i
    while lo > 0 and doc[lo - 1].dep_ == "compound" and doc[lo - 1].head.i == first.i and \
            doc[lo - 1].pos_ == "PROPN":
        lo -= 1
    pre = _premodifier(doc, doc[lo:first.i + 1])
    if pre is None or pre.text.split()[-1].lower() == pre.head:
        return None  # one noun, one name: "the pig Snowball and Napoleon"
    # Beings only: "The talks Reagan and Gorbachev held" and "The songs Lennon and
    # McCartney wrote" are what the two did (a review's), whatever the parse made of them.
    classes = noun_classes(pre.head)
    return pre if classes and classes[0] in ("person", "animal") else None


# Where a sentence's pronoun stops being the name's to read: a quotation or a clause of
# its own ("Georgia will not be bullied, she said"; "Georgia was a cruiser; she captured").
_PRONOUN_STOPS = frozenset({'"', "“", "”", "‘", "’", "'", ":", ";", "(", ")"})


def _pronoun(span: Span) -> Descriptor | None:
    """A man or a woman: the pronoun a given name's sentence goes on with.

    "Adelaide wrote to her aunt every week", "When Chad came home, his sister was
    crying", "Georgia laughed, and she ran out": the small model reads such names as
    places (a novel's Georgia was the country at 0.73, its Adelaide the city). Only a
    clause's subject that is a given name the lists give a sex, outside a headline; the
    sentence's first pronoun after it, of that sex, with no one else named or called a
    person between ("France told Merkel she was wrong"), and no thing's "it" or "its"
    ("Chad said its army"), quotation or semicolon before it. Then only what names a
    person: "her" or "his" before one person ("her aunt"; not "her power", "her sons", as
    history writes of Florence or Virginia), or "she" or "he" as the subject of a clause
    when neither verb reports speech (news writes "Chad said he had been killed" of
    someone else).
    """
    if len(span) != 1:
        return None
    tok = span[0]
    sex = name_gender(tok.lower_)
    if sex is None or tok.dep_ not in SUBJECTS or not tok.is_title or \
            in_headline(span.doc.text, span.start_char, span.end_char):
        return None
    for t in span.doc[tok.i + 1:tok.sent.end]:
        if t.text in _PRONOUN_STOPS or t.ent_type_ == "PERSON" or (
                t.pos_ == "PROPN" and t.text[:1].isupper()) or t.lemma_.lower() in PERSON_NOUNS:
            return None  # someone else the pronoun may be
        said = PRONOUNS.get(t.lower_)
        if said is None or t.tag_ not in ("PRP", "PRP$"):
            continue
        if said[0] != sex:
            return None  # a thing's "its", a group's "their", the other sex's
        if t.tag_ == "PRP$":
            owned = t.head
            names_one = owned.tag_ == "NN" and owned.lemma_.lower() in PERSON_NOUNS
        else:
            names_one = t.dep_ in SUBJECTS and \
                t.head.lemma_.lower() not in SPEECH_VERBS and \
                tok.head.lemma_.lower() not in SPEECH_VERBS
        if not names_one:
            return None
        # Read as a relation's noun is, by its first sense: a man is no place, though the
        # KB describes the Isle of Man.
        return Descriptor("pronoun", t.text, "man" if sex == "male" else "woman",
                          relation=True)
    return None


# What a company has and no person does: "Ford's founder", "Apple's shareholders", "the
# chief executive of Ford". "board", "plant" and "spokesman" are left out: a person has a
# board of advisers, a plant, a spokesman; so are "headquarters" and "employees", which
# a city's name says where they are ("the London headquarters"). Shares and stock only
# written as a company's ("shares of Apple", "Tesla shares"): "Obama's share of the
# vote", "Buffett's shares in Apple" are a person's.
COMPANY_HAS = frozenset({
    "founder", "co-founder", "cofounder", "ceo", "chairman", "chairwoman", "shareholder",
    "stockholder", "subsidiary",
})
COMPANY_STOCK = frozenset({"share", "stock"})
_NOT_COMPANIES = frozenset({"GPE", "LOC", "FAC", "NORP", "PERSON"})
_NOT_STOCKS = frozenset({"FAC", "NORP", "PERSON"})  # shares in a person are no stock


# Verbs and nouns whose "at" or "from" is a place of learning: "educated at Harvard",
# "a professor at Yale", "a degree from Oxford". A person's "from" is where they come
# from ("a student from Texas"): only what one is given, or a graduate, has it
# (``_GIVEN_NOUNS``: "a graduate from Yale").
_STUDY_VERBS = frozenset({"educate", "study", "teach", "graduate", "lecture", "enrol",
                          "enroll", "matriculate"})
_GIVEN_NOUNS = frozenset({"degree", "doctorate", "diploma", "scholarship", "graduate",
                          "alumnus", "alumna"})
_STUDY_NOUNS = frozenset({"professor", "lecturer", "student", "fellow",
                          "undergraduate"}) | _GIVEN_NOUNS


def _school(span: Span) -> Descriptor | None:
    """Where the text says one studies or teaches: a school, not its founder.

    "educated at Harvard and Stanford" (Leland Stanford was 0.48), "a professor at Yale",
    "a degree from Stanford". Not a name NER reads as a person's.
    """
    root = span.root
    if root.ent_type_ == "PERSON":
        return None
    while root.dep_ == "conj" and root.head.i < root.i:  # "at Harvard and Stanford"
        root = root.head
    if root.dep_ != "pobj" or root.head.lower_ not in ("at", "from"):
        return None
    governor = root.head.head
    word = governor.lemma_.lower()
    verb = governor.pos_ in ("VERB", "AUX")
    nouns = _STUDY_NOUNS if root.head.lower_ == "at" else _GIVEN_NOUNS
    if (verb and word in _STUDY_VERBS) or (governor.pos_ == "NOUN" and word in nouns) \
            or (verb and any(c.dep_ == "dobj" and c.lemma_.lower() in nouns
                             for c in governor.children)):  # "took a degree from Yale"
        return Descriptor("school", governor.text, "university")
    return None


def _owner(span: Span) -> Descriptor | None:
    """A noun only a company has, whose the name is: the name is a company (the head).

    "Ford's founder Henry Ford", "the chief executive of Ford", "shares of Apple", "Ford
    chief executive Jim Farley": the grouping keeps such a name apart from a person of
    that surname. Only the noun right over the name: "Ford's founder" ("poss"), "shares
    of Ford" ("pobj" of "of"), "Tesla shares" (a compound, or the parse's "nmod" on the
    person after it: the noun right after the name, past an adjective). Not a name NER
    reads as a person's or a place's ("Musk's shares", "a London executive").
    """
    root = span.root
    head = root.head
    if root.dep_ == "pobj" and head.lower_ == "in" and head.head.lower_ in ("shares", "stocks") \
            and head.head.pos_ == "NOUN":
        # British news's "Shares in Hermès rose" is a company's, but "shares in Tokyo
        # fell" a market's, and NER calls both places: no person, whatever it is (the god
        # at 0.81 before). A clash only: a company's head fits the KB's concepts as well
        # ("Shares in Tesla" was the unit at 0.89 with one, NIL at 0.50 without).
        return None if root.ent_type_ in _NOT_STOCKS else \
            Descriptor("stock", head.head.text, "stock")
    if root.ent_type_ in _NOT_COMPANIES:
        return None
    stock = False  # shares and stock: only of a company, or before its name
    if root.dep_ == "pobj" and head.lower_ == "of":
        head = head.head
        stock = head.lower_ in ("shares", "stocks")
    elif root.dep_ in ("compound", "nmod") and head.i >= span.end:
        doc = span.doc
        head = next((t for t in doc[span.end:min(span.end + 3, head.i + 1)]
                     if t.pos_ != "ADJ"), head)
        stock = True
    elif root.dep_ != "poss" or head.i < span.end:
        return None
    if head.pos_ != "NOUN":
        return None
    word = head.lemma_.lower()
    chief = word == "executive" and any(c.lower_ == "chief" for c in head.children)
    if word in COMPANY_HAS or chief or (stock and word in COMPANY_STOCK):
        return Descriptor("owner", head.text, "company")
    return None


# What only a band or a singer has, as a company has its founder: "Boston's debut album"
# is the band's (Boston at 0.90 before), "Chicago's drummer" the band's. Not "single"
# ("Britain's single market"), "song" (a club's, a city's), "singer" or "vocalist"
# ("France's greatest singer", "Jamaica's vocalist" at a contest are the country's); nor
# an album of something ("Paris's album of photographs").
BAND_HAS = frozenset({"album", "discography", "frontman", "frontwoman", "drummer",
                      "bassist", "guitarist", "keyboardist"})


def _band(span: Span) -> Descriptor | None:
    """A noun only a band or a singer has, right after the name's possessive: a group.

    Not a name NER reads as a person's: a singer's own album ("Adele's album") says she
    is a musician, no clash with a person; nor a people's ("American's album").
    """
    root = span.root
    head = root.head
    if root.dep_ != "poss" or head.i < span.end or head.pos_ != "NOUN" or \
            root.ent_type_ in ("PERSON", "NORP"):
        return None
    if head.lemma_.lower() in BAND_HAS and not any(
            c.dep_ == "prep" and c.lower_ == "of" for c in head.children):
        return Descriptor("owner", head.text, "band")
    return None


def _head_noun(t: Token) -> str:
    """A descriptor's head (lower-case lemma), with the noun before it when the two are one.

    "aircraft carrier" is a ship, whatever "carrier" alone most often is (a person, then
    a ship); "think tank" is a body, not a vessel. Only a compound WordNet knows whose
    kind differs from its last word's (``noun_classes``).
    """
    head = t.lemma_.lower()
    if t.i > 0:
        before = t.doc[t.i - 1]
        if before.dep_ == "compound" and before.head.i == t.i and before.is_lower and \
                before.is_alpha:
            pair = f"{before.lower_} {head}"
            if noun_classes(pair):
                return pair
    return head


def _is_common_noun(t: Token) -> bool:
    return t.pos_ == "NOUN" and t.is_lower and t.is_alpha and len(t) > 2


def _tagged_as_adjective(t: Token) -> bool:
    """A noun the small tagger calls an adjective: "the mathematician Alan Turing".

    Only a word WordNet knows as a noun and never as an adjective ("chief", "veteran" and
    "giant" are both, and stay what the tagger says).
    """
    return t.pos_ == "ADJ" and t.is_lower and t.is_alpha and len(t) > 2 and \
        noun_only(t.lower_)


# Endings of adjectives the small model tags as nouns before a name ("the gawky Taylor",
# "the sassy Swift", "neighbouring Afghanistan"); a word WordNet knows as a noun is one
# ("army", "deputy", "king"), and so is a newer word with a noun's ending ("cryptocurrency",
# "megacity", "biopic").
_ADJECTIVE_ENDINGS = ("y", "ous", "ful", "ive", "less", "able", "ible", "ish", "ing")
_NOUN_ENDINGS = ("cy", "ty", "ry", "gy", "phy", "ey", "ay", "oy", "dy", "ny", "my")


def _adjective_as_noun(t: Token) -> bool:
    word = t.lower_
    return word.endswith(_ADJECTIVE_ENDINGS) and not word.endswith(_NOUN_ENDINGS) and \
        not noun_classes(word) and not noun_classes(t.lemma_.lower())


def _title_tokens(doc: Doc, span: Span, title: str | None) -> int:
    """How many tokens right before the name are its title ("Sir", "Prime Minister")."""
    if not title:
        return 0
    bare = title.replace(" ", "")
    for k in range(1, min(span.start, 6) + 1):  # "Dr." may be one token or two
        if doc[span.start - k:span.start].text.replace(" ", "") == bare:
            return k
    return 0


def _relation(noun: Token, owned: bool = False) -> bool:
    """Whether a noun says whose the name is, not what it is: "his rival", "her husband".

    A relation to someone the text names by a pronoun says no word an article would
    ("Lionel Messi" was NIL at 0.84 after "His great rival": no Messi article says
    *rival*), but still a kind ("her son Constantine" is no Algerian city); "Russia's
    foreign minister" (a name's) says what the name is. Only a person can be one ("her
    ordination Brown" is a parse's slip, and no relation).
    """
    classes = noun_classes(noun.lemma_.lower())
    return bool(classes) and classes[0] == "person" and (owned or owned_by_pronoun(noun))


# Nouns that say a name is a name, not what it names: "the title Genghis Khan", "the
# nickname Satchmo", "the term Renaissance".
NAME_WORDS = frozenset({"title", "name", "nickname", "surname", "epithet", "moniker",
                        "pseudonym", "alias", "byname", "sobriquet", "honorific", "word",
                        "term", "spelling"})


def _premodifier(doc: Doc, span: Span, skip: int = 0) -> Descriptor | None:
    """Lower-case nouns (and their adjectives) right before the name: "mining firm X".

    Before its title when it has one ("the polar research ship Sir David Attenborough").
    """
    i = span.start - 1 - skip
    if i > 0 and doc[i].text == "The" and _is_common_noun(doc[i - 1]):
        i -= 1  # the name's own article: "the tabloid The Sun"
    words: list[Token] = []
    while i >= 0 and len(words) < 4:
        t = doc[i]
        if _is_common_noun(t) or (t.pos_ == "ADJ" and t.is_alpha) or (
                t.pos_ == "PROPN" and t.ent_type_ == "NORP"):
            words.insert(0, t)
            i -= 1
            continue
        break
    if words and i > 0 and joins_as_one_word(doc[i]):
        # A hyphened adjective's last word is no kind: "in present-day Nepal" (a day, NIL
        # at 0.91), "the French-speaking teacher X" (a teacher); but a hyphened person is
        # one ("the vice-president Kamala Harris", "co-founder", "ex-wife": the review).
        classes = noun_classes(words[0].lower_)
        if not classes or classes[0] != "person":
            words = words[1:]
    # The word next to the name is the head: a noun mis-tagged there is one.
    nouns = [t for t in words if _is_common_noun(t) or (
        t is words[-1] and _tagged_as_adjective(t))]
    if not nouns or nouns[-1] is not words[-1]:
        return None  # "the famous Mirror": an adjective alone says no kind
    head = nouns[-1]
    if _adjective_as_noun(head):
        return None  # "the gawky Taylor": the tagger's noun is an adjective
    if head.lemma_.lower() in NAME_WORDS:
        return None  # "took the title Genghis Khan" (NIL at 0.65): a name, of no kind
    root = span.root
    if not (span.start <= head.head.i < span.end or root.head.i == head.i or (
            head.head.i == root.head.i and head.dep_ == root.dep_)  # "tabloid The Sun said"
            or _names_the_name(doc, words, head, span)):
        return None  # not about the name: "from the coast Azerbaijan" in a broken parse
    # The pronoun before the words owns them, wherever the parse hangs it: "his younger
    # rival Hiroshige" (on the name).
    owned = i >= 0 and doc[i].tag_ == "PRP$"
    return Descriptor("premodifier", " ".join(t.text for t in words), _head_noun(head),
                      relation=_relation(head, owned))


def _names_the_name(doc: Doc, words: list[Token], head: Token, span: Span) -> bool:
    """Whether "the" and a kind noun right before the name name it, in a broken parse.

    "rocks on the planet Mars", "Fishermen on the river Niger say": the small parser
    hangs the name elsewhere (Mars an apposition of "rocks", Niger a second subject of
    "say", beside "Fishermen"). Only where the noun ends a phrase that hangs from another
    noun, right before the name, and the name is not its verb's one subject: a phrase
    before the subject dates or places what the name does ("At the time Obama said", "At
    the end of the meeting Putin said"), and "the radio appeal General Charles de Gaulle
    made" is the appeal he made. Left: "Protesters outside the embassy Russia had closed"
    is parsed as the Niger sentence is, two subjects, and reads "embassy".
    """
    i, root = words[0].i - 1, span.root
    if i < 0 or doc[i].lower_ != "the" or doc[i].head.i != head.i or head.tag_ != "NN" or \
            head.i != span.start - 1 or (
            root.dep_ == "nsubj" and root.head.dep_ == "relcl" and root.head.head.i == head.i):
        return False
    if root.dep_ in SUBJECTS and not any(
            c.dep_ in SUBJECTS and c.i != root.i for c in root.head.children) and \
            not _kind_phrase(doc, head, span):
        return False  # the name is its verb's one subject: "At the end of the meeting Putin said"
    return head.dep_ == "compound" or (head.dep_ == "pobj" and (
        head.head.head.pos_ in ("NOUN", "PROPN") or _kind_phrase(doc, head, span)))


def _kind_phrase(doc: Doc, head: Token, span: Span) -> bool:
    """An opening phrase of a made thing's kind and the name, closed by a comma.

    "In the film Lincoln, Daniel Day-Lewis plays" (parsed with the film's name as the
    subject; Abraham Lincoln at 0.94) names the film; not "Since the start of the war
    Ukraine has lost", whose name goes on into the clause.
    """
    if kind_label(head.lower_) not in _MADE_KINDS or span.end + 2 >= len(doc) or \
            doc[span.end].text != ",":
        return False
    # Not the first of a list: "After the war Germany, France and Britain signed".
    after = doc[span.end + 1]
    return not (after.ent_type_ and after.ent_type_ == doc[span.start].ent_type_) and \
        after.dep_ != "conj"


# Kinds of made things a name in an opening phrase is ("In the film Lincoln,"); not an
# event or a place, which date or place the clause ("After the war Germany, France ...",
# "Before the battle Napoleon, confident of victory, slept": a review's).
_MADE_KINDS = frozenset({"WORK_OF_ART", "PRODUCT"})


# What a place can be said to be before "of": a place or a building ("the town of
# Babylon"); not its institutions or people ("the government of Georgia"), nor a place
# that belongs to it ("the capital of France" is Paris).
_PLACES = frozenset({"GPE", "LOC", "FAC"})
_BELONGS = frozenset({"capital"})


def _kind_of(doc: Doc, span: Span) -> list[Descriptor]:
    """A place's kind before "of": "the Moray village of Dallas", "the town of Babylon".

    A place named in it is where the name is: "the Texas city of Paris" is in Texas, and
    so is a people's adjective: "the Lebanese city of Tripoli" is in Lebanon (the linker
    reads the adjective's country).
    """
    of = span.start - 1
    if of < 2 or doc[of].lower_ != "of" or span.root.head.i != of:
        return []
    noun = doc[of - 1]
    if doc[of].head.i != noun.i or not _is_common_noun(noun) or noun.tag_ != "NN" or \
            kind_label(noun.lemma_) not in _PLACES or noun.lower_ in _BELONGS:
        return []  # "the mountains of Hawaii" are in Hawaii
    if not any(c.dep_ == "det" for c in noun.children):
        return []  # "north of Baghdad", "capital of" without "the": no naming
    words = [t for t in doc[noun.left_edge.i:noun.i + 1] if t.dep_ != "det" and
             not t.is_punct]
    out = [Descriptor("kind_of", " ".join(t.text for t in words), noun.lemma_.lower())]
    places = [t for t in words if t.ent_type_ in ("GPE", "LOC")]
    peoples = [t for t in words if t.ent_type_ == "NORP"]
    if places:
        where = doc[places[0].i:places[-1].i + 1]
        out.append(Descriptor("location", where.text, where[-1].lower_))
    elif len(peoples) == 1:
        out.append(Descriptor("location", peoples[0].text, peoples[0].lower_, people=True))
    return out


def _kind_after(doc: Doc, span: Span) -> Descriptor | None:
    """A division or a public place the name names, written after it.

    "Salahuddin province", "Charles de Gaulle airport", "the Nelson Mandela bridge": the
    name is a compound of the lower-case singular noun right after it, one of
    ``DIVISIONS`` (``kind_after``) or ``FACILITIES`` (``named_for``), or of one of
    ``WEAPONS`` at most two modifiers on ("a Babur cruise missile"). Not any place's
    noun: "Trump country", "the Murdoch empire", "Messi territory" and "a Disney park"
    are theirs, not places of the name, and so are "the Agatha Christie museum" or "the
    Obama library".
    """
    root = span.root
    # A compound, or an "nmod" where the parse hangs each of a long name's words on the
    # noun ("Charles de Gaulle airport").
    if span.end >= len(doc) or root.dep_ not in ("compound", "nmod"):
        return None
    head = root.head
    if head.lower_ in WEAPONS and span.end <= head.i <= span.end + 2 and head.tag_ == "NN" \
            and all(t.head == head and t.dep_ in ("compound", "amod")
                    for t in doc[span.end:head.i]):
        return Descriptor("named_for", head.text, head.lemma_.lower())
    if head.i != span.end:
        return None
    noun = doc[span.end]
    if not _is_common_noun(noun) or noun.tag_ != "NN":
        return None
    if noun.lower_ in DIVISIONS:
        return Descriptor("kind_after", noun.text, noun.lemma_.lower())
    if noun.lower_ in FACILITIES:
        return Descriptor("named_for", noun.text, noun.lemma_.lower())
    if noun.lower_ in FAMILIES:
        return Descriptor("family", noun.text, noun.lemma_.lower())
    return None


# Nouns of divisions that news writes after their name in lower case ("Anbar province",
# "Orange county", "Idlib governorate"); "state" is left out ("Washington state" beside
# "a state visit", "police state").
DIVISIONS = frozenset({"province", "county", "district", "governorate", "prefecture",
                       "oblast", "municipality", "canton", "parish", "township", "borough",
                       "region"})
# Public places that bear a person's name, as translated news writes them ("Indira Gandhi
# airport", "Victoria station", "Lenin square"): the place, not the person. Not what
# holds someone's work or legacy ("museum", "library", "foundation", "centre", "park"),
# which is about its namesake as much as it is a place.
# Each is a noun that can clash with a person's article: under one in ten of the KB's
# descriptions it heads are people's (``Linker.kind_share`` under ``KIND_CLASH``;
# "cathedral" is one in ten, and "barracks" and "airbase" head none, so they would say
# nothing).
FACILITIES = frozenset({"airport", "airfield", "station", "stadium", "arena", "hospital",
                        "bridge", "square", "street", "avenue", "boulevard", "highway",
                        "tunnel", "dam", "canal", "prison", "mosque"})
# A family or a dynasty of the name ("the Kennedy family", "the Tudor dynasty"): its
# people, never one of them nor a place. Not "house", which is also a building.
FAMILIES = frozenset({"family", "dynasty", "clan"})
# Weapons and vessels named after someone, as their kind may follow a word apart ("a
# Babur cruise missile" was the Mughal emperor at 0.61, trap t88; "the Nelson submarine").
WEAPONS = frozenset({"missile", "rocket", "submarine", "frigate", "destroyer", "warship",
                     "tank", "drone"})


# "Adam Smith, a 31-year-old plumber": the age and the lower-case words after it, which
# must not be another's ("a 5-year-old boy's mother").
_AGED_AFTER = re.compile(r",\s+(?:a|an|the)\s+(\d{1,3})-year-old(?![\w'’])((?:\s+[a-z]+)*)")
_AGE_TOKENS = 40  # what "X, a 31-year-old ..." may run to, its words until a punctuation


def _age_between_commas(doc: Doc, span: Span) -> bool:
    """Whether a number stands between commas after the name: "Adam Smith, 42, said"."""
    i = span.end
    return i + 2 < len(doc) and doc[i].text == "," and doc[i + 1].is_digit and \
        doc[i + 2].text in (",", ".", ";")


def _age(doc: Doc, span: Span) -> Descriptor | None:
    """A living person's age beside the name.

    "Adam Smith, 42, said", "Adam Smith, a 42-year-old plumber", "the 42-year-old Adam
    Smith".
    """
    if _age_between_commas(doc, span):
        age = doc[span.end + 1].text if len(doc[span.end + 1].text) <= 3 else ""
    else:
        # The words after the name only: ``doc.text`` builds the whole chunk's text anew.
        after = doc[span.end:span.end + _AGE_TOKENS].text
        m = _AGED_AFTER.match(after)
        if m is not None and after[m.end():m.end() + 1] not in ("'", "’"):  # "boy's": his
            age = m.group(1)
        else:
            age = _age_before(doc, span)
    if not age or not 0 < int(age) < 120:
        return None
    return Descriptor("age", age, "age", year=_clause_year(span))


def _clause_year(span: Span) -> int | None:
    """The year "in" dates the name's own clause with, if any.

    "Fanny Blankers-Koen, a 30-year-old mother of two, won four gold medals in 1948" (the
    name's verb's "in 1948"); not a year of another clause ("has sung since the singer
    died in 1977").
    """
    verb = span.root.head
    while verb.dep_ in ("appos", "conj") and verb.head.i != verb.i:  # "X, a mother, won"
        verb = verb.head
    return _dated(verb, ("in",)) if verb.pos_ in ("VERB", "AUX") else None


# "(born 1991)", "(b. 12 May 1963)", "(1895–1945)", "(12 May 1895 – 3 June 1945)": a
# date is a year, with its day and month or "c." before it; nothing else ("r. 786–809",
# "ruled 1532–1533", "died c. 806" are a reign's or a death's).
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
_DATE = (r"(?:c\.\s*)?(?:\d{1,2}(?:st|nd|rd|th)?\s+" + _MONTH + r",?\s+|" + _MONTH
         + r"\s+\d{1,2}(?:st|nd|rd|th)?,?\s+)?(\d{3,4})")
_BORN = re.compile(r"^(?:[Bb]orn|b\.)\s*:?\s*" + _DATE + "$")
_FROM_TO = re.compile("^" + _DATE + r"\s*[–—-]+\s*" + _DATE + "$")
_BRACKETED = 16  # tokens a bracket after the name may hold


def _lifespan(doc: Doc, span: Span) -> Descriptor | None:
    """The bearer's years in brackets right after the name: "born 1991", "1895–1945"."""
    i = span.end
    if i >= len(doc) or doc[i].text != "(":
        return _born_in(span)
    close = next((k for k in range(i + 1, min(len(doc), i + _BRACKETED)) if doc[k].text == ")"),
                 None)
    if close is None:
        return None
    inner = doc[i + 1:close].text.strip()
    if lifespan_years(inner)[0] is not None:
        return Descriptor("lifespan", inner, "lifespan")
    return None


def _born_in(span: Span) -> Descriptor | None:
    """The year the sentence says the name was born in: "Bacon was born in Dublin in 1909".

    The preposition's own date only: not a year in a clause about the place ("born in
    Lubbock, a city founded in 1890").
    """
    verb = span.root.head
    if span.root.dep_ != "nsubjpass" or verb.lower_ != "born":
        return None
    year = _dated(verb, ("in", "on"), with_date=True)
    return Descriptor("lifespan", f"born {year}", "lifespan") if year is not None else None


def _dated(verb: Token, preps: tuple[str, ...], with_date: bool = False) -> int | None:
    """The year a verb's own preposition gives ("born in 1909", "won ... in 1948").

    With ``with_date``, also the year of a date the preposition takes ("on 12 May 1909").
    """
    for prep in verb.children:
        if prep.dep_ != "prep" or prep.lower_ not in preps:
            continue
        for obj in prep.children:
            if obj.dep_ != "pobj":
                continue
            parts = [c for c in obj.children if c.dep_ in ("nummod", "npadvmod", "compound")
                     ] if with_date else []
            for t in [obj, *parts]:
                if len(t.text) == 4 and t.text.isdigit() and 1000 <= int(t.text) <= 2100:
                    return int(t.text)
    return None


def lifespan_years(text: str) -> tuple[int | None, int | None]:
    """The birth and death years of a lifespan, "born 1991" or "1895–1945" (None: none).

    Not an era's years before Christ.
    """
    if re.search(r"\bBC", text):
        return None, None
    text = text.strip()
    born = _BORN.match(text)
    if born:
        return int(born.group(1)), None
    both = _FROM_TO.match(text)
    if both:
        return int(both.group(1)), int(both.group(2))
    return None, None


def described_years(description: str) -> tuple[int | None, int | None]:
    """The years in an article description's brackets: "British explorer (1728–1779)".

    They may be a life's or an office's ("Emperor of China (1908–1912)"): the reader
    (``linking.lifespan_clash``) takes both readings.
    """
    for inner in re.findall(r"\(([^()]*)\)", description):
        years = lifespan_years(inner)
        if years[0] is not None:
            return years
    return None, None


def _age_before(doc: Doc, span: Span) -> str | None:
    """The age of "the 31-year-old plumber Adam Smith": only nouns and adjectives between.

    Not "the 35-year-old granddaughter of Elvis Presley", "a 5-year-old and John Smith",
    nor a name that names another thing, "a 45-year-old Elvis Presley fan".
    """
    if span.root.dep_ == "compound" and span.root.head.i >= span.end:
        return None
    i = span.start - 1
    while i >= 0 and span.start - i <= 3 and doc[i].is_lower and doc[i].is_alpha and \
            doc[i].pos_ in ("NOUN", "ADJ") and doc[i].text != "old":
        i -= 1
    # "31-year-old" is five tokens: 31 - year - old
    if i < 4 or [t.lower_ for t in doc[i - 3:i + 1]] != ["-", "year", "-", "old"] or \
            not doc[i - 4].is_digit or len(doc[i - 4]) > 3:
        return None
    return doc[i - 4].text


# Days that date an act to the writer's week: news reports "said on Monday". Not "today"
# or "tonight", which are as often "in our time" ("Marx is more relevant today").
_WEEKDAYS = frozenset({"monday", "tuesday", "wednesday", "thursday", "friday", "saturday",
                       "sunday"})
_LONG_AGO = re.compile(r"1[0-8]\d\d|19[0-8]\d")  # a year before 1990: the text is history
_TENSED = frozenset({"VBD", "VBZ", "VBP"})
_BREAKS = frozenset({"(", "—", "–", ":"})  # and a spaced hyphen: "Nov 2 (AP) - Ethiopia's"
_DYING = frozenset({"die", "pass", "succumb"})  # "the Queen died on Thursday" is news
_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "csubj", "parataxis",
                      "conj"})


def _now(doc: Doc, span: Span) -> Descriptor | None:
    """The name acts in the writer's week, as news dates its events.

    "Collins said on Monday", "JPMorgan raised its forecast on Monday". The name is the
    subject of an active verb in the past or present tense ("has said" too) that a day of
    the week dates in the verb's own clause; not a verb of dying ("the Queen died on
    Thursday" is news of a death), nor a passive subject ("Mozart was played on Sunday"),
    nor a day inside a name ("Good Friday", "the Sunday Express"). A paragraph that names
    a year before 1990 is history ("In May 1940 ... On Tuesday, Churchill told the
    Cabinet"): nothing in it acts this week.
    """
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj" or verb.pos_ not in ("VERB", "AUX") or not (
            verb.tag_ in _TENSED or any(c.dep_ == "aux" and c.tag_ in _TENSED
                                        for c in verb.children)):
        return None
    if verb.lemma_.lower() in _DYING or any(
            t.text in _BREAKS or (t.text == "-" and t.whitespace_)
            for t in doc[span.end:verb.i]):
        return None  # a dateline's place is no subject: "PRETORIA, Nov 2 (AP) — ... agreed"
    day = next((t for t in verb.subtree if t.lower_ in _WEEKDAYS and t.is_title
                and t.ent_type_ in ("DATE", "TIME", "") and not _in_a_name(t)
                and _in_clause(t, verb)), None)
    if day is None or _history(root.sent):
        return None
    return Descriptor("now", day.text, verb.lemma_.lower())


def _in_a_name(t: Token) -> bool:
    """A day that is part of a name: "Good Friday", "Easter Monday", "the Sunday Express"."""
    doc = t.doc
    before = doc[t.i - 1] if t.i > 0 else None
    after = doc[t.i + 1] if t.i + 1 < len(doc) else None
    return bool((before is not None and before.is_title and not before.is_sent_start
                 and before.pos_ in ("PROPN", "ADJ", "NOUN"))
                or (after is not None and after.is_title and after.ent_iob_ != "B"
                    and after.pos_ == "PROPN"))


def _history(sent: Span) -> bool:
    """Whether the sentence's paragraph names a year before 1990."""
    doc = sent.doc
    lo, hi = sent.start, sent.end
    while lo > 0 and "\n" not in doc[lo - 1].text_with_ws:
        lo -= 1
    while hi < len(doc) and "\n" not in doc[hi - 1].text_with_ws:
        hi += 1
    return any(e.label_ == "DATE" and any(_LONG_AGO.fullmatch(t.text) for t in e)
               for e in doc[lo:hi].ents)


def _in_clause(t: Token, verb: Token) -> bool:
    """Whether ``t`` belongs to ``verb``'s own clause, not to a clause inside it.

    "Historians said on Monday that Napoleon lost at Waterloo": Monday is the
    historians' saying, not Napoleon's losing; "a biography published on Tuesday says
    Lincoln suffered" neither.
    """
    while t != verb:
        if t.dep_ in _CLAUSES:
            return False
        t = t.head
    return True


# Entity types of a name a noun can title ("the teacher Anne Sullivan"); not a date.
_NAME_TYPES = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "WORK_OF_ART",
                         "EVENT", "PRODUCT"})


def _titles_next_name(doc: Doc, i: int) -> bool:
    """Whether the noun at ``i`` titles the name right after it ("teacher Roberta Reid").

    It then says nothing of the name before it. Not where that name starts a clause
    ("Acme, the company Google bought").
    """
    nxt = doc[i + 1] if i + 1 < len(doc) else None
    return nxt is not None and nxt.pos_ == "PROPN" and nxt.ent_type_ in _NAME_TYPES and \
        nxt.dep_ not in SUBJECTS


_RELATIVE_TAGS = frozenset({"WP", "WP$", "WDT", "WRB"})  # "who", "whose", "which", "where"
_WHERE = frozenset({"in", "at", "near"})


def _where_something_happened(doc: Doc, span: Span) -> bool:
    """Whether the name says where ("in Vienna", "in Westport, Connecticut"), not who.

    A name NER calls a person is read as one ("believed in Jesus, the son of God").
    """
    if span.root.ent_type_ == "PERSON":
        return False
    # Past the name's own modifiers: "in present-day Nepal, the son of a chief" (Nepal was
    # NIL at 0.91, a helper's text).
    i = min(span.start, span.root.left_edge.i) - 1
    if i > 0 and doc[i].text == ",":  # a state after its town: "in Westport, Connecticut"
        i -= 1
        while i >= 0 and doc[i].pos_ == "PROPN":
            i -= 1
        # Not a sentence's opening place: "In Rome, Constantine, the son of Constantius,
        # was proclaimed" is the son.
        if i >= 0 and doc[i].is_sent_start:
            return False
    return i >= 0 and doc[i].lower_ in _WHERE


def _kin_of_subject(doc: Doc, span: Span, noun: Token) -> bool:
    """Whether a kin appositive is the clause subject's, said after where it happened.

    "She was born in Paris, the daughter of Diego Rivera": Paris was NIL at 0.74 (GAP's
    text), no city being anyone's daughter.
    """
    return noun.lower_ in KIN and _where_something_happened(doc, span)


def _appositives(doc: Doc, span: Span) -> list[Descriptor]:
    """Noun phrases set beside the name: "X, the chief executive of Y"."""
    out = []
    titled = False
    for t in span:
        for child in t.children:
            if child.dep_ != "appos" or child.i < span.end or not _is_common_noun(child):
                continue
            if _titles_next_name(doc, child.i):
                titled = True  # "Helen Keller, Betteridge's teacher Roberta Reid ..."
                continue
            if _kin_of_subject(doc, span, child):
                continue
            lo, hi = child.left_edge.i, child.right_edge.i + 1
            if doc[lo].tag_ in _RELATIVE_TAGS:
                continue  # a relative clause's noun: "Jesse Owens, whose four gold medals"
            if lo > 0 and doc[lo - 1].text == "(" and hi - lo == 1:
                continue  # a dateline's agency: "GRÜNHEIDE, Germany (dpa) -"
            if any(not (w.is_punct or w.like_num) for w in doc[span.end:lo]):
                # Words between: a dateline's "PRETORIA, Nov 2 (AP) - Ethiopia's..." (an
                # age between is no word: "John Smith, 45, a teacher").
                continue
            # A comma before a verb ends the phrase: the parse may hang the sentence's
            # own verb on the noun ("Kraftwerk, the band from Düsseldorf, played in
            # Zürich"); a list's comma goes on ("the founder of Tesla, SpaceX and ...").
            hi = next((k for k in range(child.i + 1, hi - 1) if doc[k].text == "," and
                       doc[k + 1].pos_ in ("VERB", "AUX")), hi)
            if hi - lo > MAX_WORDS:
                hi = child.i + 1
            text = doc[lo:hi].text.strip(" ,")
            out.append(Descriptor("appositive", text, _head_noun(child),
                                  relation=_relation(child)))  # "Yoko Ono, his wife,"
    end = span.end + 2 if _age_between_commas(doc, span) else span.end  # after "X, 45"
    if out or titled or end + 2 >= len(doc) or doc[end].text != ",":
        return out
    # The parser often misses it: ", the deputy mayor," read up to the next comma; or
    # ", her lawyer boyfriend," ("Don" was the river Don, GAP dev).
    j = end + 1
    if (doc[j].pos_ != "DET" and doc[j].tag_ != "PRP$") or doc[j].tag_ in _RELATIVE_TAGS:
        return out
    sent = span.sent
    if sent[0].pos_ in ("ADP", "SCONJ") and not any(t.text == "," for t in
                                                     doc[sent.start:span.start]):
        return out  # the comma ends an opening phrase: "In Rome, his wife, Livia, ran"
    k = j + 1
    while k < len(doc) and k - j <= MAX_WORDS and not doc[k].is_punct and \
            doc[k].pos_ not in ("VERB", "AUX", "PRON"):
        k += 1
    nouns = [t for t in doc[j:k] if _is_common_noun(t)]
    if any(_titles_next_name(doc, t.i) for t in nouns):
        return out  # ", the teacher Anne Sullivan,": what Anne Sullivan is
    if k + 1 < len(doc) and doc[k].text == "," and doc[k + 1].lower_ in ("and", "or"):
        return out  # a list's item: "three things: Venice, his work, and his dog"
    # The phrase ends at a stop, or where a participle begins that qualifies its noun
    # after "a": "Anya and Leon, a Russian couple employed as his maid and butler" (a
    # pair's appositive, which the small parser hangs on the sentence's verb). Not after
    # "the": "Back in Lima, the doctors treating the victims asked" is the next clause.
    if nouns and k < len(doc) and (doc[k].text in (",", ".", ";") or (
            doc[j].lower_ in ("a", "an") and doc[k].tag_ in ("VBN", "VBG")
            and doc[k].dep_ == "acl" and doc[k].head.i in range(j, k))):
        # The phrase's own noun hangs outside it (the parse may hang it on the name or
        # an earlier one): "Mashhad, the president's home city" is a city, no president
        # (NIL at 0.91 before), whose noun hangs on the list's first town.
        head = next((t for t in nouns if not j <= t.head.i < k or t.dep_ == "pobj"),
                    nouns[0])
        head = nouns[0] if head.dep_ == "pobj" else head
        if _kin_of_subject(doc, span, head):
            return out
        out.append(Descriptor("appositive", doc[j:k].text, _head_noun(head),
                              relation=_relation(head, owned=doc[j].tag_ == "PRP$")))
    return out


_CALLING = frozenset({"name", "call"})


def _called(doc: Doc, span: Span) -> Descriptor | None:
    """The noun a name is given to: "a girl named Cleopatra", "a company called Apple".

    A writer introduces so someone or something the reader cannot know: the noun says
    what kind of thing the name is (its type, a clash: "a colt named Rodin"), and that it
    is no famous namesake (``nil_introduced``); it is no fit with a famous article.
    """
    root = span.root
    verb = root.head
    if root.dep_ != "oprd" or verb.dep_ != "acl" or verb.lemma_.lower() not in _CALLING \
            or verb.i != span.start - 1:
        return None
    noun = verb.head
    # An indefinite article introduces: "the club named Ronaldo in its squad" is the
    # club's act, a verb the small parser took for a participle.
    if not _is_common_noun(noun) or noun.i != verb.i - 1 or not any(
            c.dep_ == "det" and c.lower_ in ("a", "an") for c in noun.children):
        return None
    lo = noun.left_edge.i
    return Descriptor("called", doc[lo:noun.i + 1].text, _head_noun(noun),
                      relation=_relation(noun))


_LIST_WORDS = frozenset({",", "and", "or", "&"})


def _location(doc: Doc, span: Span) -> Descriptor | None:
    """The place a place is said to be in: "Paris, Texas", "London, Ontario".

    Not in a list ("Paris, London and Rome"): the name must not follow a comma or "and",
    and the place after the comma must not be followed by another name; unless a town
    of the name is in that place (``world_places.town_in``): "Memphis, Tennessee, and
    Paris, Texas" puts Paris in Texas.
    """
    i = span.end
    if i + 1 >= len(doc) or doc[i].text != "," or doc[i + 1].ent_type_ not in ("GPE", "LOC"):
        return None
    j = i + 2  # the place's first token, then the rest of its entity
    while j < len(doc) and doc[j].ent_type_ in ("GPE", "LOC") and doc[j].ent_iob_ == "I":
        j += 1
    # A country or a state is no town of the list's next name: GeoNames has a Colombia
    # in Cuba and an Oregon in Ohio ("Colombia, Cuba and Venezuela").
    listing = is_region(span.text) or not town_in(span.text, doc[i + 1:j].text)
    if listing and span.start > 0 and doc[span.start - 1].lower_ in _LIST_WORDS:
        return None
    after = doc[j] if j < len(doc) else None
    if after is not None and after.tag_ == "POS" and \
            span.root.ent_type_ not in ("GPE", "LOC", "FAC"):
        return None  # "Queen Elizabeth II, Britain's longest-reigning monarch": its own
        # (not "Birmingham, Alabama's largest city")
    if listing and after is not None and (after.lower_ in ("and", "or", "&") or (
            after.text == "," and j + 1 < len(doc) and doc[j + 1].pos_ == "PROPN")):
        return None
    place = doc[i + 1:j]
    if place.root.dep_ in SUBJECTS:
        return None  # the next clause's subject: "In Moscow, Khrushchev agreed"
    return Descriptor("location", place.text, place[-1].lower_)


_PHRASE_ENDS = frozenset({",", ".", ";", ":", ")", "(", "—", "–", "-", "!", "?"})


def _state_of_town(doc: Doc, span: Span) -> Descriptor | None:
    """The American state a region named as a state and a country is, after a town.

    "Athens, Georgia": Athens is a town in the state of Georgia and none is in the
    country, so this Georgia is in the United States (``world_places``). Unwritten, so
    not shown. Only where the region ends its phrase: "After talks in Athens, Georgia
    signed a deal" and "In Athens, Georgia's speaker" begin the next clause.
    """
    end = span.end
    if end < len(doc) and not doc[end].is_space and doc[end].text not in _PHRASE_ENDS:
        return None  # (a line's end ends it too)
    comma = span.start - 1
    if comma < 1 or doc[comma].text != ",":
        return None
    k = comma - 1  # the town: the place entity that ends before the comma
    if doc[k].ent_type_ not in ("GPE", "LOC"):
        return None
    while k > 0 and doc[k].ent_iob_ == "I":
        k -= 1
    if not state_not_country(doc[k:comma].text, span.text):
        return None
    return STATE_OF_TOWN


# What a region named as a state and a country is, where a town says it is the state.
STATE_OF_TOWN = Descriptor("location", "United States", "states", inferred=True)


# Verbs whose "as" names the subject's role: "Castro served as mayor of San Antonio".
_ROLE_VERBS = frozenset({"serve", "work"})


def _one_name(t: Token) -> bool:
    """Whether a subject is one singular name ("Liverpool"; not "Vietnam and the US")."""
    return t.tag_ == "NNP" and not listed(t)


def _copula(span: Span, quoted: list[bool]) -> Descriptor | None:
    """What a copula or a role verb whose subject is the name says it is.

    "X is a commodity trader", "X became mayor", "X served as mayor of San Antonio"; not
    "X was his hero", nor words in quotation marks (``quoted``, by token): "Vietnam and
    the United States had become "comprehensive strategic partners"" is a slogan. Nor a
    plural noun said of one name: "Liverpool is about two things: football and The
    Beatles" says what the city is known for, not that it is a thing (it was NIL at 0.96);
    a coordinated subject is plural ("Vietnam and the United States ... partners").
    """
    root = span.root
    verb = root.head
    if root.dep_ != "nsubj":
        return None
    if verb.lemma_ in ("be", "become"):
        nouns = [c for c in verb.children if c.dep_ == "attr"]
    elif verb.lemma_ in _ROLE_VERBS:
        nouns = [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as"
                 for g in c.children if g.dep_ == "pobj"]
    else:
        return None
    for noun in nouns:
        # "Abraham Lincoln was his hero": a relation to someone, not what the name is;
        # "Russia's foreign minister" is.
        if _is_common_noun(noun) and not owned_by_pronoun(noun) and not quoted[noun.i] \
                and not (noun.tag_ == "NNS" and _one_name(root)) and not _figure(noun):
            lo, hi = noun.left_edge.i, min(noun.right_edge.i + 1, noun.i + MAX_WORDS)
            return Descriptor("copula", noun.doc[lo:hi].text, _head_noun(noun))
    return None


# Roles that news gives countries, companies and people alike when ranked ("Turkey is a
# major player in international peacemaking", "a key partner", "a leading force"): a
# figure of speech, not what the name is (the book's Turkey, a person's noun, was NIL).
_FIGURES = frozenset({"player", "partner", "force", "power", "hub", "giant", "ally",
                      "voice", "actor", "stakeholder"})
_RANKING = frozenset({"major", "key", "leading", "big", "important", "global", "regional",
                      "dominant", "significant", "crucial", "vital", "strong", "powerful",
                      "main", "central", "reliable", "strategic", "serious"})


def _figure(noun: Token) -> bool:
    """Whether a predicate noun is a ranked role said of anything ("a major player")."""
    return noun.lemma_.lower() in _FIGURES and any(
        c.dep_ == "amod" and c.lower_ in _RANKING for c in noun.children)


# A name that plays: a city, a country or a company read as the sports team it names
# ("Sevilla lost 2-0 at Valencia", "Liverpool manager Arne Slot"). The KB's place is not
# the team, and the reader is told what the text makes of it. Lemmas, as spaCy gives them;
# "host", "face" and "hold" are left out: countries host talks and face crises.
TEAM_VERBS = frozenset({
    "beat", "defeat", "thrash", "rout", "edge", "draw", "lose", "play", "eliminate",
    "trounce", "hammer", "outclass", "stun", "crush", "down", "overcome", "outplay", "win",
    "tie", "oust", "knock", "whip", "shock", "score",
})
TEAM_NOUNS = frozenset({
    "win", "victory", "defeat", "draw", "loss", "match", "game", "clash", "tie", "final",
    "semifinal", "semi", "derby", "fixture", "friendly", "goal", "comeback", "thrashing",
    "rout", "drubbing", "qualifier", "decider", "leg",
})
# What a team has and a place does not: "England captain", "Ghana's goalkeeper".
TEAM_ROLES = frozenset({
    "striker", "midfielder", "defender", "goalkeeper", "keeper", "winger", "captain",
    "skipper", "playmaker", "quarterback", "pitcher", "batsman", "bowler", "squad",
    "fullback",
})
# A player has them too ("Campbell's coach, Glen Mills"): a team's only right before its
# noun ("the Barcelona coach", "Liverpool manager Arne Slot").
SHARED_ROLES = frozenset({"coach", "manager", "teammate", "boss"})
# Of those, what a country's possessive has as its side's in a sports report or near a
# score ("Korea's coach Jurgen Klinsmann"): a bare noun ("Britain's asset manager" and
# "Dallas's city manager" are none), and "Britain's manager at the embassy" is no team's
# outside one.
COUNTRY_TEAM_ROLES = frozenset({"coach", "manager"})
# Counts that are no game's: "won Hartlepool 12-10 in the council vote".
# Nor a court's, a dispute's, a survey's or a market's ("lost 2-1 in a WTO dispute",
# "beat Intel 3-1 in market share").
_NOT_PLAY = frozenset({
    "vote", "election", "poll", "ballot", "referendum", "ruling", "verdict", "seat",
    "council", "court", "senate", "committee", "case", "lawsuit", "suit", "tribunal",
    "arbitration", "dispute", "panel", "decision", "judge", "justice", "appeal", "hearing",
    "talks", "survey", "index", "share", "presidency", "bid", "sales", "number", "market",
})
# Verbs whose object is what is won or lost, not a rival: "Biden won Arizona 49-48".
_OBJECT_WON = frozenset({"win", "lose", "draw", "tie", "score"})
_NOT_TEAMS = frozenset({"PERSON", "NORP"})  # players and peoples are not what this reads
# Rivals after these; not "at" (the ground: "a 0-0 draw at Wembley", "at Old Trafford").
_PREPS_OF_PLAY = frozenset({"against", "with", "to", "over", "by", "for"})
# Verbs whose "for" names the side one plays in, not a rival: "driving for Ferrari" was
# Enzo Ferrari at 0.98 (a helper's text), "signed for Barcelona" the city.
_FOR_A_SIDE = frozenset({"drive", "race", "ride", "debut", "compete", "bat", "bowl",
                         "cycle", "row", "skate", "sign"})
# Verbs that say so in sport only: "played for the BBC", "scored for a film" (a review's).
_FOR_A_SIDE_IN_SPORT = frozenset({"play", "score"})
_SCORE_TOKEN = re.compile(r"\d{1,2}[-–]\d{1,2}")
# Before a range that is no result: a date ("on 3-4 June", "June 3-4"), a span ("from
# 12-15"); after it, a share ("2-3%").
_RANGE_BEFORE = MONTHS | frozenset({
    "on", "from", "between", "of", "jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep",
    "sept", "oct", "nov", "dec"})
_RANGE_AFTER = frozenset({"%", "percent", "per", "bps", "pc"})


def fits(d: Descriptor, label: str) -> bool:
    """Whether a descriptor of one mention can describe its group of this label.

    NER calls a player ORG in one sentence ("Campbell's coach") and PERSON in the next:
    a person's group is no team.
    """
    return d.kind != "team" or label not in _NOT_TEAMS


def _results(doc: Doc, lo: int, hi: int) -> list[int]:
    """Where a result stands in tokens [lo, hi): "2-0", "4–3" (one token or three).

    A result ends its phrase or comes before a word of play, a preposition or a
    conjunction ("a 2-0 win", "2-1 in the league", "1-1 with Newcastle"); a range of
    anything else does not ("3-4 typhoons", "12-13 billion", "on 3-4 June", "51-49 to
    confirm", "6-3 that").
    """
    out = []
    for i in range(lo, hi):
        t = doc[i]
        if _SCORE_TOKEN.fullmatch(t.text):
            last = i
        elif t.text.isdigit() and len(t.text) <= 2 and i + 2 < hi and \
                doc[i + 1].text in ("-", "–") and doc[i + 2].text.isdigit() and \
                len(doc[i + 2].text) <= 2:
            last = i + 2
        else:
            continue
        if i > 0 and doc[i - 1].lower_.rstrip(".") in _RANGE_BEFORE:
            continue
        after = doc[last + 1] if last + 1 < len(doc) else None
        if after is not None and after.lower_ in _RANGE_AFTER:
            continue
        purpose = last + 2 < len(doc) and after is not None and after.lower_ == "to" and \
            doc[last + 2].pos_ in ("VERB", "AUX")
        if purpose:
            # "51-49 to confirm" is a vote's; "beat Germany 2-1 to reach the final" a
            # result, by its verb.
            verb = next((a for a in doc[i].ancestors if a.pos_ in ("VERB", "AUX")), None)
            if verb is not None and verb.lemma_.lower() in TEAM_VERBS:
                out.append(i)
        elif after is None or after.is_punct or after.lemma_.lower() in TEAM_NOUNS or \
                after.pos_ in ("ADP", "CCONJ", "ADV", "PART"):
            out.append(i)
    return out


def _holds(t: Token, results: list[int], sporting: bool = False) -> bool:
    """Whether a result is in the phrase ``t`` heads, and no vote or ruling is.

    In a sports report (``sporting``) any phrase of play counts, with a score or not.
    """
    lo, hi = t.left_edge.i, t.right_edge.i
    return (sporting or any(lo <= r <= hi for r in results)) and not any(
        w.lemma_.lower() in _NOT_PLAY for w in t.subtree)


# Words of a sports report; three of them around a name, with a competition named
# (``COMPETITIONS``), make its text one, and a verb of play needs no score there ("Real
# Madrid drew with Barcelona at the Bernabeu"). Not "win", "victory", "defeat" or
# "final": elections and wars have them.
SPORT_WORDS = frozenset({
    "goal", "match", "league", "cup", "penalty", "striker", "midfielder", "defender",
    "goalkeeper", "winger", "squad", "derby", "fixture", "tournament", "championship",
    "playoff", "semifinal", "quarterfinal", "referee", "stadium", "coach", "season",
})
SPORTING = 3
# Tokens either side of the name: a few paragraphs, so a book's sports chapter does not
# make its war chapters a report ("Prussia defeated Austria").
SPORT_REACH = 250
# The last word of a competition's name ("the Premier League", "the World Cup", "the Fed
# Cup"): a report names the one it is about; a campaign's "league table" or a war's
# "season" does not.
COMPETITIONS = frozenset({"league", "cup", "championship", "championships", "open",
                          "olympics", "series", "trophy", "bowl", "tournament", "prix"})
_SPORT_STARTS = frozenset(w[:3] for w in SPORT_WORDS | COMPETITIONS)


def _sport_word(t: Token) -> str:
    """The sport word a token is ("competition" for a competition's name), else ""."""
    if t.lower_ in COMPETITIONS and t.text[:1].isupper() and not t.is_sent_start and not (
            t.i + 1 < len(t.doc) and t.doc[t.i + 1].lower_ == "of"):
        # "the Premier League", not "League tables were published" nor "the League of
        # Nations"
        return "competition"
    lemma = t.lemma_.lower()
    return lemma if lemma in SPORT_WORDS else ""


def _sport_words_near(span: Span, reach: int = SPORT_REACH) -> set[str]:
    """The ``SPORT_WORDS`` (and "competition") within ``reach`` tokens of the name."""
    doc = span.doc
    key = "glossator_sport_words"
    if key not in doc.user_data:  # once per doc, not per name: (token, word) of each
        doc.user_data[key] = [(t.i, word) for t in doc if t.lower_[:3] in _SPORT_STARTS
                              and (word := _sport_word(t))]
    hits = doc.user_data[key]
    lo, hi = span.start - reach, span.end + reach
    return {lemma for _i, lemma in hits[bisect_left(hits, (lo, "")):
                                        bisect_left(hits, (hi, ""))]}


def _sporting(span: Span) -> bool:
    """Whether the name stands in a sports report.

    ``SPORTING`` of ``SPORT_WORDS`` near it, and a competition named, capitalised.
    """
    near = _sport_words_near(span)
    return "competition" in near and len(near - {"competition"}) >= SPORTING


def _sport_near(span: Span) -> bool:
    """Whether a word of sport stands in the name's sentence ("scored a goal for X")."""
    sent = span.sent if span.doc.has_annotation("SENT_START") else span.doc[:]
    return bool(_sport_words_near(span, max(span.start - sent.start, sent.end - span.end)))


def _country_side(span: Span, owner: Token, role: Token) -> bool:
    """A place's bare coach or manager where play is near (``COUNTRY_TEAM_ROLES``)."""
    doc = span.doc
    return owner.ent_type_ == "GPE" and not any(
        c.dep_ in ("compound", "amod", "nmod") for c in role.children) and (
        _sporting(span) or bool(_results(doc, max(0, span.start - SPORT_REACH),
                                         min(len(doc), span.end + SPORT_REACH))))


def _team(span: Span) -> Descriptor | None:
    """The name used as a sports team: its role nouns, or a result it takes part in.

    A result in the same phrase, and the name is the subject or object of a verb of play
    ("Germany edged France 2-1", "Germany were beaten 2-1 by Japan"), its rival after
    "against", "with", "to", "over", "by" or "for" ("drew 1-1 with Newcastle"), the
    possessor of a word of play ("Liverpool's 4-0 win"), or the subject of a clause whose
    verb has one ("Liverpool moved clear with a 2-0 win"). Without a result, a team's
    role noun after the name says it ("Liverpool manager Arne Slot", "England's
    captain"), and so does play in a sports report (``_sporting``: "Real Madrid drew with
    Barcelona", "moved top after beating Chelsea"). People (a player beats a player) and
    peoples are left alone, and so is a group the grouping calls a person (``fits``).
    """
    bare = span.text[4:] if span.text.lower().startswith("the ") else span.text
    if not bare[:1].isupper() or any(t.ent_type_ in _NOT_TEAMS for t in span):
        return None
    doc = span.doc
    root = span.root
    while root.dep_ == "conj" and root.head.i < root.i:  # "at Valencia and Bayern Munich"
        root = root.head
    head = root.head
    word = head.lemma_.lower()
    team = Descriptor("team", "sports team", "team")
    if head.i >= span.end and head.pos_ == "NOUN" and (
            (root.dep_ in ("compound", "poss") and word in TEAM_ROLES) or
            (root.dep_ == "compound" and word in SHARED_ROLES) or
            (root.dep_ == "poss" and word in COUNTRY_TEAM_ROLES
             and _country_side(span, root, head))):
        return team
    for_side = root.dep_ == "pobj" and head.lower_ == "for" and head.head.pos_ == "VERB"
    if for_side and head.head.lemma_.lower() in _FOR_A_SIDE:
        return team  # "driving for Ferrari", "signed for Barcelona": a side, score or not
    if doc.has_annotation("SENT_START"):
        sent = span.sent
        results = _results(doc, sent.start, sent.end)
    else:
        results = _results(doc, 0, len(doc))
    sporting = not results and _sporting(span)
    if for_side and head.head.lemma_.lower() in _FOR_A_SIDE_IN_SPORT and (
            results or sporting or _sport_near(span)):
        return team  # "played for Liverpool" in a report, not "played for the BBC"
    if not results and not sporting:
        return None
    if root.dep_ == "pobj" and head.lower_ in _PREPS_OF_PLAY:
        played = head.head
        plays = played.lemma_.lower() in (TEAM_VERBS if played.pos_ in ("VERB", "AUX")
                                          else TEAM_NOUNS)
        return team if plays and _holds(played, results, sporting) else None
    if root.dep_ == "poss" and head.pos_ == "NOUN" and word in TEAM_NOUNS:
        return team if _holds(head, results, sporting) else None
    # An object the parse may call npadvmod ("Leeds beat Chelsea 3-1").
    if root.dep_ not in ("nsubj", "nsubjpass", "dobj", "npadvmod") or \
            head.pos_ not in ("VERB", "AUX") \
            or any(c.dep_ == "prt" for c in head.children):  # "beat back an offensive"
        return None
    if word in _OBJECT_WON and any(
            c.dep_ == "dobj" and c.pos_ == "NOUN" and c.lemma_.lower() not in TEAM_NOUNS
            for c in head.children):
        return None  # "France won the vote 5-4", "lost its challenge": not a game
    if word in TEAM_VERBS and (root.dep_.startswith("nsubj") or word not in _OBJECT_WON):
        return team if _holds(head, results, sporting) else None
    if root.dep_ != "nsubj":
        return None
    # "came from behind to beat", "moved clear with a 2-0 win", "moved top after beating"
    for c in head.children:
        if c.pos_ == "VERB" and c.lemma_.lower() in TEAM_VERBS and c.dep_ in (
                "advcl", "xcomp", "conj"):
            plays = c
        elif c.dep_ == "prep":
            plays = next((g for g in c.children if (
                g.dep_ == "pobj" and g.lemma_.lower() in TEAM_NOUNS) or (
                g.dep_ == "pcomp" and g.pos_ == "VERB" and g.lemma_.lower() in TEAM_VERBS)),
                None)
        else:
            plays = c if c.dep_ == "dobj" and c.lemma_.lower() in TEAM_NOUNS else None
        if plays is not None and _holds(plays, results, sporting):
            return team
    return None


# Glue is a space or tab, never a line break or a sentence's end ("Tuesday. Russia").
# Lower-case words inside a longer name: "University of Paris", "Madonna di Campiglio".
# "van", "bin" and "den" are English words too ("a Ford van Smith had bought"): rare before
# a capital, and glue only feeds the ranker's nil_in_longer_name.
_PARTICLE = r"(?:of|de|da|di|del|della|du|des|von|van|der|den|bin|ibn)"
_BEFORE = re.compile(r"(?:^|(?P<edge>[.!?\n\"“(:;][ \t]*)|[ \t])(?P<word>[A-Z][\w'’-]*)[ \t]+"
                     rf"(?:{_PARTICLE}[ \t]+)?$")
# "and" joins two names as often as it makes one ("Iran and Iraq"): no glue. The word
# after the first says whether the two are an office ("US Health Secretary").
_AFTER = re.compile(rf"^[ \t]+(?:{_PARTICLE}[ \t]+)?(?P<word>[A-Z][\w'’-]*)"
                    r"(?:[ \t]+(?P<next>[A-Z][\w'’-]*))?")


def in_longer_name(text: str, start: int, end: int, person: bool = False,
                   apart: Container[int] = ()) -> bool:
    """Whether the name at [start, end) is glued to capitalised words the name left out.

    "Wales" in "Arriva Buses Wales", "Paris" in "University of Paris" or "Paris
    Saint-Germain('s)": then the text names something longer. Not a title before the name
    ("President Obama"), a sentence's first word, nor a short all-capitals word ("Apple
    CEO Tim Cook"); nor an article or a possessor before it ("The International Court of
    Justice", "Chile's Atacama Desert"), nor, for a ``person``, a people's word ("the
    Venetian Marco Polo"). In a headline written in title case, where every
    word is capitalised, only a one-word name that is a common noun, never a place's or a
    person's, is glued to a noun after it ("Coast Guard Rescues Teen Kayaker"; not "Apple
    Unveils", "Texas Police Arrest", "California Over", "New York Mayor"). A name that
    begins right after, at an offset in ``apart`` (one the text also uses on its own),
    is no part of it: "In the Galápagos Islands Darwin collected finches".
    """
    if in_headline(text, start, end):
        name = text[start:end]
        after = _AFTER.match(text[end:end + 60])
        if after is None or not name.isalpha() or not _glue_word(after.group("word")):
            return False
        senses, following = noun_classes(name.lower()), after.group("word").lower()
        return bool(senses) and not {"location", "person"} & set(senses) and \
            following not in HEADLINE_SMALL and bool(noun_classes(following))
    before = _BEFORE.search(text, max(0, start - 40), start)
    if before is not None and not before.group("edge") and before.start("word") > 0:
        word = before.group("word")
        bare = word.lower()
        # A person's people is no part of the name ("the Venetian Marco Polo" was NIL at
        # 0.50, a helper's text); a body's may be ("American Express"), and a given name
        # that ends as a people's word does ("Christian", "Louis": the review).
        if bare not in _ARTICLES and not bare.endswith(_POSSESSIVE) and _glue_word(word) \
                and not (person and looks_like_demonym(word) and name_gender(bare) is None):
            return True
    after = _AFTER.match(text[end:end + 60])
    # A rank right after a place's name, or after one word of its portfolio, is an
    # office, not a longer name ("US Health Secretary Robert F. Kennedy Jr.", "UK Foreign
    # Secretary"); "Wales Rugby Union Chief Executive" names the union.
    return after is not None and _glue_word(after.group("word")) and (
        after.group("next") is None or _glue_word(after.group("next"))) and \
        end + after.start("word") not in apart


_ARTICLES = frozenset({"the", "a", "an"})
_POSSESSIVE = ("'s", "’s", "s'", "s’")


def _glue_word(word: str) -> bool:
    """Whether a capitalised neighbour makes the name part of a longer one.

    Not a title, a compound title ("United Nations Secretary-General António Guterres")
    nor a short all-capitals word ("Apple CEO Tim Cook"); a lone letter is ("H Texas",
    a magazine; "Texas A&M"), but for "I".
    """
    bare = word.rstrip(".").lower()
    return bare not in TITLES and not all(part in TITLES for part in bare.split("-")) \
        and not (word.isupper() and 2 <= len(word) <= 4) and word != "I"


_HEAD_CUT = re.compile(r"\s*(?:\(|,|;| of | in | from | by | for | that | who | which | and | at "
                       r"| on | with | based | located | founded | known ).*$")


def description_head(description: str) -> str | None:
    """The kind of thing a description names: "American basketball player" -> "player"."""
    head = _HEAD_CUT.sub("", description or "").strip().split()
    word = head[-1].lower() if head else ""
    return word if word.isalpha() and len(word) > 2 else None
