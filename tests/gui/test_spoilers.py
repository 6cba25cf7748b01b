"""Spoiler-safe reading (issue 13 item 3): the panels show only what the text has said so far.

A story of several screens introduces a character late, with what the text says about him;
with the option on, the who's-who, the hover card and the side panel know only the part read
(the furthest point reached, remembered per document), and follow as the reader scrolls.
"""

from __future__ import annotations

from glossator.core.documents.model import Block, Document
from glossator.core.models import Article
from glossator.core.nlp.types import Annotation, Entity, Mention, TextDescriptor
from glossator.gui.docstate import DocState
from glossator.gui.explain import card_for
from glossator.gui.spoilers import LATER, so_far
from tests.gui.feed import bare_window, feed

FILLER = ("The rain kept on through the afternoon and the harbour lay grey and quiet, the "
          "boats knocking softly against the wall while nobody came or went.")


def story() -> tuple[Document, Annotation, dict[str, Article]]:
    """Mara in Lisbon from the start; a stranger referred to early, named late as Colonel
    Ahmed Salih, the strongman of the south, later written Saleh."""
    paras = ["Mara Quint walked along the quay in Lisbon. A stranger watched her from the "
             "café; he did not look away."]
    paras += [f"{FILLER} Mara waited." for _ in range(40)]
    paras.append("At last the stranger stood. He was Colonel Ahmed Salih, the strongman of "
                 "the south, and he had come for her.")
    paras += [f"{FILLER} Saleh smiled at Mara." for _ in range(3)]
    text = "\n\n".join(paras)
    blocks, pos = [], 0
    for p in paras:
        blocks.append(Block("paragraph", pos, pos + len(p)))
        pos += len(p) + 2
    doc = Document(text=text, blocks=blocks, title="The Quay", format="text",
                   source="/tmp/spoiler-story.txt")

    mentions: list[Mention] = []

    def add(word: str, kind: str, eid: str, start_at: int = 0) -> int:
        at = text.index(word, start_at)
        mentions.append(Mention(at, at + len(word), word, kind, eid, 0.9, f"about {word}"))
        return at

    start = 0
    while (at := text.find("Mara", start)) >= 0:
        name = "Mara Quint" if text.startswith("Mara Quint", at) else "Mara"
        mentions.append(Mention(at, at + len(name), name, "name", "e1", 0.9, "name"))
        start = at + len(name)
    add("Lisbon", "name", "e2")
    he = text.index(" he did") + 1
    mentions.append(Mention(he, he + 2, "he", "reference", "e3", 0.7,
                            "'he' most likely means Ahmed Salih"))
    named = add("Ahmed Salih", "name", "e3")
    colonel = text.index("Colonel")
    strongman = text.index("the strongman of the south")
    start = named
    while (at := text.find("Saleh", start)) >= 0:
        mentions.append(Mention(at, at + 5, "Saleh", "name", "e3", 0.9, "spelling"))
        start = at + 5
    mentions.sort(key=lambda m: m.start)
    sentence_start = text.index("He was Colonel")
    entities = [
        Entity("e1", "Mara Quint", "PERSON", spellings=["Mara Quint", "Mara"],
               first_sentence="Mara Quint walked along the quay in Lisbon.",
               first_sentence_start=0),
        Entity("e2", "Lisbon", "GPE", kb_title="Lisbon", confidence=0.97,
               spellings=["Lisbon"]),
        Entity("e3", "Ahmed Salih", "PERSON",
               descriptors=[TextDescriptor("Colonel", "title", colonel, colonel + 7, "title"),
                            TextDescriptor("the strongman of the south", "apposition",
                                           strongman, strongman + 26, "appositive")],
               spellings=["Ahmed Salih", "Saleh"],
               first_sentence="He was Colonel Ahmed Salih, the strongman of the south, and "
                              "he had come for her.",
               first_sentence_start=sentence_start),
    ]
    articles = {"Lisbon": Article("Lisbon", "Capital of Portugal",
                                  "Lisbon is the capital and largest city of Portugal.",
                                  layer="starter")}
    return doc, Annotation(text, entities, mentions), articles


# ------------------------------------------------------------------ the filter


def test_an_entity_as_read_so_far():
    doc, ann, _ = story()
    salih = ann.entity("e3")
    mine = sorted((m for m in ann.mentions if m.entity == "e3"), key=lambda m: m.start)
    named_at = doc.text.index("Ahmed Salih")
    assert so_far(salih, mine, None) is salih
    # Only "he" before the name: not named yet.
    assert so_far(salih, mine, named_at - 5) is None
    # Just after the name: the title is there, the apposition not yet, nor "Saleh".
    shown = so_far(salih, mine, named_at + len("Ahmed Salih"))
    assert [d.text for d in shown.descriptors] == ["Colonel"]
    assert shown.spellings == ["Ahmed Salih"]
    assert shown.first_sentence  # it starts before the limit
    everything = so_far(salih, mine, len(doc.text))
    assert everything is salih


def test_the_fullest_name_so_far_when_the_full_name_comes_later():
    e = Entity("e1", "Ahmed Salih", "PERSON", spellings=["Salih", "Ahmed Salih"])
    ms = [Mention(10, 15, "Salih", "name", "e1", 0.9, ""),
          Mention(90, 101, "Ahmed Salih", "name", "e1", 0.9, "")]
    shown = so_far(e, ms, 50)
    assert shown.name == "Salih" and shown.spellings == ["Salih"]


def test_docstate_groups_counts_and_coverage_so_far():
    doc, ann, articles = story()
    state = DocState(doc)
    state.add_part(ann.mentions, ann.entities, articles)
    whole = {e.name: n for rows in state.grouped().values() for e, n in rows}
    assert "Ahmed Salih" in whole
    state.read_to = doc.text.index("At last")
    early = {e.name: n for rows in state.grouped().values() for e, n in rows}
    assert "Ahmed Salih" not in early
    assert early["Mara Quint"] < whole["Mara Quint"]
    assert early["Mara Quint"] == sum(1 for m in ann.mentions
                                      if m.entity == "e1" and m.start < state.read_to)
    assert state.coverage().names == 2  # Mara, Lisbon
    state.read_to = None
    assert state.coverage().names == 3


# ------------------------------------------------------------------ the window


def _rows(window) -> dict[str, int]:
    window.whos_who.rebuild()
    return {name: n for rows in window.whos_who.rows().values() for name, n in rows}


def _open(qtbot, settings):
    window = bare_window(settings)
    qtbot.addWidget(window)
    doc, ann, articles = story()
    window.show_document(doc)
    feed(window, ann, articles)
    window.whos_dock.show()
    return window, doc, ann


def test_off_by_default_everything_shows(qtbot, settings):
    assert settings.spoiler_safe is False
    window, _doc, _ann = _open(qtbot, settings)
    assert not window.spoiler_action.isChecked()
    assert "Ahmed Salih" in _rows(window)
    assert window.state.read_to is None
    window.close()


def test_spoiler_safe_follows_the_furthest_point_read(qtbot, settings):
    settings.spoiler_safe = True
    window, doc, ann = _open(qtbot, settings)
    reader = window.reader
    assert window.spoiler_action.isChecked()
    assert reader.verticalScrollBar().value() == 0
    read = window.read_to()
    assert 0 < read < doc.text.index("At last")
    rows = _rows(window)
    assert "Ahmed Salih" not in rows and "Mara Quint" in rows and "Lisbon" in rows
    assert rows["Mara Quint"] == sum(1 for m in ann.mentions
                                     if m.entity == "e1" and m.start < read)
    assert "so far" in window.status_label.text()
    assert window.status_label.text().startswith("1 of 2 names explained; 1 not in your "
                                                 "knowledge so far")

    # "he", early on: the card does not say who he is.
    he = next(m for m in ann.mentions if m.kind == "reference")
    card = card_for(window.state, he)
    assert card.description == LATER
    assert "Salih" not in " ".join((card.title, card.note, card.said, card.quote))
    window.explain(he)
    assert window.panel.description.text() == LATER
    assert "Salih" not in window.panel.refers.text()

    # The KB summary is no spoiler of the text: it stays.
    lisbon = next(m for m in ann.mentions if m.entity == "e2")
    assert card_for(window.state, lisbon).summary.startswith("Lisbon is the capital")

    # Scroll to the naming: he appears, with the title and the apposition, not "Saleh" yet.
    named = doc.text.index("Ahmed Salih")
    reader.show_position(doc.text.index("At last"))
    qtbot.waitUntil(lambda: window.read_to() > named + 40, timeout=3000)
    qtbot.waitUntil(lambda: "Ahmed Salih" in _rows(window), timeout=3000)
    salih = window.state.shown(window.state.entities["e3"])
    assert [d.text for d in salih.descriptors] == ["Colonel", "the strongman of the south"]
    saleh_at = doc.text.index("Saleh")
    if window.read_to() < saleh_at:
        assert salih.spellings == ["Ahmed Salih"]
        assert "Saleh" not in window.whos_who.item_for("e3").toolTip(0)
    assert "Colonel" in window.whos_who.role_of("e3")
    window.explain(he)  # the early "he" now says who
    assert "Ahmed Salih" in window.panel.refers.text()

    # Back to the top: what was read stays read (the furthest point).
    furthest = window.read_to()
    reader.verticalScrollBar().setValue(0)
    qtbot.wait(400)
    assert window.read_to() == furthest
    assert "Ahmed Salih" in _rows(window)

    # Remembered per document: opened again, the furthest point is still there.
    window.save_position()
    assert settings.furthest(window._doc_key) == furthest
    window.show_document(doc)
    feed(window, ann)
    assert window.read_to() >= furthest
    assert "Ahmed Salih" in _rows(window)

    # After a jump too far: View ▸ Read only up to here.
    reader.verticalScrollBar().setValue(0)
    window.read_only_to_here()
    assert window.read_to() < named
    assert "Ahmed Salih" not in _rows(window)

    # Off: everything again, at once.
    window.spoiler_action.trigger()
    assert settings.spoiler_safe is False
    assert window.state.read_to is None
    assert "Ahmed Salih" in _rows(window)
    assert "Ahmed Salih" in card_for(window.state, he).note
    window.close()


def test_the_panel_lists_only_the_mentions_so_far(qtbot, settings):
    settings.spoiler_safe = True
    window, doc, ann = _open(qtbot, settings)
    mara = window.state.entities["e1"]
    window._show_entity(mara)
    read = window.read_to()
    so_far_count = sum(1 for m in ann.mentions if m.entity == "e1" and m.start < read)
    assert window.panel.mentions.count() == so_far_count
    assert window.panel.mentions_label.text() == f"Mentions in this text so far ({so_far_count})"
    # Reading on updates the open panel without a new click.
    window.reader.show_position(doc.text.index("At last"))
    qtbot.waitUntil(lambda: window.panel.mentions.count() > so_far_count, timeout=3000)
    window.close()


def test_the_settings_dialog_has_the_spoiler_safe_checkbox_of_the_view_menu(qtbot, settings):
    from glossator.gui.dialogs import SettingsDialog

    window = bare_window(settings)
    qtbot.addWidget(window)
    dialog = SettingsDialog(settings, window)
    qtbot.addWidget(dialog)
    assert not dialog.spoiler_safe.isChecked()
    dialog.spoiler_safe.setChecked(True)
    dialog.accept()
    assert settings.spoiler_safe
    assert window.spoiler_action.isChecked()  # View ▸ Spoiler-safe reading follows
    window.spoiler_action.trigger()  # and the menu is the same setting
    assert not settings.spoiler_safe
    again = SettingsDialog(settings, window)
    qtbot.addWidget(again)
    assert not again.spoiler_safe.isChecked()
    window.close()
