"""Syntax helpers of the reference resolver: quotations."""

from __future__ import annotations

from glossator.core.nlp.ref_syntax import quoted_at, quoted_tokens


def test_quoted_at_agrees_with_the_whole_scan(nlp):
    doc = nlp('He said: "The story is that Musk is the only game in town," said Raman. '
              "Musk is a businessman.\n\n\u201cParis is lovely, she said")
    whole = quoted_tokens(doc)
    assert [quoted_at(doc, i) for i in range(len(doc))] == whole
    inside = {t.text for t in doc if whole[t.i]}
    assert {"story", "game", "Paris"} <= inside and "Raman" not in inside
