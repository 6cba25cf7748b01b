"""The Contents pane: the table of contents, jumps that Back undoes, the current chapter
(issue 15)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from glossator.core.documents.model import Document
from tests.core.documents import fixtures
from tests.gui.conftest import make_document, open_and_wait


def _book(qtbot, window, tmp_path):
    path = tmp_path / "curie.epub"
    path.write_bytes(fixtures.epub_bytes(chapters=60))  # a long first chapter
    return open_and_wait(qtbot, window, path=str(path))


def _click(qtbot, tree, item) -> None:
    tree.scrollToItem(item)
    rect = tree.visualItemRect(item)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_the_pane_lists_the_book_nested_and_is_toggled_from_the_view_menu(
        qtbot, fake_window, tmp_path):
    window = fake_window
    _book(qtbot, window, tmp_path)
    pane = window.contents_dock.pane
    tree = pane.tree
    assert [tree.topLevelItem(i).text(0) for i in range(tree.topLevelItemCount())] == [
        "Chapter One: Warsaw", "Chapter Two: Paris"]
    paris = tree.topLevelItem(1)
    assert paris.childCount() == 1 and paris.child(0).text(0) == "The Laboratory"
    assert not window.contents_dock.isVisible()
    toggle = window.contents_dock.toggleViewAction()
    view = next(a.menu() for a in window.menuBar().actions() if a.text() == "&View")
    assert toggle in view.actions() and toggle.shortcut().toString() == "Ctrl+Shift+C"
    toggle.trigger()
    assert window.contents_dock.isVisible()
    assert "Contents" in [name for name, _ in window.panes()]
    window.cycle_pane(1)  # F6 from the text reaches the pane (after the ones before it)
    while window.panes()[window.current_pane()][0] not in ("Contents", "Text"):
        window.cycle_pane(1)
    assert window.panes()[window.current_pane()][0] == "Contents"
    assert tree.hasFocus()


def test_a_click_jumps_back_returns_and_the_current_chapter_follows(
        qtbot, fake_window, tmp_path):
    window = fake_window
    state = _book(qtbot, window, tmp_path)
    doc = state.document
    window.contents_dock.show()
    pane = window.contents_dock.pane
    assert window.reader.first_visible_offset() == 0
    window.contents_dock.follow_now()
    assert pane.current_title() == "Chapter One: Warsaw"
    assert window.contents_dock.chapter_label.text() == "Chapter One: Warsaw"
    lab = pane.tree.topLevelItem(1).child(0)
    target = next(s.start for s in doc.sections if s.title == "The Laboratory")
    _click(qtbot, pane.tree, lab)
    # Near the end of the book the heading cannot reach the top: it is on screen.
    here = window.reader.first_visible_offset()
    assert 1000 < here <= target <= window.reader.last_visible_offset(), (here, target)
    assert doc.text[target:].startswith("The Laboratory")
    assert window.back_action.isEnabled()
    assert pane.current_title() == "The Laboratory"
    assert pane.tree.currentItem() is lab and lab.font(0).bold()
    assert window.contents_dock.chapter_label.text() == "The Laboratory"
    window.back_action.trigger()
    assert window.reader.first_visible_offset() == 0
    qtbot.waitUntil(lambda: pane.current_title() == "Chapter One: Warsaw", timeout=3000)
    assert not lab.font(0).bold()
    window.forward_action.trigger()
    assert window.reader.first_visible_offset() <= target <= window.reader.last_visible_offset()
    # Scrolling by hand moves the highlight too: to the top, then to the very end (a short
    # last chapter never reaches the top of the view, yet becomes the current one).
    bar = window.reader.verticalScrollBar()
    bar.setValue(0)
    qtbot.waitUntil(lambda: pane.current_title() == "Chapter One: Warsaw", timeout=3000)
    bar.setValue(bar.maximum())
    qtbot.waitUntil(lambda: pane.current_title() == "The Laboratory", timeout=3000)
    # A jump to Paris (not at the top: the end of the text is reached first) keeps Paris.
    _click(qtbot, pane.tree, pane.tree.topLevelItem(1))
    assert pane.current_title() == "Chapter Two: Paris"
    # Enter on an entry jumps too.
    first = pane.tree.topLevelItem(0)
    pane.tree.setCurrentItem(first)
    pane.tree.setFocus()
    qtbot.keyClick(pane.tree, Qt.Key.Key_Return)
    assert window.reader.first_visible_offset() == 0


def test_a_text_without_headings_says_so_and_headings_are_the_contents(qtbot, fake_window):
    window = fake_window
    window.contents_dock.show()
    open_and_wait(qtbot, window, Document(text="Just one paragraph about Marie Curie.",
                                          blocks=[], title="Plain", format="text"))
    pane = window.contents_dock.pane
    assert pane.tree.topLevelItemCount() == 0
    assert pane.empty.isVisible() and not pane.tree.isVisible()
    assert not window.contents_dock.chapter_label.isVisible()
    doc = make_document()
    from glossator.core.documents.model import Section

    doc.sections = [Section("The Curies", 2, 1)]
    open_and_wait(qtbot, window, doc)
    assert pane.tree.topLevelItemCount() == 1 and pane.tree.isVisible()
    assert not pane.empty.isVisible()
