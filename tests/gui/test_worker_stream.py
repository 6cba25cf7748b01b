"""The worker's streaming analysis with the real engine: what is on screen first, then
updates with stable ids, ending with the same result as ``annotate`` (issue 13)."""

from __future__ import annotations

import pytest

from glossator.gui import worker as worker_mod
from glossator.gui.docstate import DocState
from glossator.gui.messages import AnnotateRequest
from glossator.gui.worker import Worker
from tests.gui.conftest import SharedKB, make_document

FILLER = "The river runs past the old mill, and the fields are green in the spring. " * 4
TEXT = "\n\n".join([
    "Colonel Ahmed Salih, the governor of the southern port, met Angela Merkel in Berlin.",
    FILLER, FILLER,
    "Later that week Angela Merkel flew to Paris for the summit.",
    "She told reporters that the talks had gone well.",
    FILLER, FILLER,
    "In the evening Ahmed Saleh said the ceasefire had failed.",
]) + "\n"


@pytest.fixture
def worker(session_kb, real_engine, monkeypatch):
    monkeypatch.setattr(worker_mod, "CHUNK_CHARS", 400)
    monkeypatch.setattr(worker_mod, "FIRST_CHUNK_CHARS", 150)
    monkeypatch.setattr(worker_mod, "UPDATE_SECONDS", 0.0)  # an update after every piece,
    monkeypatch.setattr(worker_mod, "UPDATE_COST", 0.0)  # however slow the machine is
    w = Worker(kb_factory=lambda _ro: SharedKB(session_kb),
               engine_factory=lambda _kb: real_engine)
    w.start()
    assert w.status.ready
    return w


def run(qtbot, w, doc, first):
    parts = []
    w.partReady.connect(parts.append)
    w.latest_job = 1
    with qtbot.waitSignal(w.annotationFinished, timeout=120_000) as done:
        w.annotate(AnnotateRequest(1, doc, first))
    assert not done.args[0].cancelled and not done.args[0].unavailable
    return parts


def test_on_screen_first_then_updates_to_the_whole_text_result(qtbot, worker, real_engine):
    doc = make_document(TEXT)
    late = TEXT.index("In the evening")
    parts = run(qtbot, worker, doc, late)
    assert len(parts) >= 4  # one update per piece
    # The first update is the piece on screen.
    assert parts[0].mentions and all(m.start >= late - 10 for m in parts[0].mentions)
    saleh_id = next(m.entity for m in parts[0].mentions if m.text == "Ahmed Saleh")
    # The window's own merging of the parts (DocState) gives annotate's result.
    state = DocState(doc, 1)
    for p in parts:
        state.add_part(p.mentions, p.entities, p.articles)
    assert parts[-1].done == parts[-1].total
    whole = real_engine.annotate_document(doc)
    assert [(m.start, m.end) for m in state.mentions] == \
        [(m.start, m.end) for m in whole.mentions]
    for m in whole.mentions:
        mine = state.mention_at(m.start)
        theirs = whole.entity(m.entity) if m.entity else None
        got = state.entity_of(mine)
        want = (theirs.name, theirs.kb_title) if theirs else None
        assert ((got.name, got.kb_title) if got else None) == want, m
    # The late spelling kept its id and took the full name when the first piece came.
    salih = state.mention_at(TEXT.index("Ahmed Salih"))
    assert salih.entity == saleh_id
    assert state.entities[saleh_id].name == "Ahmed Salih"
    assert state.entities[saleh_id].spellings == ["Ahmed Salih", "Ahmed Saleh"]
    she = state.mention_at(TEXT.index("She told"))
    assert state.entity_of(she).name == "Angela Merkel"
    # Later updates send only what changed, never every entity again.
    assert any(len(p.entities) < len(state.entities) for p in parts[1:])


def test_the_reader_scrolling_moves_the_next_piece(qtbot, worker):
    doc = make_document(TEXT)
    order = []
    real_feed = None

    def spy(session):
        nonlocal real_feed
        real_feed = session.feed

        def feed(indices, **kw):
            order.extend(session.pieces[i][0] for i in indices)
            return real_feed(indices, **kw)
        session.feed = feed

    original = worker._step

    def step():
        if worker._job is not None and worker._job.session is not None and real_feed is None:
            spy(worker._job.session)
        original()
    worker._step = step
    worker.reading_at = TEXT.index("She told")
    run(qtbot, worker, doc, 0)
    # The reader is further down than the document was opened at: that piece comes first.
    assert order[0] <= TEXT.index("She told") < order[0] + 450
