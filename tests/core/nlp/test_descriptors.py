"""What the text says about a name: pre-modifiers, appositives, copulas, titles."""

from __future__ import annotations

import pytest

from glossator.core.nlp.descriptors import describe


def heads(nlp, text, name, title=None):
    doc = nlp(text)
    start = text.index(name)
    return {(d.kind, d.head) for d in describe(doc, start, start + len(name), title)}


@pytest.mark.parametrize("text, name, expected", [
    ("The Italian tabloid The Mirror said on Monday that prices rose.", "The Mirror",
     ("premodifier", "tabloid")),
    ("The mining firm Trafigura reported a loss.", "Trafigura", ("premodifier", "firm")),
    ("Officials met Tomas Ruiz, the deputy mayor of Lyon, on Friday.", "Tomas Ruiz",
     ("appositive", "mayor")),
    ("Trafigura is a commodity trader based in Geneva.", "Trafigura", ("copula", "trader")),
])
def test_descriptor_kinds(nlp, text, name, expected):
    assert expected in heads(nlp, text, name)


def test_an_adjective_alone_is_no_descriptor(nlp):
    assert not heads(nlp, "The famous Mirror was sold yesterday.", "Mirror")


def test_a_title_is_a_descriptor(nlp):
    assert ("title", "colonel") in heads(nlp, "Colonel Ahmed Salih spoke.", "Ahmed Salih",
                                         title="Colonel")


def test_descriptors_reach_the_doc_through_the_component(engine):
    doc = engine.nlp("The British tabloid The Sun printed it.")
    found = doc._.glossator_descriptors
    assert any(d.head == "tabloid" for ds in found.values() for d in ds)
