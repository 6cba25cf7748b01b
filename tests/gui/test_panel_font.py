"""The side panel's text follows the reading font size: zoom and the setting (issue 15)."""

from __future__ import annotations

import pytest

from tests.gui.conftest import open_and_wait


def test_zoom_and_the_font_size_setting_resize_the_panel_text(qtbot, fake_window):
    from glossator.gui.settings import DEFAULT_FONT_SIZE

    window = fake_window
    state = open_and_wait(qtbot, window)
    window.explain(next(m for m in state.mentions if m.text == "Marie Curie"))
    panel = window.panel
    assert window.settings.font_size == DEFAULT_FONT_SIZE
    summary = panel.summary.font().pointSizeF()
    title = panel.title.font().pointSizeF()
    mentions = panel.mentions.font().pointSizeF()
    height = panel.summary.sizeHint().height()
    for _ in range(3):
        window.zoom(1)  # Ctrl++
    scale = (DEFAULT_FONT_SIZE + 3) / DEFAULT_FONT_SIZE
    assert panel.summary.font().pointSizeF() == pytest.approx(summary * scale)
    assert panel.title.font().pointSizeF() == pytest.approx(title * scale)
    assert panel.mentions.font().pointSizeF() == pytest.approx(mentions * scale)
    assert panel.summary.sizeHint().height() > height
    assert panel.quote.font().italic()  # each text keeps its style
    window.zoom(0)  # Ctrl+0
    assert panel.summary.font().pointSizeF() == pytest.approx(summary)
    window.settings.font_size = 20  # the Settings dialog's font size
    assert panel.summary.font().pointSizeF() == pytest.approx(summary * 20 / DEFAULT_FONT_SIZE)
    assert panel.title.font().pointSizeF() == pytest.approx(title * 20 / DEFAULT_FONT_SIZE)
