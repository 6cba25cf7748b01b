"""The "Get more knowledge" dialog: the choices, downloads only online, a ZIM opened or
downloaded from a server on 127.0.0.1 is attached (issue 14, item 5)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from tests.core.kb.zimfixtures import write_zim


@pytest.fixture
def dialog(qtbot, settings, tmp_path: Path, starter_kb_path, monkeypatch):
    """The dialog over a main window whose user layer (and ZIM index folder) is its own."""
    from glossator.core.kb import KnowledgeBase
    from glossator.gui import knowledge
    from tests.gui.conftest import _make_window
    from tests.gui.fake_engine import FakeEngine

    monkeypatch.setattr(knowledge, "download_folder", lambda: tmp_path / "downloads")
    kb = KnowledgeBase.open(tmp_path / "data" / "user.sqlite", starter_kb_path)
    window = _make_window(qtbot, settings, kb, FakeEngine)
    window.get_knowledge_action.trigger()  # Knowledge > Get more knowledge…
    dlg = window._knowledge_dialog
    qtbot.waitUntil(lambda: "Installed now:" in dlg.choice_labels["starter"].text(),
                    timeout=10_000)
    yield dlg
    dlg.close()
    window.close()
    kb.close()


def _attached(qtbot, dlg, name: str) -> None:
    qtbot.waitUntil(lambda: dlg.status.text().startswith("Indexed"), timeout=30_000)
    qtbot.waitUntil(lambda: name in dlg.choice_labels["starter"].text(), timeout=10_000)


def test_the_choices_are_explained_with_their_sizes(dialog):
    text = " ".join(label.text() for label in dialog.choice_labels.values())
    assert "wikipedia_en_top_mini" in text and "300 MB" in text
    assert "wikipedia_en_all_mini" in text and "11 GB" in text and "every" in text
    assert "Online look-ups" in text and "internet" in text
    starter = dialog.choice_labels["starter"].text()
    assert "Installed now: 10," in starter and "articles" in starter
    assert dialog.windowTitle() == "Get more knowledge"


def test_downloads_are_disabled_offline(qtbot, dialog):
    assert not dialog.settings.online
    assert not dialog.buttons["wikipedia_en_top_mini"].isEnabled()
    assert not dialog.buttons["wikipedia_en_all_mini"].isEnabled()
    assert not dialog.url_button.isEnabled() and not dialog.url.isEnabled()
    assert dialog.open_button.isEnabled()  # a file already downloaded needs no internet
    assert not dialog.offline_note.isHidden()
    dialog.online_box.setChecked(True)
    assert dialog.settings.online
    assert dialog.buttons["wikipedia_en_top_mini"].isEnabled() and dialog.url_button.isEnabled()
    assert dialog.offline_note.isHidden()
    dialog.settings.online = False  # the menu's switch is followed too
    assert not dialog.url_button.isEnabled() and not dialog.online_box.isChecked()
    dialog.download_url()  # ignored offline
    assert dialog._running == ""


def test_the_catalogue_is_a_setting(dialog):
    from glossator.gui.settings import DEFAULT_KIWIX_CATALOGUE

    assert dialog.catalogue.text() == DEFAULT_KIWIX_CATALOGUE
    dialog.catalogue.setText("http://127.0.0.1:9/catalog")
    dialog._save_catalogue()
    assert dialog.settings.kiwix_catalogue == "http://127.0.0.1:9/catalog"
    dialog.catalogue.setText("")
    dialog._save_catalogue()
    assert dialog.settings.kiwix_catalogue == DEFAULT_KIWIX_CATALOGUE


def test_opening_a_local_zim_attaches_it(qtbot, dialog, tmp_path, monkeypatch):
    from glossator.gui import knowledge

    zim = write_zim(tmp_path / "wikipedia_en_test.zim")
    monkeypatch.setattr(knowledge.QFileDialog, "getOpenFileName",
                        staticmethod(lambda *a, **k: (str(zim), "")))
    dialog.open_button.click()
    _attached(qtbot, dialog, "Test Wikipedia")
    assert not dialog.progress.isVisible() and dialog.open_button.isEnabled()


@pytest.fixture
def zim_server(tmp_path) -> Iterator[str]:
    body = write_zim(tmp_path / "served.zim", name="wikipedia_en_served").read_bytes()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args) -> None:
            pass

        def do_GET(self) -> None:
            if not self.path.endswith("/wikipedia_en_served.zim"):
                self.send_response(404)
                self.send_header("Content-Length", "0")
                self.end_headers()
                return
            self.send_response(200)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}"
    httpd.shutdown()
    httpd.server_close()


def test_a_zim_downloaded_from_an_address_is_attached(qtbot, dialog, zim_server, tmp_path):
    dialog.online_box.setChecked(True)
    dialog.url.setText(zim_server + "/missing.zim")
    dialog.url_button.click()
    qtbot.waitUntil(lambda: "HTTP 404" in dialog.status.text(), timeout=10_000)
    assert dialog.url_button.isEnabled()
    dialog.url.setText(zim_server + "/wikipedia_en_served.zim")
    dialog.url_button.click()
    _attached(qtbot, dialog, "Test Wikipedia")
    assert (tmp_path / "downloads" / "wikipedia_en_served.zim").exists()
    assert not (tmp_path / "downloads" / "wikipedia_en_served.zim.part").exists()
