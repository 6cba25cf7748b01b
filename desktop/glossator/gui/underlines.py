"""How a mention is underlined: one rule for the reader, the legend and the density.

Line style says what kind of thing it is (colour is never the only signal):
solid for a name found in the knowledge base, wavy for a name linked only as a guess
(the card says "Perhaps ...?"), dashed for a name it lacks, dotted for a reference
("she", "the company"). Colour says the type: people,
places, organisations, other; a reference takes the colour of what it refers to,
the theme's grey when that is unclear.
"""

from __future__ import annotations

from dataclasses import dataclass

from glossator.gui.reader import DASHED, DOTTED, SOLID, WAVE, Style
from glossator.gui.themes import Theme


def underline_style(theme: Theme, kind: str, group: str | None, linked: bool,
                    guess: bool = False) -> Style:
    """The line style and colour of a mention.

    ``kind`` is "name" or "reference"; ``group`` the entity's group (person, place,
    org, other) or None when the mention has no entity; ``linked`` whether that
    entity has a knowledge-base article; ``guess`` whether that link is one the reader
    is warned of (under ``ranker.CONFIDENT``): the text itself must not draw a guess as
    a fact.
    """
    if group is None:
        return DOTTED, theme.reference
    colour = theme.type_colour(group)
    if kind == "reference":
        return DOTTED, colour
    return (WAVE if guess else SOLID) if linked else DASHED, colour


def shows(density: str, kind: str, known: bool) -> bool:
    """Whether the density draws a mention (``known``: the reader marked it as known)."""
    if density == "off":
        return False
    if density == "names" and kind == "reference":
        return False
    return not (density in ("unknown", "names") and known)


@dataclass(frozen=True, slots=True)
class LegendRow:
    """One line of the legend: a sample word drawn as the reader draws it, and its meaning."""

    sample: str
    style: Style
    meaning: str


def legend_rows(theme: Theme) -> list[LegendRow]:
    """The legend, in the colours of ``theme``."""
    return [
        LegendRow("Marie Curie", underline_style(theme, "name", "person", True),
                  "solid: a person the knowledge base explains"),
        LegendRow("Warsaw", underline_style(theme, "name", "place", True),
                  "solid, green: a place"),
        LegendRow("Sorbonne", underline_style(theme, "name", "org", True),
                  "solid, orange: an organisation"),
        LegendRow("Nobel Prize", underline_style(theme, "name", "other", True),
                  "solid, purple: anything else (works, events, prizes, peoples…)"),
        LegendRow("Einstein", underline_style(theme, "name", "person", True, guess=True),
                  "wavy: a guess (\u201cPerhaps \u2026?\u201d): the card gives the odds"),
        LegendRow("Zorbulax Quentin", underline_style(theme, "name", "person", False),
                  "dashed: a name the knowledge base does not have (yet)"),
        LegendRow("she", underline_style(theme, "reference", "person", True),
                  "dotted: a reference, coloured like what it refers to"),
        LegendRow("the company", underline_style(theme, "reference", None, False),
                  "dotted, grey: a reference Glossator is unsure about"),
    ]
