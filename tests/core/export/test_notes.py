"""Export notes: the reader's known names and chosen links, and what the KB lacks."""

from __future__ import annotations

from glossator.core.export.notes import notes_markdown
from glossator.core.nlp.types import Annotation, Entity, Mention, TextDescriptor


def _ann() -> Annotation:
    salih = Entity("e2", "Ahmed Salih", "PERSON", spellings=["Ahmed Salih", "Saleh"],
                   descriptors=[TextDescriptor("Colonel", "title", 0, 7)])
    ents = [Entity("e1", "Paris", "GPE", "Paris", 0.9), salih,
            Entity("e3", "Mercury", "PERSON", "Freddie Mercury", 0.7),
            Entity("e4", "Borg_*", "PERSON")]
    ms = [Mention(0, 5, "Paris", "name", "e1", 0.9, ""),
          Mention(8, 19, "Ahmed Salih", "name", "e2", 0.0, ""),
          Mention(30, 35, "Saleh", "name", "e2", 0.0, ""),
          Mention(40, 47, "Mercury", "name", "e3", 0.7, ""),
          Mention(50, 56, "Borg_*", "name", "e4", 0.0, "")]
    return Annotation("x" * 60, ents, ms)


def test_known_names_chosen_links_and_the_missing_with_what_the_text_says():
    md = notes_markdown(_ann(), title="News", source="news.txt",
                        known=lambda e: e.id == "e1", chosen={"e3": "Freddie Mercury"})
    assert md.startswith("# Notes: News\n\nSource: news.txt\n\n2 of 4 names explained; "
                         "2 not in your knowledge.")
    assert "## Links I chose\n\n- **Mercury** is Freddie Mercury" in md
    assert "## Names I know\n\n- Paris\n" in md
    missing = md.split("## Not in my knowledge base")[1]
    assert missing.index("Ahmed Salih") < missing.index("Borg")  # most used first
    assert "Colonel" in missing and "Saleh" in missing
    assert "Borg\\_\\*" in missing  # Markdown characters escaped
    assert "PERSON" not in md and "Person" in md


def test_nothing_to_note():
    ann = Annotation("Paris", [Entity("e1", "Paris", "GPE", "Paris", 0.9)],
                     [Mention(0, 5, "Paris", "name", "e1", 0.9, "")])
    assert "No notes yet" in notes_markdown(ann)
