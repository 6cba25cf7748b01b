import json

import pytest

from glossator.core.kb import KBLayer
from glossator.core.kb.importers import ImportFormatError, import_file, sniff


def write_jsonl(path, records, extra_lines=()):
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join([*lines, *extra_lines]) + "\n", encoding="utf-8")
    return path


REST = {
    "title": "Ada Lovelace",
    "description": "English mathematician (1815–1852)",
    "extract": "Augusta Ada King, Countess of Lovelace was an English mathematician. "
               "She is chiefly known for her work on the Analytical Engine.",
    "wikibase_item": "Q7259",
    "content_urls": {"desktop": {"page": "https://en.wikipedia.org/wiki/Ada_Lovelace"}},
    "thumbnail": {"source": "https://upload.example/ada.jpg"},
    "redirects": ["Ada Byron", "Lady Lovelace"],
}


def test_jsonl_import_adds_then_updates(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    src = write_jsonl(tmp_path / "a.jsonl", [REST, {"title": "Analytical Engine",
                                                  "extract": "A proposed computer."}],
                      extra_lines=["not json at all", '{"no_title": 1}', ""])
    stats = import_file(layer, src)
    assert (stats.added, stats.updated, stats.skipped) == (2, 0, 2)
    assert any("line 3" in e for e in stats.errors)
    ada = layer.article("Ada Lovelace")
    assert ada.wikidata_id == "Q7259" and ada.url.endswith("Ada_Lovelace")
    assert ada.thumbnail == "https://upload.example/ada.jpg" and ada.gender == "female"
    kinds = dict(layer.db.execute("SELECT alias, kind FROM aliases").fetchall())
    assert kinds["Lady Lovelace"] == "redirect" and kinds["Lovelace"] == "surname"

    src2 = write_jsonl(tmp_path / "b.jsonl", [{**REST, "extract": "Ada was a mathematician."}])
    stats2 = import_file(layer, src2)
    assert (stats2.added, stats2.updated) == (0, 1)
    assert layer.article("Ada Lovelace").extract == "Ada was a mathematician."
    layer.close()


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR", "binary"),
        (b"title,extract\nAda,mathematician\n", "not JSON Lines"),
        (b"%PDF-1.7\n", "not JSON Lines"),
    ],
)
def test_files_that_are_not_imports_are_refused(tmp_path, content, message):
    path = tmp_path / "data.jsonl"
    path.write_bytes(content)
    with pytest.raises(ImportFormatError, match=message):
        sniff(path)


def test_json_objects_that_are_not_summaries_are_refused(tmp_path):
    path = write_jsonl(tmp_path / "other.jsonl", [{"id": i, "name": "x"} for i in range(30)])
    layer = KBLayer(tmp_path / "kb.sqlite")
    with pytest.raises(ImportFormatError, match="does not hold Wikipedia summaries"):
        import_file(layer, path)
    assert layer.counts()["articles"] == 0
    layer.close()
