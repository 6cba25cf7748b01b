"""The abbreviations American news writes for its states: "Austin, Tex.", "Houston, TX".

A reader of American news meets them in every dateline and address. Unread, "Calif." was
taken for a misspelled Cali (Colombia), "D.C." for direct current, and "Washington, D.C."
left unexplained: the place the text puts Washington in was no place its article names.
An abbreviation is read where the text puts a place after another ("Austin, Tex.",
"Houston, TX", "Washington, D.C."); elsewhere only with its full stop where no sentence
ends ("from Calif. to Nev. last year") or as initials with their stops ("N.Y."): "attended
Mass." ends a sentence, "Miss Smith" has no stop, and a postal code alone ("IN", "OR",
"ME") is a word as often; "MD" and "PA" after a name are a doctor's and an assistant's
letters as often. Written for Glossator from the USPS codes
and the AP and GPO abbreviations.
"""

from __future__ import annotations

import re

# state -> its postal code, then the abbreviations written with a full stop (AP, GPO)
STATES: dict[str, tuple[str, ...]] = {
    "Alabama": ("AL", "Ala."), "Alaska": ("AK",), "Arizona": ("AZ", "Ariz."),
    "Arkansas": ("AR", "Ark."), "California": ("CA", "Calif.", "Cal."),
    "Colorado": ("CO", "Colo."), "Connecticut": ("CT", "Conn."), "Delaware": ("DE", "Del."),
    "District of Columbia": ("DC", "D.C."), "Florida": ("FL", "Fla."),
    "Georgia": ("GA", "Ga."), "Hawaii": ("HI",), "Idaho": ("ID",), "Illinois": ("IL", "Ill."),
    "Indiana": ("IN", "Ind."), "Iowa": ("IA",), "Kansas": ("KS", "Kan.", "Kans."),
    "Kentucky": ("KY", "Ky."), "Louisiana": ("LA", "La."), "Maine": ("ME",),
    "Maryland": ("MD", "Md."), "Massachusetts": ("MA", "Mass."), "Michigan": ("MI", "Mich."),
    "Minnesota": ("MN", "Minn."), "Mississippi": ("MS", "Miss."), "Missouri": ("MO", "Mo."),
    "Montana": ("MT", "Mont."), "Nebraska": ("NE", "Neb.", "Nebr."),
    "Nevada": ("NV", "Nev."), "New Hampshire": ("NH", "N.H."), "New Jersey": ("NJ", "N.J."),
    "New Mexico": ("NM", "N.M.", "N.Mex."), "New York": ("NY", "N.Y."),
    "North Carolina": ("NC", "N.C."), "North Dakota": ("ND", "N.D.", "N.Dak."),
    "Ohio": ("OH",), "Oklahoma": ("OK", "Okla."), "Oregon": ("OR", "Ore.", "Oreg."),
    "Pennsylvania": ("PA", "Pa.", "Penn.", "Penna."), "Rhode Island": ("RI", "R.I."),
    "South Carolina": ("SC", "S.C."), "South Dakota": ("SD", "S.D.", "S.Dak."),
    "Tennessee": ("TN", "Tenn."), "Texas": ("TX", "Tex."), "Utah": ("UT",),
    "Vermont": ("VT", "Vt."), "Virginia": ("VA", "Va."), "Washington": ("WA", "Wash."),
    "West Virginia": ("WV", "W.Va.", "W.V."), "Wisconsin": ("WI", "Wis.", "Wisc."),
    "Wyoming": ("WY", "Wyo."),
}


# The KB's title of a state whose name is also another place's ("Georgia") or a city's.
TITLES = {"District of Columbia": "Washington, D.C.", "New York": "New York (state)",
          "Washington": "Washington (state)", "Georgia": "Georgia (U.S. state)"}


def _key(text: str) -> str:
    return text.replace(" ", "").rstrip(".")


# What each written form stands for, keyed without its final full stop and spaces, as
# mentions are ("Calif" of "Calif.,"; "W. Va." as "W.Va").
_FULL = {_key(a): state for state, forms in STATES.items() for a in forms}
_POSTAL = frozenset(forms[0] for forms in STATES.values())
# A place and its comma right before: the position of a state in a dateline or address.
_AFTER_PLACE = re.compile(r"(?<!\w)[A-Z][\w.'’-]*,\s*$")
# Postal codes that are as often the letters after a person's name ("John Smith, MD", a
# physician assistant's "PA"): never read as states.
_AFTER_NAMES = frozenset({"MD", "PA"})
# After an abbreviation's full stop: a comma, or a word in lower case (no new sentence).
_NO_SENTENCE_END = re.compile(r",|\s+[a-z]")


def state_of(text: str) -> str | None:
    """The state a written form stands for, wherever it stands ("Tex.", "TX", "D.C.")."""
    return _FULL.get(_key(text))


def abbreviated(text: str, start: int, end: int) -> str | None:
    """The state the name at [start, end) of ``text`` abbreviates, where it is read as one.

    After a place and a comma, any form; elsewhere a form with its full stop where no
    sentence ends ("moved from Calif. to Nev. last year": a comma or a lower-case word
    follows), and initials with their full stops ("N.Y."). A form written without its
    full stop is read only as a postal code: "Tex" is a name.
    """
    state = state_of(text[start:end])
    if state is None:
        return None
    written = text[start:end].strip()
    stop = end if written.endswith(".") else end + 1
    dotted = written.endswith(".") or text[end:end + 1] == "."
    postal = written in _POSTAL and written not in _AFTER_NAMES
    if not (dotted or postal) or text[end:end + 1].isalpha():
        return None
    if _AFTER_PLACE.search(text, max(0, start - 60), start):
        return state
    return state if dotted and (text[start:stop].count(".") >= 2 or _NO_SENTENCE_END.match(
        text, stop)) else None
