"""A cheap guess of a document's language from its commonest words, when the file does not say.

Only a hint for the app (the engine reads English best): a language is named only when its
function words clearly outnumber every other's in the first pages.
"""

from __future__ import annotations

import re
from collections import Counter

_WORDS = re.compile(r"[^\W\d_]+")
_STOPWORDS = {
    "en": "the of and to in is that it was for on are with as his they be at by this had "
          "from not but have which",
    "fr": "le la les des est et une un du que qui dans pour pas sur au avec il elle ce sont "
          "mais ou aux",
    "de": "der die das und ist nicht ein eine zu den von mit sich des auf für im dem auch "
          "es wird sind",
    "es": "el la los las de que y en un una es por con para del se no su al lo como más pero",
    "it": "il di che la e un una per non sono della del le gli con si è nel alla anche come",
    "pt": "o a os as de que e do da em um uma para com não se por mais dos das ao",
    "nl": "de het een en van in is dat op te zijn met voor niet die er aan ook als",
}
_LOOKUP: dict[str, list[str]] = {}
for _code, _words in _STOPWORDS.items():
    for _w in _words.split():
        _LOOKUP.setdefault(_w, []).append(_code)


def guess_language(text: str, sample: int = 20_000) -> str | None:
    """'en', 'fr', 'de', 'es', 'it', 'pt', 'nl', or None when unsure."""
    hits: Counter[str] = Counter()
    for word in _WORDS.findall(text[:sample].lower()):
        for code in _LOOKUP.get(word, ()):
            hits[code] += 1
    ranked = hits.most_common(2)
    if not ranked or ranked[0][1] < 15:
        return None
    if len(ranked) > 1 and ranked[0][1] < 1.5 * ranked[1][1]:
        return None
    return ranked[0][0]
