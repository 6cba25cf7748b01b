"""The topic space: texts about the same things are near even when they share no word."""

from __future__ import annotations

import gzip

import numpy as np
import pytest

from glossator.core.nlp import topics
from glossator.core.nlp.topics import Topics, build, decode, encode


@pytest.fixture(scope="module")
def shipped() -> Topics:
    table = topics.shipped()
    assert table is not None, "data/topics.bin.gz is missing: run make train"
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


def test_a_damaged_table_is_no_table(monkeypatch, tmp_path):
    """A broken install reads no topics (the feature is 0) rather than failing."""
    data = tmp_path / "glossator" / "core" / "nlp" / "data"
    data.mkdir(parents=True)
    (data / topics.TABLE_FILE).write_bytes(gzip.compress(b"not a table"))
    monkeypatch.setattr(topics.resources, "files", lambda _pkg: tmp_path / "glossator/core/nlp")
    topics.shipped.cache_clear()
    try:
        assert topics.shipped() is None
    finally:
        topics.shipped.cache_clear()


def test_building_is_reproducible_and_separates_two_topics():
    music = ["album", "songs", "band", "guitar", "singer", "tour", "record"]
    space = ["rocket", "orbit", "moon", "launch", "astronaut", "lunar", "nasa"]
    rng = np.random.default_rng(1)
    texts = [set(rng.choice(music if i % 2 else space, 4, replace=False)) | {f"x{i}"}
             for i in range(40)]
    texts = [{w for w in t if w.isalpha()} for t in texts]
    a = build(texts, dimensions=1)
    b = build(texts, dimensions=1)
    assert a[0] == b[0] and np.array_equal(a[1], b[1])
    t = Topics(*a)
    assert Topics.likeness(t.point(["album", "guitar"]), t.point(["songs", "band"])) > 0.9
    assert Topics.likeness(t.point(["album", "guitar"]), t.point(["rocket", "orbit"])) < 0.2
