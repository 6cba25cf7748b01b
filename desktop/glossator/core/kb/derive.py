"""Facts derived from a summary at import time: coarse type, gender, aliases.

The linker needs to know how readers name a thing ("Cambridge" for "Cambridge,
Massachusetts", "Einstein", "UNESCO") and what kind of thing it is, without
parsing extracts at query time, so all of it is computed here once per record.

Every pattern here runs on a bounded slice of its text or in one pass (no regex
that backtracks over a run of spaces), so derivation is linear in a record's size
whatever it holds.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from glossator.core.kb.normalize import normalise

# Alias kinds and their weight in the prior P(article | name).
KIND_WEIGHT = {
    "user": 4.0,
    "title": 1.0,
    "redirect": 0.7,
    "derived": 0.6,
    "acronym": 0.6,
    "surname": 0.3,
}

_LIFESPAN = re.compile(
    r"\(\s*(?:born\s+|b\.\s*|c\.\s*)?\d{1,4}(?:\s*BC)?\s*"
    r"(?:[–-]\s*\d{0,4}(?:\s*(?:BC|AD))?)?\s*\)"
)
# Only people (and animals) are born: a company's head noun ("broadcaster") then names a
# person. "(born 1926)", "(born c. 1926)", "(born 19 May 1926)".
_BORN = re.compile(r"\(\s*born\s+(?:c\.\s*)?(?:\d{1,2}\s+[A-Z][a-z]+\s+)?\d{3,4}\s*\)")
_HEAD_CUT = re.compile(
    r"\s(?:in|of|by|from|on|at|for|that|which|who|located|based|founded|and|with|between|among|amongst|during|against|about|near|across|within|around)\s|[,;(]"
)

# Head nouns of Wikidata-style descriptions, mapped to spaCy's entity labels.
_HEADS: dict[str, str] = {}
for _label, _words in {
    "PERSON": """politician actor actress singer writer author poet novelist philosopher painter
        composer scientist physicist chemist mathematician biologist economist king queen emperor
        empress president footballer player musician rapper songwriter director filmmaker
        businessman businesswoman entrepreneur inventor engineer explorer general admiral
        pharaoh sultan prophet saint pope monarch ruler leader activist theologian
        astronomer architect sculptor artist dancer athlete boxer cricketer tennis
        journalist historian psychologist sociologist lawyer judge statesman stateswoman
        aviator astronaut cosmonaut conqueror revolutionary dictator chancellor minister
        prince princess duke count emir caliph khan tsar czar shah consort person saint
        guitarist pianist violinist conductor comedian model designer poetess playwright
        mystic reformer missionary nun monk priest rabbi imam scholar physician surgeon
        botanist zoologist geologist geographer naturalist anthropologist linguist chef
        magician wrestler swimmer cyclist golfer sprinter skater jurist diplomat
        founder bishop archbishop patriarch apostle father tragedian presbyter chieftain
        official adviser advisor warlord regent legislator outlaw spy colonialist preacher
        friar guru priestess polymath philanthropist industrialist educator soldier officer
        commander abolitionist feminist suffragist courtier vizier senator governor mayor
        premier viceroy aristocrat nobleman noblewoman pioneer programmer geneticist
        humanist""",
    "GPE": """country city town capital state province municipality village county
        commune metropolis prefecture republic kingdom empire nation emirate territory
        borough district canton oblast region principality sultanate caliphate
        dependency colony megacity conurbation microstate""",
    "LOC": """river mountain ocean sea lake desert continent island archipelago peninsula
        volcano valley gulf bay strait canal forest plateau glacier waterfall mountains
        range basin plain cape reef landform subcontinent park estuary tributary""",
    "ORG": """company organization organisation university party band club agency
        corporation team association manufacturer newspaper magazine brand institution
        federation alliance union council committee foundation bank church order
        army navy court parliament congress government network broadcaster label
        airline school college academy society group conglomerate retailer publisher
        enterprise firm multinational studio orchestra charity league""",
    "NORP": "people religion nationality ethnicity denomination tribe",
    "FAC": """building bridge palace museum stadium tower temple cathedral mosque monument
        castle airport station road highway wall dam fortress pyramid""",
    "EVENT": """war battle revolution pandemic epidemic olympics championship cup
        festival election massacre genocide siege crisis disaster treaty conference
        expedition invasion rebellion uprising coup campaign conflict tournament
        competition games period era struggle""",
    "WORK_OF_ART": """film novel album song painting book opera symphony series play
        poem sculpture musical sitcom epic manga anime game ballet novella""",
    "LANGUAGE": "language dialect",
    "LAW": "law act constitution code charter",
    "PRODUCT": "car aircraft rifle smartphone computer software console vehicle",
}.items():
    for _w in _words.split():
        _HEADS[_w] = _label

_EAST_ASIAN = re.compile(r"\b(?:Chinese|Korean|Vietnamese|Cambodian|Taiwanese|Mongolian)\b")
_SUFFIXES = {"jr", "sr", "ii", "iii", "iv", "v", "vi", "vii", "viii", "ix", "x", "xi", "xii",
             "xiii", "xiv", "xv", "xvi", "phd", "md"}
# Lower-case particles inside people's names ("Ludwig van Beethoven").
NAME_PARTICLES = frozenset({"van", "von", "de", "da", "di", "del", "della", "la", "le", "du",
                            "bin", "ibn", "al", "el", "dos", "das", "ter", "ten", "der", "den",
                            "st"})
_NAME_JOINERS = frozenset({"of", "the"})
# A rank or holiness before a given name makes it a given or regnal name, which has no
# surname: "Alexander" of Pope Alexander VI, "Peter" of Saint Peter, "Paul" of Pope John
# Paul II were each a "surname" every lone Alexander, Peter or Paul was offered. A name
# no list gives anyone is the one the person goes by: "Meiji", "Cixi" (a review).
_RANKS = frozenset({"pope", "saint", "king", "queen", "emperor", "empress", "prince",
                    "princess"})
_ROMAN = re.compile(r"^[IVXLC]+$")
_ALSO_KNOWN = re.compile(
    r"(?:also known as|also called|commonly known as|better known as|often called|"
    r"known simply as|or simply|formerly known as|officially|historically known as|"
    r"mononymously as|"
    r"(?P<spelt>also spelt|also spelled|also written|(?:also |previously |formerly )?"
    r"romani[sz]ed as))\s+(?P<the>the\s+)?"
    r"(?P<name>[A-Z][\w'’.\-]*(?:\s+(?:[A-Z][\w'’.\-]*|of|the|and|de|von|van))*)"
)
_TRAILING_AND = re.compile(r"(?:\s+and)+$")
# An other name after a relative clause names the clause's object, not the article:
# "who founded the Democratic People's Republic of Korea (DPRK), also known as North
# Korea" made "North Korea" Kim Il Sung's (its prior fell to 0.62); "a cross-shaped
# asterism commonly known as the Southern Cross" is no name of Crux. Within the clause
# (comma) and sentence the other name closes.
_RELATIVE = re.compile(r"\b(?:who|which|that|whose)\b")
_CLAUSE_SPLIT = re.compile(r"[,;]\s+|\.\s+")


def _names_in_a_relative_clause(before: str) -> bool:
    """Whether the clause before an other name is a relative one naming something else.

    "who founded the Democratic People's Republic of Korea (DPRK)": the other name is
    the DPRK's. Not "Myanmar, which is also known as Burma": no name follows the pronoun.
    """
    clause = _CLAUSE_SPLIT.split(before.rstrip(" ,"))[-1]
    found = _RELATIVE.search(clause)
    return found is not None and re.search(r"\b[A-Z]", clause[found.end():]) is not None
# Where a stated other name ends cleanly: not "also known as the Qinghai–Tibet Plateau",
# nor a list going on after a comma ("Special District of Science, Technology and ...").
_NAME_END = re.compile(r"\s*(?:,(?!\s*[A-Z])|[.;:)]|\s(?:or|and|is|was|in)\s|$)")
# What may stand between the lead's name and its other name: the name's other names
# ("Iran, officially the Islamic Republic of Iran and historically known as Persia");
# not another subject ("The Philadelphia metropolitan area, also known as the Delaware
# Valley" names the area; a review's).
_BEFORE_OTHER_NAME = frozenset("the of and or officially also formerly previously "
                               "historically known as simply called".split())
# Kinds whose stated other name is the thing's own, as a redirect from it would be:
# "Kyiv, also spelt Kiev", "Beijing, previously romanized as Peking", "Mumbai, also
# known as Bombay". A concept's "also known as" is often a phrase's first word ("Rubella,
# also known as German measles"), so only places' names and people's spellings count.
_OWN_NAME_TYPES = frozenset({"GPE", "LOC"})
_NEXT_WORD = re.compile(r"\s+([a-z]+)\b")
FUNCTION_WORDS = frozenset(
    "or and is was are were in on at of for from by with as to a an the who which that "
    "whose has had have be been being it its his her their also".split())
_ACRONYM = re.compile(
    r"\((?:[^()]{0,60}?[;,]\s*)?(?:abbreviated(?: as)?\s+|or\s+)?([A-Z][A-Za-z]?[A-Z0-9&.]{1,9})\)"
    r"|abbreviated(?: as)?\s+([A-Z][A-Z0-9&.]{1,9})\b"
)
# Anchored on the suffix word alone: the spaces and comma before it are checked in
# Python, as ",?\s+" before "$" retries every start in a run of spaces (quadratic).
_COMPANY_SUFFIX = re.compile(
    r"(?:Inc\.?|Ltd\.?|Limited|plc|PLC|LLC|Corp\.?|Corporation|AG|SE|S\.A\.|GmbH|"
    r"N\.V\.|Co\.|Group|Holdings)\Z")
# Type patterns look at a description's start only (Wikidata's are under 250 characters).
_TYPE_SCAN = 500
_LEAD_END = re.compile(r"\s\(|\s(?:is|was|are|were|refers|has|had)\s|;|—|"
                       r",?\s+(?:also|better|commonly|formerly|often)\s+(?:known\s+as|called)\s")
_PRON_MALE = re.compile(r"\b(?:he|his|him|himself)\b", re.IGNORECASE)
_PRON_FEMALE = re.compile(r"\b(?:she|her|hers|herself)\b", re.IGNORECASE)


def is_kind_word(word: str) -> bool:
    """Whether a word names a kind of thing ("empire", "islands"), not one thing."""
    return kind_label(word) is not None


def kind_label(word: str) -> str | None:
    """The label of what a kind word names ("province" -> GPE, "airport" -> FAC), or None."""
    low = word.lower()
    return _HEADS.get(low) or _HEADS.get(low.removesuffix("s"))


def entity_type(description: str, extract: str = "", title: str = "",
                topic: str | None = None) -> str:
    """Coarse spaCy-style label (PERSON, GPE, ORG...) from a page's short description.

    When the description names no known kind ("Oceanic division"), a proper-name title
    whose head is a kind decides: "Atlantic Ocean", "FIFA World Cup", "Cuban Revolution".
    An article its source files under people (``topic``, the Vital Articles' "People")
    is a person when its head noun names one by WordNet's most common sense ("Disciple
    and betrayer of Jesus", "Greek librarian, mathematician…") or is "head" ("Nigerian
    head of state", "Head of the Catholic Church from 1492 to 1503"); a band or a family
    there stays what its head says.
    """
    label = _description_type(description, extract)
    if label == "OTHER" and topic == PEOPLE_TOPIC and (
            _names_a_person(description) or _LIFESPAN.search(description[:_TYPE_SCAN])):
        return "PERSON"
    if label == "EVENT" and title and re.match(r"(?i)\W*(?:\w+\s+){0,3}?(?:period|era)\b",
                                               description[:_TYPE_SCAN]):
        # "Roman Republic", a "Period of Roman history": the state, as texts name it.
        head = _HEAD_CUT.split(" " + title.split(" (")[0] + " ", maxsplit=1)[0].split()
        word = head[-1].lower() if len(head) >= 2 else ""
        state = _HEADS.get(word) or _HEADS.get(word.removesuffix("s"))
        if state in ("GPE", "ORG"):
            return state
    if label == "OTHER" and title:
        head = _HEAD_CUT.split(" " + title.split(" (")[0] + " ", maxsplit=1)[0].split()
        if len(head) >= 2 and head[-1][:1].isupper() and head[0][:1].isupper():
            word = head[-1].lower()
            label = _HEADS.get(word) or _HEADS.get(word.removesuffix("s")) or "OTHER"
            if label in ("PERSON", "WORK_OF_ART", "LANGUAGE"):
                label = "OTHER"  # "Pope Gregory": a title word; "Chinese Language": a topic
    return label


# "State of unconsciousness", "State of matter", "Kingdom of organisms": a condition or a
# rank, not a polity ("State of Brazil", "State in Mesopotamia", "Kingdom of Aragon").
# "Iron-Age kingdom of the ancient Near East" is a polity.
# Nor "State of northeastern Brazil", "Kingdom of ancient Egypt": a bearing or an age.
_CONDITION = re.compile(r"\W*(?:[\w-]+\s+){0,3}?(?:[Ss]tates?\s+of\s+(?!(?:the|a|an)\s+[A-Z])"
                        r"|[Kk]ingdom\s+of\s+(?!(?:the|a|an)\s))(?:(?:the|a|an)\s+|"
                        r"(?!(?:the|a|an)\s))(?!(?:(?:north|south|east|west)\w*|central|"
                        r"ancient|colonial|pre-colonial|precolonial|medieval|modern|present|"
                        r"historic|historical|early|late|former|upper|lower|coastal|mainland|"
                        r"insular)\b)[a-z]")


# Adverbs a description puts after its head noun ("Country primarily in Western Europe").
_HEDGES = frozenset({
    "primarily", "mainly", "mostly", "largely", "chiefly", "partly", "partially",
    "principally", "predominantly", "formerly", "historically", "traditionally",
    "officially", "originally", "usually", "typically", "generally", "entirely", "wholly",
    "exclusively", "located", "situated",
    # "Island northwest of continental Europe" (Great Britain)
    "north", "south", "east", "west", "northwest", "northeast", "southwest", "southeast",
})


PEOPLE_TOPIC = "People"


def _noun_classes(word: str, plural: bool = False) -> tuple[str, ...]:
    """WordNet's classes of a noun's senses, first sense first; ``plural``: or its singular's."""
    from glossator.core.nlp.noun_classes import noun_classes  # the WordNet table, data only

    return noun_classes(word) or (noun_classes(word.removesuffix("s")) if plural else ())


def _names_a_person(description: str) -> bool:
    """Whether a description's head noun is "head" or names a person by its first sense."""
    words = _head_words(description[:_TYPE_SCAN].strip())
    if not words:
        return False
    classes = _noun_classes(words[-1])
    return words[-1] == "head" or (bool(classes) and classes[0] == "person")


# Heads that say how many or which kind, not what: the words after "of" do ("Order of
# mammals", "Group of English painters").
_COLLECTIVE = frozenset({"group", "groups", "order", "family", "genus", "clade",
                         "subfamily", "superfamily", "suborder", "infraorder", "phylum"})
_MEMBERS_END = re.compile(r"\s(?:to|endemic|native)\s")


def _members_type(head: str, text: str) -> str | None:
    """The label of a group by its members' ("Group of carnivorous mammals": OTHER).

    Fox and Fly ("Order of insects") were organisations, the Falkland Islands ("Group of
    islands") too. A group of people is an organisation; of places, a place. None where
    "of" names no members but a place or a people ("Ethnic group of Kenya", "of the
    Levant", "Ruling family of the Franks"): the head's own label stays.
    """
    m = re.match(rf"\W*(?:[\w-]+\s+)*?{re.escape(head)}\s+of\s+(.+)", text, re.I)
    if m is None:
        return None
    members = _MEMBERS_END.split(" " + m.group(1) + " ", maxsplit=1)[0].strip()
    last = _HEAD_CUT.split(" " + members + " ", maxsplit=1)[0].split()
    if not last or not last[-1][:1].islower():
        return None
    label = _description_type(members, "")
    return "ORG" if label in ("PERSON", "NORP", "ORG", "FAC") else (
        label if label in ("GPE", "LOC") else "OTHER")


def _head_words(text: str) -> list[str]:
    """The words of a description before its head ends, participles and hedges left out.

    "Team sport played on ice": the participle is no head; "Country primarily in Western
    Europe": nor the adverb (France was untyped).
    """
    head_part = _HEAD_CUT.split(" " + text + " ", maxsplit=1)[0]
    return [w for w in re.findall(r"[a-z]+", head_part.lower())
            if not ((w.endswith(("ed", "ing")) or w in _HEDGES) and w not in _HEADS)]


def _description_type(description: str, extract: str) -> str:
    text = description[:_TYPE_SCAN].strip()
    if _CONDITION.match(text):
        return "OTHER"
    if not text:
        # Fall back on the extract's first sentence: "X is a city in ...".
        m = re.search(r"\s(?:is|was|are|were)\s+(?:an?|the)\s+([^.]{0,120})", extract[:300])
        text = m.group(1) if m else ""
        if _LIFESPAN.search(extract[:200]):
            return "PERSON"
    words = _head_words(text)
    if words and words[-1] in _COLLECTIVE and (member := _members_type(words[-1], text)):
        return member
    if words:  # the head noun ends the phrase: "American rock band"
        label = _HEADS.get(words[-1]) or _HEADS.get(words[-1].removesuffix("s"))
        if label == "ORG" and _BORN.search(text):
            return "PERSON"  # "English broadcaster and natural historian (born 1926)"
        if label:
            return label
    if (life := _LIFESPAN.search(text)) and _may_name_a_person(words, text[:life.start()]):
        return "PERSON"
    return "OTHER"


def _may_name_a_person(words: list[str], before: str) -> bool:
    """Whether a description with a life's years after it may describe a person.

    Years say a life only where the head may name someone (a person among its first
    senses: "tenor", "mogul", "star") or is a word WordNet does not know ("judoka"), or
    the word before the years names someone ("track and field athlete", whose head ends
    at "and"): "Cold War barrier around West Berlin (1961–1989)", "Imperial dynasty of
    China (1368–1644)" and "Emergence of modern science (1572-1687)" were people, so
    "Wall", "Empire" and "Revolution" were their surnames. An article filed under people
    keeps its person (``entity_type``); outside the starter pack, a head whose person sense
    the table does not hold ("political figure", "pop icon") is no longer one.
    """
    # The last of two heads joined by "and", not a word after "of" or "by" ("Ruling
    # family of the Franks", "Woodblock print by Hokusai").
    tail = re.split(r"\s(?:and|or)\s", " " + before.strip() + " ")[-1]
    last = [] if _HEAD_CUT.search(" " + tail + " ") else re.findall(r"[a-z]+", tail.lower())
    head = _noun_classes(words[-1], plural=True) if words else ()
    return not words or not head or "person" in head or (
        bool(last) and "person" in _noun_classes(last[-1], plural=True))


def gender(etype: str, extract: str) -> str | None:
    """'male' or 'female' for a person whose extract uses one set of pronouns clearly."""
    if etype != "PERSON":
        return None
    male = len(_PRON_MALE.findall(extract))
    female = len(_PRON_FEMALE.findall(extract))
    if male > 2 * female and male >= 1:
        return "male"
    if female > 2 * male and female >= 1:
        return "female"
    return None


def strip_qualifier(title: str, comma: bool = True) -> str:
    """'Mercury (planet)' -> 'Mercury'; 'Cambridge, Massachusetts' -> 'Cambridge'.

    The one reading of a title's qualifier; ``comma=False`` keeps a comma's ("Paris,
    Texas" is the name a text may write whole).
    """
    name = title.rstrip()
    if name.endswith(")"):
        # The final parenthesis, from the first "(" after any earlier ")" (one pass,
        # where a regex would retry every "(" and every space before it).
        close = len(name) - 1
        start = name.find("(", name.rfind(")", 0, close) + 1, close)
        if start >= 0:
            name = name[:start]
    name = name.strip()
    if comma and "," in name:
        name = name.split(",", 1)[0].strip()
    return name or title


# A peer is called by the place of the title ("Marlborough", "Wellington", "Cavour").
_PEERAGES = frozenset({"duke", "count", "earl", "marquess", "marquis", "baron", "viscount"})


def ends_in_a_place_or_epithet(words: list[str], *, epithets: bool = True) -> bool:
    """Whether a person's name ends in a realm or a home after "of", or an epithet.

    "Aragon" alone is no Ferdinand II of Aragon, "Elder" no Pliny the Elder; a peer's
    place is what the peer is called ("1st Duke of Marlborough"). ``epithets=False`` for
    a text's later mention, where "the Ripper" is Jack the Ripper.
    """
    if len(words) < 3:
        return False
    before = words[-2]
    if before == "of":
        return words[-3].lower().strip(",") not in _PEERAGES
    return epithets and before == "the"


def surnames(name: str, description: str, extract: str = "") -> list[str]:
    """The names a person is called by alone: usually the last, for some the first."""
    tokens = name.split()
    if len(tokens) < 2 or any(t[:1].islower() and t.lower() not in NAME_PARTICLES
                              for t in tokens):
        return []  # "Alexander the Great", "Catherine of Aragon": no surname
    while tokens and (tokens[-1].lower().strip(".,") in _SUFFIXES or _ROMAN.match(tokens[-1])):
        tokens = tokens[:-1]
    if len(tokens) < 2:
        return []
    if tokens[0].lower() in _RANKS:
        # Imported here: the engine's name lists, read only when a KB is built.
        from glossator.core.nlp.census_names import is_given_name

        if is_given_name(tokens[-1]):
            return []
    out = []
    if _EAST_ASIAN.search(description) or _EAST_ASIAN.search(extract[:300]):
        out.append(tokens[0])
    last = tokens[-1]
    out.append(last)
    if len(tokens) >= 3 and tokens[-2].lower() in NAME_PARTICLES:
        out.append(f"{tokens[-2]} {last}")
    return [s for s in out if len(s) > 1]


def _initials(name: str) -> str:
    return "".join(w[0].upper() for w in re.split(r"[\s\-–/]+", name) if w and w[0].isalpha())


def _is_subsequence(short: str, long: str) -> bool:
    it = iter(long)
    return all(ch in it for ch in short)


def acronyms(names: Iterable[str], extract: str) -> list[str]:
    """Acronyms the extract states for one of ``names``: '... Organization (UNESCO)'."""
    head = extract[:600]
    found = []
    initials = [_initials(n) for n in names]
    for m in _ACRONYM.finditer(head):
        acro = m.group(1) or m.group(2)
        letters = re.sub(r"[^A-Z]", "", acro)
        if len(letters) < 2 or (m.group(1) and _stands_for_other(head, m.start(), letters, names)):
            continue
        if any(init and init[0] == letters[0] and _is_subsequence(letters, init)
               for init in initials):
            found.append(acro)
    return found


# The capitalised name that ends right before an acronym's bracket; "of", "and", "the"
# may join its words ("Democratic Republic of the Congo").
_NAME_BEFORE = re.compile(
    r"((?:[A-Z][\w'’.\-–]*)(?:\s+(?:(?:of|and|the|for|on|in)\s+)*[A-Z][\w'’.\-–]*)*)\s*$")


def _stands_for_other(head: str, bracket: int, letters: str, names: list[str]) -> bool:
    """The acronym spells another name, written just before it in the extract.

    "the official currency of the United States (U.S.)" gives "U.S." to the country, not to
    the dollar; "organised by the International Cricket Council (ICC)" is not the World Cup.
    The capitalised words before the bracket may begin with others ("After World War II
    the United Nations (UN)"): the article's own name ending them is its own, and so is a
    name at the head of the extract, whatever its wording.
    """
    m = _NAME_BEFORE.search(head, 0, bracket)
    if not m:
        return False
    found = list(re.finditer(r"\S+", m.group(1)))
    words = [w.group(0) for w in found]
    suffixes = [(m.start(1) + w.start(), words[k:]) for k, w in enumerate(found)]
    own = {normalise(n) for n in names}
    if any(normalise(" ".join(ws)) in own for _start, ws in suffixes):
        return False
    # The shortest run of those words that spells the acronym is the name it stands for.
    spelled = [(start, ws) for start, ws in suffixes
               if ws[0].lower() not in _NAME_JOINERS
               and _is_subsequence(letters, _initials(" ".join(ws)))]
    if not spelled:
        return False
    start = spelled[-1][0]
    return not re.fullmatch(r"\s*(?:(?:The|A|An)\s+)?", head[:start])


def lead_name(extract: str) -> str | None:
    """The full name that opens an extract: 'Barack Hussein Obama II is ...'."""
    m = _LEAD_END.search(extract[:160])
    if not m:
        return None
    lead = extract[: m.start()].strip().strip(",")
    lead = re.sub(r"^(?:The|A|An)\s+", "", lead)
    if not lead or len(lead) > 80 or len(lead.split()) > 8 or not lead[0].isupper():
        return None
    return lead


def lead_names(extract: str, joined: bool = False) -> list[str]:
    """Lead names, split on "or": 'World War II or the Second World War' gives both.

    ``joined``: "of" and "the" may join a name's words ("United States of America"). Not
    for people, whose "of" names a place ("Thales of Miletus" is no given name and
    surname), nor for untyped articles, whose lead often names something else ("The
    economy of the People's Republic of China").
    """
    lead = lead_name(extract)
    if not lead:
        return []
    out = []
    for part in re.split(r",?\s+or\s+(?:the\s+)?", lead):
        part = part.strip(" ,")
        words = part.split()
        # A name, not a phrase: every word capitalised except particles ("Ludwig van ...").
        if words and words[-1] not in _NAME_JOINERS and not (joined and words[0] == "In") and all(
                w[0].isupper() or w[0].isdigit() or w.lower() in NAME_PARTICLES
                or (joined and i and w in _NAME_JOINERS) for i, w in enumerate(words)) \
                and "," not in part:
            out.append(part)
    return out


def derive_aliases(
    title: str,
    description: str,
    extract: str,
    etype: str,
    redirects: Iterable[str] = (),
) -> list[tuple[str, str, str]]:
    """All (alias, kind, normalised alias) for a record, the best kind per normalised form."""
    pairs: list[tuple[str, str]] = [(title, "title")]
    pairs += [(r, "redirect") for r in redirects if r]
    base = strip_qualifier(title)
    if base != title:
        pairs.append((base, "derived"))
    if etype == "ORG":
        short = without_company_suffix(base)
        if short != base and len(short) > 1:
            pairs.append((short, "derived"))  # "Apple Inc." is "Apple" in most texts
    title_words = set(normalise(base).split())
    names = [base]
    for lead in lead_names(extract, joined=etype not in ("PERSON", "OTHER")):
        if title_words & set(normalise(lead).split()) and not _names_a_part(base, lead, etype):
            pairs.append((lead, "derived"))
            names.append(lead)
            if etype == "PERSON":
                pairs += [(n, "derived") for n in _given_and_family(lead)]
    for m in _ALSO_KNOWN.finditer(extract[:400]):
        alt = m.group("name").strip(" .")
        # "commonly known as Maimonides and also referred to": the name ends before
        # "and"; one ending in "of" or "the" went on in words not read ("the Year of
        # 1937", "the French Revolution of 1830"): no name.
        alt = _TRAILING_AND.sub("", alt)
        if alt.split()[-1] in ("of", "the"):
            continue
        if etype == "PERSON" and m.group("the") and " " not in alt:
            continue  # an epithet ("Leo III, also known as the Syrian") names no one alone
        after = _NEXT_WORD.match(extract, m.end())
        if after and after.group(1) not in FUNCTION_WORDS:
            continue  # "also known as Pacific pollock": the name goes on in lower case
        if _names_in_a_relative_clause(extract[:m.start()]):
            continue  # "Kim Il Sung ... who founded the DPRK, also known as North Korea"
        if 1 < len(alt) <= 60:
            pairs.append((alt, "redirect" if _own_other_name(m, alt, base, extract, etype)
                          else "derived"))
            # Its acronym is the article's too: "officially the Union of Soviet Socialist
            # Republics (USSR)", "the Republic of Korea (ROK)".
            names.append(alt)
    pairs += [(a, "acronym") for a in acronyms(names, extract)]
    # The family's own names, as a redirect is: no part of a name other things share.
    pairs += [(f, "redirect") for f in family_names(base, description, extract)]
    if etype == "PERSON":
        pairs += [(s, "surname") for s in surnames(base, description, extract)]
        if (m := _REGNAL_OF.match(base)) is not None:
            pairs.append((m.group(1), "derived"))
    return best_per_norm(pairs)


_HOUSE = re.compile(r"House of ([A-Z][\w'’-]+)")
_FAMILY = re.compile(r"([A-Z][\w'’-]+) family")
_FAMILY_WORDS = re.compile(r"\b(?:family|dynasty|dynastic|house)\b", re.IGNORECASE)


def family_names(base: str, description: str, extract: str = "") -> list[str]:
    """A family's or a dynasty's names as texts write them, from the article's title.

    "House of Medici" is "the Medici family" and "the Medici dynasty" to most texts, and
    "the Habsburgs" is the House of Habsburg; "the Rothschilds" the Rothschild family.
    Only where the description says a family or a dynasty ("Italian banking family":
    "House of Wisdom" is a library), and of a name the article never writes in lower
    case ("An extended family is ...", "a language family").
    """
    m = _HOUSE.fullmatch(base) or _FAMILY.fullmatch(base)
    if m is None or not _FAMILY_WORDS.search(description):
        return []
    name = m.group(1)
    if re.search(rf"\b{re.escape(name.lower())}\b", extract):
        return []
    plural = name + ("es" if name.endswith(("s", "x", "z", "ch", "sh")) else "s")
    return [f"{name} family", f"{name} dynasty", plural]


def _own_other_name(m: re.Match[str], alt: str, base: str, extract: str, etype: str
                    ) -> bool:
    """Whether a lead's stated other name is the thing's own, as a redirect is.

    A place's ("Bombay", "Peking", "Persia") or a person's spelling ("Akhenaton"); never
    a people's word alone ("also known as Dutch"), a name cut short, or a part of the
    title, which is a short form other things share ("Emirates" of the United Arab
    Emirates is an airline's and a stadium's too, "Congo" two countries').
    """
    if not (etype in _OWN_NAME_TYPES or (etype == "PERSON" and m.group("spelt"))):
        return False
    if set(normalise(alt).split()) <= set(normalise(base).split()) or " and " in alt:
        return False
    before = extract[:m.start()]
    lead = re.match(r"(?:The\s+)?" + re.escape(base) + r"\b", before)
    if lead is None or any(w[:1].islower() and w not in _BEFORE_OTHER_NAME
                           for w in re.findall(r"[\w'’-]+", before[lead.end():])):
        return False
    if (_NAME_END.match(extract, m.end()) is None or ". " in alt
            or alt.split()[-1].lower() in NAME_PARTICLES):
        return False
    # Imported here: the engine's word lists, read only when a KB is built.
    from glossator.core.nlp.census_names import is_surname
    from glossator.core.nlp.demonyms import looks_like_demonym

    # One word that is also a family's name stays another name: "Canton" (Guangzhou's
    # old romanisation) is a Sony chief's surname in a GAP dev text.
    return " " in alt or not (looks_like_demonym(alt) or is_surname(alt))


# A ruler's name and number before the realm: "Philip II of Macedon" is "Philip II" to
# texts about him, as are Philip II of France and of Spain (the lead of France's says
# "Philip II", and it was his alone: "her husband Philip II" of Macedon was linked there).
_REGNAL_OF = re.compile(r"^((?:[A-Z][\w'’-]+ ){1,2}[IVXLC]+) of (?:the )?[A-Z]")


# A title about something else: "History of Italy", "Slavery in Africa", "Chicken as food".
_ABOUT = re.compile(r"^(.+?)\s+(of|in|as)\s+(?:the\s+)?(.+)$", re.IGNORECASE)


def _names_a_part(title: str, lead: str, etype: str) -> bool:
    """An untyped article's lead name that is only a part of its title names another thing.

    "Italy has been inhabited ..." opens History of Italy, "The Soviet Union ..." the
    Dissolution of the Soviet Union: what follows the title's "of" is its subject, not its
    name; so is the other half of "Slavery in Africa" or "Chicken as food". A state's
    "Ireland" (Republic of Ireland) is its own name: only untyped titles are read so.
    """
    if etype != "OTHER":
        return False
    m = _ABOUT.match(title)
    lead_n = normalise(lead)
    return bool(m) and lead_n != normalise(title) and (lead_n == normalise(m.group(3)) or (
        m.group(2).lower() != "of" and lead_n == normalise(m.group(1))))


def without_company_suffix(name: str) -> str:
    """'Apple Inc.' -> 'Apple', 'Tata Group' -> 'Tata', 'Siemens, AG' -> 'Siemens'."""
    m = _COMPANY_SUFFIX.search(name, max(0, len(name) - 12))  # the longest suffix + 1
    if not m or m.start() == 0 or not name[m.start() - 1].isspace():
        return name
    short = name[:m.start()].rstrip()
    return short[:-1] if short.endswith(",") else short


def _given_and_family(full: str) -> list[str]:
    """A full name's given name with each of its family names.

    "Maria Salomea Skłodowska Curie" gives "Maria Skłodowska" and "Maria Curie"; the
    second word is taken for a middle name.
    """
    words = [w for w in full.split() if not _ROMAN.match(w)
             and w.lower().rstrip(".") not in _SUFFIXES]
    if len(words) < 3 or any(w.lower() in NAME_PARTICLES for w in words):
        return []
    return [f"{words[0]} {w}" for w in words[2:] if len(w) > 2 and w[0].isupper()]


def best_per_norm(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str, str]]:
    """Keep one (alias, kind, norm) per normalised form, the strongest kind winning."""
    best: dict[str, tuple[str, str, str]] = {}
    for alias, kind in pairs:
        norm = normalise(alias)
        if not norm:
            continue
        if norm not in best or KIND_WEIGHT[kind] > KIND_WEIGHT[best[norm][1]]:
            best[norm] = (alias, kind, norm)
    return list(best.values())
