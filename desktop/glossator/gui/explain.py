"""The words of the hover card and the side panel, from an entity, a mention and an article.

No widgets here: one place decides what the reader is told about a mention, so
the card, the panel, the exports and the tests agree.
"""

from __future__ import annotations

from glossator.core.export.glossary import kind_words as label_words
from glossator.core.models import Article
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
    elif entity is not None and entity.ambiguous and article is not None:
        note = "Possibly ambiguous: click to choose another."
    if article is not None:
        return CardContent(title=article.title, description=article.description,
                           summary=article.extract, note=note,
                           footer=f"From Wikipedia \u00b7 {article.license}")
    name = entity.name if entity else mention.text
    kind = kind_words(entity) if entity else "Name"
    return CardContent(title=name, description=kind, note=note,
                       footer=f"{NOT_IN_KB} Click for options.")
