"""Offsets hold for generated documents: what the engine finds in the text lands in its block."""

import html

from hypothesis import given, settings
from hypothesis import strategies as st

from glossator.core.documents import load_bytes, load_paste
from glossator.core.documents.builder import DocumentBuilder, clean_inline, clean_pre
from tests.core.documents.conftest import check_offsets, texts

_words = st.text(alphabet=st.sampled_from("abcXYZ éß—'&<>\"0 \n\t"), min_size=1, max_size=40)
_kinds = st.sampled_from(["heading", "paragraph", "list_item", "quote", "preformatted",
                          "caption"])


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(_kinds, _words), max_size=12))
def test_builder_offsets(items):
    builder = DocumentBuilder()
    for kind, text in items:
        builder.add(kind, text, 1)
    doc = builder.build(title="t")
    check_offsets(doc)
    expected = [(k, clean_pre(t) if k == "preformatted" else clean_inline(t)) for k, t in items]
    expected = [(k, t) for k, t in expected if t.strip()]
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks] == expected
    assert all(not b.annotate for b in doc.blocks if b.kind == "preformatted")


_TAGS = {"heading": "h2", "paragraph": "p", "quote": "blockquote", "caption": "figcaption"}


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(sorted(_TAGS)), _words), min_size=1, max_size=10))
def test_html_fragment_blocks_match_the_markup(items):
    markup = "".join(f"<{_TAGS[k]}>{html.escape(t)}</{_TAGS[k]}>" for k, t in items)
    expected = [(k, clean_inline(t)) for k, t in items if clean_inline(t)]
    if not expected:
        return
    doc = load_paste(markup)
    check_offsets(doc)
    assert [(b.kind, doc.block_text(b)) for b in doc.blocks] == expected


@settings(max_examples=100, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["#", "-", ">", ""]), _words), min_size=1,
                max_size=10))
def test_markdown_offsets(items):
    source = "\n\n".join(f"{mark} {t.strip()}" if mark else t for mark, t in items)
    if not source.strip():
        return
    try:
        doc = load_bytes(source.encode(), "gen.md")
    except Exception as exc:  # only "no readable text" is acceptable
        assert "no readable text" in str(exc)
        return
    check_offsets(doc)
    assert all(t for t in texts(doc))
