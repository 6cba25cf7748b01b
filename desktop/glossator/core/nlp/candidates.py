"""Candidate generators: the KB articles a group of mentions may name, each with how.

Each generator is a function registered in ``generators`` (a ``catalogue`` registry, as
spaCy's own swappable functions are), called in the order of ``GENERATORS`` with the
request so far: it adds candidates to ``req.pool`` with the way it found them ("exact",
"spelling", "far spelling", "demonym", "short name", "first name", "surname"). The ranker
turns that and each candidate's evidence into features; the generators only bound what
is worth scoring (a guessed spelling must be the same kind of thing, of a typed article,
close enough for its length).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

import catalogue
from rapidfuzz.distance import OSA

from glossator.core.kb.derive import strip_qualifier
from glossator.core.kb.gazetteer import school_short_name
from glossator.core.kb.normalize import normalise, saint_spelling
from glossator.core.nlp.census_names import is_given_name, is_known_name
from glossator.core.nlp.demonyms import (
    COUNTRY_ALIASES,
    IRREGULAR,
    demonym_titles,
    looks_like_demonym,
)
from glossator.core.nlp.descriptors import SCHOOLS, description_head
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.grouping import Group, _words, founders_name, plural_of, word_similar
from glossator.core.nlp.mentions import is_acronym, is_term
from glossator.core.nlp.noun_classes import noun_classes
from glossator.core.nlp.place_abbreviations import TITLES as STATE_TITLES
from glossator.core.nlp.world_places import another_place_than

if TYPE_CHECKING:
    from glossator.core.models import Candidate
    from glossator.core.nlp.linking import Linker

generators = catalogue.create("glossator", "candidate_generators")
Pool = dict[str, tuple["Candidate", float, str]]  # title -> (candidate, name weight, how)
MIN_MATCH = 0.80
FAR_SIMILARITY = 0.65  # two edits in six letters: a candidate the ranker weighs with support
FAR_TYPES = frozenset({"GPE", "LOC", "ORG", "PERSON"})
# Labels of names that are no concept: "Silk" the character is not the article Silk.
PROPER_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC", "NORP"})  # ORG: "Chemistry" prize


@dataclass(slots=True)
class Request:
    """One group's candidate search: what the generators read and the pool they fill."""

    linker: Linker
    group: Group
    common: frozenset[str]  # words the text writes in lower case
    pool: Pool = field(default_factory=dict)
    spellings: list[str] = field(default_factory=list)
    words: list[str] = field(default_factory=list)
    full: int = 0  # words of the group's fullest name
    lone_first: bool = False  # a lone given name ("Steve")
    weak_label: bool = False  # no title and no exact KB entry: NER's label is a guess
    abbreviates: str = ""  # the US state the text abbreviates with this name ("Calif.")
    studied: bool = False  # every use is where one studies or teaches ("a professor at X")
    family: bool = False  # the text says the name is a family's ("the Medici, a dynasty")

    def offer(self, c: Candidate, weight: float, how: str) -> None:
        """Keep the candidate if it fits better than what the pool holds for its title."""
        held = self.pool.get(c.title)
        value = c.scores.get("match", c.similarity) * weight
        if held is None or value > held[0].scores.get("match", 0) * held[1]:
            self.pool[c.title] = (c, weight, how)

    def exact_fit(self) -> bool:
        """Whether an exact name or demonym of the right kind is in the pool already."""
        from glossator.core.nlp.linking import type_agreement

        return any(type_agreement(self.group.label, c.etype) >= 0.9
                   for c, _, how in self.pool.values() if how in ("exact", "demonym"))


# How a title guessed from a spelling was found ("Tehrn": Tehran).
GUESSES = ("spelling", "far spelling")
GENERATORS = ("exact_alias", "ruler", "spelling", "close_title", "demonym",
              "event_short_name", "given_name", "surname", "place_tail", "name_head",
              "school_name", "family_name")
TERM_GENERATORS = ("exact_alias", "spelling")  # a term's words, not a name's parts


def generate(linker: Linker, g: Group, common: frozenset[str], abbreviates: str = "",
             studied: bool = False, family: bool = False) -> Pool:
    """Every registered generator, in order, over one group.

    A state's abbreviation where the text puts a place ("Napa, Calif.") is that state and
    nothing else: ``state_abbreviation`` alone reads it ("Calif." is no misspelled Cali,
    "D.C." no direct current). An acronym of a term the text spells out is looked up by
    the term's words too, and keeps no word its letters spell.
    """
    # An acronym the text defines by a term's words ("antiretroviral therapy (ART)") is
    # looked up by them too, and is no word its letters spell ("Art").
    terms = sorted({m.expansion for m in g.members if m.source == "acronym"
                    and m.expansion and is_term(m.expansion)})
    # A quoted nickname alone ("Mac said", of Cindy "Mac" MacKenzie) is looked up with
    # the family name only: alone it names other things (the computer). So is a company's
    # founder's family name in the company's name ("Disney" of The Walt Disney Company).
    alone = {m.nickname for m in g.members if m.nickname}
    if g.label == "ORG" and (founder := founders_name(g.name, linker.known_titles)):
        alone |= {m.text for m in g.members if normalise(m.text) == founder}
    spellings = terms + sorted({m.text for m in g.members if m.text not in alone} | {
        m.nicknamed for m in g.members if m.nicknamed}, key=lambda t: -len(_words(t)))
    words = g.name.split()
    req = Request(linker, g, common, spellings=spellings, words=words,
                  full=len(_words(g.name)),
                  lone_first=len(words) == 1 and _given_name(words[0], g.label),
                  # NORP is seldom wrong: "Democrats" is no person
                  weak_label=g.label != "NORP" and not any(m.title for m in g.members)
                  and not any(linker.exact(t) for t in spellings), abbreviates=abbreviates,
                  studied=studied, family=family)
    names = ("state_abbreviation",) if abbreviates else TERM_GENERATORS if terms \
        else GENERATORS
    for name in names:
        fn: Callable[[Request], None] = generators.get(name)
        fn(req)
    if terms:
        # A title the acronym's letters spell in other letter case is another word ("Art");
        # one written so ("HIV") or an acronym's ("LCD") may be the term's.
        letters = {normalise(t): t for t in spellings if is_acronym(t)}
        return {title: (c, w, how) for title, (c, w, how) in req.pool.items()
                if c.kind == "acronym" or not _other_case(c.alias, letters)}
    if any(m.capitals for m in g.members) and all(m.text.isupper() for m in g.members):
        # Capitals among lower-case words are an acronym's ("ISIS fighters withdrew"): no
        # title its letters spell in other letter case (Isis, the goddess), and no slip;
        # but an organisation's (INTERPOL: Interpol), which may write its name so.
        letters = {normalise(m.text): m.text for m in g.members}
        return {title: (c, w, how) for title, (c, w, how) in req.pool.items()
                if (c.kind == "acronym" or c.etype == "ORG"
                    or not _other_case(c.alias, letters))
                and how not in GUESSES}
    return req.pool


def _other_case(alias: str, letters: dict[str, str]) -> bool:
    """Whether a KB name spells letters the text writes in capitals, in other letter case.

    ``letters`` maps each capitals spelling, normalised, to how the text writes it.
    """
    return letters.get(normalise(alias), alias) != alias


# Endings that make a place's people of its name: "New Yorker", "Berliners", "Londoners".
_PEOPLE_ENDINGS = ("ers", "er", "ites", "ite", "ians", "ian", "ans", "an", "ese")


def people_of(name: str, alias: str) -> bool:
    """Whether a (normalised) name is the alias's last word with a people's ending."""
    return any(name == alias + end for end in _PEOPLE_ENDINGS) or (
        alias.endswith("s") and any(name == alias[:-1] + end for end in _PEOPLE_ENDINGS))


def other_words(text: str, alias: str, etype: str) -> bool:
    """Whether a name differs from a thing's alias by a word that is another word.

    Both words nouns of WordNet: "Little Princess" is no misspelled Little Prince, "Beat"
    no Bat, "Lapin" no Latin. Random slips of the KB's title words make a WordNet noun
    about once in a hundred. Not a person's or a place's name: WordNet holds proper names
    too, and "Jane Austin", "Virginia Wolf" and "Torino" are Austen, Woolf and Turin.
    """
    if etype in ("PERSON", "GPE", "LOC"):
        return False
    mine, theirs = _words(text), _words(alias)
    return len(mine) == len(theirs) and any(
        a != b and bool(noun_classes(a)) and bool(noun_classes(b))
        for a, b in zip(mine, theirs, strict=True))


def another_word(text: str, alias: str, etype: str) -> bool:
    """Whether a name one slip from an alias is another word, not a misspelling of it.

    Its place's people ("New Yorker"), or another noun ("Little Princess").
    """
    return people_of(normalise(text), normalise(alias)) or other_words(text, alias, etype)


def _given_name(word: str, label: str) -> bool:
    """A given name, no slip of another name: of our lists, or the census's for a person.

    The census's given names include slips of places ("Isreal", "Kenia", "Florance"): a
    place's one word that is one is left to the ranker (``slip_is_a_name``).
    """
    return name_gender(word) is not None or (label == "PERSON" and is_given_name(word))


def _weight(req: Request, text: str) -> float:
    if is_acronym(text):
        return 0.95
    return 1.0 if len(_words(text)) >= req.full else 0.9


@generators.register("state_abbreviation")
def state_abbreviation(req: Request) -> None:
    """The state a US state's abbreviation stands for, when the KB has its article.

    Offered as the name the text writes for it: an abbreviation read where a place stands
    is as much the state's name as its title is.
    """
    title = STATE_TITLES.get(req.abbreviates, req.abbreviates)
    art = req.linker.article(title)[0]
    if art is not None and title not in req.linker.hidden:
        req.pool[title] = (made_up(title, req.group.name, art.etype, 1.0, kind="title"),
                           1.0, "exact")


@generators.register("exact_alias")
def exact_alias(req: Request) -> None:
    """Every article with a spelling of the group as an alias (title, redirect, acronym...).

    A name with its rank is looked up too, as an article may be titled: "King Arthur",
    "Pope John Paul II" (the rank is read apart from the name, and "Arthur" alone names
    no article).
    """
    full_words = _words(req.group.name)
    # 'George Herman "Babe" Ruth' as "Babe Ruth" is his name as he is called, not shorter.
    nicknamed = {m.nicknamed for m in req.group.members if m.nicknamed}
    # First: an article found so is the name in full, whatever the name alone is of it
    # (a surname: "Cardinal Richelieu"), and ``offer`` keeps the first of a tie.
    for text in [*ranked_names(req.group), *req.spellings]:
        # A saint's name is looked up in its other spelling when this one names nothing
        # ("St Petersburg" is the KB's "Saint Petersburg").
        found = req.linker.exact(text)
        if not found and (other := saint_spelling(text)) is not None:
            found = req.linker.exact(other)
        for c in found:
            if c.title in req.linker.hidden:
                continue
            if req.group.label in PROPER_LABELS and c.etype == "OTHER" and \
                    text.lower() in req.common and len(_words(text)) == 1:
                continue  # "Silk", a character, in a text that also speaks of silk
            if req.group.label == "NORP" and c.kind in ("surname", "first"):
                continue  # a people or a faith ("Muslim") is nobody's surname
            # A person the text names in full is only found by the surname here ("Mike
            # Trout ... Trout" is no fish): said so, not an exact name.
            # Not the person's own shorter name ("Lionel Messi" of "Lionel Andrés Messi",
            # "Napoleon" of "Napoleon Bonaparte"); but a one-name person ("Jesus") is no
            # shorter name of "Gabriel Jesus", whose given name comes before it.
            title_words = _words(c.title)
            namesake = len(title_words) == 1 and len(full_words) >= 2 and \
                full_words[-1] == title_words[0] and name_gender(full_words[0]) is not None
            shorter = req.group.label == "PERSON" and len(_words(text)) < req.full and not (
                c.etype == "PERSON" and not namesake and set(title_words) <= set(full_words)
                and _names_in_full(req, c.title)) and text not in nicknamed
            req.offer(c, _weight(req, text), "surname" if shorter else "exact")


def ranked_names(g: Group) -> list[str]:
    """The group's names with the rank the text puts before them ("Queen Victoria")."""
    return sorted({f"{m.title} {m.text}" for m in g.members if m.title})


def ranked_keys(g: Group) -> set[str]:
    """``ranked_names`` normalised, as an article titled with one is compared."""
    return {normalise(n) for n in ranked_names(g)}


# A sovereign's or a pope's rank, which texts put before the given name alone ("Emperor
# Constantine", "Tsar Peter", "King Alfred") while the KB titles the ruler by a regnal
# name ("Constantine the Great"); the rank as the KB's descriptions write it (a tsar is
# often "Emperor of Russia", a pope "Head of the Catholic Church").
_TSAR = re.compile(r"\b(?:tsar|czar|emperor of russia)\b")
SOVEREIGN_RANKS = {
    **{rank: re.compile(rf"\b{rank}\b") for rank in (
        "king", "queen", "emperor", "empress", "sultan", "shah", "pharaoh", "caliph")},
    "tsar": _TSAR, "czar": _TSAR,
    "pope": re.compile(r"\b(?:pope|head of the catholic church)\b"),
}


@generators.register("ruler")
def ruler(req: Request) -> None:
    """The one KB person of a given name whose description says the rank the text gives.

    "Emperor Constantine" may be Constantine the Great ("Roman emperor from 306 to 337"):
    no candidate before, as the pool held Constantine, Algeria, whose article names him.
    Offered as a given name is, no name in full: the KB holds the famous rulers of a name,
    texts many others ("Queen Isabella in 1326" is no Isabella I of Castile, "King
    Stephen" of England no Stephen I of Hungary: linked at 0.92 and 0.86 as full names).
    Two such rulers ("King Henry": eight kings) leave the name to the text.
    """
    gaz = req.linker.gazetteer
    if gaz is None or len(req.words) != 1:
        return
    ranks = [SOVEREIGN_RANKS[w] for w in {m.title.split()[-1].lower().rstrip(".")
                                          for m in req.group.members if m.title}
             if w in SOVEREIGN_RANKS]
    if not ranks:
        return
    keys = ranked_keys(req.group)
    if any(normalise(strip_qualifier(t, comma=False)) in keys for t in req.pool):
        return  # an article titled with the rank: "Queen Victoria"
    held = []
    # With a ruler the name itself names ("Emperor Napoleon": the index of given names
    # has only Napoleon III under it, as "Napoleon" is a title of one word).
    for title in [*gaz.first_names.get(req.words[0].lower(), []),
                  *(t for t, (_c, _w, how) in req.pool.items() if how == "exact")]:
        art = req.linker.article(title)[0]
        if art is not None and art.etype == "PERSON" and title not in req.linker.hidden \
                and any(r.search(art.description.lower()) for r in ranks):
            held.append(title)
    if len(held) == 1 and held[0] not in req.pool:
        req.pool[held[0]] = (made_up(held[0], req.words[0], "PERSON", 0.5), 1.0,
                             "first name")


def _names_in_full(req: Request, title: str) -> bool:
    """Whether the article writes every word of the group's fullest name.

    "Napoleon Bonaparte" is Napoleon's, "Lionel Andrés Messi" Lionel Messi's (his article
    puts "Leo" in between); "Rumi Carter" (a singer's daughter) is no name of Rumi the poet.
    """
    name = req.group.name
    return title in req.linker.known_titles(name) or req.linker.writes_words(title, name)


def _known_word(req: Request, text: str) -> bool:
    """A word of the KB's names, or its plural: spelled as meant."""
    return req.linker.writes_word(text.lower()) or _plural_of_known_word(req, text)


def peoples_other_word(req: Request, text: str, title: str) -> bool:
    """Whether a people's word is one of its own, no slip of the title it resembles.

    Such a word is a people's or tongue's own, no slip of a place's name: "Italic" tribes
    are no Italy, "Indic" languages no India (both were, at 0.83 and 0.97); "a Parsi
    journalist" is no Paris (0.73, a helper's text). Not where the title's own article
    writes it ("Kiev" is Kyiv's, "Palestinian" Palestine's). A people's word: NER's NORP
    that the KB's texts write (a slipped name may be some common word the texts write,
    "Chili", and is still the name), or one word WordNet knows as people only, in a
    people's word's shape (its person nouns also hold famous surnames, "Rachmaninov").
    """
    low, gaz = text.lower(), req.linker.gazetteer
    if low in req.linker.article(title)[1]:
        return False
    if req.group.label == "NORP" and " " not in low and gaz is not None and \
            gaz.texts_write(low):
        return True
    classes = noun_classes(low) if len(_words(text)) == 1 else ()
    return bool(classes) and all(c == "person" for c in classes) and looks_like_demonym(text)


def _plural_of_known_word(req: Request, text: str) -> bool:
    """Whether one word is a known word in the plural.

    "Greens", "Reds", "Giants": a party or a team, not a misspelled "Greece".
    """
    gaz, low = req.linker.gazetteer, text.lower()
    writes = req.linker.writes_word
    return gaz is not None and " " not in low and low.endswith("s") and (
        writes(low[:-1]) or (low.endswith("es") and writes(low[:-2]))) \
        and not demonym_titles(text, gaz.places)  # "Argentines" are of Argentina


# A lone word is taken for a misspelled surname from this length on.
LONE_SURNAME_SPELLING = 7
# The shortest one-word name a spelling is guessed as a slip of: the training texts slip
# names of this length or more (``training.ExampleMaker.examples``; a slip may shorten
# one), so the ranker never learned what a guess of a shorter one is worth ("CNet" was
# Cnut at 0.86 and "Tory" Troy at 0.89, in a book).
MIN_SLIPPED_WORD = 5


def person_shaped(name: str) -> bool:
    """Whether the name lists read a name as a person's: a given name, then a known name.

    "Karan Seth" is; "Kenia, Uganda" is not, though the census holds "Kenia" (a slipped
    place as often as a name: ``_given_name``).
    """
    words = _words(name)
    return len(words) >= 2 and is_given_name(words[0]) and is_known_name(words[-1])


def given_unmatched(name_words: list[str], title: str, alias: str) -> bool:
    """Whether the name begins with a given name that the title and alias leave out.

    Names of two words or more whose first is a given name (census or world lists, an
    initial never); the same word or a close spelling of it in the title or the alias
    the candidate was found by counts as held ("Bill Gates" by "William Gates" is held
    through the alias).
    """
    if len(name_words) < 2 or len(name_words[0]) < 2 or not is_given_name(name_words[0]):
        return False
    first = name_words[0]
    held = _words(strip_qualifier(title)) + _words(alias)
    return not any(first == w or word_similar(first, w) >= 0.8 for w in held)


@generators.register("spelling")
def spelling(req: Request) -> None:
    """Articles whose name is a close spelling of a spelling with no exact full title."""
    from glossator.core.nlp.linking import _ordinal_clash, has_common_word, type_agreement

    linker, g = req.linker, req.group
    for text in req.spellings:
        exact = [c for c in linker.exact(text) if c.title not in linker.hidden]
        if is_acronym(text) or req.lone_first or any(
                c.kind in ("title", "redirect", "user") for c in exact):
            continue
        one_word = len(_words(text)) == 1
        if one_word and (text.lower() in req.common or _known_word(req, text)):
            continue  # a word of known names ("Atlantic") or of the text is no misspelling
        if one_word and (_given_name(text, g.label) or (
                req.full >= 2 and _words(text) == _words(g.name)[:1]
                and (g.label == "PERSON" or person_shaped(g.name)))):
            # Nor a given name, or a person's first name: "Tina" of Tina Turner was Tuna,
            # "Neal" of Neal Beidleman Nepal, "Zofia" Sofia (GAP dev); nor the first name
            # of a name the lists read as a person's, whatever NER took it for ("Karan" of
            # a Karan Seth read as a place was Kazan). A place's first word may slip:
            # NER's "Itally, Catholicism" and "Kenia, Uganda" are Italy and Kenya.
            continue
        weight = _weight(req, text)
        for c in linker.fuzzy(text):
            # A guessed spelling must at least be the same kind of thing; a lone
            # word must also look and sound alike ("Sharp" is not "Tharp").
            # A misspelled full name beats the exact surname it is followed by
            # ("Salwador Allende ... Allende", "Vsaadimir Putin ... President Putin").
            held = req.pool.get(c.title)
            if (held is not None and held[2] != "surname") or (
                    type_agreement(g.label, c.etype) < 0.6 and not req.weak_label):
                continue
            if c.etype == "OTHER" or c.kind == "acronym" or is_acronym(c.alias) or \
                    has_common_word(c.alias):
                continue  # "Beck" is no "BEC", "Cass" no CSS, "National Party" no park
            if one_word and len(normalise(c.alias)) < MIN_SLIPPED_WORD:
                continue
            if one_word and c.kind == "surname" and len(text) < LONE_SURNAME_SPELLING:
                # A short lone "Grice" or "Devon" is another family's name as often as a
                # slipped Grace or Delon; a long one is a transliteration ("Rachmaninov").
                continue
            if plural_of(normalise(text), normalise(c.alias)):
                continue  # "the Curies" are a family, not a misspelled "Curie"
            if another_word(text, c.alias, c.etype):
                continue  # "The New Yorker" is no misspelled New York
            if _ordinal_clash(text, c.alias):
                continue  # "Charles Jr." is no misspelled "Charles I"
            if ruled_out(req, text, c, c.alias):
                continue
            if _known_plural(req, text, c.alias) or peoples_other_word(req, text, c.title):
                continue
            near = c.scores.get("match", 0) >= MIN_MATCH and within_slips(text, c.alias) \
                and not (one_word and (c.similarity < (0.7 if c.phonetic else 0.8) or (
                    not c.phonetic and normalise(c.alias)[:1] != normalise(text)[:1])))
            if near and held is not None and not one_word and \
                    not _slipped_word_is_a_name(text, c.alias):
                # The whole name's slip says more than its surname written right, however
                # much closer the surname's spelling scores: the text names the person.
                # Not where the slipped word is a name of its own: "Zhang Feng", a general
                # of a Chinese novel, is no Zhang Heng (GAP's text, at 0.85).
                req.pool[c.title] = (c, weight, "spelling")
            elif near:
                req.offer(c, weight, "spelling")
            elif one_word and req.full == 1 and far_spelling(text, c):
                # Two slips only in a name of one word: "Red Sox" is no "Red Sea".
                req.offer(c, weight, "far spelling")


def _slipped_word_is_a_name(text: str, alias: str) -> bool:
    """Whether a word of ``text`` the alias lacks is a name the census or world lists know."""
    theirs = set(_words(alias))
    return any(is_known_name(w) for w in _words(text) if w not in theirs)


def ruled_out(req: Request, text: str, c: Candidate, alias: str | None) -> bool:
    """What rules a spelling guess out in both spelling generators.

    A guess that leaves out the given name before the name: "Christopher Whall" was Whale
    at 0.77, "Flo Rida" Florida at 0.81 (GAP dev). A word that is a town of its own, but
    for a person's name (a surname may be a town): "Crewe" is no Crete, "Albany" no
    Albania. ``alias`` is the KB name the guess was found by (None: by its title alone).
    """
    return given_unmatched(_words(req.group.name), c.title, c.alias) or (
        req.group.label != "PERSON" and another_place_than(text, c.title, alias))


@generators.register("close_title")
def close_title(req: Request) -> None:
    """Last resort for a one-or-two-slip spelling the alias index misses ("Grecee")."""
    from glossator.core.nlp.linking import type_agreement

    if req.lone_first or req.spellings[0].lower() in req.common or (
            _plural_of_known_word(req, req.spellings[0])) or not all(
            how == "far spelling" for _, _, how in req.pool.values()):
        return
    for c in req.linker.close_titles(req.spellings[0]):
        if len(_words(req.spellings[0])) == 1 and \
                len(normalise(strip_qualifier(c.title))) < MIN_SLIPPED_WORD:
            continue
        if another_word(req.spellings[0], strip_qualifier(c.title, comma=False), c.etype):
            continue  # "The New Yorker" is no misspelled New York (state), "Beat" no Bat
        if ruled_out(req, req.spellings[0], c, None) or peoples_other_word(
                req, req.spellings[0], c.title):  # the scan's alias is the name
            continue
        if type_agreement(req.group.label, c.etype) >= 0.6 or req.weak_label:
            req.pool[c.title] = (c, 1.0, "spelling")  # within the edits its length allows


@generators.register("demonym")
def demonym(req: Request) -> None:
    """A people's or country's other name: Italian is Italy, Britain the United Kingdom."""
    linker, words, g = req.linker, req.words, req.group
    if len(words) != 1 or linker.gazetteer is None or not (
            g.label == "NORP" or words[0].lower() in COUNTRY_ALIASES
            or words[0].lower() in IRREGULAR
            or (g.label != "PERSON" and looks_like_demonym(words[0]))):
        return
    # A people's language ("translated from Russian", NER's or ``mentions._languages``):
    # the language's article, offered as the country would be; no place.
    if g.label == "LANGUAGE":
        language = f"{words[0]} language"
        art = linker.article(language)[0]
        if art is not None and art.etype == "LANGUAGE":
            req.pool[language] = (made_up(language, words[0], art.etype, 1.0, kind="title"),
                                  1.0, "demonym")
        return
    # A word that is an article's own title names that article, not a place it resembles:
    # "Arabs" is no adjective of the Arab world, nor "Tibetans" of Tibet's empire, "Tunis"
    # of Tunisia or "Dress" of Dresden (every such title of the starter KB).
    key = normalise(words[0])
    if any(how == "exact" and normalise(strip_qualifier(title)) == key
           for title, (_c, _w, how) in req.pool.items()):
        return
    # A place NER names is no adjective of a longer title it begins: "Missouri" is not the
    # Missouri River (a NORP "Dominican" is the Dominican Republic).
    titles = demonym_titles(words[0], linker.gazetteer.places, begins=g.label == "NORP")
    for rank, title in enumerate(titles[:3]):
        art = linker.article(title)[0]
        # A people's adjective is read as one before any slip of the title it names:
        # "Belgian" is no misspelled "Belgium" (it was 0.79 as a far spelling).
        if art is not None and (title not in req.pool or req.pool[title][2] in GUESSES):
            req.pool[title] = (made_up(title, words[0], art.etype, 1.0 if rank == 0 else 0.3,
                                       kind="title"), 1.0, "demonym")


@generators.register("event_short_name")
def event_short_name(req: Request) -> None:
    """An event without its first word: World Cup for FIFA or Rugby World Cup."""
    gaz = req.linker.gazetteer
    if gaz is None or not 1 < len(req.words) <= 3:
        return
    key = " ".join(req.words).lower()
    heads = gaz.heads.get(key) or gaz.heads.get(key.removesuffix("s"), [])
    # Beside the concept only where several events share the ending ("the Civil War";
    # "the Ice Age" is no Little Ice Age, "the Film Festival" no Cannes: the review).
    if (req.exact_fit() or req.pool) and not (len(heads) > 1 and _only_the_generic(req)):
        return
    for title in heads[:20]:
        req.pool[title] = (made_up(title, req.group.name, "EVENT", 0.8 / len(heads),
                                   kind="short"), 1.0, "short name")


def _only_the_generic(req: Request) -> bool:
    """Whether the pool holds only the common noun the text capitalises as a name.

    "the Civil War" is a war the text's readers know ("Civil war", the KB's concept, was
    0.85 beside Abraham Lincoln): the events that end so are candidates too.
    """
    return all(how == "exact" for _c, _w, how in req.pool.values()) and \
        only_the_generic(req.pool, req.group.name)


def only_the_generic(titles: Iterable[str], name: str) -> bool:
    """Whether every title (one at least) is the common noun ``name`` capitalises.

    "Civil war" for "the Civil War": the one rule of when an event's ending names the
    events that end so, for the engine (``event_short_name``) and for the training's
    clipped events (``training.ExampleMaker._event_tail``).
    """
    from glossator.core.nlp.linking import has_common_word

    key = normalise(name)
    found = list(titles)
    return bool(found) and all(has_common_word(t) and normalise(t) == key for t in found)


def _one_word_key(req: Request) -> str | None:
    if req.linker.gazetteer is None or len(req.words) != 1 or req.exact_fit():
        return None
    return req.words[0].lower()


@generators.register("given_name")
def given_name(req: Request) -> None:
    """A lone first name ("Steve"): the KB's people with that first name."""
    key = _one_word_key(req)
    if key is None or req.group.label not in ("PERSON", "", "MISC") or req.pool:
        return
    people = req.linker.gazetteer.first_names.get(key, [])[:40]
    for title in people:  # a first name alone is weak evidence
        req.pool[title] = (made_up(title, req.words[0], "PERSON", 0.5 / len(people)), 1.0,
                           "first name")


@generators.register("surname")
def surname(req: Request) -> None:
    """A lone surname ("Hendrix"): the KB's people with that last name."""
    key = _one_word_key(req)
    # A people or a faith ("Muslim", NORP) is nobody's surname ("Abu Muslim").
    if key is None or req.group.label == "NORP" or not (
            req.group.label in ("PERSON", "", "MISC") or not req.pool):
        return
    people = req.linker.gazetteer.surnames.get(key, [])[:40]
    for title in people:
        if title not in req.pool:
            req.pool[title] = (made_up(title, req.words[0], "PERSON", 1 / len(people),
                                       kind="surname"), 1.0, "surname")


@generators.register("place_tail")
def place_tail(req: Request) -> None:
    """A place called by the last word of its name: Vegas for Las Vegas."""
    key = _one_word_key(req)
    if key is None or req.group.label != "GPE" or req.pool:
        return
    tails = req.linker.gazetteer.tails.get(key, [])[:10]
    for title in tails:
        req.pool[title] = (made_up(title, req.words[0], "GPE", 0.8 / len(tails),
                                   kind="short"), 1.0, "short name")


# A school's title that is its own word and a school's kind ("Harvard University"), and
# one named for its town ("University of Oxford").
_SCHOOL_TITLE = re.compile(r"([^\W\d_][\w'’-]*) (?:University|College)")
_TOWN_SCHOOL_TITLE = re.compile(r"University of ([^\W\d_][\w'’-]*)")


@generators.register("school_name")
def school_name(req: Request) -> None:
    """A school by its own word, as texts call it: "Harvard", "Yale", "Tsinghua".

    What the KB would give "Harvard University" as the other name "Harvard", as it gives
    "Apple Inc." the name "Apple", where only the whole KB can say the word is nobody
    else's. The short names ``name_head`` offered (with its rules of which kind of
    name may be a body's) are schools, every one of them ("Columbia" is also the river:
    both stay short names); the word is no ordinary one ("Brown", "Duke", "Rice":
    ``Gazetteer.lower_words``); and no school of that word is put by its description in
    a town of that name ("National university in Heidelberg"; one Wheaton College of
    two). As a short name "studied at Harvard" was NIL at 0.90.

    Where the text says one studies or teaches there at every use of the word
    (``Request.studied``: "a professor at Cambridge", "graduated from Kyoto") it is a
    school's whatever else it names: every school of the word is offered so, a town's too
    ("University of Oxford", "Kyoto University"), beside the pool's other articles; the
    descriptor's fit and clash (``KIND_ROLES["school"]``) weigh the town against them.
    """
    gaz = req.linker.gazetteer
    # Studied at, a town's exact name is no reason to look no further.
    key = req.words[0].lower() if req.studied and len(req.words) == 1 else _one_word_key(req)
    if key is None or req.group.label == "NORP" or gaz is None:
        return
    if not req.studied and (not req.pool or key in req.common or normalise(key) in
                            gaz.lower_words or any(how != "short name"
                                                   for _c, _w, how in req.pool.values())):
        return
    schools = []
    for title in gaz.heads.get(key, [])[:20]:
        name = strip_qualifier(title, comma=False)
        m = _SCHOOL_TITLE.fullmatch(name)
        if m is None and req.studied:
            m = _TOWN_SCHOOL_TITLE.fullmatch(name)
        art = req.linker.article(title)[0] if m is not None else None
        if m is None or m.group(1).lower() != key or art is None or art.etype != "ORG" or \
                description_head(art.description) not in SCHOOLS:
            continue
        if not req.studied and m.group(1) in art.description:
            return  # the town's name, for one school of that word at least
        schools.append(title)
    if not schools or (not req.studied and set(req.pool) != set(schools)):
        return
    for title in schools:
        req.pool[title] = (made_up(title, req.words[0], "ORG", 1.0 / len(schools),
                                   kind="derived"), 1.0, "school name")


@generators.register("family_name")
def family_name(req: Request) -> None:
    """A family's article by the family's name, where the text says the name is a family's.

    "the Medici, a young dynasty", "the Medici family" where NER left "family" out: the
    article the KB names "Medici family" ("House of Medici": ``derive.family_names``),
    found as exactly as a name, beside the pool's people who bear the name.
    """
    if not req.family or len(req.words) != 1:
        return
    for c in req.linker.exact(f"{req.words[0]} family"):
        if c.kind in ("title", "redirect"):
            req.pool[c.title] = (c, 1.0, "family name")


@generators.register("name_head")
def name_head(req: Request) -> None:
    """A body by its first word: Stanford (never Major where the text writes "major")."""
    key = _one_word_key(req)
    if key is None or key in req.common or (req.group.label == "PERSON" and req.pool):
        return
    if req.pool and (req.group.label == "NORP" or looks_like_demonym(req.words[0])):
        # A people's word is no body's short name: "American" is no American Museum of
        # Natural History (offered beside the country; and such wrong parts were most
        # of what the ranker learned of short names, "Harvard" alone NIL at 0.92).
        return
    heads = req.linker.gazetteer.heads.get(key, [])[:20]
    for title in heads:
        art = req.linker.article(title)[0]
        if req.group.label == "GPE" and art is not None and art.etype != "GPE" and \
                school_short_name(title.split(" (")[0].split()) is None:
            # "Denver, Colorado": a state, never the Colorado River; but NER's town may
            # be the university called by it ("a lecturer at Cambridge").
            continue
        if title not in req.pool:
            req.pool[title] = (made_up(title, req.words[0], "ORG", 0.8 / len(heads)), 1.0,
                               "short name")


# Letters a transliteration or a reader writes either way: folded before counting slips.
_FOLDS = (("ph", "f"), ("kh", "h"), ("ck", "k"), ("sch", "sh"), ("ou", "u"), ("oo", "u"),
          ("w", "v"), ("y", "i"), ("z", "s"), ("c", "k"), ("q", "k"))
_DOUBLE = re.compile(r"(.)\1+")


def _fold(word: str) -> str:
    for a, b in _FOLDS:
        word = word.replace(a, b)
    return _DOUBLE.sub(r"\1", word)


def slips(a: str, b: str) -> int:
    """Edits between two spellings of a word (a swap is one).

    A transliteration's letters ("ph"/"f", "w"/"v", a doubled letter) are no slip.
    """
    return min(OSA.distance(a, b), OSA.distance(_fold(a), _fold(b)))


def max_slips(length: int) -> int:
    """The slips a word of ``length`` letters may hold and still be a misspelling.

    One per four letters, two at most, none under four (``within_slips`` and
    ``Linker.close_titles``).
    """
    return min(2, length // 4)


def within_slips(text: str, alias: str) -> bool:
    """Whether ``text`` is a slip of ``alias``, word by word.

    Each word that differs is at most ``max_slips`` of its length away.

    Scored on the whole string, "Robert Burke" is 0.83 like "Robert Burns" and "Merkley"
    like "Merkel"; but two changed letters in a short word make another family's name as
    often as a slip, while "Gadafi", "Itally" and "Tschaikowsky" stay within the bound.
    A space may slip ("Bin Ladin"), not a whole word.
    """
    a, b = normalise(text).split(), normalise(alias).split()
    if not a or not b:
        return False
    if len(a) != len(b):
        short, long_ = sorted((a, b), key=len)
        if set(short) <= set(long_):
            return False  # a word more is another name ("H Texas", a magazine), no slip
        a, b = ["".join(a)], ["".join(b)]
    return all(x == y or slips(x, y) <= max_slips(len(x)) for x, y in zip(a, b, strict=True))


def short_words_within_slips(name: str, title: str) -> bool:
    """Whether each short word (under five letters) of ``name`` is within its own slip bound.

    The title scan allows two edits over the whole name ("Midsel East", "South Osseira",
    "Stefan Du*an"), but two in "Sox" make another word.
    """
    a, b = normalise(name).split(), normalise(title).split()
    return len(a) != len(b) or all(x == y or len(x) >= 5 or slips(x, y) <= max_slips(len(x))
                                   for x, y in zip(a, b, strict=True))


def _known_plural(req: Request, text: str, alias: str) -> bool:
    """Whether a word of the text is the alias's word in the plural, and a known name's.

    "Times Magazine" is no slip of "Time Magazine": "times" names things of its own (The
    New York Times). A plural no name uses ("Merkels") may still be a slip, and so is an
    "s" left out ("Pari", "Las Vega").
    """
    a, b = normalise(text).split(), normalise(alias).split()
    if len(a) != len(b):
        return False
    return any(plural_of(x, y) and req.linker.writes_word(x)
               for x, y in zip(a, b, strict=True))


def far_spelling(text: str, c: Candidate) -> bool:
    """Two slips in a longer name ("Tukery", "Micsooft"): places, bodies and people only."""
    a, b = normalise(text), normalise(c.alias)
    return (c.etype in FAR_TYPES and c.kind in ("title", "redirect", "derived")
            and len(a) >= 6 and a[:1] == b[:1] and c.similarity >= FAR_SIMILARITY
            and c.scores.get("match", 0) >= FAR_SIMILARITY)


def made_up(title: str, alias: str, etype: str, prior: float = 0.0, kind: str = "first"
            ) -> Candidate:
    """A candidate from one of the gazetteer's indexes (not an alias row)."""
    from glossator.core.models import Candidate as Cand

    return Cand(title=title, alias=alias, kind=kind, prior=prior, similarity=1.0,
                etype=etype, scores={"match": 0.8 if kind == "first" else 0.9,
                                     "prior": prior})
