"""Windows fed by hand: an annotation handed to the window as the worker would hand it.

No engine, no worker thread: ``feed`` gives the window's own slots (``_on_part``,
``_on_finished``) the annotation, so the panels read whatever document state the window
holds, however the worker came to send it.
"""

from __future__ import annotations

from glossator.core.models import Article
from glossator.core.nlp.types import Annotation
from glossator.gui.messages import AnnotationFinished, AnnotationPart


def bare_window(settings):
    """A main window whose worker is never started (nothing is analysed by itself)."""
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread

    window = MainWindow(settings, WorkerThread())
    window.resize(1100, 700)
    window.show()
    return window


def feed(window, annotation: Annotation, articles: dict[str, Article] | None = None,
         *, finish: bool = True) -> None:
    """Hand the open document's analysis to the window, as one part (and the end)."""
    state = window.state
    total = len(state.document.text)
    window._on_part(AnnotationPart(state.job, list(annotation.mentions),
                                   list(annotation.entities), dict(articles or {}), total,
                                   total))
    if finish:
        window._on_finished(AnnotationFinished(state.job, 0.5))
    window.reader.flush()


def names_annotation(text: str, names: dict[str, str], label: str = "PERSON",
                     linked: dict[str, str] | None = None) -> Annotation:
    """Every occurrence of each name in ``names`` (name -> entity id) as a mention."""
    import re

    from glossator.core.nlp.types import Entity, Mention

    linked = linked or {}
    entities: dict[str, Entity] = {}
    mentions = []
    for name, eid in names.items():
        entities.setdefault(eid, Entity(id=eid, name=name, label=label,
                                        kb_title=linked.get(eid),
                                        confidence=0.95 if eid in linked else 0.0))
        for m in re.finditer(re.escape(name), text):
            mentions.append(Mention(m.start(), m.end(), name, "name", eid, 0.9,
                                    f"name of {name}"))
    mentions.sort(key=lambda m: m.start)
    return Annotation(text=text, entities=list(entities.values()), mentions=mentions)
