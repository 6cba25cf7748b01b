"""Updates of a streamed analysis as the window shows them (issue 13): a mention that a
later update no longer has is forgotten, a span sent again is held once, and the
underlines and the who's-who follow. Parts are handed to the window's own slot, as the
worker sends them."""

from __future__ import annotations

from glossator.core.nlp.types import Entity, Mention
from glossator.gui.messages import AnnotationFinished, AnnotationPart
from glossator.gui.reader import DASHED
from tests.gui.conftest import make_document
from tests.gui.feed import bare_window


def _part(window, mentions, entities, gone=()):
    state = window.state
    n = len(state.document.text)
    window._on_part(AnnotationPart(state.job, mentions, entities, {}, n // 2, n,
                                   gone=list(gone)))
    window.reader.flush()


def _opened(qtbot, settings):
    """A window showing the sample document, as the worker's job 1."""
    window = bare_window(settings)
    qtbot.addWidget(window)
    doc = make_document()
    window.show_document(doc)
    window.state.job = 1
    return window, doc


def test_later_updates_replace_and_forget_mentions(qtbot, settings):
    window, doc = _opened(qtbot, settings)
    window.whos_dock.show()
    text = doc.text
    p = text.index("Pierre Curie")
    first, last = (p, p + 6), (p + 7, p + 12)
    _part(window, [Mention(*first, "Pierre", "name", "e6", 0.8, ""),
                   Mention(*last, "Curie", "name", "e5", 0.8, "")],
          [Entity("e6", "Pierre", "PERSON"), Entity("e5", "Curie", "PERSON")])
    rows = lambda: {n: c for g in window.whos_who.rows().values() for n, c in g}  # noqa: E731
    window.whos_who.rebuild()
    assert rows() == {"Pierre": 1, "Curie": 1}
    # A later piece reads the two words as one name: the old spans go.
    whole = Mention(p, p + 12, "Pierre Curie", "name", "e6", 0.9, "")
    _part(window, [whole], [Entity("e6", "Pierre Curie", "PERSON")],
          gone=[(*first, "name"), (*last, "name")])
    reader = window.reader
    assert [(m.start, m.end) for m in reader._mentions] == [(p, p + 12)]
    assert reader.mention_at(p + 9) is whole
    assert reader.underline_at(p + 9)[0] == DASHED and reader.underline_at(p + 2)[0] == DASHED
    assert "e5" not in window.state.entities
    window.whos_who.rebuild()
    assert rows() == {"Pierre Curie": 1}
    # The same words sent again with another entity: held once, the later view shown.
    again = Mention(p, p + 12, "Pierre Curie", "name", "e7", 0.9, "")
    _part(window, [again], [Entity("e7", "Pierre Curie", "PERSON", kb_title="Pierre Curie")])
    assert [m.entity for m in reader._mentions] == ["e7"]
    assert reader.mention_at(p + 1) is again and reader.underline_at(p + 1)[0] != DASHED
    window._on_finished(AnnotationFinished(1, 0.5))
    window.whos_who.rebuild()
    assert rows() == {"Pierre Curie": 1}
    assert window.state.entity_of(again).kb_title == "Pierre Curie"
    window.close()


def test_a_metonym_keeps_both_mentions_in_the_reader(qtbot, settings):
    window, doc = _opened(qtbot, settings)
    w = doc.text.index("Warsaw")
    name = Mention(w, w + 6, "Warsaw", "name", "e2", 0.9, "")
    ref = Mention(w, w + 6, "Warsaw", "reference", "e9", 0.7, "stands for the government")
    _part(window, [name], [Entity("e2", "Warsaw", "GPE", kb_title="Warsaw")])
    _part(window, [ref], [Entity("e9", "Poland", "GPE", kb_title="Poland")])
    held = [m for m in window.reader._mentions if m.start == w]
    assert sorted(m.kind for m in held) == ["name", "reference"]
    # The words are drawn as the name, with every reference hidden too ("names only").
    window.settings.density = "names"
    window.reader.redraw()
    window.reader.flush()
    assert window.reader.mention_at(w + 1) is name
    assert window.reader.underline_at(w + 1) is not None
    window.settings.density = "all"
    window.reader.redraw()
    window.reader.flush()
    # An update that drops the reference leaves the name underlined.
    _part(window, [], [], gone=[(w, w + 6, "reference")])
    assert [m.kind for m in window.reader._mentions if m.start == w] == ["name"]
    assert window.reader.mention_at(w + 1) is name
    window.close()



def test_a_paused_link_pass_does_not_analyse_again(qtbot, settings, monkeypatch):
    """Priors are written only when counting ends: pausing changes nothing to re-link."""
    from glossator.gui.messages import TaskFinished

    window, _doc = _opened(qtbot, settings)
    calls: list[str] = []
    monkeypatch.setattr(window, "reannotate", lambda: calls.append("again"))
    window._on_task_finished(TaskFinished("links", "Counting paused at 40%.", cancelled=True))
    assert calls == []
    window._on_task_finished(TaskFinished("links", "Link priors of x: 10 links"))
    assert calls == ["again"]
    window.close()
