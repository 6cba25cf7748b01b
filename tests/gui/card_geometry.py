"""Run as a script (``python -m tests.gui.card_geometry``): hover words, report where the card is.

Qt reads ``QT_SCALE_FACTOR`` once, when the application starts, so each scale is measured
in a process of its own; ``test_hovercard_place.py`` runs this at 1.0 and 1.5 and checks
that the card never covers the word it explains. Prints one JSON object.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile


def measure() -> dict:
    from PySide6.QtCore import QRect
    from PySide6.QtWidgets import QApplication

    from glossator.core.models import Article
    from glossator.gui.settings import Settings
    from tests.gui.conftest import make_document
    from tests.gui.feed import bare_window, feed, names_annotation
    from tests.gui.helpers import click, hover

    app = QApplication.instance() or QApplication(sys.argv[:1])
    folder = tempfile.mkdtemp(prefix="card-geometry-")
    window = bare_window(Settings(os.path.join(folder, "settings.ini")))
    screen = window.screen().availableGeometry()
    window.setGeometry(screen)  # the whole screen: words near its top and bottom edges
    lines = "\n\n".join(
        f"Paragraph {i}: Ada Lovelace wrote to Charles Babbage about the engine, and "
        f"Mary Somerville read the letters aloud once more." for i in range(60))
    doc = make_document("# Letters\n\n" + lines)
    window.show_document(doc)
    long = " ".join(["Ada Lovelace was an English mathematician and writer, chiefly known "
                     "for her work on the proposed mechanical general-purpose computer, "
                     "the Analytical Engine."] * 4)
    articles = {"Ada Lovelace": Article("Ada Lovelace", "English mathematician", long,
                                        layer="starter")}
    feed(window, names_annotation(doc.text, {"Ada Lovelace": "e1", "Charles Babbage": "e2",
                                             "Mary Somerville": "e3"},
                                  linked={"e1": "Ada Lovelace"}), articles)
    app.processEvents()
    reader, card = window.reader, window.card
    out: dict = {"scale": os.environ.get("QT_SCALE_FACTOR", "1"), "cases": [],
                 "screen": [screen.x(), screen.y(), screen.width(), screen.height()]}
    bar = reader.verticalScrollBar()
    for where in ("top", "middle", "bottom"):
        for entity in ("e1", "e3"):  # a tall card (a summary) and a short one
            window.panel_dock.hide()
            card.dismiss()
            bar.setValue(bar.maximum() // 3)
            app.processEvents()
            view = QRect(reader.viewport().mapToGlobal(reader.viewport().rect().topLeft()),
                         reader.viewport().size())
            shown = [m for m in window.state.mentions if m.entity == entity
                     and (r := reader.mention_rect(m)) is not None and view.contains(r)]
            m = {"top": shown[0], "middle": shown[len(shown) // 2],
                 "bottom": shown[-1]}[where]
            hover(reader, m.start + 2)
            card.show_now()
            app.processEvents()
            word = reader.mention_rect(m)
            geo = card.geometry()
            under = app.widgetAt(word.center())  # what a click on the word would reach
            click(reader, m.start + 2)
            app.processEvents()
            out["cases"].append({
                "where": where, "entity": entity,
                "word": [word.x(), word.y(), word.width(), word.height()],
                "card": [geo.x(), geo.y(), geo.width(), geo.height()],
                "card_shown": card.isVisible() or window.panel.entity is not None,
                "intersects": geo.intersects(word),
                "under_is_card": under is not None and (under is card
                                                        or card.isAncestorOf(under)),
                "clicked": window.panel.entity.id if window.panel.entity else None,
            })
    window.close()
    return out


if __name__ == "__main__":
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    print(json.dumps(measure()))
