"""The side panel of a reference: compact and top-aligned, its link named after the article."""

from __future__ import annotations

from itertools import pairwise

from glossator.core.models import Article
from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import DocState
from glossator.gui.sidepanel import SidePanel
from tests.gui.conftest import make_document

TEXT = ("Russia said on Monday that it would respond. Russian officials said she would "
        "not wait.")


def _panel(qtbot) -> SidePanel:
    panel = SidePanel()
    qtbot.addWidget(panel)
    panel.resize(340, 820)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def _state(name: str = "Russian", confidence: float = 0.95) -> tuple[DocState, dict]:
    doc = make_document(TEXT)
    state = DocState(doc)
    russia = Entity("e1", name, "GPE", kb_title="Russia", confidence=confidence)
    at = {w: TEXT.index(w) for w in ("Russia ", " it ", "Russian", " she ")}
    mentions = {
        "Russia": Mention(at["Russia "], at["Russia "] + 6, "Russia", "name", "e1", 0.95, ""),
        "it": Mention(at[" it "] + 1, at[" it "] + 3, "it", "reference", "e1", 0.8,
                      "'it': Russia, the nearest earlier place"),
        "Russian": Mention(at["Russian"], at["Russian"] + 7, "Russian", "name", "e1", 0.95, ""),
        "she": Mention(at[" she "] + 1, at[" she "] + 4, "she", "reference", None, 0.3,
                       "'she': unclear, no woman is named nearby"),
    }
    state.add_part(sorted(mentions.values(), key=lambda m: m.start), [russia], {
        "Russia": Article("Russia", description="Country in Eastern Europe",
                          extract="Russia is a country.")})
    return state, mentions


def test_an_unclear_reference_is_compact_and_at_the_top(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state()
    panel.show_mention(state, mentions["she"], known=False)
    qtbot.wait(50)
    shown = [w for w in (panel.refers, panel.title, panel.description) if w.isVisible()]
    assert shown == [panel.refers, panel.title, panel.description]
    # One after the other, a line's spacing apart, not spread over the panel's height.
    for above, below in pairwise(shown):
        gap = below.geometry().top() - above.geometry().bottom()
        assert 0 <= gap <= 16, (above.objectName(), below.objectName(), gap)
    assert panel.description.geometry().bottom() < panel.height() // 3
    for w in shown:
        assert w.height() <= w.sizeHint().height() + 8, w.objectName()


def test_a_reference_to_a_country_shows_the_article_not_the_adjective(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state(name="Russian")
    panel.show_mention(state, mentions["it"], known=False)
    assert "Show Russia</a>" in panel.refers.text()
    assert "Show Russian" not in panel.refers.text()
    assert panel.title.text() == "Russia"


def test_a_guessed_link_is_named_by_the_text(qtbot):
    panel = _panel(qtbot)
    state, mentions = _state(name="Moskva", confidence=0.4)
    panel.show_mention(state, mentions["it"], known=False)
    assert "Show Moskva</a>" in panel.refers.text()
