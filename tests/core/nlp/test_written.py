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
    for bad in ("[[a|b|c]]", "[[Paris| ]]", "[[ Paris |Paris]]"):
        with pytest.raises(ValueError):
            parse(f"=== c test\n{bad} is nice.")


def test_offsets_hold_for_adjacent_marks_and_windows_line_ends():
    [doc] = parse("=== d test\r\n[[Rome]][[Paris|NIL]] and\r\n[[Oslo|Oslo]].\r\n")
    assert [doc.text[s:e] for s, e, _t in doc.names] == ["Rome", "Paris", "Oslo"]
    assert [t for _s, _e, t in doc.names] == ["Rome", None, "Oslo"]


def test_ids_are_unique_across_files_and_the_split_is_by_id(tmp_path):
    (tmp_path / "a.txt").write_text("=== x1 t\nA.\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text("=== x1 t\nB.\n", encoding="utf-8")
    with pytest.raises(ValueError, match="two files"):
        load([tmp_path / "a.txt", tmp_path / "b.txt"])
    docs = parse("".join(f"=== k{i} t\nText.\n" for i in range(400)))
    kept = [d.id for d in docs if d.kept_out]
    assert 70 < len(kept) < 130  # about a quarter
    assert kept == [d.id for d in parse("=== new t\nX.\n" + "".join(
        f"=== k{i} t\nText.\n" for i in range(400))) if d.kept_out and d.id != "new"]


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
