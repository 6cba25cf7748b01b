"""The words of the hover card and the side panel, from an entity, a mention and an article.

No widgets here: one place decides what the reader is told about a mention, so
the card, the panel, the exports and the tests agree.
"""

from __future__ import annotations

from glossator.core.export.glossary import kind_words as label_words
from glossator.core.models import Article
from glossator.core.nlp.ranker import CONFIDENT
from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.hovercard import CardContent

NOT_IN_KB = "Not in your knowledge base yet."


def kind_words(entity: Entity) -> str:
    """"Person", "Place"... for an entity's label."""
    return label_words(entity.label)


def source_words(article: Article) -> str:
    """Where the text came from, in plain words."""
    layer = {"starter": "the starter pack", "user": "your knowledge base"}.get(
        article.layer, article.layer)
    return f"Wikipedia, via {layer}"


def fetched_words(article: Article) -> str:
    """The date the summary was fetched (YYYY-MM-DD)."""
    return (article.fetched_at or "")[:10] or "unknown date"


def reference_note(mention: Mention, entity: Entity | None) -> str:
    """What a reference means, with the engine's reason when it gave one."""
    if entity is None:
        return mention.why or f"\u201c{mention.text}\u201d: unclear what this refers to."
    return mention.why or f"\u201c{mention.text}\u201d most likely means {entity.name}."


def unsure(entity: Entity | None) -> bool:
    """Whether the entity's link is a guess the reader must be warned about."""
    return entity is not None and entity.kb_title is not None and \
        entity.confidence < CONFIDENT


def doubt_note(entity: Entity) -> str:
    """The ranker's doubt in words: "Not sure (64%): perhaps X; or Y (20%)"."""
    others = "; ".join(f"{a.kb_title} ({a.score:.0%})" for a in entity.alternatives[:2])
    if entity.kb_title is not None:
        note = f"Not sure ({entity.confidence:.0%}): perhaps {entity.kb_title}."
        return note + (f" Or: {others}." if others else "") + " Click to choose another."
    if entity.alternatives:
        return f"Perhaps {others}, but none is likely enough to show."
    return ""


def first_sentence(text: str) -> str:
    """The summary's first sentence: all a guess deserves."""
    head, _sep, _rest = (text or "").partition(". ")
    return head if head.endswith(".") else head + "."


def card_for(state: DocState, mention: Mention) -> CardContent:
    """The hover card of one mention."""
    entity = state.entity_of(mention)
    article = state.article_of(entity)
    note = ""
    if mention.kind == "reference":
        note = reference_note(mention, entity)
        if entity is None:
            return CardContent(title=f"\u201c{mention.text}\u201d",
                               description="Unclear reference", summary="", note=note,
                               footer="Click for details.")
    elif unsure(entity) and article is not None:
        # A guess never looks like a fact: "Perhaps ...?", one sentence, the odds.
        return CardContent(title=f"Perhaps {article.title}?", description=article.description,
                           summary=first_sentence(article.extract),
                           note=doubt_note(entity),
                           footer=f"From Wikipedia \u00b7 {article.license}")
    if article is not None:
        return CardContent(title=article.title, description=article.description,
                           summary=article.extract, note=note,
                           footer=f"From Wikipedia \u00b7 {article.license}")
    name = entity.name if entity else mention.text
    kind = kind_words(entity) if entity else "Name"
    if entity is not None and not note:
        note = doubt_note(entity)
    return CardContent(title=name, description=kind, note=note,
                       footer=f"{NOT_IN_KB} Click for options.")
