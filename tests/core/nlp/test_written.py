"""Our own labelled texts: the format (core/nlp/written.py) and the corpus in training/written."""

from __future__ import annotations

from pathlib import Path

import pytest

from glossator.core.nlp.written import load, parse

CORPUS = Path(__file__).resolve().parents[3] / "training" / "written"


def test_the_written_format_rejects_broken_markup():
    with pytest.raises(ValueError, match="unbalanced"):
        parse("=== a test\n[[Paris is nice.")
    with pytest.raises(ValueError, match="twice"):
        parse("=== a test\nx\n=== a test\ny")
    with pytest.raises(ValueError, match="before the first"):
        parse("stray text\n=== a test\nx")
    [doc] = parse("=== b news\n[[Washington|George Washington]] crossed the river.")
    assert doc.names == [(0, 10, "George Washington")] and doc.genre == "news"


def test_the_corpus_parses_and_names_only_starter_kb_articles(starter_kb):
    """Every label is a starter-KB title or NIL, every id unique: a typo breaks training."""
    docs = load(sorted(CORPUS.glob("*.txt")))
    assert len(docs) >= 250
    assert len({d.id for d in docs}) == len(docs)
    titles = {t for d in docs for _s, _e, t in d.names if t}
    assert not {t for t in titles if not starter_kb.contains(t)}
    names = [n for d in docs for n in d.names]
    nil = sum(t is None for _s, _e, t in names)
    assert len(names) > 2000 and 0.3 < nil / len(names) < 0.7  # about half, as in news
    for d in docs:
        assert all(0 <= s < e <= len(d.text) and d.text[s:e].strip() == d.text[s:e]
                   for s, e, _t in d.names), d.id
