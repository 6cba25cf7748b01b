"""Word lists for resolving references: pronouns, type nouns, speech verbs, seats of power.

Written by hand for Glossator (no third-party data). Everything is lower case; the
resolver looks words up by lemma or lower-cased text.
"""

from __future__ import annotations

import re

# Third-person pronouns: (class, grammatical role). Class "male"/"female" wants a person,
# "thing" a non-person, "group" an organisation, a people or a plural noun.
PRONOUNS: dict[str, tuple[str, str]] = {
    "he": ("male", "subj"), "him": ("male", "obj"), "his": ("male", "poss"),
    "himself": ("male", "refl"),
    "she": ("female", "subj"), "her": ("female", "obj"), "hers": ("female", "poss"),
    "herself": ("female", "refl"),
    "it": ("thing", "subj"), "its": ("thing", "poss"), "itself": ("thing", "refl"),
    "they": ("group", "subj"), "them": ("group", "obj"), "their": ("group", "poss"),
    "theirs": ("group", "poss"), "themselves": ("group", "refl"),
}
FIRST_PERSON = {"i", "me", "my", "mine", "myself"}

# Verbs whose subject "it" is usually empty: "it seems that", "it is raining".
PLEONASTIC_VERBS = {
    "seem", "appear", "happen", "rain", "snow", "pour", "matter", "transpire", "emerge",
    "follow", "occur", "take", "cost", "remain", "turn",
}
TIME_NOUNS = {
    "time", "day", "night", "morning", "evening", "afternoon", "year", "week", "month", "hour",
    "minute", "o'clock", "season", "moment", "decade", "century", "weekend", "summer", "winter",
    "spring", "autumn", "fall", "date", "age",
}

SPEECH_VERBS = {
    "say", "tell", "announce", "deny", "claim", "warn", "insist", "accuse", "urge", "reject",
    "confirm", "state", "report", "declare", "respond", "reply", "add", "argue", "condemn",
    "criticize", "criticise", "demand", "threaten", "vow", "pledge", "promise", "agree",
    "refuse", "admit", "acknowledge", "protest", "retaliate", "dismiss", "welcome", "express",
    "suggest", "call", "describe", "blame", "allege", "maintain", "note", "stress",
    "explain", "write", "tweet", "comment", "ask", "answer", "counter", "order", "decide",
    "sanction", "expel", "recall", "summon", "approve", "veto", "recognize", "recognise",
    "propose", "offer", "signal", "hint", "complain", "object",
}

HONORIFICS_MALE = {"mr", "mr.", "sir", "lord", "king", "prince", "duke", "earl", "baron",
                   "count", "emperor", "tsar", "sultan", "sheikh", "father", "brother",
                   "monsieur", "herr", "señor", "senor", "signor", "don", "uncle", "grandpa"}
HONORIFICS_FEMALE = {"mrs", "mrs.", "ms", "ms.", "miss", "madam", "madame", "lady", "dame",
                     "queen", "princess", "duchess", "countess", "baroness", "empress",
                     "sister", "mother", "mme", "mlle", "frau", "señora", "senora", "aunt",
                     "grandma", "mademoiselle"}

# Common nouns for people, by gender ("either" when the noun does not say).
MALE_NOUNS = {
    "man", "men", "boy", "father", "dad", "son", "husband", "brother", "uncle", "nephew",
    "grandfather", "grandson", "king", "prince", "duke", "actor", "gentleman", "boyfriend",
    "fiance", "fiancé", "widower", "monk", "priest", "emperor", "spokesman", "chairman",
    "businessman", "sportsman", "policeman", "fireman", "congressman", "councilman",
    "stepfather", "godfather", "lad", "guy", "bishop", "pope", "sultan", "tsar", "earl",
    "baron", "lord", "sir", "groom", "bridegroom", "waiter", "steward", "host", "hero",
}
FEMALE_NOUNS = {
    "woman", "women", "girl", "mother", "mum", "mom", "daughter", "wife", "sister", "aunt",
    "niece", "grandmother", "granddaughter", "queen", "princess", "duchess", "actress",
    "lady", "girlfriend", "fiancee", "fiancée", "widow", "nun", "empress", "spokeswoman",
    "chairwoman", "businesswoman", "sportswoman", "policewoman", "congresswoman",
    "stepmother", "godmother", "bride", "waitress", "stewardess", "hostess", "heroine",
    "countess", "baroness", "dame", "mistress", "ballerina",
    "diva",
}
EITHER_NOUNS = {
    "person", "people", "child", "children", "kid", "baby", "parent", "friend", "partner",
    "spouse", "officer", "driver", "victim", "suspect", "student", "teacher", "doctor",
    "nurse", "lawyer", "judge", "minister", "president", "leader", "chief", "boss", "manager",
    "coach", "player", "star", "singer", "rapper", "artist", "author", "writer", "editor",
    "reporter", "journalist", "director", "producer", "owner", "founder", "executive",
    "spokesperson", "official", "candidate", "senator", "governor", "mayor", "secretary",
    "chancellor", "premier", "ambassador", "diplomat", "soldier", "general", "commander",
    "captain", "pilot", "worker", "employee", "colleague", "neighbour", "neighbor", "resident",
    "citizen", "voter", "fan", "member", "rival", "opponent", "winner", "champion", "athlete",
    "footballer", "striker", "midfielder", "defender", "goalkeeper", "batsman", "bowler",
    "veteran", "guard", "witness", "patient", "survivor", "prisoner", "inmate", "detective",
    "investigator", "prosecutor", "attorney", "politician", "lawmaker", "mp", "chairperson",
    "ceo", "scientist", "researcher", "professor", "expert", "analyst", "designer",
    "model", "comedian", "musician", "drummer", "guitarist", "dancer", "chef", "priest",
    "teenager", "youngster", "adult", "relative", "cousin", "sibling", "grandparent",
    "husband-to-be", "protagonist", "character", "narrator", "heir", "monarch", "ruler",
    "dictator", "activist", "campaigner", "protester", "cop", "agent",
    "spy", "gunman", "killer", "attacker", "assailant", "thief", "robber", "fugitive",
    "boxer", "wrestler", "cyclist", "runner", "swimmer", "golfer", "skater", "jockey",
    "novelist", "poet", "painter", "sculptor", "photographer", "filmmaker", "actor/director",
    "entrepreneur", "investor", "billionaire", "millionaire", "celebrity", "presenter",
    "anchor", "host", "contestant", "participant", "speaker", "chair", "deputy", "aide",
    "adviser", "advisor", "assistant", "head", "principal", "vicar", "rabbi",
    "imam", "cleric", "pastor", "historian", "economist", "engineer", "inventor",
    "year-old",
}
PERSON_NOUNS = MALE_NOUNS | FEMALE_NOUNS | EITHER_NOUNS

# Head nouns of descriptions ("the firm", "the landlocked country") and the entity labels
# they can stand for. Person nouns are handled through PERSON_NOUNS.
DESCRIPTION_NOUNS: dict[str, tuple[str, ...]] = {}
for _labels, _words in {
    ("ORG",): """company firm group organisation organization party club team band business
        corporation bank agency council committee union army navy government ministry
        department institute university college school charity network broadcaster newspaper
        paper airline carrier maker manufacturer retailer giant chain label studio court
        police league federation association alliance board side squad outfit insurer lender
        brand startup start-up conglomerate publisher channel station parliament assembly
        regime administration movement militia faction coalition cartel gang church order
        foundation trust operator supplier developer producer distributor utility carmaker
        automaker chipmaker drugmaker planemaker steelmaker""",
    ("GPE",): """country nation state city town capital kingdom republic region county province
        village territory emirate metropolis municipality borough island""",
    ("LOC",): """island river mountain lake sea ocean continent region valley peninsula desert
        coast""",
    ("WORK_OF_ART",): """film movie show series book novel album song documentary episode play
        track video single record musical opera sitcom drama programme program
        painting poem game""",
    ("EVENT",): """tournament war election championship match festival race contest competition
        conference summit games cup battle"""  ,
    ("FAC",): """stadium arena airport bridge building palace highway road
        motorway tower museum hospital hotel station venue""",
    ("PRODUCT",): """phone device car tablet smartphone computer aircraft plane vehicle model
        drug vaccine software console""",
    ("LAW",): """law act bill treaty constitution regulation""",
}.items():
    for _w in _words.split():
        DESCRIPTION_NOUNS[_w] = DESCRIPTION_NOUNS.get(_w, ()) + _labels
# What a KB description calls the kind of firm a "-maker" noun names.
MAKER_WORDS: dict[str, frozenset[str]] = {
    "carmaker": frozenset({"automobile", "automotive", "car", "cars", "vehicle", "vehicles"}),
    "automaker": frozenset({"automobile", "automotive", "car", "cars", "vehicle", "vehicles"}),
    "chipmaker": frozenset({"semiconductor", "semiconductors", "chip", "chips"}),
    "drugmaker": frozenset({"pharmaceutical", "pharmaceuticals", "drug", "drugs"}),
    "planemaker": frozenset({"aircraft", "aerospace", "airplane", "aeroplane"}),
    "steelmaker": frozenset({"steel"}),
}
# Nouns for a business, and what a KB description calls a body that is none: "the
# company" is not the European Union ("political and economic union").
BUSINESS_NOUNS = frozenset("company firm business corporation carmaker automaker chipmaker "
                           "drugmaker planemaker steelmaker maker manufacturer retailer "
                           "insurer lender conglomerate startup start-up".split())
NOT_BUSINESS = frozenset("union organisation organization party government alliance agency "
                         "council parliament commission assembly court university army "
                         "navy ministry church league federation committee movement "
                         "intergovernmental supranational".split())
# Generic nouns need no further evidence than the entity's label.
GENERIC_NOUNS = {
    "company", "firm", "group", "organisation", "organization", "business", "corporation",
    "country", "nation", "city", "town", "state", "band", "team", "club", "party", "film",
    "movie", "show", "series", "album", "book", "song", "tournament", "stadium",
    "region", "county", "province", "island", "village",
}
# What a ship is called: English calls ships (and countries) "she".
VESSEL_NOUNS = frozenset("""ship vessel liner tanker freighter carrier frigate destroyer
    cruiser warship battleship yacht boat submarine ferry schooner steamship icebreaker
    trawler galleon""".split())
CITY_NOUNS = {"city", "town", "capital", "village", "metropolis", "municipality", "borough"}
COUNTRY_NOUNS = {"country", "nation", "kingdom", "republic", "state", "emirate"}
# Adjectives that say nothing an article's opening could confirm ("the same company").
GENERIC_ADJECTIVES = frozenset("""same other new old former big small large great first last
    next previous main whole own local national international""".split())
# Place nouns a region's name may precede in a reference ("the Gulf state", "the Baltic
# nation", "the Caribbean island", "the Balkan city").
REGION_NOUNS = COUNTRY_NOUNS | CITY_NOUNS | {"island", "region", "province"}

# Seats of power and capitals that stand for a government when they "say" things.
# Value: the country's canonical name, then other names that may appear in the text.
COUNTRIES: dict[str, tuple[str, ...]] = {
    "United States": ("United States", "US", "U.S.", "USA", "U.S.A.", "America",
                      "United States of America"),
    "Russia": ("Russia", "Russian Federation"),
    "United Kingdom": ("United Kingdom", "UK", "U.K.", "Britain", "Great Britain"),
    "France": ("France",), "Germany": ("Germany",), "China": ("China",
                                                              "People's Republic of China"),
    "Japan": ("Japan",), "North Korea": ("North Korea",), "South Korea": ("South Korea",),
    "Iran": ("Iran",), "Ukraine": ("Ukraine",), "Turkey": ("Turkey", "Türkiye"),
    "European Union": ("European Union", "EU", "E.U."), "India": ("India",),
    "Pakistan": ("Pakistan",), "Israel": ("Israel",), "Syria": ("Syria",), "Iraq": ("Iraq",),
    "Egypt": ("Egypt",), "Saudi Arabia": ("Saudi Arabia",), "Canada": ("Canada",),
    "Australia": ("Australia",), "Italy": ("Italy",), "Spain": ("Spain",),
    "Poland": ("Poland",), "Cuba": ("Cuba",), "Venezuela": ("Venezuela",),
    "Afghanistan": ("Afghanistan",), "Taiwan": ("Taiwan",), "Belarus": ("Belarus",),
    "Greece": ("Greece",), "Hungary": ("Hungary",), "Mexico": ("Mexico",),
    "Brazil": ("Brazil",), "Argentina": ("Argentina",), "Nigeria": ("Nigeria",),
    "South Africa": ("South Africa",), "Kenya": ("Kenya",), "Ethiopia": ("Ethiopia",),
    "Lebanon": ("Lebanon",), "Jordan": ("Jordan",), "Qatar": ("Qatar",),
    "United Arab Emirates": ("United Arab Emirates", "UAE"), "Vatican City": ("Vatican",
                                                                            "Holy See"),
    "Indonesia": ("Indonesia",), "Philippines": ("Philippines",), "Vietnam": ("Vietnam",),
    "Thailand": ("Thailand",), "Myanmar": ("Myanmar", "Burma"), "Ireland": ("Ireland",),
    "Netherlands": ("Netherlands", "Holland"), "Belgium": ("Belgium",),
    "Sweden": ("Sweden",), "Norway": ("Norway",), "Denmark": ("Denmark",),
    "Finland": ("Finland",), "Austria": ("Austria",), "Switzerland": ("Switzerland",),
    "Portugal": ("Portugal",), "Serbia": ("Serbia",), "Georgia": ("Georgia",),
    "Armenia": ("Armenia",), "Azerbaijan": ("Azerbaijan",), "Libya": ("Libya",),
    "Algeria": ("Algeria",), "Morocco": ("Morocco",), "Tunisia": ("Tunisia",),
    "Yemen": ("Yemen",), "Kazakhstan": ("Kazakhstan",), "Bangladesh": ("Bangladesh",),
    "Sri Lanka": ("Sri Lanka",), "Nepal": ("Nepal",), "Chile": ("Chile",),
    "Colombia": ("Colombia",), "Peru": ("Peru",), "New Zealand": ("New Zealand",),
}
# Country names English writes with "the": "the United States", "the Netherlands".
_THE_COUNTRY = re.compile(
    r"(?:United|European|Czech|Dominican|Central African) \w|.*\b(?:Republic|Kingdom|Union|"
    r"States|Islands|Emirates|Netherlands|Philippines|Bahamas|Gambia|Maldives|Vatican)$")


def country_words(name: str) -> str:
    """A country's name as a sentence uses it: "the United States", "Russia"."""
    return f"the {name}" if _THE_COUNTRY.match(name) else name


SEATS: dict[str, str] = {
    "washington": "United States", "white house": "United States",
    "moscow": "Russia", "kremlin": "Russia", "the kremlin": "Russia",
    "london": "United Kingdom", "downing street": "United Kingdom",
    "whitehall": "United Kingdom", "number 10": "United Kingdom", "no 10": "United Kingdom",
    "paris": "France", "elysee": "France", "élysée": "France", "elysée": "France",
    "berlin": "Germany", "beijing": "China", "zhongnanhai": "China", "tokyo": "Japan",
    "pyongyang": "North Korea", "seoul": "South Korea", "tehran": "Iran", "kyiv": "Ukraine",
    "kiev": "Ukraine", "ankara": "Turkey", "brussels": "European Union",
    "new delhi": "India", "delhi": "India", "islamabad": "Pakistan", "jerusalem": "Israel",
    "damascus": "Syria", "baghdad": "Iraq", "cairo": "Egypt", "riyadh": "Saudi Arabia",
    "ottawa": "Canada", "canberra": "Australia", "rome": "Italy", "madrid": "Spain",
    "warsaw": "Poland", "havana": "Cuba", "caracas": "Venezuela", "kabul": "Afghanistan",
    "taipei": "Taiwan", "minsk": "Belarus", "athens": "Greece", "budapest": "Hungary",
    "mexico city": "Mexico", "brasilia": "Brazil", "brasília": "Brazil",
    "buenos aires": "Argentina", "abuja": "Nigeria", "pretoria": "South Africa",
    "nairobi": "Kenya", "addis ababa": "Ethiopia", "beirut": "Lebanon", "amman": "Jordan",
    "doha": "Qatar", "abu dhabi": "United Arab Emirates", "jakarta": "Indonesia",
    "manila": "Philippines", "hanoi": "Vietnam", "bangkok": "Thailand",
    "naypyidaw": "Myanmar", "dublin": "Ireland", "the hague": "Netherlands",
    "stockholm": "Sweden", "oslo": "Norway", "copenhagen": "Denmark", "helsinki": "Finland",
    "vienna": "Austria", "bern": "Switzerland", "lisbon": "Portugal", "belgrade": "Serbia",
    "tbilisi": "Georgia", "yerevan": "Armenia", "baku": "Azerbaijan", "tripoli": "Libya",
    "algiers": "Algeria", "rabat": "Morocco", "tunis": "Tunisia", "sanaa": "Yemen",
    "astana": "Kazakhstan", "dhaka": "Bangladesh", "colombo": "Sri Lanka",
    "kathmandu": "Nepal", "santiago": "Chile", "bogota": "Colombia", "bogotá": "Colombia",
    "lima": "Peru", "wellington": "New Zealand", "vatican": "Vatican City",
}


# Nouns of kin: "born in Vienna, the son of a watchmaker" says whose son the subject is;
# "Aunt Jemima" is no trade before a name.
KIN = frozenset({"son", "daughter", "child", "children", "eldest", "youngest", "heir",
                 "heiress", "widow", "widower", "grandson", "granddaughter", "grandchild",
                 "descendant", "offspring", "twin", "stepson", "stepdaughter", "nephew",
                 "niece", "brother", "sister", "aunt", "uncle", "cousin"})
