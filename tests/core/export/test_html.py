"""The standalone HTML export."""

from __future__ import annotations

from html.parser import HTMLParser

from glossator.core.export.html import annotation_html
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention


class _Collect(HTMLParser):
    def __init__(self):
        super().__init__()
        self.text = []
        self.tags = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data):
        self.text.append(data)


def test_page_underlines_and_glossary():
    text = "Ada <Lovelace> met Babbage & she wrote."
    ann = Annotation(text, [Entity("e1", "Ada Lovelace", "PERSON", "Ada Lovelace", 0.9),
                            Entity("e2", "Babbage", "PERSON", None, 0.6)],
                     [Mention(0, 3, "Ada", "name", "e1", 0.9, "short for Ada Lovelace"),
                      Mention(19, 26, "Babbage", "name", "e2", 0.6, "not in the KB"),
                      Mention(29, 32, "she", "reference", "e1", 0.7, "'she': Ada")])
    art = Article("Ada Lovelace", "English mathematician", "Ada Lovelace was a mathematician. "
                  "She wrote.")
    page = annotation_html(ann, title="T <1>", article=lambda t: art if t == art.title else None)
    p = _Collect()
    p.feed(page)
    assert "".join(p.text).count("Ada <Lovelace> met Babbage & she wrote.") == 1
    links = [a for tag, a in p.tags if tag == "a" and "title" in a]  # the legend has none
    assert [a["class"] for a in links] == ["m linked person", "m nil person", "m ref person"]
    assert links[0]["href"] == "#e1"
    # Tooltips in the hover card's words, never the engine's reasons or labels.
    assert links[0]["title"] == "Ada Lovelace: English mathematician"
    assert links[1]["title"] == "Babbage: not in your knowledge base"
    assert links[2]["title"] == "Refers to Ada Lovelace: English mathematician"
    assert not any(w in a["title"] for a in links for w in ("KB", "PERSON", "short for"))
    assert "English mathematician" in page and "CC BY-SA" in page
    assert "Not in the knowledge base." in page
    assert "<script" not in page


def test_underlines_look_like_the_app():
    """The app's line styles and the light theme's kind colours, and a legend."""
    import json

    from glossator import paths

    light = json.loads((paths.resources_dir() / "themes" / "light.json").read_text())
    text = "Paris and IBM; it was there."
    ann = Annotation(text, [Entity("e1", "Paris", "GPE", "Paris", 0.95),
                            Entity("e2", "IBM", "ORG", None, 0.0)],
                     [Mention(0, 5, "Paris", "name", "e1", 0.95, ""),
                      Mention(10, 13, "IBM", "name", "e2", 0.0, ""),
                      Mention(15, 17, "it", "reference", None, 0.3, "")])
    page = annotation_html(ann)
    p = _Collect()
    p.feed(page)
    links = [a for tag, a in p.tags if tag == "a" and "title" in a]
    assert [a["class"] for a in links] == ["m linked place", "m nil org", "m unclear"]
    assert links[0]["title"] == "Paris"  # sure: no "Perhaps"
    assert links[2]["title"].startswith("Unclear reference")
    for group in ("person", "place", "org", "other"):
        assert f"a.m.{group}{{text-decoration-color:{light[group]}}}" in page
    assert "a.m.nil{text-decoration-style:dashed}" in page
    assert "solid</a>: explained by the knowledge base" in page  # the legend


def test_a_guess_is_drawn_wavy_as_in_the_app():
    """A link under CONFIDENT: its own line, and "Perhaps" in its tooltip."""
    text = "Sorbonne and Paris."
    ann = Annotation(text, [Entity("e1", "Sorbonne", "ORG", "Sorbonne University", 0.62),
                            Entity("e2", "Paris", "GPE", "Paris", 0.95)],
                     [Mention(0, 8, "Sorbonne", "name", "e1", 0.62, ""),
                      Mention(13, 18, "Paris", "name", "e2", 0.95, "")])
    page = annotation_html(ann)
    p = _Collect()
    p.feed(page)
    links = [a for tag, a in p.tags if tag == "a" and "title" in a]
    assert [a["class"] for a in links] == ["m guess org", "m linked place"]
    assert links[0]["title"].startswith("Perhaps ")
    assert "a.m.guess{text-decoration-style:wavy}" in page
    assert "wavy</a>: a guess" in page  # the legend
