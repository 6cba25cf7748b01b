from glossator.core.documents import load_bytes
from tests.core.documents.conftest import check_offsets, texts

SOURCE = """# Curie's *life*

Marie Curie was born in **Warsaw**,
and studied in [Paris](https://example.org).

## Work

- Polonium
  - named after Poland
- Radium

> Nothing in life is to be feared.

```python
radium = "Ra"  # code is shown but not annotated
```

| Element | Year |
|---------|------|
| Radium  | 1898 |
"""


def test_markdown_blocks():
    doc = load_bytes(SOURCE.encode(), "curie.md")
    check_offsets(doc)
    assert doc.format == "markdown"
    assert doc.title == "Curie's life"
    assert [(b.kind, b.level) for b in doc.blocks if b.kind in ("heading", "list_item")] == [
        ("heading", 1), ("heading", 2), ("list_item", 1), ("list_item", 2), ("list_item", 1)]
    assert texts(doc, "paragraph")[0] == ("Marie Curie was born in Warsaw, and studied in "
                                          "Paris.")
    assert texts(doc, "quote") == ["Nothing in life is to be feared."]
    code = [b for b in doc.blocks if b.kind == "preformatted"]
    assert len(code) == 1 and not code[0].annotate
    assert doc.block_text(code[0]) == 'radium = "Ra"  # code is shown but not annotated'
    assert "Radium | 1898" in texts(doc)
    assert [s.title for s in doc.sections] == ["Curie's life", "Work"]
    assert "**" not in doc.text and "](" not in doc.text


def test_markdown_without_extension_is_sniffed():
    doc = load_bytes(SOURCE.encode(), "")
    assert doc.format == "markdown"


def test_markdown_content_in_a_txt_file_stays_text():
    doc = load_bytes(SOURCE.encode(), "notes.txt")
    assert doc.format == "text" and doc.text == SOURCE


def test_front_matter_is_metadata():
    source = ("---\ntitle: \"Field notes\"\ntags: [physics]\n---\n\n# Kepler\n\n"
              "Kepler met Tycho Brahe.\n")
    doc = load_bytes(source.encode(), "notes.md")
    assert doc.title == "Field notes"  # front matter beats the first heading
    assert doc.text == "Kepler\n\nKepler met Tycho Brahe."
