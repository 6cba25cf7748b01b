"""Back / forward after jumps, reading progress, reopening at the last position (issue 15)."""

from __future__ import annotations

from pathlib import Path

from glossator.gui.docstate import document_key
from glossator.gui.navigation import NavigationHistory
from glossator.gui.settings import Settings
from tests.gui.conftest import ARTICLE, make_document, open_and_wait

FILLER = ("The laboratory was cold and the work was slow, and the notebooks filled with "
          "figures that nobody else would read for years. ")


def long_text(paragraphs: int = 60) -> str:
    parts = [ARTICLE.rstrip("\n")]
    for i in range(paragraphs):
        parts.append(f"Part {i}. " + FILLER * 3)
    parts.append("At the very end Albert Einstein wrote to Zorbulax Quentin about radium.")
    return "\n\n".join(parts) + "\n"


def test_history_back_forward_and_a_new_jump_forgets_the_way_forward():
    h = NavigationHistory()
    assert not h.can_go_back and not h.can_go_forward
    assert h.back(5) is None and h.forward(5) is None
    h.push(0)
    h.push(1000)
    assert h.back(2000) == 1000
    assert h.back(1000) == 0
    assert not h.can_go_back and h.can_go_forward
    assert h.forward(0) == 1000
    assert h.forward(1000) == 2000
    assert not h.can_go_forward
    h.back(2000)
    h.push(1500)  # a new jump: the way forward is gone
    assert not h.can_go_forward
    h.push(1510)  # the same place again is not a second step
    assert h.back_positions == [0, 1500]
    h.clear()
    assert not h.can_go_back


def test_a_jump_from_whos_who_can_be_undone_with_back_and_redone_with_forward(
        qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window, make_document(long_text()))
    assert not window.back_action.isEnabled() and not window.forward_action.isEnabled()
    last = max((m for m in state.mentions if m.kind == "name"), key=lambda m: m.start)
    window.whos_who.jumpRequested.emit(last)
    assert window.reader.focused == last
    # The panel explains it: no hover card over the lines under it, now or after the delay.
    qtbot.wait(window.card._show_timer.interval() + 50)
    assert not window.card.isVisible()
    assert window.reader.first_visible_offset() > 1000
    assert window.back_action.isEnabled()
    there = window.reader.first_visible_offset()
    window.back_action.trigger()
    assert window.reader.first_visible_offset() == 0
    assert window.forward_action.isEnabled() and not window.back_action.isEnabled()
    window.forward_action.trigger()
    assert abs(window.reader.first_visible_offset() - there) < 200
    assert window.back_action.isEnabled()


def test_a_jump_to_a_mention_already_on_screen_is_not_a_step(qtbot, fake_window):
    window = fake_window
    state = open_and_wait(qtbot, window, make_document(long_text()))
    first = next(m for m in state.mentions if m.kind == "name")
    window.jump_to(first)
    assert not window.back_action.isEnabled()


def test_a_find_that_moves_the_view_is_one_step_back(qtbot, fake_window):
    window = fake_window
    open_and_wait(qtbot, window, make_document(long_text()))
    window.open_find()
    window.find_bar.field.setText("very end")
    assert window.reader.first_visible_offset() > 1000
    assert window.history.back_positions == [0]
    window.find_bar.field.setText("laboratory")  # more matches in the same search: no more steps
    window.find_bar.next()
    window.find_bar.next()
    assert window.history.back_positions == [0]
    window.close_panels()
    window.go_back()
    assert window.reader.first_visible_offset() == 0


def test_reading_progress_in_the_status_bar(qtbot, fake_window):
    window = fake_window
    open_and_wait(qtbot, window, make_document(long_text()))
    assert window.reading_progress.isVisible()
    assert window.reading_progress.text() == "0% read"
    assert window.reading_progress.accessibleName() == "Reading progress"
    bar = window.reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    assert window.reading_percent() == 50
    assert window.reading_progress.text() == "50% read"
    bar.setValue(bar.maximum())
    assert window.reading_progress.text() == "100% read"


def test_every_document_reopens_at_its_last_position(qtbot, fake_window, tmp_path: Path):
    window = fake_window
    one = tmp_path / "one.md"
    one.write_text(long_text(), encoding="utf-8")
    two = tmp_path / "two.md"
    two.write_text(long_text(40), encoding="utf-8")
    open_and_wait(qtbot, window, path=str(one))
    text = window.state.document.text
    window.reader.scroll_to_offset(text.index("Part 30."), top=True)
    qtbot.wait(50)  # the view lays the text out again before it says what is at its top
    where_one = window.reader.first_visible_offset()
    assert where_one > 1000
    open_and_wait(qtbot, window, path=str(two))  # leaving one remembers where
    assert window.reader.first_visible_offset() == 0  # two was never read
    window.reader.scroll_to_offset(window.state.document.text.index("Part 12."), top=True)
    qtbot.wait(50)
    where_two = window.reader.first_visible_offset()
    open_and_wait(qtbot, window, path=str(one))
    assert abs(window.reader.first_visible_offset() - where_one) < 100
    assert window.reading_percent() > 0
    open_and_wait(qtbot, window, path=str(two))
    assert abs(window.reader.first_visible_offset() - where_two) < 100
    # Per document, in the settings file: another run finds them.
    window.save_position()
    window.settings.sync()
    again = Settings(window.settings.file_name)
    assert abs(again.position(document_key(window.state.document)) - where_two) < 100
    assert again.position("file:" + str(one.resolve())) == window.settings.position(
        "file:" + str(one.resolve()))


def test_scrolling_is_saved_by_itself_after_a_pause(qtbot, fake_window, tmp_path: Path):
    window = fake_window
    path = tmp_path / "book.md"
    path.write_text(long_text(), encoding="utf-8")
    open_and_wait(qtbot, window, path=str(path))
    key = document_key(window.state.document)
    bar = window.reader.verticalScrollBar()
    bar.setValue(bar.maximum() // 2)
    qtbot.waitUntil(lambda: (window.settings.position(key) or 0) > 0, timeout=3000)
    assert window.settings.position(key) == window.reader.first_visible_offset()


def test_positions_survive_odd_keys_and_a_damaged_value(settings):
    settings.set_position("file:/home/a b/c,d=e;f.md", 1234)
    settings.set_position("https://example.org/a?b=c", 7)
    settings.sync()
    again = Settings(settings.file_name)
    assert again.position("file:/home/a b/c,d=e;f.md") == 1234
    assert again.position("https://example.org/a?b=c") == 7
    assert again.position("file:/nowhere") is None
    again._q.setValue("reading/positions", "{not json")
    assert again.position("file:/home/a b/c,d=e;f.md") is None
    again.set_position("text:abc", 3)  # and it recovers
    assert again.position("text:abc") == 3


def test_document_keys():
    doc = make_document()
    assert document_key(doc).startswith("text:")
    assert document_key(doc) == document_key(make_document())
    doc.source = "notes/one.md"
    assert document_key(doc) == "file:" + str(Path("notes/one.md").resolve())
    doc.source = "https://example.org/page"
    assert document_key(doc) == "https://example.org/page"
