from glossator.core.export.glossary import glossary_markdown, group_of, grouped_entities
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention

TEXT = "Marie Curie met Pierre Curie in Paris. She worked with Zorbulax."


def _ann() -> Annotation:
    ents = [Entity("e1", "Marie Curie", "PERSON", "Marie Curie"),
            Entity("e2", "Pierre Curie", "PERSON", "Pierre Curie"),
            Entity("e3", "Paris", "GPE", "Paris"),
            Entity("e4", "Zorbulax", "ORG", None),
            Entity("e5", "Unused", "PERSON", None)]
    def m(word, eid, kind="name"):
        i = TEXT.index(word)
        return Mention(i, i + len(word), word, kind, eid, 0.9, "")
    return Annotation(TEXT, ents, [m("Marie Curie", "e1"), m("Pierre Curie", "e2"),
                                   m("Paris", "e3"), m("She", "e1", "reference"),
                                   m("Zorbulax", "e4")])


ARTICLES = {
    "Marie Curie": Article("Marie Curie", "Physicist and chemist (1867–1934)",
                           "Maria Salomea Skłodowska-Curie was a *Polish* physicist."),
    "Paris": Article("Paris", "Capital of France", "Paris is the capital of France."),
}


def test_groups_sorted_by_mentions_and_unmentioned_left_out():
    groups = grouped_entities(_ann())
    assert [(e.name, n) for e, n in groups["person"]] == [("Marie Curie", 2), ("Pierre Curie", 1)]
    assert [e.name for e, _ in groups["place"]] == ["Paris"]
    assert [e.name for e, _ in groups["org"]] == ["Zorbulax"]
    assert group_of("NORP") == "other" and group_of("WORK_OF_ART") == "other"


def test_markdown_has_entries_links_and_attribution():
    md = glossary_markdown(_ann(), title="Test", source="/tmp/x.md", article=ARTICLES.get)
    assert md.startswith("# Glossary: Test")
    assert "## People" in md and "## Places" in md and "## Organisations" in md
    assert "- **Marie Curie** — *Physicist and chemist (1867–1934)* (2 mentions)" in md
    assert "\\*Polish\\*" in md  # Markdown characters in summaries are escaped
    assert "(https://en.wikipedia.org/wiki/Marie_Curie)" in md
    assert "**Zorbulax** — Organisation, not in the knowledge base (1 mention)" in md
    assert "Pierre Curie" in md  # linked, but no summary at hand: still listed
    tail = md.split("## Attribution", 1)[1]
    assert "CC BY-SA 4.0" in tail and "“Paris”" in tail and "Unused" not in md


def test_empty_annotation():
    md = glossary_markdown(Annotation("nothing here"))
    assert "No names were found." in md and "Attribution" not in md


def _said_ann() -> Annotation:
    from glossator.core.nlp.types import TextDescriptor

    text = "The mining firm Zorbulax said no. Zorbulax is a commodity trader. Paris agreed."
    firm = text.index("mining firm")
    trader = text.index("a commodity trader")
    ents = [Entity("e1", "Zorbulax", "ORG", None, descriptors=[
                TextDescriptor("mining firm", "modifier", firm, firm + 11, "premodifier"),
                TextDescriptor("a commodity trader", "definition", trader, trader + 18,
                               "copula")],
                spellings=["Zorbulax"], first_sentence="The mining firm Zorbulax said no.",
                first_sentence_start=0),
            Entity("e2", "Paris", "GPE", "Paris", 0.99, spellings=["Paris"],
                   descriptors=[TextDescriptor("capital", "modifier", 0, 0, "premodifier")],
                   first_sentence="Paris agreed.", first_sentence_start=text.index("Paris"))]
    mentions = [Mention(text.index("Zorbulax"), text.index("Zorbulax") + 8, "Zorbulax",
                        "name", "e1", 0.9, ""),
                Mention(text.index("Paris"), text.index("Paris") + 5, "Paris", "name", "e2",
                        0.9, "")]
    return Annotation(text, ents, mentions)


def test_markdown_says_what_the_text_says():
    md = glossary_markdown(_said_ann(), article=ARTICLES.get)
    assert "  In this text: mining firm · “a commodity trader”" in md
    assert "  First mentioned: “The mining firm Zorbulax said no.”" in md
    # A linked name: what the text says beside the summary, not its first sentence.
    assert "  In this text: capital" in md and "“Paris agreed.”" not in md


def test_html_says_what_the_text_says_in_plain_words():
    from glossator.core.export.html import annotation_html

    page = annotation_html(_said_ann(), article=ARTICLES.get)
    assert "In this text: mining firm · “a commodity trader”" in page
    assert "First mentioned: “The mining firm Zorbulax said no.”" in page
    assert "(Organisation)" in page and "(Place)" in page
    assert "(ORG)" not in page and "(GPE)" not in page
