"""The window's behaviour with a small fake engine (fast; the real engine is in test_reading)."""

from __future__ import annotations

from pathlib import Path

from glossator.gui.reader import DASHED, DOTTED, SOLID, WAVE
from tests.gui.conftest import make_document, open_and_wait
from tests.gui.helpers import click, hover, move_away


def test_text_shows_before_analysis_and_maps_offsets(qtbot, settings):
    from glossator.gui.reader import ReaderView

    reader = ReaderView()
    qtbot.addWidget(reader)
    doc = make_document()
    reader.show_document(doc)
    plain = reader.document().toPlainText()
    assert "The Curies" in plain and "Marie Curie left Warsaw" in plain
    offset = doc.text.index("Warsaw")
    pos = reader.qt_position(offset)
    assert plain[pos:pos + 6] == "Warsaw"
    assert reader.doc_offset(pos) == offset
    # The heading is a heading block, paragraphs are not.
    first = reader.document().firstBlock()
    assert first.blockFormat().headingLevel() == 1
    assert first.next().blockFormat().headingLevel() == 0


def test_underline_styles_by_kind(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window)
    text = state.document.text
    reader = fake_window.reader
    curie = text.index("Marie Curie")
    she = text.index("she")
    nil = text.index("Zorbulax Quentin")
    assert reader.underline_at(curie)[0] == SOLID
    assert reader.underline_at(she)[0] == DOTTED
    assert reader.underline_at(nil)[0] == DASHED
    fmt = reader.underline_format(curie)
    assert fmt.underlineStyle() == SOLID
    assert reader.underline_format(nil).underlineStyle() == DASHED
    plain = reader.underline_format(text.index("physics"))
    assert plain.underlineStyle().value == 0
    assert "Analysing" not in fake_window.status_label.text()


def test_a_guess_is_drawn_wavy_not_as_a_fact(qtbot, fake_window, monkeypatch):
    """A link under CONFIDENT (the card's "Perhaps X?") has its own line in the text."""
    import dataclasses

    from tests.gui.fake_engine import FakeEngine

    real = FakeEngine.annotate

    def doubting(self, text, should_stop=None, progress=None):
        ann = real(self, text, should_stop, progress)
        ann.entities[:] = [dataclasses.replace(e, confidence=0.6)
                           if e.name == "Henri Becquerel" else e for e in ann.entities]
        return ann

    monkeypatch.setattr(FakeEngine, "annotate", doubting)
    state = open_and_wait(qtbot, fake_window)
    text = state.document.text
    reader = fake_window.reader
    assert reader.underline_at(text.index("Henri Becquerel"))[0] == WAVE
    assert reader.underline_format(text.index("Henri Becquerel")).underlineStyle() == WAVE
    assert reader.underline_at(text.index("Marie Curie"))[0] == SOLID  # 0.9: sure


def test_density_setting_and_known(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window)
    reader = fake_window.reader
    curie = state.document.text.index("Marie Curie")
    entity = state.entity_of(reader.mention_at(curie))
    fake_window.set_known(entity, True)
    reader.flush()
    assert reader.underline_at(curie) is None  # default density: only what I do not know
    assert reader.underline_format(curie).underlineStyle().value == 0
    fake_window.settings.density = "all"
    reader.flush()
    assert reader.underline_at(curie)[0] == SOLID
    fake_window.settings.density = "off"
    reader.flush()
    assert reader.visible_mentions() == []
    fake_window.settings.density = "unknown"
    fake_window.set_known(entity, False)
    reader.flush()
    assert reader.underline_at(curie)[0] == SOLID


def test_hover_card_then_gone(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window)
    card = fake_window.card
    curie = state.document.text.index("Marie Curie")
    hover(fake_window.reader, curie + 2)
    qtbot.waitUntil(card.isVisible, timeout=3000)
    assert card.title.text() == "Marie Curie"
    assert "physicist" in card.description.text().lower() or card.description.text()
    assert 0 < len(card.summary.text()) <= 501
    assert "CC BY-SA" in card.footer.text()
    move_away(fake_window.reader)
    qtbot.waitUntil(lambda: not card.isVisible(), timeout=3000)


def test_click_opens_panel_with_mentions_and_jump(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window)
    text = state.document.text
    click(fake_window.reader, text.index("Marie Curie") + 1)
    panel = fake_window.panel
    assert fake_window.panel_dock.isVisible()
    assert panel.title.text() == "Marie Curie"
    assert "CC BY-SA 4.0" in panel.meta.text() and "Fetched" in panel.meta.text()
    assert panel.mentions.count() >= 2  # the name and "she"
    panel.mentions.item(1).setSelected(True)
    panel._jump(panel.mentions.item(1))
    assert fake_window.reader.focused.start == state.mentions_of(panel.entity.id)[1].start
    # A reference says what it refers to and links to the entity.
    click(fake_window.reader, text.index("she") + 1)
    assert panel.refers.isVisible() and "Marie Curie" in panel.refers.text()
    assert "entity:" in panel.refers.text()
    # Esc closes the panels.
    fake_window.close_panels()
    assert not fake_window.panel_dock.isVisible()


def test_keyboard_moves_between_underlines(qtbot, fake_window):
    open_and_wait(qtbot, fake_window)
    reader = fake_window.reader
    reader.setFocus()
    visible = reader.visible_mentions()
    assert reader.move_focus(1)
    assert reader.focused.start == visible[0].start
    assert reader.move_focus(1)
    assert reader.focused.start == visible[1].start
    assert reader.move_focus(-1)
    assert reader.focused.start == visible[0].start
    sel = [s for s in reader.extraSelections() if s.cursor.hasSelection()]
    assert sel, "the focused underline is highlighted"
    reader.mentionActivated.emit(reader.focused)
    assert fake_window.panel.title.text()


def test_find_in_text(qtbot, fake_window):
    open_and_wait(qtbot, fake_window)
    fake_window.open_find()
    fake_window.find_bar.field.setText("curie")
    assert fake_window.find_bar.count.text() == "1 of 4"
    assert len(fake_window.find_bar.spans) == 4
    fake_window.find_bar.next()
    assert fake_window.find_bar.count.text() == "2 of 4"
    fake_window.close_panels()
    assert not fake_window.find_bar.isVisible()


def test_whos_who_groups_and_jumps(qtbot, fake_window):
    open_and_wait(qtbot, fake_window)
    fake_window.whos_who.rebuild()
    rows = fake_window.whos_who.rows()
    assert "People" in rows and "Places" in rows
    people = dict(rows["People"])
    assert people["Marie Curie"] == max(people.values())
    item = fake_window.whos_who.item_for(fake_window.state.entity_of(
        fake_window.reader.mention_at(fake_window.state.document.text.index("Warsaw"))).id)
    fake_window.whos_who._activated(item, 0)
    assert fake_window.reader.focused.text == "Warsaw"
    assert fake_window.panel.title.text() == "Warsaw"


def test_open_file_recent_and_bad_file_dialog(qtbot, fake_window, tmp_path: Path):
    good = tmp_path / "notes.md"
    good.write_text("# Notes\n\nMarie Curie worked in Paris.\n", encoding="utf-8")
    state = open_and_wait(qtbot, fake_window, path=str(good))
    assert "Marie Curie worked" in state.document.text
    assert fake_window.settings.recent_files[0] == str(good)
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.4 this is not really a pdf")
    with qtbot.waitSignal(fake_window.loads.failed, timeout=30_000):
        fake_window.open_path(str(bad))
    assert fake_window.last_error and "Traceback" not in fake_window.last_error
    missing = tmp_path / "nowhere.txt"
    with qtbot.waitSignal(fake_window.loads.failed, timeout=30_000):
        fake_window.open_path(str(missing))
    assert "nowhere.txt" in fake_window.last_error


def test_exports(qtbot, fake_window, tmp_path: Path):
    open_and_wait(qtbot, fake_window)
    html_path = tmp_path / "out.html"
    md_path = tmp_path / "out.md"
    assert fake_window.export_to(str(html_path), "html")
    assert fake_window.export_to(str(md_path), "markdown")
    html = html_path.read_text(encoding="utf-8")
    assert "<!DOCTYPE html>" in html and 'class="m linked person"' in html
    assert 'class="m nil ' in html and 'class="m ref ' in html
    md = md_path.read_text(encoding="utf-8")
    assert "**Marie Curie**" in md and "## Attribution" in md and "CC BY-SA 4.0" in md


def test_settings_persist(tmp_path: Path):
    from glossator.gui.settings import Settings

    path = str(tmp_path / "s.ini")
    s = Settings(path)
    assert s.theme == "system" and s.density == "unknown" and s.online is False
    s.theme, s.density, s.online, s.font_size = "sepia", "all", True, 17
    s.set_known("Marie Curie", True)
    s.add_recent("/a.txt")
    s.add_recent("/b.txt")
    s.add_recent("/a.txt")
    s.sync()
    again = Settings(path)
    assert (again.theme, again.density, again.online, again.font_size) == (
        "sepia", "all", True, 17)
    assert again.known == {"Marie Curie"}
    assert again.recent_files == ["/a.txt", "/b.txt"]


def test_themes_load_and_apply(qtbot, fake_window):
    for name in ("light", "dark", "sepia"):
        fake_window.settings.theme = name
        assert fake_window.theme.name.lower() == name
    assert fake_window.theme.background != "#ffffff"


def test_engine_missing_shows_unavailable(qtbot, settings, session_kb):
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.worker import WorkerThread
    from tests.gui.conftest import SharedKB

    def no_engine(_kb):
        raise ImportError("no engine")

    worker = WorkerThread(kb_factory=lambda _ro: SharedKB(session_kb), engine_factory=no_engine)
    window = MainWindow(settings, worker)
    qtbot.addWidget(window)
    with qtbot.waitSignal(window.engineReady, timeout=10_000):
        worker.start()
    with qtbot.waitSignal(window.annotationDone, timeout=10_000):
        window.show_document(make_document())
    assert "analysis unavailable" in window.status_label.text().lower()
    assert "Marie Curie" in window.reader.document().toPlainText()
    window.close()


def test_choose_another_is_remembered(qtbot, settings, tmp_path: Path, starter_kb_path):
    """"Not this? Choose another" relinks at once and the knowledge base remembers it."""
    from glossator.core.kb import KnowledgeBase
    from tests.gui.conftest import _make_window
    from tests.gui.fake_engine import FakeEngine

    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter_kb_path)
    window = _make_window(qtbot, settings, kb, FakeEngine)
    text = "# Rays\n\nBecquerel found that uranium salts give off rays.\n"
    state = open_and_wait(qtbot, window, make_document(text))
    at = text.index("Becquerel")
    click(window.reader, at + 2)
    panel = window.panel
    assert panel.title.text() == "Becquerel"
    panel.choose_button.click()
    qtbot.waitUntil(lambda: panel.choices.item(0).data(256) is not None, timeout=10_000)
    titles = [panel.choices.item(i).data(256) for i in range(panel.choices.count())]
    assert "Henri Becquerel" in titles
    item = panel.choices.item(titles.index("Henri Becquerel"))
    panel._choose(item)
    qtbot.waitUntil(lambda: panel.title.text() == "Henri Becquerel", timeout=5000)
    assert window.state.entity_of(window.reader.mention_at(at)).kb_title == "Henri Becquerel"
    assert "Remembered" in window.status_label.text()
    # Remembered for this name: the knowledge base now answers with the choice first,
    # and a new analysis links the name to it.
    assert kb.lookup("Becquerel")[0].title == "Henri Becquerel"
    state = open_and_wait(qtbot, window, make_document(text))
    assert state.entity_of(window.reader.mention_at(at)).kb_title == "Henri Becquerel"
    window.close()
    kb.close()


def test_kb_window_counts_and_search(qtbot, fake_window):
    fake_window.open_kb_window()
    kbw = fake_window._kb_window
    qtbot.waitUntil(lambda: "Starter pack" in kbw.counts.text(), timeout=10_000)
    assert "10,033 articles" in kbw.counts.text()
    kbw.search.setText("radium")
    kbw._do_search()
    qtbot.waitUntil(lambda: kbw.results.count() > 0, timeout=10_000)
    kbw.show_title("Marie Curie")
    qtbot.waitUntil(lambda: "Marie Curie" in kbw.article.toPlainText(), timeout=10_000)
    assert "CC BY-SA" in kbw.article.toPlainText()
    kbw.close()


def test_kb_window_import_jsonl(qtbot, fake_window, tmp_path: Path):
    import json

    src = tmp_path / "extra.jsonl"
    rows = [{"title": "Zorbulax Quentin", "description": "Imaginary explorer",
             "extract": "Zorbulax Quentin is an explorer invented for a test."}]
    src.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    fake_window.open_kb_window()
    kbw = fake_window._kb_window
    kbw.start_import(str(src))
    qtbot.waitUntil(kbw.import_button.isEnabled, timeout=30_000)
    assert "1 added" in kbw.task_label.text(), kbw.task_label.text()
    assert kbw.import_button.isEnabled()
    kbw.close()


def test_font_size_and_theme_keep_underlines(qtbot, fake_window):
    state = open_and_wait(qtbot, fake_window)
    reader = fake_window.reader
    curie = state.document.text.index("Marie Curie")
    fake_window.zoom(1)
    reader.flush()
    assert fake_window.settings.font_size == 14
    assert reader.underline_at(curie)[0] == SOLID
    assert reader.underline_format(curie).underlineStyle() == SOLID
    fake_window.settings.theme = "dark"
    reader.flush()
    assert reader.underline_format(curie).underlineColor().name() == fake_window.theme.person


def test_settings_dialog_keeps_the_default_font(qtbot, settings):
    from glossator.gui.dialogs import SettingsDialog

    dialog = SettingsDialog(settings)
    qtbot.addWidget(dialog)
    dialog.density.setCurrentIndex(0)
    dialog.online.setChecked(True)
    dialog.accept()
    assert settings.font_family == ""  # untouched: still the serif default
    assert settings.density == "all" and settings.online is True
