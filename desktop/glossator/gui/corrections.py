"""The reader's corrections in the window: applied to what the worker sent, and picked.

The window keeps what the analysis sent (``raw``, a ``DocState`` fed by every update) and
shows ``corrected(raw, corrections)``: the same state with the reader's corrections
applied (``core/reading/corrections.py``). Without corrections the window shows ``raw``
itself, so an uncorrected document costs nothing more.
"""

from __future__ import annotations

from PySide6.QtWidgets import QInputDialog, QWidget

from glossator.core.nlp.types import Annotation, Entity
from glossator.core.reading.corrections import Correction, apply
from glossator.gui.docstate import DocState

SAME = "These are the same person\u2026"
NOT_NAME = "This is not a name"
NOT_NAME_EVERYWHERE = "This is not a name, in every document"
NOT_NAME_EVERYWHERE_KIND = "not_name_everywhere"  # the kind asked for (kept as not_name)
REFERS_TO = "This refers to\u2026"
UNDO = "&Undo correction"


def corrected(raw: DocState, corrections: list[Correction]) -> DocState:
    """``raw`` with the corrections applied, as a new state (``raw`` is kept as it is)."""
    if not corrections:
        return raw
    ann = apply(Annotation(raw.document.text, list(raw.entities.values()), raw.mentions),
                corrections)
    state = DocState(raw.document, raw.job)
    state.add_part(ann.mentions, ann.entities, dict(raw.articles))
    state.done, state.total, state.finished = raw.done, raw.total, raw.finished
    state.read_to = raw.read_to
    return state


def entity_label(state: DocState, entity: Entity) -> str:
    """How an entity is offered in a picker: its name, its article, its mentions."""
    n = len(state.mentions_of(entity.id))
    title = f" ({entity.kb_title})" if entity.kb_title and entity.kb_title != entity.name else ""
    return f"{entity.name}{title} \u2014 {n} mention{'s' if n != 1 else ''}"


def candidates(state: DocState, exclude: str | None = None) -> list[Entity]:
    """The who's-who's entities a correction may name, most mentioned first."""
    rows = [e for e in state.entities.values()
            if e.id != exclude and state.mentions_of(e.id)]
    rows.sort(key=lambda e: (-len(state.mentions_of(e.id)), e.name.casefold()))
    return rows


def pick_entity(parent: QWidget | None, state: DocState, title: str, prompt: str,
                exclude: str | None = None) -> Entity | None:
    """Ask the reader for one of the document's entities (None: cancelled)."""
    rows = candidates(state, exclude)
    if not rows:
        return None
    labels = [entity_label(state, e) for e in rows]
    choice, ok = QInputDialog.getItem(parent, title, prompt, labels, 0, False)
    if not ok or choice not in labels:
        return None
    return rows[labels.index(choice)]


def same(a: Entity, b: Entity) -> Correction:
    """"These are the same person": the names of both entities."""
    return Correction("same", (a.name, b.name))


def not_name(text: str) -> Correction:
    """"This is not a name"."""
    return Correction("not_name", (text,))


def refers_to(start: int, end: int, target: Entity) -> Correction:
    """"This refers to …" for the reference at start..end."""
    return Correction("refers_to", start=start, end=end, target=target.name)
