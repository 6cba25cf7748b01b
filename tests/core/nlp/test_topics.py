"""The topic space: texts about the same things are near even when they share no word."""

from __future__ import annotations

import numpy as np
import pytest

from glossator.core.nlp import topics
from glossator.core.nlp.topics import Topics, build, decode, encode


@pytest.fixture(scope="module")
def shipped() -> Topics:
    table = topics.shipped()
    assert table is not None, "data/topics.bin is missing: run make train"
    return table


def _nearest(t: Topics, word: str, n: int = 10) -> list[str]:
    rows = t.rows / np.maximum(np.linalg.norm(t.rows, axis=1, keepdims=True), 1e-9)
    words = list(t.index)
    order = np.argsort(-(rows @ rows[t.index[word]]))
    return [words[i] for i in order[1:n + 1]]


def test_the_shipped_table_places_words_of_one_topic_together(shipped):
    assert len(shipped) > 10000 and shipped.rows.shape[1] == topics.DIMENSIONS
    assert {"lyrics", "musicians", "vocals"} & set(_nearest(shipped, "album"))
    assert "papal" in _nearest(shipped, "pope")
    assert "album" not in _nearest(shipped, "pope", 50)


def test_a_sentence_is_nearer_the_article_it_is_about_though_they_share_no_word(shipped):
    sentence = shipped.point(["first", "man", "moon"])
    astronaut = shipped.point(["astronaut", "apollo", "lunar", "spacecraft", "nasa"])
    trumpeter = shipped.point(["jazz", "trumpeter", "singer", "recordings", "band"])
    assert Topics.likeness(sentence, astronaut) > 2 * Topics.likeness(sentence, trumpeter)
    music = shipped.point(["performed", "album", "songs"])
    assert Topics.likeness(music, trumpeter) > Topics.likeness(music, astronaut)


def test_unknown_words_have_no_point_and_no_likeness(shipped):
    assert shipped.point(["zzzqx", "qwrtp"]) is None
    assert shipped.point([]) is None
    assert Topics.likeness(None, shipped.point(["album"])) == 0.0


def test_the_table_reads_back_as_written():
    words = ["alpha", "beta", "gamma"]
    rows = np.array([[1.0, 0.5], [0.25, -1.0], [0.0, 2.0]])
    back = decode(encode(words, rows))
    assert list(back.index) == words
    assert np.allclose(back.rows, rows)


def _shipped_from(monkeypatch, tmp_path, data: bytes):
    folder = tmp_path / "glossator" / "core" / "nlp" / "data"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / topics.TABLE_FILE).write_bytes(data)
    monkeypatch.setattr(topics.resources, "files", lambda _pkg: tmp_path / "glossator/core/nlp")
    topics.shipped.cache_clear()
    try:
        return topics.shipped()
    finally:
        topics.shipped.cache_clear()


@pytest.mark.parametrize("damage", ["not a table", "{}\nabc\n", "[1]\nabc\n", "null\n",
                                    '{"words": null, "dimensions": 2}\nab\n',
                                    '{"words": -1, "dimensions": 2}\n', "cut", "nan", ""])
def test_a_damaged_table_is_no_table(monkeypatch, tmp_path, damage):
    """A broken install reads no topics (the feature is 0) rather than failing."""
    good = encode(["alpha", "beta"], np.array([[1.0, 0.5], [0.25, -1.0]]))
    data = {"cut": good[:-3], "nan": encode(["alpha"], np.array([[np.nan, 1.0]]))
            }.get(damage, damage.encode())
    assert _shipped_from(monkeypatch, tmp_path, data) is None
    assert _shipped_from(monkeypatch, tmp_path, good) is not None


def test_a_word_the_table_cannot_hold_is_refused():
    with pytest.raises(ValueError):
        encode(["two\nlines"], np.zeros((1, 2)))


def test_the_linker_reads_without_a_table(engine, monkeypatch):
    """No table: every likeness is 0 and the text is still read."""
    from glossator.core.nlp.ranker import CANDIDATE_FEATURES

    monkeypatch.setattr(engine.linker, "topics", None)
    monkeypatch.setattr(engine.linker, "_topic_points", {})
    engine.linker.collect = []
    try:
        ann = engine.annotate("Armstrong was the first man to walk on the Moon.")
        rows = [r for _g, _t, r in engine.linker.collect]
    finally:
        engine.linker.collect = None
    col = CANDIDATE_FEATURES.index("topic_likeness")
    assert rows and all(not r[:, col].any() for r in rows)
    assert {e.name for e in ann.entities} >= {"Armstrong", "Moon"}


def test_building_is_reproducible_and_separates_topics():
    """Three topics in made-up articles: each lies apart from the others."""
    topics_words = [["album", "songs", "band", "guitar", "singer", "tour", "record"],
                    ["rocket", "orbit", "moon", "launch", "astronaut", "lunar", "nasa"],
                    ["pope", "church", "bishop", "papal", "saint", "cathedral", "faith"]]
    rng = np.random.default_rng(1)
    texts = [set(rng.choice(topics_words[i % 3], 4, replace=False)) for i in range(90)]
    a = build(texts, dimensions=2)
    b = build(texts, dimensions=2)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])
    t = Topics(*a)
    first = [t.point(ws[:3]) for ws in topics_words]
    rest = [t.point(ws[4:]) for ws in topics_words]  # other words of the same topics
    for i, x in enumerate(first):
        own = Topics.likeness(x, rest[i])
        assert own > 0.8
        assert all(own > Topics.likeness(x, y) + 0.3 for j, y in enumerate(rest) if j != i)
