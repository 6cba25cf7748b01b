"""The gazetteer kept in the user's cache folder between starts (``core/cache_folder``)."""

from __future__ import annotations

import pytest

from glossator.core.cache_folder import set_cache_folder
from glossator.core.kb import KnowledgeBase, SummaryRecord
from glossator.core.kb import gazetteer as gz


@pytest.fixture()
def disk(tmp_path):
    folder = tmp_path / "cache"
    set_cache_folder(folder)
    gz._CACHE.clear()
    yield folder
    set_cache_folder(None)
    gz._CACHE.clear()


def _kb(path, titles):
    kb = KnowledgeBase.single(path, readonly=False)
    kb.upsert([SummaryRecord(title=t, description="Scientist", extract=f"{t} was a chemist.")
               for t in titles])
    kb.close()
    return KnowledgeBase.single(path)


def _built(monkeypatch) -> list[int]:
    """Count the builds from here on."""
    calls: list[int] = []
    real = gz.build_gazetteer

    def counting(kb):
        calls.append(1)
        return real(kb)

    monkeypatch.setattr(gz, "build_gazetteer", counting)
    return calls


def test_a_second_start_reads_the_cache_instead_of_the_articles(disk, tmp_path, monkeypatch):
    kb = _kb(tmp_path / "kb.sqlite", ["Marie Curie", "Pierre Curie"])
    calls = _built(monkeypatch)
    first = gz.gazetteer_for(kb)
    assert calls == [1] and len(list(disk.glob("gazetteer-*.json"))) == 1
    gz._CACHE.clear()  # a new process
    again = gz.gazetteer_for(kb)
    assert calls == [1]
    assert again.etype("marie curie") == first.etype("marie curie") == "PERSON"
    assert again.idf == first.idf and again.surnames == first.surnames


def test_a_changed_kb_is_read_again_and_the_old_cache_dropped(disk, tmp_path, monkeypatch):
    path = tmp_path / "kb.sqlite"
    kb = _kb(path, ["Marie Curie"])
    gz.gazetteer_for(kb)
    kb.close()
    kb = _kb(path, ["Lise Meitner"])
    gz._CACHE.clear()
    calls = _built(monkeypatch)
    found = gz.gazetteer_for(kb)
    assert calls == [1] and found.etype("lise meitner") == "PERSON"
    assert len(list(disk.glob("gazetteer-*.json"))) == 1


@pytest.mark.parametrize("damage", [b"", b"not a pickle", None])
def test_a_damaged_cache_file_is_rebuilt(disk, tmp_path, monkeypatch, damage):
    kb = _kb(tmp_path / "kb.sqlite", ["Marie Curie"])
    gz.gazetteer_for(kb)
    (cached,) = disk.glob("gazetteer-*.json")
    data = cached.read_bytes()
    cached.write_bytes(damage if damage is not None else data[: len(data) // 2])
    gz._CACHE.clear()
    calls = _built(monkeypatch)
    assert gz.gazetteer_for(kb).etype("marie curie") == "PERSON"
    assert calls == [1]
    gz._CACHE.clear()
    assert gz.gazetteer_for(kb).etype("marie curie") == "PERSON"
    assert calls == [1]  # rewritten whole


def test_a_cache_folder_that_cannot_be_made_leaves_memory_only(tmp_path, monkeypatch,
                                                               starter_kb_path, capsys):
    """Through the command, as a user meets it: the review found `annotate` stopping
    with a traceback when the cache folder could not be made (a file in its way, a
    read-only disk)."""
    import json

    from glossator.cli import main

    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    monkeypatch.setenv("GLOSSATOR_CACHE_DIR", str(blocked / "cache"))
    text = tmp_path / "a.txt"
    text.write_text("Marie Curie was born in Warsaw.", encoding="utf-8")
    gz._CACHE.clear()
    assert main(["annotate", str(text), "--kb", str(starter_kb_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert "Marie Curie" in {e["kb_title"] for e in data["entities"]}
    assert blocked.read_text() == "in the way"


def test_a_kb_whose_log_holds_changes_is_not_written(disk, tmp_path):
    """Its key is never asked for again: closing moves the main file's time."""
    kb = _kb(tmp_path / "kb.sqlite", ["Marie Curie"])
    key = gz._key(kb)
    wal = [(p[0], 4096, 1, 1, 1) if p[0].endswith("-wal") else p for p in key]
    gz._write_disk(tuple(wal), gz.build_gazetteer(kb))
    assert not list(disk.glob("*"))


def test_another_kb_sets_cache_is_left_alone_but_only_a_few_are_kept(disk, tmp_path):
    one = _kb(tmp_path / "one.sqlite", ["Marie Curie"])
    two = _kb(tmp_path / "two.sqlite", ["Lise Meitner"])
    gz.gazetteer_for(one)
    gz.gazetteer_for(two)
    assert len(list(disk.glob("gazetteer-*.json"))) == 2
    for i in range(gz.MAX_DISK_FILES + 2):
        gz.gazetteer_for(_kb(tmp_path / f"more{i}.sqlite", ["Lise Meitner"]))
    assert len(list(disk.glob("gazetteer-*.json"))) == gz.MAX_DISK_FILES
    gz._CACHE.clear()
    calls = []
    real = gz.build_gazetteer
    gz.build_gazetteer = lambda kb: calls.append(1) or real(kb)
    try:
        last = KnowledgeBase.single(tmp_path / f"more{gz.MAX_DISK_FILES + 1}.sqlite")
        gz.gazetteer_for(last)  # the newest is among those kept
        assert calls == []
    finally:
        gz.build_gazetteer = real


def test_without_a_cache_folder_nothing_is_written(tmp_path):
    set_cache_folder(None)
    gz._CACHE.clear()
    kb = _kb(tmp_path / "kb.sqlite", ["Marie Curie"])
    gz.gazetteer_for(kb)
    gz._CACHE.clear()
    assert not list(tmp_path.glob("**/gazetteer-*"))


def _things(path, writers: int) -> None:
    """Wood and Feather, which their own articles write only first; ``writers`` carpentry
    articles write "wood", one quill's "feather"."""
    kb = KnowledgeBase.single(path, readonly=False)
    kb.upsert([SummaryRecord(title="Wood", description="Fibrous material from trees",
                             extract="Wood is a structural tissue of trees."),
               SummaryRecord(title="Feather", description="Body-covering structure of birds",
                             extract="Feathers are outgrowths of the skin.")]
              + [SummaryRecord(title=f"Carpentry {i}", description="Craft",
                               extract=f"Carpentry number {i} works with wood and glue.")
                 for i in range(writers)]
              + [SummaryRecord(title="Quill", description="Writing tool",
                               extract="A quill is made from a moulted feather.")])
    kb.close()


def _built_then_read(tmp_path, monkeypatch) -> tuple[gz.Gazetteer, gz.Gazetteer, list[int]]:
    """``_things``' gazetteer as built, as a new process reads it from the cache file, and
    the builds made."""
    _things(tmp_path / "kb.sqlite", gz.COMMON_USES)
    kb = KnowledgeBase.single(tmp_path / "kb.sqlite")
    calls = _built(monkeypatch)
    built = gz.gazetteer_for(kb)
    gz._CACHE.clear()
    return built, gz.gazetteer_for(kb), calls


def test_common_nouns_are_counted_from_other_articles_and_kept_in_the_cache(
        disk, tmp_path, monkeypatch):
    built, read, calls = _built_then_read(tmp_path, monkeypatch)
    # "wood" in lower case in three other articles; "feather" in one, too few
    assert built.common_nouns == frozenset({"wood"})
    assert read.common_nouns == frozenset({"wood"})
    assert calls == [1]


def test_words_written_in_lower_case_are_counted_and_kept_in_the_cache(
        disk, tmp_path, monkeypatch):
    """Any word, not only the KB's things' names: "glue" is no article's, and counts."""
    built, read, calls = _built_then_read(tmp_path, monkeypatch)
    assert {"wood", "glue", "works", "number", "with"} <= built.lower_words
    # too few writers ("feather": the quill's, "trees": Wood's), or a capital ("Carpentry")
    assert not {"feather", "trees", "carpentry", "Carpentry"} & built.lower_words
    assert read.lower_words == built.lower_words
    assert calls == [1]


def test_an_article_in_two_layers_writes_a_common_noun_once(tmp_path):
    """The user's copy of a starter article (a remembered choice) is no second writer."""
    _things(tmp_path / "starter.sqlite", gz.COMMON_USES - 1)
    with KnowledgeBase.open(tmp_path / "user.sqlite", tmp_path / "starter.sqlite") as kb:
        assert kb.remember_choice("joinery", "Carpentry 0")
        assert len(kb.layers) == 2 and kb.layers[0].article("Carpentry 0") is not None
        built = gz.build_gazetteer(kb)
    assert built.common_nouns == frozenset() and built.articles == 3 + gz.COMMON_USES - 1


def test_a_plural_counts_for_its_one_name():
    assert [gz._plural(w) for w in ("feather", "glass", "dish", "box")] == \
        ["feathers", "glasses", "dishes", "boxes"]
