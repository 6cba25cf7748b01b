"""Spoiler-safe reading: what the text has said about an entity up to where the reader has read.

Pure Python (no Qt). The window keeps, per document, how far the reader has read (the
furthest point reached, as e-readers do); with the option on, the who's-who, the hover card
and the side panel see each entity through ``so_far``: its descriptors, spellings and first
sentence only from the text before that point, its mentions only up to there, and no entity
at all until the text has named it. Knowledge-base summaries are not spoilers of the text
and stay. Nothing is analysed again: it is a filter over the document state the window
already holds, cheap enough to run as the reader scrolls.
"""

from __future__ import annotations

import dataclasses
from bisect import bisect_left

from glossator.core.nlp.types import Entity, Mention

LATER = "Named later in the text"
LATER_NOTE = ("Spoiler-safe reading: who or what this is comes later in the text "
              "(View \u25b8 Spoiler-safe reading).")


def mentions_before(mentions: list[Mention], limit: int) -> list[Mention]:
    """The mentions (in text order) that start before ``limit``."""
    return mentions[:bisect_left(mentions, limit, key=lambda m: m.start)]


def first_named(mentions: list[Mention]) -> int | None:
    """Where an entity is first named (not merely referred to): the offset, or None."""
    return next((m.start for m in mentions if m.kind == "name"), None)


def so_far(entity: Entity, mentions: list[Mention], limit: int | None) -> Entity | None:
    """The entity as the text has shown it before ``limit``; None when not yet named.

    ``mentions`` are the entity's own, in text order. Without a limit the entity is
    returned as it is. A copy is returned when anything is hidden: descriptors that end
    after the limit, spellings not yet used, the first sentence when it starts after it;
    the name is the fullest spelling used so far when the full name comes later.
    """
    if limit is None:
        return entity
    seen = mentions_before(mentions, limit)
    named = [m for m in seen if m.kind == "name"]
    if not named:
        return None
    used = {m.text.casefold() for m in named}
    spellings = [s for s in entity.spellings if s.casefold() in used]
    descriptors = [d for d in entity.descriptors if d.end <= limit]
    name = entity.name
    if name.casefold() not in used:
        # The full name comes later ("the stranger" ... "Ahmed Salih"): the longest so far.
        name = max((m.text for m in named), key=lambda t: (len(t.split()), len(t)))
        if name.casefold() not in (s.casefold() for s in spellings):
            spellings.insert(0, name)
    first, start = entity.first_sentence, entity.first_sentence_start
    if start >= limit:
        first, start = "", -1
    if (spellings == entity.spellings and descriptors == entity.descriptors
            and name == entity.name and start == entity.first_sentence_start):
        return entity
    return dataclasses.replace(entity, name=name, spellings=spellings, descriptors=descriptors,
                               first_sentence=first, first_sentence_start=start)


__all__ = ["LATER", "LATER_NOTE", "first_named", "mentions_before", "so_far"]
