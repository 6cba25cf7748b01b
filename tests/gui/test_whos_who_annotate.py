"""A text opened in the app gives the same who's-who as ``glossator annotate`` (issue 13).

The REAL window, worker thread and engine: a text file opened as File > Open opens it,
cut into several pieces (the piece size made small), an update after every piece, so
entities are grouped, merged and relinked across pieces as in a book. When the analysis
is complete, the who's-who's rows (group, name, KB title, mentions) and every underline's
entity must be those of ``annotate --chunk-chars`` on the same file with the same pieces
(``commands.annotate``: its input, then the engine). It fails if the app merges or
splits entities otherwise, keeps a mention an update no longer has, or analyses the file
differently from ``annotate``.
"""

from __future__ import annotations

from collections import Counter

import pytest

from glossator.gui import worker as worker_mod
from glossator.gui.docstate import GROUP_TITLES, group_of
from glossator.gui.messages import AnnotateRequest
from glossator.gui.whoswho import ENTITY_ROLE
from tests.gui.conftest import open_and_wait

pytestmark = pytest.mark.slow

# Short news items joined as a book of articles is: a headline, paragraphs, and one blank
# line more between items (a text's paragraphs then end three line breaks apart; read as
# blocks, the second item's headline lost "Pravdin Koster" and his pronouns their person).
ITEMS = [
    "Summit in Berlin ends without a deal\n\n"
    "Angela Merkel met Emmanuel Macron in Berlin on Tuesday. She said the talks had gone "
    "well, and the chancellor thanked the French president for his patience.\n\n"
    "Macron told reporters in the German capital that France would keep its promise on "
    "the budget. His spokesman, Hart Willowby, later said nothing more about it.\n",
    "Harbour boss Michael Darrow said: \"A full investigation will follow once we have "
    "access to the ship.\n\n\"No sailors were injured and no ferries will be affected.\"\n",
    "Pravdin Koster pens sweet letter about his daughter Mirela\n\n"
    "Pravdin Koster wants his daughter to be just like her mother Jenna Koster.\n\n"
    "The actor wrote a sweet letter for the June issue of a magazine, where he opened up "
    "about his love for his wife. Koster left Brussels early on Wednesday.\n",
    "Fuel prices to rise, says economist\n\n"
    "The economist Ines Borg, who studies fuel prices in Sweden, said the Commission "
    "would meet again in March. Borg expects a deal before the summer. She said "
    "Emmanuel Macron and Angela Merkel agreed.\n\n"
    "Pravdin Koster returned to Berlin on Friday. Willowby did not comment.\n",
]
TEXT = "\n\n".join(ITEMS)


def whos_who_rows(window) -> Counter:
    """The who's-who as shown: (group, name, KB title, mentions) per row."""
    who = window.whos_who
    who.rebuild()
    rows: Counter = Counter()
    for group, head in who._groups.items():
        for i in range(head.childCount()):
            item = head.child(i)
            eid = item.data(0, ENTITY_ROLE)
            if eid:
                entity = window.state.entities[eid]
                rows[(GROUP_TITLES[group], item.text(0), entity.kb_title,
                      int(item.text(1)))] += 1
    return rows


def annotate_rows(ann) -> Counter:
    counts = Counter(m.entity for m in ann.mentions if m.entity)
    return Counter((GROUP_TITLES[group_of(e.label)], e.name, e.kb_title, counts[e.id])
                   for e in ann.entities if counts[e.id])


def partition(mentions, entities) -> set[tuple]:
    """Each mention's span, kind and its entity's name and title (ids differ)."""
    out = set()
    for m in mentions:
        e = entities.get(m.entity) if m.entity else None
        out.add((m.start, m.end, m.kind, e.name if e else None, e.kb_title if e else None))
    return out


def test_the_whos_who_of_a_streamed_text_is_annotates(qtbot, real_window, real_engine,
                                                       tmp_path, monkeypatch):
    from glossator.commands.annotate import load_input

    # Pieces of about 400 characters, the first one too (opened at the top): the pieces of
    # ``annotate --chunk-chars 400``. (Other cuts give the engine's parser other sentences
    # near a cut: that is the engine's, measured by benchmarks/stream_agreement.py.)
    monkeypatch.setattr(worker_mod, "CHUNK_CHARS", 400)
    monkeypatch.setattr(worker_mod, "FIRST_CHUNK_CHARS", 400)
    monkeypatch.setattr(worker_mod, "UPDATE_SECONDS", 0.0)  # an update after every piece
    monkeypatch.setattr(worker_mod, "UPDATE_COST", 0.0)
    path = tmp_path / "items.txt"
    path.write_text(TEXT, encoding="utf-8")
    window = real_window
    window.whos_dock.show()
    parts = []
    window.worker.worker.partReady.connect(parts.append)
    state = open_and_wait(qtbot, window, path=str(path))
    assert state.finished, window.status_label.text()
    assert state.document.text == TEXT
    assert len(parts) >= 3  # the pieces came one by one

    # ``glossator annotate items.txt --chunk-chars 400``: its reading of the file, then
    # the engine, the pieces in a shuffled order.
    text, doc = load_input(path)
    how = {"chunk_chars": 400, "order_seed": 1}
    ann = real_engine.annotate(text, **how) if doc is None else \
        real_engine.annotate_document(doc, **how)
    assert {"Angela Merkel", "Emmanuel Macron", "Pravdin Koster", "Ines Borg"} <= {
        e.name for e in ann.entities}

    assert whos_who_rows(window) == annotate_rows(ann)
    whole = {e.id: e for e in ann.entities}
    assert partition(state.mentions, state.entities) == partition(ann.mentions, whole)
    # The app's pieces were annotate's.
    session = real_engine.session(text, chunk_chars=400)
    assert len(session.pieces) >= 3
    assert sorted(worker_mod._Job(AnnotateRequest(1, state.document, 0)).pieces) == \
        session.pieces
    # The underlines are the same mentions: one per span, each with its entity.
    reader = window.reader
    assert [(m.start, m.end, m.kind, m.entity) for m in reader._mentions] == [
        (m.start, m.end, m.kind, m.entity) for m in state.mentions]
