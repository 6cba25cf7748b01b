"""The toolbar, the "names only" density, F6 between panes, Tab out of the text (issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QToolButton

from glossator.gui.settings import DENSITIES, DENSITY_LABELS
from glossator.gui.themes import stylesheet
from tests.gui.conftest import open_and_wait
from tests.gui.test_navigation import long_text, make_document


def _buttons(window):
    return [b for b in window.toolbar.findChildren(QToolButton)
            if b.isVisible() and b.objectName() != "qt_toolbar_ext_button"]


def test_the_toolbar_has_every_button_with_a_tooltip_and_an_accessible_name(qtbot, fake_window):
    window = fake_window
    open_and_wait(qtbot, window)
    buttons = _buttons(window)
    labels = [b.text() for b in buttons]
    for label in ("Open", "Back", "Forward", "Find", "A\u2212", "A+", "Offline", "Who's who",
                  "Explanation"):
        assert label in labels, labels
    assert any(t.startswith("Underline:") for t in labels)
    for b in buttons:
        assert b.toolTip(), b.text()
        assert b.accessibleName(), b.text()
        assert b.focusPolicy() & Qt.FocusPolicy.TabFocus  # reachable from the keyboard
    by_label = dict(zip(labels, buttons, strict=True))
    # The tooltip names the key.
    assert "Ctrl+O" in by_label["Open"].toolTip()
    assert not by_label["Back"].isEnabled()
    # Text size.
    size = window.settings.font_size
    by_label["A+"].click()
    assert window.settings.font_size == size + 1
    by_label["A\u2212"].click()
    assert window.settings.font_size == size
    # The panels.
    by_label["Who's who"].click()
    assert window.whos_dock.isVisible()
    by_label["Who's who"].click()
    assert not window.whos_dock.isVisible()
    by_label["Explanation"].click()
    assert window.panel_dock.isVisible()
    by_label["Find"].click()
    assert window.find_bar.isVisible()


def test_online_and_offline_is_a_state_you_see_and_click(qtbot, fake_window):
    window = fake_window
    button = window.online_button
    assert not window.settings.online
    assert button.text() == "Offline" and not button.isChecked()
    assert "offline" in button.accessibleName()
    offline_icon = button.icon().pixmap(16, 16).toImage()
    button.click()
    assert window.settings.online
    assert button.text() == "Online" and button.isChecked()
    assert "online" in button.accessibleName() and "Click to work offline" in button.toolTip()
    assert window.online_action.isChecked()  # the menu says the same
    assert button.icon().pixmap(16, 16).toImage() != offline_icon
    window.online_action.trigger()  # from the menu: the button follows
    assert not window.settings.online and button.text() == "Offline"


def test_names_only_underlines_names_but_not_references(qtbot, fake_window):
    window = fake_window
    assert DENSITIES.index("names") == DENSITIES.index("unknown") + 1
    assert "names" in DENSITY_LABELS["names"].lower()
    state = open_and_wait(qtbot, window)
    reader = window.reader
    text = state.document.text
    she = text.index(" she ") + 1
    curie = text.index("Marie Curie")
    window.settings.density = "names"
    reader.flush()
    assert reader.underline_at(she) is None
    assert reader.underline_at(curie) is not None
    assert all(m.kind == "name" for m in reader.visible_mentions())
    assert window.toolbar.density_button.text() == "Underline: Names only"
    checked = [a.data() for a in window.density_group.actions() if a.isChecked()]
    assert checked == ["names"]
    # Names I know are left alone too, as with "only what I have not marked as known".
    window.set_known(state.entity_of(reader.mention_at(curie)), True)
    reader.flush()
    assert reader.underline_at(curie) is None
    window.settings.density = "all"
    reader.flush()
    assert reader.underline_at(she) is not None and reader.underline_at(curie) is not None
    # The density button's menu chooses.
    menu_actions = window.toolbar.density_button.menu().actions()
    assert [a.data() for a in menu_actions] == list(DENSITIES)
    next(a for a in menu_actions if a.data() == "names").trigger()
    assert window.settings.density == "names"


def _focus_pane(window):
    focus = QApplication.focusWidget()
    for name, pane in window.panes():
        if focus is pane or pane.isAncestorOf(focus):
            return name
    return None


def test_f6_cycles_the_panes_and_reaches_their_buttons(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    mention = next(m for m in state.mentions if m.kind == "name")
    window.explain(mention)
    window.whos_dock.show()
    window.reader.setFocus()
    qtbot.waitUntil(lambda: window.reader.hasFocus(), timeout=3000)
    assert [n for n, _ in window.panes()] == ["Text", "Explanation panel", "Who's who",
                                              "Toolbar"]
    seen = []
    for _ in range(4):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_F6)
        seen.append(_focus_pane(window))
    assert seen == ["Explanation panel", "Who's who", "Toolbar", "Text"]
    assert window.reader.hasFocus()
    qtbot.keyClick(window.reader, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
    assert _focus_pane(window) == "Toolbar"
    assert isinstance(QApplication.focusWidget(), QToolButton)
    assert "F6" in window.statusBar().currentMessage()
    # In the panel, Tab reaches its buttons.
    window.cycle_pane(1)  # the text
    window.cycle_pane(1)  # the explanation panel
    assert _focus_pane(window) == "Explanation panel"
    reached = set()
    for _ in range(30):
        widget = QApplication.focusWidget()
        if widget is None or not window.panel_dock.isAncestorOf(widget):
            break
        reached.add(widget)
        qtbot.keyClick(widget, Qt.Key.Key_Tab)
    buttons = [b for b in window.panel.findChildren(type(window.cancel_button))
               if b.isVisible() and b.isEnabled()]
    assert buttons and all(b in reached for b in buttons)


def test_tab_walks_the_underlines_on_screen_then_leaves_the_text(qtbot, fake_window):
    window = fake_window
    window.settings.density = "all"
    open_and_wait(qtbot, window, make_document(long_text(200)))
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    reader = window.reader
    reader.setFocus()
    qtbot.waitUntil(reader.hasFocus, timeout=3000)
    top, bottom = reader.first_visible_offset(), reader.last_visible_offset()
    on_screen = [m for m in reader.visible_mentions() if m.start >= top and m.end <= bottom]
    assert 3 < len(on_screen) < len(reader.visible_mentions())
    focused = []
    for _ in range(len(on_screen) + 1):
        qtbot.keyClick(QApplication.focusWidget(), Qt.Key.Key_Tab)
        if not reader.hasFocus():
            break
        focused.append(reader.focused)
    assert not reader.hasFocus()  # out of the text after the last underline on screen
    assert focused == on_screen
    assert reader.verticalScrollBar().value() == 0  # Tab never scrolled through the book
    # Back in with Shift+Tab: the last underline on screen.
    reader.setFocus(Qt.FocusReason.BacktabFocusReason)
    assert reader.focused == on_screen[-1]
    window.online_button.setFocus()
    reader.setFocus(Qt.FocusReason.TabFocusReason)
    assert reader.focused == on_screen[0]
    # Ctrl+Tab leaves at once; N still walks the whole text.
    qtbot.keyClick(reader, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    assert not reader.hasFocus()
    reader.setFocus()
    for _ in range(len(on_screen) + 2):
        qtbot.keyClick(reader, Qt.Key.Key_N)
    assert reader.hasFocus() and reader.focused not in on_screen


def test_focus_is_visible(fake_window):
    sheet = stylesheet(fake_window.theme)
    accent = fake_window.theme.accent
    assert f"QTextEdit#reader:focus {{ border: 2px solid {accent}; }}" in sheet
    assert f"QToolButton:focus {{ border: 2px solid {accent}; }}" in sheet
    # The reader's border is there when unfocused too (in the page colour): focusing it
    # does not move the text.
    assert f"border: 2px solid {fake_window.theme.background}" in sheet
