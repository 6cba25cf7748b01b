"""The who's who list's tooltips: a NIL name with a likely enough "perhaps" is not said to
be missing from the knowledge base (as on its card and in the side panel)."""

from __future__ import annotations

from glossator.core.nlp.types import Alternative, Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.whoswho import WhosWho
from tests.gui.conftest import make_document

TEXT = "Valencia won on Sunday. Zorbulax Quentin scored twice."


def test_a_nil_name_with_a_perhaps_is_not_said_to_be_missing(qtbot):
    doc = make_document(TEXT)
    state = DocState(doc)
    v, z = TEXT.index("Valencia"), TEXT.index("Zorbulax Quentin")
    entities = [Entity("e1", "Valencia", "ORG", kb_title=None, confidence=0.65,
                       alternatives=[Alternative("Valencia", 0.35)]),
                Entity("e2", "Zorbulax Quentin", "PERSON", kb_title=None, confidence=1.0)]
    mentions = [Mention(v, v + 8, "Valencia", "name", "e1", 0.65, ""),
                Mention(z, z + 16, "Zorbulax Quentin", "name", "e2", 1.0, "")]
    state.add_part(mentions, entities, {})
    panel = WhosWho()
    qtbot.addWidget(panel)
    panel.missing_hint = "Not in your knowledge: attach a Wikipedia ZIM (K)."
    panel.set_state(state)
    panel.rebuild()
    valencia = panel.item_for("e1").toolTip(0)
    assert "not sure your knowledge base has it" in valencia
    assert "Perhaps \u201cValencia\u201d (35%)" in valencia
    assert valencia.endswith("If not, attach a Wikipedia ZIM (K).")
    assert "Not in your knowledge" not in valencia
    stranger = panel.item_for("e2").toolTip(0)
    assert "not in your knowledge" in stranger and "Perhaps" not in stranger
    assert stranger.endswith("Not in your knowledge: attach a Wikipedia ZIM (K).")
