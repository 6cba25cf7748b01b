"""What the text says, through the worker's streaming path (long documents, issue 13)."""

from __future__ import annotations

from tests.gui.conftest import make_document, open_and_wait

# Longer than the worker's pieces: the document is analysed in several.
LONG = 45_000


FILLER = "The river runs past the old mill, and the fields are green in the spring. " * 6


def test_long_document_keeps_descriptors_at_whole_text_offsets(qtbot, real_window):
    paragraphs = ["# Reports", "Colonel Ahmed Salih, the strongman of the south, spoke."]
    while sum(len(p) + 2 for p in paragraphs) < LONG:
        paragraphs.append(FILLER)
    paragraphs.append("Ahmed Salih, the governor of the port, said the ceasefire had failed.")
    text = "\n\n".join(paragraphs) + "\n"
    state = open_and_wait(qtbot, real_window, make_document(text))
    assert len(text) > LONG  # several pieces
    at = text.index("Ahmed Salih, the governor")
    entity = state.entity_of(real_window.reader.mention_at(at))
    assert entity is not None and entity.name == "Ahmed Salih"
    said = [(d.kind, d.text) for d in entity.descriptors]
    assert ("title", "Colonel") in said and ("apposition", "the governor of the port") in said
    for d in entity.descriptors:
        assert " ".join(text[d.start:d.end].split()) == d.text
    assert entity.first_sentence.startswith("Colonel Ahmed Salih")
    assert text[entity.first_sentence_start:].startswith("Colonel Ahmed Salih")


def test_the_readers_choice_is_sure_even_when_it_was_the_engines_guess():
    """"Not this? Choose another" picking the guessed article itself confirms it: the link
    is no longer drawn or worded as a guess."""
    from types import SimpleNamespace

    from glossator.core.nlp.types import Entity
    from glossator.gui.worker import Worker

    worker = SimpleNamespace(_user_choice=lambda name: "Sorbonne University")
    job = SimpleNamespace(choices={})
    guessed = Entity("e1", "Sorbonne", "ORG", kb_title="Sorbonne University", confidence=0.6)
    other = Entity("e2", "Paris", "GPE", kb_title="Paris", confidence=0.7)
    worker_for_paris = SimpleNamespace(_user_choice=lambda name: None)
    (chosen,) = Worker._user_choices(worker, [guessed], job)
    assert chosen.kb_title == "Sorbonne University" and chosen.confidence == 1.0
    (untouched,) = Worker._user_choices(worker_for_paris, [other], SimpleNamespace(choices={}))
    assert untouched.confidence == 0.7  # no choice: the engine's odds stay
