"""What the text says about an entity, in words for a reader (no engine terms).

The engine collects, per entity, the titles, roles and descriptions the text gives it
("Colonel", "economist", "the strongman of the south"), its other spellings and the first
sentence that names it (``Entity.descriptors``, ``spellings``, ``first_sentence``). This
module turns them into the short phrases the hover card, the side panel, the who's-who
and the exports show, so they all say the same thing: ``gui/explain.py`` uses it for the
app, the exporters directly (the core never imports the GUI).

"Colonel · also written Saleh, Salih · “the strongman of the south”"
"""

from __future__ import annotations

import re

from glossator.core.nlp.types import Entity, TextDescriptor

SEP = " \u00b7 "  # " · "
IN_THIS_TEXT = "In this text"
FIRST_MENTIONED = "First mentioned:"
MAX_TERMS = 3  # titles, roles and kinds on one line
MAX_QUOTES = 2  # descriptions in the text's own words on one line
MAX_SPELLINGS = 4
_ARTICLE = re.compile(r"^(?:the|a|an)\s+(?=\S)", re.IGNORECASE)


def _quote(text: str) -> str:
    return f"\u201c{text}\u201d"


def term_words(d: TextDescriptor) -> str:
    """A short descriptor as the reader sees it: "Colonel", "economist", "aged 42"."""
    if d.aspect == "age":
        return f"aged {d.text}"
    if d.aspect == "location":
        return f"in {d.text}"
    return d.text


def is_term(d: TextDescriptor) -> bool:
    """Titles, roles and kinds ("mining firm"), an age, years or a place: unquoted."""
    return d.kind in ("title", "role", "modifier") or d.aspect in ("age", "location",
                                                                   "lifespan")


def terms(entity: Entity, limit: int | None = MAX_TERMS) -> list[str]:
    """The entity's titles, roles and kinds, in text order, each once."""
    out: list[str] = []
    for d in entity.descriptors:
        if is_term(d):
            words = term_words(d)
            if words.casefold() not in (w.casefold() for w in out):
                out.append(words)
    return out if limit is None else out[:limit]


def quotes(entity: Entity, limit: int | None = MAX_QUOTES) -> list[str]:
    """The descriptions in the text's own words, quoted ("“the deputy mayor of Lyon”")."""
    out = [_quote(d.text) for d in entity.descriptors if not is_term(d)]
    return out if limit is None else out[:limit]


def other_spellings(entity: Entity, limit: int | None = MAX_SPELLINGS) -> list[str]:
    """Spellings other than the entity's name, variants first.

    Variants ("Saleh") come before short forms made of the name's own words ("Salih" of
    "Ahmed Salih").
    """
    name = entity.name.casefold()
    words = set(name.split())
    others = [s for s in entity.spellings if s.casefold() != name]
    variants = [s for s in others if not set(s.casefold().split()) <= words]
    short = [s for s in others if set(s.casefold().split()) <= words]
    out = list(dict.fromkeys([*variants, *short]))
    return out if limit is None else out[:limit]


def spellings_words(entity: Entity, limit: int | None = MAX_SPELLINGS) -> str:
    """"also written Saleh, Salih", or "" when the text always writes the name alike."""
    others = other_spellings(entity, None)
    if not others:
        return ""
    shown = others if limit is None else others[:limit]
    more = "\u2026" if len(others) > len(shown) else ""
    return "also written " + ", ".join(shown) + more


def said_line(entity: Entity, *, spellings: bool = True) -> str:
    """Everything short the text says, on one line; "" when it says nothing."""
    parts = terms(entity)
    if spellings:
        written = spellings_words(entity)
        if written:
            parts.append(written)
    parts += quotes(entity)
    return SEP.join(parts)


def role_line(entity: Entity, description: str = "") -> str:
    """A one-line role for the who's-who: what the text calls it, else ``description``.

    "Colonel, strongman of the south"; "economist, aged 42"; "Polish physicist".
    """
    parts = terms(entity, 2)
    # The description without its article: "former chancellor of Germany".
    described = [_ARTICLE.sub("", d.text, count=1) for d in entity.descriptors
                 if not is_term(d)][:1]
    words = ", ".join(parts + described)
    return words or description


def first_mention(entity: Entity) -> str:
    """The first sentence of the text that names it, as a quotation; "" when unknown."""
    return _quote(entity.first_sentence) if entity.first_sentence else ""


def said_lines(entity: Entity) -> list[str]:
    """Everything the text says, one thing a line (the side panel, the exports)."""
    lines = []
    found = terms(entity, None)
    if found:
        lines.append(SEP.join(found))
    lines += quotes(entity, None)
    written = spellings_words(entity, None)
    if written:
        lines.append(written[0].upper() + written[1:])
    return lines
