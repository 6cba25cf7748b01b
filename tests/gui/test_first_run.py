"""The first-run welcome, Help ▸ Underlines legend and Help ▸ Keyboard shortcuts (issue 15)."""

from __future__ import annotations

from PySide6.QtGui import QAction, QColor, QKeySequence
from PySide6.QtWidgets import QApplication, QLabel

from glossator.gui.mainwindow import open_initial
from glossator.gui.reader import DASHED, DOTTED, SOLID, WAVE
from glossator.gui.shortcuts import TEXT_SECTION, ShortcutsDialog, clean_label, collect
from glossator.gui.themes import load_theme
from glossator.gui.welcome import LegendDialog, LegendView, WelcomeDialog
from tests.gui.conftest import open_and_wait


def _welcomes():
    return [w for w in QApplication.topLevelWidgets()
            if isinstance(w, WelcomeDialog) and w.isVisible()]


def test_the_welcome_is_shown_once_at_the_first_start(qtbot, fake_window, tmp_path):
    window = fake_window
    assert not window.settings.welcomed
    path = tmp_path / "a.md"
    path.write_text("# A\n\nMarie Curie lived in Paris.\n", encoding="utf-8")
    with qtbot.waitSignal(window.annotationDone, timeout=30_000):
        open_initial(window, [str(path)])
    qtbot.waitUntil(lambda: bool(_welcomes()), timeout=3000)
    dialog = _welcomes()[0]
    assert dialog.parent() is window
    assert window.settings.welcomed
    dialog.start_button.click()
    qtbot.waitUntil(lambda: not _welcomes(), timeout=3000)
    # The next start: no welcome, read back from the settings file.
    assert window.maybe_welcome() is None
    from glossator.gui.settings import Settings

    again = Settings(window.settings.file_name)
    assert again.welcomed
    again.font_size = 15  # another write and a fresh read still say so
    again.sync()
    assert Settings(window.settings.file_name).welcomed


def test_the_welcome_says_what_a_student_needs_and_is_reopened_from_help(qtbot, fake_window):
    window = fake_window
    window.settings.welcomed = True
    help_actions = {clean_label(a.text()): a for a in _menu(window, "Help").actions()}
    assert {"Welcome", "Underlines legend", "Keyboard shortcuts"} <= set(help_actions)
    help_actions["Welcome"].trigger()
    qtbot.waitUntil(lambda: bool(_welcomes()), timeout=3000)
    dialog = _welcomes()[0]
    text = " ".join(label.text() for label in dialog.findChildren(QLabel))
    keys = window.open_action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
    assert keys and keys in text  # the real shortcut of File ▸ Open
    for words in ("drag a file", "starter pack", "imports", "ZIM", "Online", "Wikipedia",
                  "Names only"):
        assert words.lower() in text.lower(), words
    assert dialog.legend.isVisible()
    dialog.accept()


def _menu(window, title):
    for action in window.menuBar().actions():
        if clean_label(action.text()) == title:
            return action.menu()
    raise AssertionError(title)


def test_the_legend_draws_the_readers_own_underlines_in_the_themes_colours(qtbot, fake_window):
    window = fake_window
    window.settings.density = "all"
    state = open_and_wait(qtbot, window)
    text = state.document.text
    reader = window.reader
    legend = LegendView(window.theme)
    qtbot.addWidget(legend)
    by_sample = {row.sample: (i, row) for i, row in enumerate(legend.rows)}
    # The reader's underline of a known person, an unknown name and "she" are the legend's.
    curie = reader.underline_at(text.index("Marie Curie"))
    assert curie == by_sample["Marie Curie"][1].style
    assert by_sample["Marie Curie"][1].style[0] == SOLID
    stranger = reader.underline_at(text.index("Zorbulax Quentin"))
    assert stranger == by_sample["Zorbulax Quentin"][1].style
    assert stranger[0] == DASHED
    assert by_sample["Einstein"][1].style[0] == WAVE  # a guess, as the reader draws one
    she = reader.underline_at(text.index(" she ") + 1)
    assert she == by_sample["she"][1].style and she[0] == DOTTED
    # Drawn with Qt's own character formats, as the text is.
    for i, row in enumerate(legend.rows):
        fmt = legend.sample_format_at(i)
        assert fmt.underlineStyle() == row.style[0]
        assert fmt.underlineColor() == QColor(row.style[1])
    # Another theme, other colours: the legend follows it.
    window.settings.theme = "dark"
    dark = LegendDialog(window.theme, parent=window)
    qtbot.addWidget(dark)
    assert window.theme.name == load_theme("dark").name
    assert dark.legend.sample_format_at(0).underlineColor() == QColor(load_theme("dark").person)
    assert dark.legend.sample_format_at(0).underlineColor() != QColor(load_theme("light").person)


def test_help_underlines_legend_opens(qtbot, fake_window):
    window = fake_window
    dialog = window.show_legend()
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert isinstance(dialog, LegendDialog)
    assert len(dialog.legend.rows) == 8
    assert dialog.legend.height() >= dialog.legend.document().size().height()
    dialog.reject()


def test_keyboard_shortcuts_are_read_from_the_actions(qtbot, fake_window):
    window = fake_window
    shortcuts = collect(window.menuBar())
    listed = {(s.label, s.keys) for s in shortcuts}
    # Every menu action with a shortcut is listed, with its real keys.
    in_menus = 0
    for menu_action in window.menuBar().actions():
        for action in _all_actions(menu_action.menu()):
            if action.shortcuts():
                in_menus += 1
                keys = ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                                 for k in action.shortcuts())
                assert (clean_label(action.text()), keys) in listed, action.text()
    assert in_menus == sum(1 for s in shortcuts if s.section != TEXT_SECTION)
    sections = {s.label: s.section for s in shortcuts}
    assert sections["Next pane"] == "Go" and sections["Back"] == "Go"
    assert sections["Who's who"] == "View"
    assert any(s.section == TEXT_SECTION and "Tab" in s.keys for s in shortcuts)
    # A shortcut changed in code is changed on the page: nothing is kept by hand.
    window.find_action.setShortcut(QKeySequence("Ctrl+Alt+J"))
    relisted = {s.label: s.keys for s in collect(window.menuBar())}
    assert relisted["Find in text"] == QKeySequence("Ctrl+Alt+J").toString(
        QKeySequence.SequenceFormat.NativeText)
    dialog = window.show_shortcuts()
    qtbot.waitUntil(dialog.isVisible, timeout=3000)
    assert isinstance(dialog, ShortcutsDialog)
    rows = sum(dialog.tree.topLevelItem(i).childCount()
               for i in range(dialog.tree.topLevelItemCount()))
    assert rows == len(dialog.shortcuts)
    dialog.reject()


def _all_actions(menu):
    for action in menu.actions():
        if action.menu() is not None:
            yield from _all_actions(action.menu())
        elif not action.isSeparator() and isinstance(action, QAction):
            yield action
