"""What the text says, through the worker's chunked path (long documents, issue 13)."""

from __future__ import annotations

from glossator.core.nlp.types import Entity, TextDescriptor
from glossator.gui.worker import SINGLE_PASS_CHARS, _merge_said, _shifted
from tests.gui.conftest import make_document, open_and_wait


def _entity(said, spellings, sentence, start):
    return Entity("e1", "Ahmed Salih", "PERSON", descriptors=said, spellings=spellings,
                  first_sentence=sentence, first_sentence_start=start)


def test_a_later_chunk_adds_to_what_was_said():
    held = _entity([TextDescriptor("Colonel", "title", 10, 17, "title")], ["Salih"],
                   "In chunk two.", 5000)
    sent = held.descriptors  # a copy already sent to the window shares this list
    other = _shifted(_entity([TextDescriptor("Colonel", "title", 3, 10, "title"),
                              TextDescriptor("the strongman", "apposition", 30, 43,
                                             "appositive")],
                             ["Ahmed Salih", "Salih"], "Colonel Ahmed Salih spoke.", 0), 100)
    assert [d.start for d in other.descriptors] == [103, 130]
    assert _merge_said(held, other)
    assert [(d.text, d.start) for d in held.descriptors] == [("Colonel", 10),
                                                               ("the strongman", 130)]
    assert held.first_sentence == "Colonel Ahmed Salih spoke." and \
        held.first_sentence_start == 100
    assert held.spellings == ["Ahmed Salih", "Salih"]
    assert len(sent) == 1  # never changed in place
    assert not _merge_said(held, other)  # nothing new the second time


FILLER = "The river runs past the old mill, and the fields are green in the spring. " * 6


def test_long_document_keeps_descriptors_at_whole_text_offsets(qtbot, real_window):
    paragraphs = ["# Reports", "Colonel Ahmed Salih, the strongman of the south, spoke."]
    while sum(len(p) + 2 for p in paragraphs) < SINGLE_PASS_CHARS + 5000:
        paragraphs.append(FILLER)
    paragraphs.append("Ahmed Salih, the governor of the port, said the ceasefire had failed.")
    text = "\n\n".join(paragraphs) + "\n"
    state = open_and_wait(qtbot, real_window, make_document(text))
    assert len(text) > SINGLE_PASS_CHARS  # the worker's chunked path
    at = text.index("Ahmed Salih, the governor")
    entity = state.entity_of(real_window.reader.mention_at(at))
    assert entity is not None and entity.name == "Ahmed Salih"
    said = [(d.kind, d.text) for d in entity.descriptors]
    assert ("title", "Colonel") in said and ("apposition", "the governor of the port") in said
    for d in entity.descriptors:
        assert " ".join(text[d.start:d.end].split()) == d.text
    assert entity.first_sentence.startswith("Colonel Ahmed Salih")
    assert text[entity.first_sentence_start:].startswith("Colonel Ahmed Salih")
