"""Peoples' adjectives and common short names of countries: "Italian" -> Italy.

spaCy labels "Italian", "Iranian" or "Soviet" NORP; a reader hovering over one wants the
country. Regular adjectives are matched to KB place titles by stem ("Iranian" ->
"Iran", "Turkish" -> "Turkey"); irregular ones are listed here (written for Glossator).
Country aliases the starter KB lacks ("Britain") come from the reference lexicon.
"""

from __future__ import annotations

import re

from glossator.core.nlp.ref_lexicon import COUNTRIES

IRREGULAR = {
    # Cities' people, which no suffix rule finds ("Venetian" was Vientiane by spelling).
    "venetian": "Venice", "florentine": "Florence", "neapolitan": "Naples",
    "milanese": "Milan", "genoese": "Genoa", "parisian": "Paris", "viennese": "Vienna",
    "muscovite": "Moscow", "londoner": "London", "berliner": "Berlin",
    "glaswegian": "Glasgow", "mancunian": "Manchester", "liverpudlian": "Liverpool",
    "french": "France", "spanish": "Spain", "dutch": "Netherlands", "welsh": "Wales",
    "swiss": "Switzerland", "british": "United Kingdom", "english": "England",
    "irish": "Ireland", "danish": "Denmark", "finnish": "Finland", "polish": "Poland",
    "thai": "Thailand", "filipino": "Philippines", "argentine": "Argentina",
    "argentinian": "Argentina", "american": "United States", "greek": "Greece",
    "scottish": "Scotland", "scots": "Scotland", "swedish": "Sweden", "peruvian": "Peru",
    "saudi": "Saudi Arabia", "emirati": "United Arab Emirates", "kiwi": "New Zealand",
    "soviet": "Soviet Union", "nazi": "Nazi Germany", "nazis": "Nazi Germany",
    "vatican": "Vatican City", "norwegian": "Norway", "icelandic": "Iceland",
    "lebanese": "Lebanon", "malagasy": "Madagascar", "cypriot": "Cyprus",
    "kurdish": "Kurds", "palestinian": "State of Palestine", "yemeni": "Yemen",
    "afghan": "Afghanistan", "pakistani": "Pakistan", "bangladeshi": "Bangladesh",
    "portuguese": "Portugal", "burmese": "Myanmar", "congolese": "Democratic Republic of the Congo",
    "cuban": "Cuba", "cubans": "Cuba", "czech": "Czech Republic", "czechs": "Czech Republic",
    "kazakh": "Kazakhstan", "kazakhs": "Kazakhstan", "kosovar": "Kosovo", "kyrgyz": "Kyrgyzstan",
    "laotian": "Laos", "mozambican": "Mozambique", "nigerien": "Niger", "slovak": "Slovakia",
    "slovaks": "Slovakia", "tajik": "Tajikistan", "tajiks": "Tajikistan",
    "turkmen": "Turkmenistan", "uzbek": "Uzbekistan", "uzbeks": "Uzbekistan",
    "danes": "Denmark", "poles": "Poland", "finns": "Finland", "greeks": "Greece",
    # Regular in form, but the stem is longer than the country's name
    "panamanian": "Panama", "togolese": "Togo",
    # Shorter than the name, or shared: "Dominican" is the Republic's far more than Dominica's
    "azeri": "Azerbaijan", "azeris": "Azerbaijan", "catalan": "Catalonia",
    "catalans": "Catalonia", "cornish": "Cornwall", "dominican": "Dominican Republic",
    "dominicans": "Dominican Republic",
}
_SUFFIXES = ("ians", "ian", "ans", "an", "ese", "ish", "is", "i", "ic", "ean", "s")
# "-ic" makes a faith's, a people's or a region's adjective ("Islamic", "Gothic",
# "Balkanic"), or a family of peoples or tongues, never a country's people: "Italic",
# "Germanic", "Turkic" and "Mongolic" tribes or languages were Italy, Germany, Turkey and
# Mongolia. A country's of that form is listed ("Icelandic") or its alias ("Greenlandic").
_NO_COUNTRY_SUFFIX = "ic"
# Parties and movements NER calls NORP: no people of a place ("Greens" is not Greenland,
# "Democrats" not the Democratic Republic of the Congo).
_MOVEMENTS = frozenset("""democrat democrats republican republicans green greens liberal
    liberals conservative conservatives socialist socialists communist communists labour
    tory tories whig whigs unionist unionists nationalist nationalists federalist
    federalists populist populists progressive progressives libertarian libertarians
    independent independents royalist royalists loyalist loyalists""".split())
# Peoples whose adjective only looks like a country's: the Romani are no Romanians
# ("Romani" was Romania at 0.98, the battle of Romani in GAP dev at 0.83).
_NO_COUNTRY = frozenset({"romani", "romanis"})
_NO_DEMONYMS = _MOVEMENTS | _NO_COUNTRY


# Waters and deserts named with a people's adjective are not the people's place: "the
# Persian king" was Persian Gulf, "Caspian Caviar" Caspian Sea (News-Fair and GAP dev).
_NOT_PEOPLES = frozenset({"sea", "gulf", "ocean", "bay", "strait", "lake", "river",
                          "desert", "canal"})

_QUALIFIER = re.compile(r"\s*(?:\(.*\)|,.*)$")


# Country names and aliases (lower case) -> the canonical name: "britain" -> United Kingdom.
COUNTRY_ALIASES = {a.lower(): c for c, names in COUNTRIES.items() for a in names}


def looks_like_demonym(word: str) -> bool:
    """A capitalised adjective of a people ("Kenyan", "Scottish", "Iraqis")."""
    low = word.lower()
    return word[:1].isupper() and (_irregular(low) is not None or (low.endswith(
        ("ian", "ians", "ese", "ish", "an", "ans", "i", "is")) and len(low) >= 5))


def _irregular(low: str) -> str | None:
    """The country of a listed adjective or its plural ("americans" -> United States)."""
    return IRREGULAR.get(low) or IRREGULAR.get(low.removesuffix("s"))


def _order(adjective: str, title: str, stem: int) -> tuple:
    bare = _QUALIFIER.sub("", title.lower())  # "Georgia (country)" is read as "georgia"
    whole = adjective.startswith(bare)
    return (" " in bare, not whole, -len(bare) if whole else abs(len(bare) - stem),
            len(title), title)


def _shared(a: str, b: str) -> int:
    """How many first letters two words share."""
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def demonym_titles(word: str, places: dict[str, list[str]], begins: bool = True) -> list[str]:
    """Candidate place titles for a people's adjective; ``places`` maps 4-letter stems.

    ``begins``: a longer title the word itself begins counts ("Dominican Republic").
    """
    low = word.lower()
    if low in _NO_DEMONYMS:
        return []
    if (country := _irregular(low)) is not None:
        return [country]
    if low in COUNTRY_ALIASES and COUNTRY_ALIASES[low].lower() != low:
        return [COUNTRY_ALIASES[low]]
    from glossator.core.nlp.world_places import is_country  # it imports this module

    out = []
    for suffix in _SUFFIXES:
        if low.endswith(suffix) and len(low) - len(suffix) >= 4:
            stem = low[: len(low) - len(suffix)]
            for title in places.get(stem[:4], ()):
                if suffix == _NO_COUNTRY_SUFFIX and is_country(title):
                    continue
                t = _QUALIFIER.sub("", title.lower())
                # One word ("Iran", "Victoria (state)"), a name of two the adjective
                # itself begins ("Dominican Republic"), a pair or islands ("Trinidad and
                # Tobago", "Faroe Islands"): a longer name that only begins with the
                # stem is another place ("Victorian" is not Victoria Falls), and a longer
                # one the word begins is no people's ("Democratic" candidates are not of
                # the Democratic Republic of the Congo).
                first, _, rest = t.partition(" ")
                if rest and (first != low.removesuffix("s") or not begins
                             or " " in rest or rest in _NOT_PEOPLES) and not (
                        rest.startswith("and ") or rest == "islands"):
                    continue
                # "Kenyan" of Kenya, "Turkish" of Turkey, "Belgian" of Belgium; not
                # "Ferrari" of Ferry, nor "Persian" of Persepolis (a longer word). Past
                # what it shares with the adjective, a country's name adds two letters at
                # most ("Germ-an" Germ-any, "Belgi-an" Belgi-um), unless it holds the
                # whole word ("Christian-ity"): "Bengali" is not Bengal-uru, nor "Zambian"
                # the Zamb-ezi.
                if ((first.startswith(stem) and len(first) - len(stem) <= 3) or
                        stem == first.rstrip("aey")) and (
                        len(first) - _shared(first, low) <= 2
                        or first.startswith(low.removesuffix("s"))):
                    out.append(title)
            if out:
                # A title the adjective holds whole first, the longest ("Colombian" of
                # Colombia, not Colombo; "Nigerian" of Nigeria, not Niger); then the
                # closest; an unqualified title before a qualified one.
                size = len(stem)
                out.sort(key=lambda t: _order(low, t, size))
                break
    return out
