import itertools

from glossator.core.models import Article
from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import DocState, entity_key, group_of
from glossator.gui.worker import plan_chunks
from tests.gui.conftest import make_document


def _state():
    doc = make_document()
    text = doc.text
    state = DocState(doc)
    a = text.index("Marie Curie")
    w = text.index("Warsaw")
    s = text.index("she")
    e1 = Entity("e1", "Marie Curie", "PERSON", kb_title="Marie Curie")
    e2 = Entity("e2", "Warsaw", "GPE", kb_title=None)
    mentions = [
        Mention(w, w + 6, "Warsaw", "name", "e2", 0.9, ""),
        Mention(a, a + 11, "Marie Curie", "name", "e1", 0.9, ""),
        Mention(s, s + 3, "she", "reference", "e1", 0.7, "'she' most likely means Marie Curie"),
    ]
    added = state.add_part(mentions, [e1, e2], {"Marie Curie": Article("Marie Curie")})
    return state, added, (a, w, s)


def test_parts_merge_in_text_order_and_once():
    state, added, (a, w, s) = _state()
    assert [m.start for m in state.mentions] == sorted([a, w, s])
    assert len(added) == 3
    again = state.add_part([Mention(a, a + 11, "Marie Curie", "name", "e1", 0.9, "")], [], {})
    assert again == [] and len(state.mentions) == 3
    assert state.mention_at(a + 3).text == "Marie Curie"
    assert state.mention_at(a + 11) is None
    assert [m.text for m in state.mentions_of("e1")] == ["Marie Curie", "she"]


def test_grouping_counts_and_keys():
    state, _, _ = _state()
    groups = state.grouped()
    assert [(e.name, n) for e, n in groups["person"]] == [("Marie Curie", 2)]
    assert [(e.name, n) for e, n in groups["place"]] == [("Warsaw", 1)]
    assert group_of("ORG") == "org" and group_of("EVENT") == "other"
    assert entity_key(state.entities["e1"]) == "Marie Curie"
    assert entity_key(state.entities["e2"]) == "name:warsaw"
    assert state.article_of(state.entities["e1"]).title == "Marie Curie"
    assert state.article_of(state.entities["e2"]) is None


def test_snippet_marks_the_mention():
    state, _, (a, _, _) = _state()
    snippet = state.snippet(state.mention_at(a))
    assert "[Marie Curie]" in snippet and "\n" not in snippet


def test_chunks_cover_whole_blocks_visible_first():
    paras = [f"Paragraph number {i} talks about Paris." for i in range(400)]
    doc = make_document("\n\n".join(paras))
    chunks = plan_chunks(doc, first=len(doc.text) // 2, size=2000)
    assert sum(e - s for s, e in chunks) <= len(doc.text)
    starts = {b.start for b in doc.blocks}
    ends = {b.end for b in doc.blocks}
    assert all(s in starts and e in ends for s, e in chunks)
    first_s, first_e = chunks[0]
    assert first_s <= len(doc.text) // 2 < first_e + 2
    covered = sorted(chunks)
    assert covered[0][0] == 0 and covered[-1][1] == len(doc.text)


def test_first_chunk_is_small_for_quick_underlines():
    from glossator.gui.worker import FIRST_CHUNK_CHARS

    paras = [f"Paragraph number {i} talks about Paris and Warsaw." for i in range(2000)]
    doc = make_document("\n\n".join(paras))
    chunks = plan_chunks(doc, first=0)
    assert chunks[0][0] == 0
    assert chunks[0][1] - chunks[0][0] <= FIRST_CHUNK_CHARS
    assert all(b[0] == a[1] + 2 for a, b in itertools.pairwise(chunks))


def test_the_worker_follows_the_reader_when_they_scroll():
    from glossator.gui.messages import AnnotateRequest
    from glossator.gui.worker import Worker, _Job

    paras = [f"Paragraph number {i} talks about Paris and Warsaw." for i in range(3000)]
    doc = make_document("\n\n".join(paras))
    worker = Worker()
    job = _Job(AnnotateRequest(1, doc, 0))
    assert len(job.chunks) > 5 and job.chunks[0][0] == 0
    assert worker._next_chunk(job) == 0  # no news from the reader: the planned order
    middle = len(doc.text) // 2
    worker.reading_at = middle
    s, e = job.chunks[worker._next_chunk(job)]
    assert s <= middle < e + 2
    worker.reading_at = len(doc.text) + 10  # past the end: back to the plan
    assert worker._next_chunk(job) == 0


def test_a_later_update_moves_a_span_to_the_entity_that_took_it_in():
    """Two groups merged by a later piece: the window shows one entity, not both."""
    state, _added, (a, _w, _s) = _state()
    text = state.document.text
    e3 = Entity("e3", "Curie", "PERSON")
    c = text.index("Curie", a + 11)
    state.add_part([Mention(c, c + 5, "Curie", "name", "e3", 0.8, "")], [e3], {})
    assert "e3" in state.entities
    moved = state.add_part([Mention(c, c + 5, "Curie", "name", "e1", 0.9, "")],
                           [state.entities["e1"]], {})
    assert [m.entity for m in moved] == ["e1"]  # returned, so the window redraws it
    assert "e3" not in state.entities and state.mentions_of("e3") == []
    assert c in [m.start for m in state.mentions_of("e1")]
    same = state.add_part([Mention(c, c + 5, "Curie", "name", "e1", 0.9, "")], [], {})
    assert same == []  # the very same view: nothing new to draw


def test_a_mention_the_analysis_no_longer_finds_is_forgotten():
    """A later update joined "Curie" to the words before it: the old span goes, and an
    entity left without mentions leaves the who's-who (issue 13)."""
    state, _added, (a, _w, s) = _state()
    text = state.document.text
    c = text.index("Curie", a + 11)
    state.add_part([Mention(c, c + 5, "Curie", "name", "e3", 0.8, "")],
                   [Entity("e3", "Curie", "PERSON")], {})
    gone = state.forget([(c, c + 5, "name"), (s, s + 3, "name")])  # the second: no such kind
    assert [(m.start, m.text) for m in gone] == [(c, "Curie")]
    assert state.mention_at(c) is None and "e3" not in state.entities
    assert state.mention_at(s).kind == "reference"
    assert [m.start for m in state.mentions] == sorted(m.start for m in state.mentions)
    assert state.grouped()["person"][0][0].id == "e1"


def test_a_name_and_a_reference_on_the_same_words_are_both_held():
    """A metonym: "Warsaw" the name and "Warsaw" the reference (the government) share a
    span; the worker keys mentions by span and kind, and so does the state."""
    state, _added, (_a, w, _s) = _state()
    e9 = Entity("e9", "Poland", "GPE", kb_title="Poland")
    ref = Mention(w, w + 6, "Warsaw", "reference", "e9", 0.7, "stands for the government")
    assert state.add_part([ref], [e9], {}) == [ref]
    assert sorted(m.kind for m in state.mentions if m.start == w) == ["name", "reference"]
    assert "e2" in state.entities and state.mentions_of("e9") == [ref]
    # The same reference again changes nothing; forgetting the reference keeps the name.
    assert state.add_part([ref], [e9], {}) == []
    assert [m.kind for m in state.forget([(w, w + 6, "reference")])] == ["reference"]
    assert [m.kind for m in state.mentions if m.start == w] == ["name"]
    assert "e9" not in state.entities and "e2" in state.entities
