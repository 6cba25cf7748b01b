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
    links = [a for tag, a in p.tags if tag == "a"]
    assert [a["class"] for a in links] == ["m linked", "m nil", "m ref"]
    assert links[0]["href"] == "#e1"
    assert "English mathematician" in page and "CC BY-SA" in page
    assert "Not in the knowledge base." in page
    assert "<script" not in page
