"""Saving what the reader sees, through the core's exporters.

The standalone HTML page is ``glossator.core.export.annotation_html`` (the same
page ``glossator annotate --format html`` writes); the Markdown glossary is
``glossator.core.export.glossary``. This module only turns the window's state
into their input.
"""

from __future__ import annotations

from glossator.core.export.glossary import glossary_markdown
from glossator.core.export.html import annotation_html
from glossator.core.nlp.types import Annotation
from glossator.gui.docstate import DocState


def annotation_of(state: DocState) -> Annotation:
    """The window's state as one ``Annotation`` (entities with their current links)."""
    return Annotation(text=state.document.text, entities=list(state.entities.values()),
                      mentions=list(state.mentions))


def to_html(state: DocState) -> str:
    """The annotated document as one self-contained HTML page."""
    return annotation_html(annotation_of(state), title=state.document.title,
                           article=state.articles.get)


def to_markdown_glossary(state: DocState) -> str:
    """A Markdown glossary of the document's entities, with attribution."""
    doc = state.document
    return glossary_markdown(annotation_of(state), title=doc.title, source=doc.source,
                             article=state.articles.get)
