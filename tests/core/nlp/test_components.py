"""The engine's steps as spaCy components, and their state on the Doc."""

from __future__ import annotations

from glossator.core.nlp.components import COMPONENTS


def test_components_run_after_the_models_own(engine):
    names = engine.nlp.pipe_names
    assert names[-len(COMPONENTS):] == list(COMPONENTS)
    assert names.index("ner") < names.index("glossator_mentions")


def test_names_and_context_live_on_the_doc(engine):
    doc = engine.nlp("Angela Merkel visited Paris. She met the mayor.")
    names = {m.text for m in doc._.glossator_names}
    assert {"Angela Merkel", "Paris"} <= names
    assert len(doc._.glossator_context) == 2
    assert "visited" in doc._.glossator_context[0] or "visit" in doc._.glossator_context[0]


def test_block_breaks_given_on_the_doc_stop_a_name(engine):
    text = "Report\nBarack Obama spoke."
    doc = engine.nlp.make_doc(text)
    doc._.glossator_breaks = frozenset({text.index("Barack")})
    doc = engine.nlp(doc)
    assert all("\n" not in m.text for m in doc._.glossator_names)
