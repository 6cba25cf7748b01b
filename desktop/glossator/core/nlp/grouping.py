"""Step 2: group the mentions of one entity inside the document, before any KB look-up.

A full name, the surname alone, title + surname, an acronym and its expansion and
variant spellings ("Haftar", "Hafter", "Heftar") become one group. Variants are matched
word by word with string similarity and phonetic keys together, and only between
compatible types. Guards keep different people apart: first names must agree, two
spellings used in the same sentence are two entities, and two names that the knowledge
base knows as different articles are never merged.
"""

from __future__ import annotations

import re
from bisect import bisect_right, insort
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from enum import Enum
from functools import lru_cache, reduce

import jellyfish
from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler, Levenshtein

from glossator.core.kb.derive import (
    ends_in_a_place_or_epithet,
    strip_qualifier,
    without_company_suffix,
)
from glossator.core.kb.normalize import normalise as _normalise
from glossator.core.kb.normalize import saint_spelling, sounds_alike
from glossator.core.nlp.census_names import is_given_name, is_known_name
from glossator.core.nlp.demonyms import COUNTRY_ALIASES, demonym_titles, looks_like_demonym
from glossator.core.nlp.gender_names import name_gender
from glossator.core.nlp.mentions import (
    CONNECTORS,
    TITLES,
    WEAK_TITLES,
    NameMention,
    initials,
    is_acronym,
)
from glossator.core.nlp.noun_classes import noun_classes

PLACES = frozenset({"GPE", "LOC", "FAC"})
_FEMALE_TITLES = frozenset({"mrs", "ms", "miss", "madam", "madame", "mme", "mlle", "dame",
                            "lady", "queen", "princess", "empress", "sister",
                            "congresswoman", "chairwoman"})
_MALE_TITLES = frozenset({"mr", "sir", "lord", "king", "prince", "emperor", "tsar", "czar",
                          "sultan", "father", "brother", "monsieur", "congressman",
                          "chairman", "pope", "sheikh", "ayatollah", "imam", "rabbi"})
# Titles only a person bears ("General Motors" and "Major League" are no people).
_PERSON_TITLES = TITLES - WEAK_TITLES


class Joined(Enum):
    """How a mention joined its group; the value is what the reader is told."""

    NAMED_HERE = "named here"
    SAME_NAME = "same name"
    ACRONYM = "acronym of"
    NICKNAME = "nickname of"
    SHORT = "short for"
    SPELLING = "another spelling of"
    SAME_ARTICLE = "the same article as"  # the engine's merge of two groups of one link


@dataclass(frozen=True, slots=True)
class Join:
    """A mention's way into its group, and the name of the group it joined (at the time)."""

    how: Joined
    of: str = ""

    def __str__(self) -> str:
        return f"{self.how.value} {self.of}" if self.of else self.how.value


@dataclass(slots=True)
class Group:
    """The mentions of one entity in the document."""

    members: list[NameMention] = field(default_factory=list)
    name: str = ""  # the fullest, most frequent spelling
    label: str = ""
    gender: str | None = None
    names: set[str] = field(default_factory=set)  # normalised spellings
    # (start, end) of a member -> how it joined: data the steps after read (a variant
    # spelling's label and confidence weigh less), and words for the reader.
    joined: dict[tuple[int, int], Join] = field(default_factory=dict)
    spell_sents: dict[str, set[int]] = field(default_factory=dict)  # spelling -> sentences
    votes: Counter[str] = field(default_factory=Counter)  # NER labels of the members
    top: str = ""  # the most voted label so far
    # What the text calls its members (``Grouper.said``): "thing", "person", a named place.
    said_kinds: frozenset[str] = frozenset()
    seq: int = -1  # the order the grouper made it in (its indices' key)

    @property
    def first(self) -> int:
        return min(m.start for m in self.members)

    def join_of(self, m: NameMention) -> Join | None:
        """How member ``m`` joined the group."""
        return self.joined.get((m.start, m.end))

    def words(self) -> list[str]:
        return normalise(self.name).split()


@lru_cache(maxsize=65536)
def normalise(text: str) -> str:
    """The KB's normalised form, memoised (names repeat)."""
    return _normalise(text)


@lru_cache(maxsize=65536)
def _word_tuple(text: str) -> tuple[str, ...]:
    return tuple(w for w in normalise(text).split() if w not in CONNECTORS)


def _words(text: str) -> list[str]:
    return list(_word_tuple(text))


@lru_cache(maxsize=65536)
def word_similar(a: str, b: str) -> float:
    """Similarity of two name words: edit distance and Jaro-Winkler, helped by sound."""
    if a == b:
        return 1.0
    lev = Levenshtein.normalized_similarity(a, b)
    jw = JaroWinkler.similarity(a, b)
    score = max(lev, jw - 0.08)
    # Sound helps only between spellings a few edits apart ("Britain" is not "Burton").
    if Levenshtein.distance(a, b) > max(2, min(len(a), len(b)) // 3):
        return score
    if len(a) >= 3 and len(b) >= 3 and jellyfish.metaphone(a) == jellyfish.metaphone(b):
        score = max(score, 0.85)
    elif _loose_sound(a) == _loose_sound(b):
        score = max(score, 0.82)
    return score


def _loose_sound(word: str) -> str:
    """A transliteration-tolerant skeleton: consonants, with common swaps folded."""
    w = word.lower()
    for a, b in (("kh", "k"), ("gh", "g"), ("dh", "d"), ("th", "t"), ("ph", "f"), ("sh", "s"),
                 ("ch", "k"), ("q", "k"), ("c", "k"), ("z", "s"), ("j", "y"), ("w", "v"),
                 ("ou", "u"), ("ee", "i")):
        w = w.replace(a, b)
    skeleton = [c for c in w if c not in "aeiouyh"]
    out = []
    for c in skeleton:
        if not out or out[-1] != c:
            out.append(c)
    return w[:1] + "".join(out)


VARIANT_WORD = 0.80  # per-word similarity for a variant spelling
VARIANT_CROSS_TYPE = 0.88  # stricter when NER's labels disagree
# The least similarity of two last words that can still make a variant: a name of several
# words passes with every word at 0.72 or more (see ``_name_similarity``).
_WORD_FLOOR = 0.72


def _labels_compatible(a: str, b: str, strict: bool) -> bool:
    if a == b or not a or not b or "MISC" in (a, b):
        return True
    if "LANGUAGE" in (a, b):
        # A people's word as their language ("spoke Russian", ``mentions._languages``)
        # and as their adjective ("the Russian army"): two things, whatever the spelling.
        return False
    if a in PLACES and b in PLACES:
        return True
    if {a, b} <= {"ORG", "NORP"} or {a, b} <= {"ORG", "GPE"}:
        return True  # "the UK said" vs "the UK government"; "Apple" as place or firm
    return not strict


# What ``said`` gives for a public place named for someone ("Charles de Gaulle airport").
NAMED_PLACE = "named place"


class Grouper:
    """Group mentions; ``known`` maps a name to the KB titles it is an exact alias of.

    ``nearest`` maps an unknown spelling to the KB title it is closest to, if any: a
    spelling as near to another known name as to a group's is not surely that group's
    variant.

    ``acronym_of`` maps an acronym to the KB titles it is an acronym of ("BP": Blood
    pressure): initials alone do not join it to a name the KB does not know so.

    ``team`` says whether the text reads a mention as a sports team ("Sevilla lost 2-0"):
    a spelling read so anywhere in the text and one never read so ("Seville", the city, a
    paragraph later) are two things, however alike.

    ``said`` gives what the text's own words call a mention, "person" or "thing"
    ("the mathematician Alan Turing"; "Turing, a London company"): a mention called one
    joins no group whose members were called only the other. A company named after a
    person is not that person. It also gives ``NAMED_PLACE`` for a public place named
    for someone ("Charles de Gaulle airport"): such a mention and one that is not are
    never one group, whichever comes first ("Charles de Gaulle led the Free French").
    """

    def __init__(self, known: Callable[[str], frozenset[str]] | None = None,
                 nearest: Callable[[str], str | None] | None = None,
                 team: Callable[[NameMention], bool] | None = None,
                 acronym_of: Callable[[str], frozenset[str]] | None = None,
                 said: Callable[[NameMention], frozenset[str]] | None = None) -> None:
        self.known = known or (lambda _name: frozenset())
        self.nearest = nearest
        self.team = team or (lambda _m: False)
        self.acronym_of = acronym_of or (lambda _name: frozenset())
        self.said = said or (lambda _m: frozenset())

    def group(self, mentions: list[NameMention]) -> list[Group]:
        self._by_norm: dict[str, list[Group]] = {}
        # The groups by seq: word -> seq -> group.
        self._by_word: dict[str, dict[int, Group]] = {}
        self._word_seq: dict[tuple[str, int], int] = {}  # (word, group's seq) -> filing order
        # Last words for variant look-ups, blocked by sound key (folded first letter and
        # length): key -> word -> group's seq -> (when the group joined the key, group).
        self._by_letter: dict[str, dict[str, dict[int, tuple[int, Group]]]] = {}
        self._filed: dict[tuple[str, int], int] = {}
        self._by_initials: dict[str, list[Group]] = {}
        self._by_nickname: dict[str, list[Group]] = {}  # 'Cindy "Mac" MacKenzie': "mac"
        self._starts: dict[int, list[int]] = {}  # group's seq -> its members' starts, sorted
        self.comparisons = 0  # groups scored as variant spellings (kept for tests)
        # Spellings the text reads as a team at least once, whatever the order they come
        # in ("Sevilla's coach said", then "Sevilla lost 2-0").
        self._teams = {normalise(m.text) for m in mentions if self.team(m)}
        # A mention's span -> the kinds the text calls it.
        self._said = {(m.start, m.end): k for m in mentions if (k := self.said(m))}
        # A spelling the text calls one kind of thing, and never the other, is that kind
        # wherever it stands: "Ford recalled trucks" is the company that "Ford's founder
        # Henry Ford" founded. Not a public place's name (its every mention says so).
        spelled: dict[str, set[str]] = {}
        for m in mentions:
            if (m.start, m.end) in self._said:
                spelled.setdefault(normalise(m.text), set()).update(
                    self._said[m.start, m.end] - {NAMED_PLACE})
        for m in mentions:
            kinds = spelled.get(normalise(m.text))
            if (m.start, m.end) not in self._said and kinds is not None and len(kinds) == 1:
                self._said[m.start, m.end] = frozenset(kinds)
        groups: list[Group] = []
        order = sorted(mentions, key=lambda m: (-len(_words(m.text)), m.start))
        for m in order:
            target, join = self._place(m, groups)
            if target is None:
                target = Group(seq=len(groups))
                groups.append(target)
                join = Join(Joined.NAMED_HERE)
                target.name = m.text
                if len(target.words()) > 1:
                    self._by_initials.setdefault(initials(m.text), []).append(target)
            target.members.append(m)
            if m.nicknamed and m.nickname:
                self._by_nickname.setdefault(normalise(m.nickname), []).append(target)
            assert join is not None  # ``_place`` gives a group with how it joined
            target.said_kinds |= self._said.get((m.start, m.end), frozenset())
            insort(self._starts.setdefault(target.seq, []), m.start)
            target.votes[m.label] += 1
            if target.votes[m.label] > target.votes[target.top]:
                target.top = m.label
            norm = normalise(m.text)
            if norm not in target.names:
                target.names.add(norm)
                self._by_norm.setdefault(norm, []).append(target)
                ws = _words(m.text)
                for w in ws:
                    if target.seq not in self._by_word.setdefault(w, {}):
                        self._by_word[w][target.seq] = target
                        self._word_seq[w, target.seq] = len(self._word_seq)
                if ws:
                    self._file_last_word(ws[-1], target)
            target.spell_sents.setdefault(norm, set()).add(m.sent)
            target.joined[m.start, m.end] = join
        for g in groups:
            g.members.sort(key=lambda m: m.start)
            _finish(g)
        groups.sort(key=lambda g: g.first)
        return groups

    def _file_last_word(self, word: str, g: Group) -> None:
        key = _sound_key(word)
        # The order groups joined a key is the order they were scored before blocking,
        # which decides between equally near ties.
        seq = self._filed.setdefault((key, g.seq), len(self._filed))
        self._by_letter.setdefault(key, {}).setdefault(word, {})[g.seq] = (seq, g)

    def _nearest(self, groups: list[Group], m: NameMention) -> Group:
        """The group mentioned most recently before ``m`` (else the next one after it)."""
        def key(g: Group) -> tuple[int, int]:
            starts = self._starts[g.seq]
            i = bisect_right(starts, m.start)
            return (0, m.start - starts[i - 1]) if i else (1, starts[0] - m.start)
        return min(groups, key=key)

    def _place(self, m: NameMention, groups: list[Group]) -> tuple[Group | None, Join | None]:
        norm = normalise(m.text)
        if not norm:
            return None, None
        # 1. The same name again, or its other saint's spelling ("St Petersburg"), unless
        # the KB knows the two spellings as two articles ("Saint Louis" the king, "St.
        # Louis" the city).
        other = saint_spelling(norm)
        respelled = [g for g in (self._by_norm.get(other, ()) if other else ())
                     if not _apart(self.known(m.text), self.known(g.name))]
        same = [g for g in (*self._by_norm.get(norm, ()), *respelled)
                if _labels_compatible(m.label, _label_of(g), strict=False)
                and not self._said_apart(m, g)]
        if same:
            return self._nearest(same, m), Join(Joined.SAME_NAME)
        # 2. An acronym and its expansion; not one the text says is another kind of thing
        # ("JFK airport" beside John F. Kennedy), as on every other path.
        if is_acronym(m.text):
            if m.expansion:
                for g in self._by_norm.get(normalise(m.expansion), ()):
                    if not self._said_apart(m, g):
                        return g, Join(Joined.ACRONYM, g.name)
            letters = m.text.replace(".", "").replace("&", "")
            # Initials alone, the text not saying so: not when the KB knows the acronym
            # as another article ("BP" is no "Black Pyramid" clothing line).
            spelled = self._by_initials.get(letters, ())
            own = self.acronym_of(m.text) if spelled else frozenset()
            for g in spelled:
                if (not own or own & self.known(g.name)) and not self._said_apart(m, g):
                    return g, Join(Joined.ACRONYM, g.name)
        words = _words(m.text)
        if not words:
            return None, None
        # 2b. A person's quoted nickname alone ("Mac said", of Cindy "Mac" MacKenzie).
        nicknamed = [g for g in self._by_nickname.get(norm, ()) if m.nickname
                     and not m.nicknamed and not self._said_apart(m, g)]
        if nicknamed:
            g = self._nearest(nicknamed, m)
            return g, Join(Joined.NICKNAME, g.name)
        # 3. Part of a fuller name: surname, first name, "Stanford" of "Stanford University".
        # The groups holding every word; dict views intersect from the smaller side.
        postings = sorted((self._by_word.get(w, {}) for w in words), key=len)
        pool = reduce(lambda a, b: a & b.keys(), postings[1:], postings[0].keys())
        first = self._by_word.get(words[0], {})
        part = [g for g in sorted((first[k] for k in pool),
                                  key=lambda g: self._word_seq[words[0], g.seq])
                if (_is_part(words, m, g) or self._founders_name(words, m, g))
                and not self._kb_apart(m, g)
                and not self._team_apart(m, g) and not self._said_apart(m, g)
                and not self._far_surname(m, g)]
        if part:
            people = {" ".join(_words(g.name)) for g in part if _label_of(g) == "PERSON"}
            if len(people) > 1:
                # A lone surname two people of the text share ("Curie" beside Pierre and
                # Marie Curie), or a name without the middle that tells two apart ("George
                # Bush" beside George H. W. and George W. Bush): which one is meant is a
                # guess, not a fact of grouping. It stands alone, and the linker weighs its
                # candidates with the odds.
                return None, None
            g = self._nearest(part, m)
            return g, Join(Joined.SHORT, g.name)
        # 4. A variant spelling; not a title alone ("the Queen's helicopter" is no
        # misspelled "Monica Quan").
        if len(words) == 1 and words[0] in TITLES:
            return None, None
        scored: list[tuple[float, Group]] = []
        for g in self._variant_candidates(words[-1]):
            if self._said_apart(m, g):
                continue
            self.comparisons += 1
            score = self._variant(m, words, g)
            if score > 0:
                scored.append((score, g))
        if scored:
            top = max(score for score, _ in scored)
            # Equally close spellings: the entity mentioned most recently.
            g = self._nearest([g for score, g in scored if score >= top - 0.01], m)
            return g, Join(Joined.SPELLING, g.name)
        return None, None

    def _variant_candidates(self, last: str) -> list[Group]:
        """The groups one of whose last words may be a variant of ``last``.

        Blocked by sound key (folded first letter, length within 3), then each key's
        words are screened in rapidfuzz's C loop with a bound no variant can miss:
        ``word_similar`` reaches ``_WORD_FLOOR`` only through Jaro-Winkler
        (at +0.08), an edit distance within 28% of the longer word, or sound between
        spellings at most a third of a word apart. Only the groups behind the words
        that pass are scored in Python, so thousands of different names do not make
        every name meet every other.
        """
        found: dict[int, tuple[int, int, Group]] = {}
        letter = _letter(last)
        for length in range(len(last) - 3, len(last) + 4):
            filed = self._by_letter.get(letter + str(length))
            if not filed:
                continue
            if len(last) > 1 and length > 1:
                # The slack: rapidfuzz's early exit with a cutoff is not exact to the
                # last bit ("tanehe"/"tedihe" scores 0.7999... but fails a 0.7999999 cutoff).
                near = {w for w, _, _ in process.extract(
                    last, list(filed), scorer=JaroWinkler.similarity,
                    score_cutoff=_WORD_FLOOR + 0.08 - 0.01, limit=None)}
                # max(len) // 3 covers both 0.28 * max(len) and max(2, min(len) // 3).
                near.update(w for w, _, _ in process.extract(
                    last, list(filed), scorer=Levenshtein.distance,
                    score_cutoff=max(2, max(len(last), length) // 3), limit=None))
                words = [w for w in filed if w in near]  # in filing order
            else:
                words = list(filed)  # one letter: compared by its initial alone
            for w in words:
                for k, (seq, g) in filed[w].items():
                    if k not in found:
                        found[k] = (length, seq, g)
        return [g for _, _, g in sorted(found.values(), key=lambda t: (t[0], t[1]))]

    def _variant(self, m: NameMention, words: list[str], g: Group) -> float:
        glabel = _label_of(g)
        if "LANGUAGE" in (m.label, glabel) and m.label != glabel:
            return 0.0  # a language and its people's adjective (``_labels_compatible``)
        same_type = _labels_compatible(m.label, glabel, strict=True)
        best = 0.0
        norm = normalise(m.text)
        for spelling, sents in g.spell_sents.items():
            ow = _words(spelling)
            if not ow or not words or abs(len(ow[-1]) - len(words[-1])) > 3 or \
                    (ow == [ow[-1]] and ow[-1] in TITLES):
                continue
            if spelling != norm and m.sent in sents:
                return 0.0  # two spellings in one sentence: two entities
            score = _name_similarity(words, ow, person=glabel == "PERSON")
            # NER's label on a lone unknown word is weak evidence; a KB type is strong.
            # (A lone unknown surname NER calls ORG or GPE may join a person, not the reverse.)
            weak = (len(words) == 1 and glabel == "PERSON" and not m.kb_label
                    and not self.known(m.text))
            if score < VARIANT_WORD:
                continue
            if weak and m.label != "PERSON" and common_plural(words[0]):
                continue  # "Angels 4, Rockies 4": a team, no slipped Maya Angelou
            if "PERSON" in (m.label, glabel) and _two_names(words[-1], ow[-1]):
                continue
            if (norm in self._teams) != (spelling in self._teams):
                continue
            if not same_type and not weak and ("PERSON" in (m.label, glabel)
                                               or score < VARIANT_CROSS_TYPE):
                continue
            # Two names the KB knows as different articles are different entities.
            ka, kb_ = self.known(m.text), self.known(spelling)
            if _apart(ka, kb_):
                return 0.0
            # Two unknown spellings of different lengths nearest two different KB titles
            # are two things ("Sudarn" and "Soutah Sudan" are Sudan and South Sudan, as
            # "Sudan" and "South Sudan" are, whatever NER called them); not where the
            # longer begins with a given name of the lists ("Barak Obamma" and "Obamma").
            longer = ow if len(ow) > len(words) else words
            if len(ow) != len(words) and not is_given_name(longer[0]) and not ka and \
                    not kb_ and self._nearest_apart(norm, spelling):
                continue
            # "Sria" beside "Serbia" is Syria misspelled, whichever came first.
            if len(ow) == len(words) and (
                    (not ka and self._nearer_elsewhere(norm, spelling, kb_)) or (
                        not kb_ and self._nearer_elsewhere(spelling, norm, ka))):
                continue
            best = max(best, score)
        return best


    def _founders_name(self, words: list[str], m: NameMention, g: Group) -> bool:
        """A company's founder's family name, NER not calling it a person ("Disney")."""
        return len(words) == 1 and m.label != "PERSON" and _label_of(g) == "ORG" and \
            founders_name(g.name, self.known) == words[0]

    def _kb_apart(self, m: NameMention, g: Group) -> bool:
        """Whether the KB knows the short name as an article the longer name is not.

        "Microsoft" and "Microsoft Surface" are two things. Not for people: their
        surnames are what the KB knows.
        """
        own = self.known(m.text)
        if _label_of(g) == "PERSON":
            # Unless the longer name is a slip of another KB name and the short one a KB
            # place: NER took "Soutah Sudan" for a person, and its "Sudan" linked it to Sudan.
            place = m.label in PLACES or m.kb_label in PLACES
            near = self.nearest(g.name) if self.nearest is not None and place and own \
                and not self.known(g.name) else None
            # The slip's nearest title holds the place ("South Sudan"): a person named
            # after one ("Chad Johnston") is nearest nothing of it.
            return near is not None and near not in own and \
                set(_words(m.text)) <= set(_words(strip_qualifier(near)))
        return bool(own) and not (own & self.known(g.name))

    def _far_surname(self, m: NameMention, g: Group) -> bool:
        """Whether a surname NER calls a thing stands far from a person the KB lacks.

        A book's "France", chapters after the byline "By Lisa Respers France", is the
        country (its twenty mentions took the byline's name, and the byline the country's
        card). A person the KB knows keeps their surname at any distance ("Jordan", GPE,
        long after "Michael Jordan").
        """
        return _label_of(g) == "PERSON" and m.label not in ("PERSON", "", "MISC") and \
            not _labels_compatible(m.label, "PERSON", strict=True) and \
            min(abs(m.sent - x.sent) for x in g.members) > SURNAME_REACH and \
            not self.known(g.name)

    def _team_apart(self, m: NameMention, g: Group) -> bool:
        """A place the text never reads as a team is no short name of one it does.

        "Denver, Colorado" and "the Colorado Rapids beat the LA Galaxy 2-1": the state is
        not the club (the app tour read the state's card as the club's).
        """
        return (m.label in PLACES or m.kb_label in PLACES) and \
            normalise(m.text) not in self._teams and \
            any(normalise(x.text) in self._teams for x in g.members)

    def _said_apart(self, m: NameMention, g: Group) -> bool:
        """Whether the text calls the mention one kind of thing and the group only others.

        A public place named for someone and its namesake are apart either way round.
        """
        mine = self._said.get((m.start, m.end), frozenset())
        theirs = g.said_kinds
        if (NAMED_PLACE in mine) != (NAMED_PLACE in theirs):
            return True
        mine, theirs = mine - {NAMED_PLACE}, theirs - {NAMED_PLACE}
        if mine == {"thing"} and not theirs and _label_of(g) == "PERSON":
            return True  # "the film Lincoln" is no part of "Abraham Lincoln" (0.94)
        return bool(mine and theirs) and not mine & theirs

    def _nearest_apart(self, a: str, b: str) -> bool:
        """Whether two unknown spellings are nearest two different KB titles."""
        if self.nearest is None:
            return False
        na, nb = self.nearest(a), self.nearest(b)
        return na is not None and nb is not None and na != nb

    def _nearer_elsewhere(self, unknown: str, name: str, known: frozenset[str]) -> bool:
        """Whether the KB title nearest ``unknown``, if not in ``known``, is as near as ``name``.

        A tie is a guess either way ("Ieland" is one letter from Ireland and from Iceland),
        and a wrong merge hands the variant the other name's article; apart, each spelling
        is linked, or not, on its own evidence.
        """
        if self.nearest is None:
            return False
        title = self.nearest(unknown)
        if title is None or title in known:
            return False
        other = normalise(strip_qualifier(title))
        return other != name and \
            Levenshtein.distance(unknown, other) <= Levenshtein.distance(unknown, name)


def _apart(ka: frozenset[str], kb_: frozenset[str]) -> bool:
    """Whether two names' KB titles say they are different articles (both known)."""
    return bool(ka) and bool(kb_) and not (ka & kb_)


_LETTER = str.maketrans("qcgkeiouyjvwzdpx", "kkkkaaaaaaffstbk")


def _letter(word: str) -> str:
    """A first-letter key that survives transliteration (Q/K/G/C, vowels, V/W...)."""
    return word[:1].translate(_LETTER)


def _sound_key(word: str) -> str:
    """Where a last name is filed for variant look-ups: folded first letter + length."""
    return _letter(word) + str(len(word))


def _name_similarity(a: list[str], b: list[str], person: bool = True) -> float:
    """Word-aligned similarity of two names; 0 when first names clearly differ."""
    if len(a) == len(b):
        if len(a) > 1 and a[0] != b[0] and _different_given_names(a[0], b[0]):
            return 0.0
        sims = []
        for x, y in zip(a, b, strict=True):
            # An initial stands for a word inside a longer name ("John F. Kennedy"); a
            # letter alone names nothing ("57.2 F" was a spelling of "FBI", then "Fiji",
            # "Ford" and "Flat" of it: one entity linked to Fiji in a book).
            sim = word_similar(x, y) if len(x) > 1 and len(y) > 1 else \
                (1.0 if x[0] == y[0] and (len(a) > 1 or x == y) else 0.0)
            if len(a) > 1 and sim < _WORD_FLOOR:
                return 0.0  # one word too far settles it: skip the others
            sims.append(sim)
        # Names with short words ("Li Peng", "Abu Omar"): one letter changes everything
        # ("Li Ping", "Abu Amar" are other people). Only a longer word both spellings
        # do not share may vary ("Bob Dylen", "Las Vagas", "bin Ladin"). So, as for long
        # first names, a one-letter change of a long surname still joins ("Bob Morley").
        if any(len(w) < 4 for w in a + b) and min(sims) < 0.9 and any(
                _short_change(x, y) for x, y in zip(a, b, strict=True)):
            return 0.0
        return sum(sims) / len(sims)
    # One word against a longer name: a variant of a person's surname ("Southern
    # California" is not a spelling of "California").
    short, long_ = (a, b) if len(a) < len(b) else (b, a)
    if plural_of(short[0], long_[-1]):
        return 0.0  # "the Curies" are a family, not a spelling of "Pierre Curie"
    if person and len(short) == 1 and len(short[0]) >= 4 and short[0] != long_[-1]:
        return word_similar(short[0], long_[-1]) - 0.02
    return 0.0


def plural_of(word: str, base: str) -> bool:
    """Whether ``word`` is ``base`` with a plural's "s" or "es" ("curies", "times")."""
    return word in (base + "s", base + "es")


def common_plural(word: str) -> bool:
    """Whether a word is the plural of a common noun and no noun of its own (WordNet).

    "angels", "giants", "bears": a slip of a surname seldom makes one. "Jones" and
    "Hanks" are nouns of their own in WordNet (the people), and so are no plurals here.
    """
    if len(word) < 4 or not word.endswith("s") or word.endswith("ss") or noun_classes(word):
        return False
    return any(noun_classes(s) for s in singulars(word))


def singulars(word: str) -> set[str]:
    """The regular singulars a plural may have: "angel" of "angels", "city" of "cities"."""
    forms = set()
    if word.endswith("s"):
        forms.add(word[:-1])
    if word.endswith("es"):
        forms.add(word[:-2])
    if word.endswith("ies"):
        forms.add(word[:-3] + "y")
    return forms


def _short_change(x: str, y: str) -> bool:
    """Whether two words differ in a part under five letters ("Jong-un", "Jong-il")."""
    xs, ys = x.split("-"), y.split("-")
    if len(xs) != len(ys):
        xs, ys = [x], [y]
    return any(p != q and min(len(p), len(q)) < 5 for p, q in zip(xs, ys, strict=True))


def _different_given_names(x: str, y: str) -> bool:
    """Two known given names that are not spellings of one ("Jane", "John")."""
    gx, gy = name_gender(x), name_gender(y)
    if gx is None or gy is None:
        return False
    return gx != gy or Levenshtein.normalized_similarity(x, y) < 0.7


# A generation after a person's name ("Jr.", "III"), as ``normalise`` writes it.
_GENERATIONS = frozenset({"jr", "sr", "ii", "iii", "iv", "fils"})
# Sentences from a person's nearest mention within which a surname NER calls another
# kind of thing still joins a person the KB does not know (``Grouper._far_surname``).
SURNAME_REACH = 20


def _is_part(words: list[str], m: NameMention, g: Group) -> bool:
    """Whether ``m`` is a shorter form of ``g``'s name (type permitting)."""
    gwords = _words(g.name)
    if not words or len(words) >= len(gwords):
        return False
    glabel = _label_of(g)
    if m.label == "NORP" and glabel != "NORP":
        return False  # "Scottish chiefs" are not short for "Scottish Athletics"
    if glabel == "PERSON" or (g.members[0].title and glabel not in PLACES):
        # NER often calls a lone surname ORG or GPE; accept it unless the KB says so.
        if m.label not in ("PERSON", "", "MISC") and not _labels_compatible(
                m.label, glabel, strict=True) and m.kb_label and m.kb_label not in (
                "PERSON", "OTHER"):
            return False
        # "Kennedy" of "Robert F. Kennedy Jr.": the generation is no part of the surname
        # (and "Elizabeth" of "Elizabeth II" is a leading part, as before).
        core, name = gwords, g.name.split()
        while len(core) > 1 and len(name) > 1 and core[-1] in _GENERATIONS:
            core, name = core[:-1], name[:-1]
        # A hyphened surname is one word: "UN" is no part of "Kim Jong-un".
        last = len(_words(name[-1])) if name else 1
        # "Donald Trump" of "Donald J. Trump": the given name and the surname, the middle
        # initials left out (not "George W. Bush" of "George H. W. Bush": a middle of its
        # own; nor "John Adams" of "John Quincy Adams": the father, a review found).
        middle = core[1:-last]
        # "Alexandre Dumas" is the father of "Alexandre Dumas fils", not a short form; a
        # place is no surname ("Aragon" of "Ferdinand II of Aragon"; but "the Ripper" may
        # be Jack the Ripper).
        tail = last <= len(words) < len(core) and words == core[-len(words):] and not (
            len(words) == 1 and ends_in_a_place_or_epithet(name, epithets=False))
        return tail or \
            (words == gwords[:len(words)] and gwords[len(words):] != ["fils"]) or \
            (bool(middle) and all(len(w) == 1 for w in middle)
             and words == core[:1] + core[-last:])
    if not _labels_compatible(m.label, glabel, strict=True):
        return False
    # Organisations and places: a leading part ("Stanford" of "Stanford University"),
    # but a country is not short for its capital ("Mexico", "Mexico City").
    if glabel in PLACES and gwords[-1] == "city" and len(gwords) == len(words) + 1:
        return False
    return words == gwords[:len(words)] and len(words[0]) > 2


# What follows a founder's name in a company's besides a legal suffix
# (``derive.without_company_suffix``): "The Walt Disney Company", "Ford Motor Company".
_FOUNDERS_COMPANY = frozenset({"company", "studios", "partnership"})


def founders_name(name: str, known: Callable[[str], frozenset[str]]) -> str | None:
    """The family name a company named after its founder goes by, if it is so named.

    "The Walt Disney Company" -> "disney" ("Iger had run Disney" was Walt Disney at
    0.89): a company's name that is a person's, whom the KB or the name lists know, and
    a company's word. Not "Bank of America Corporation", nor "Ford Motor Company".
    """
    words = without_company_suffix(name.removeprefix("The ")).split()
    while words and words[-1].lower() in _FOUNDERS_COMPANY:
        words = words[:-1]
    if len(words) != 2 or len(words) == len(name.split()):
        return None
    founder = " ".join(words)
    if known(founder) or is_given_name(words[0]) or name_gender(words[0]) is not None:
        return normalise(words[1])
    return None


def title_gender(title: str | None) -> str | None:
    """"female" for "Mrs" or "Queen", "male" for "Sir" or "Mr", else None."""
    t = title.split()[0].lower().rstrip(".") if title else ""
    return "female" if t in _FEMALE_TITLES else "male" if t in _MALE_TITLES else None


def _label_of(g: Group) -> str:
    return g.label or g.top


def _country(name: str) -> str:
    """The country a name is an alias of ("Britain" -> "United Kingdom"), else the name."""
    return COUNTRY_ALIASES.get(name.casefold(), name)


@lru_cache(maxsize=4096)
def demonym_of(word: str, name: str) -> bool:
    """Whether ``word`` is a people's adjective of the place ``name``.

    "Russian" of "Russia", "British" of "Britain" (both the United Kingdom), "Americans"
    of "America": the tables and stems of ``demonyms``, never a list of countries here.
    """
    if " " in word.strip() or not looks_like_demonym(word):
        return False
    own = word.casefold().removesuffix("s")
    if any(w.startswith(own) for w in name.casefold().split()):
        return False  # "Jordan" of "Jordanian", "Americans" of "American Samoa"
    country = _country(name)
    places: dict[str, list[str]] = {}
    for title in dict.fromkeys((name, country)):
        places.setdefault(title.lower()[:4], []).append(title)
    return any(_country(t) == country for t in demonym_titles(word, places))


def display_name(spellings: Iterable[str]) -> list[str]:
    """The spellings that may name an entity: not a people's adjective of another one.

    A group holding "Russia" and "Russian" is named "Russia" however often the adjective
    is used; a group of adjectives alone keeps them.
    """
    spellings = list(spellings)
    proper = [t for t in spellings
              if not any(demonym_of(t, other) for other in spellings if other != t)]
    return proper or spellings


def _finish(g: Group) -> None:
    """Pick the group's name, label and gender from its members."""
    spellings = Counter(m.text for m in g.members if not is_acronym(m.text))
    if not spellings:
        spellings = Counter(m.text for m in g.members)
    # The fullest proper name: never a people's adjective beside the country's name.
    proper = display_name(spellings)
    spellings = Counter({t: spellings[t] for t in proper})
    most_words = max(len(_words(t)) for t in spellings)
    full = [t for t in spellings if len(_words(t)) == most_words]
    first_at: dict[str, int] = {}
    for m in g.members:  # sorted by start: one pass, not one per spelling
        first_at.setdefault(m.text, m.start)
    g.name = max(full, key=lambda t: (spellings[t], -first_at[t]))
    votes: Counter[str] = Counter()
    titled = False
    for m in g.members:
        weight = 1.0 + 0.5 * len(_words(m.text))
        if (join := g.join_of(m)) is not None and join.how is Joined.SPELLING:
            weight *= 0.3  # NER's label on a variant spelling is a weak guess
        votes[m.label] += weight
        if m.title:
            titled = True
            if g.gender is None:
                g.gender = title_gender(m.title)
    g.label = votes.most_common(1)[0][0]
    if titled and g.label in ("ORG", "GPE", "NORP", "MISC", "LOC") and votes["PERSON"] > 0:
        g.label = "PERSON"
    if titled and g.label != "PERSON" and any(
            m.title and m.title.split()[0].lower().rstrip(".") in _PERSON_TITLES
            for m in g.members):
        g.label = "PERSON"  # "Chancellor Olaf Scholz", whatever NER called him
    if g.gender is None and g.label == "PERSON":
        words = g.name.split()
        if len(words) > 1:
            g.gender = name_gender(words[0])


_VOWELS = re.compile(r"[aeiouy]+")


def _two_names(a: str, b: str) -> bool:
    """Whether two surnames are two families' names, not one name spelled two ways.

    Each a name of its own (``census_names``), sounding apart and two letters apart or
    more, any vowels counting as one: "Williamson" is no "Williams" (the benchmark book's
    Marianne Williamson took Serena Williams's card), "Burke" no "Burns". A random slip
    seldom makes a name of its own. Two that sound alike ("Regan", "Reagan"), one letter
    apart ("Thomson", "Thompson") or apart in vowels only ("Christiansen", "Christensen")
    are spellings of one name as often as not.
    """
    return a != b and is_known_name(a) and is_known_name(b) and not sounds_alike(a, b) \
        and Levenshtein.distance(_VOWELS.sub("a", a), _VOWELS.sub("a", b)) >= 2

