"""Opening documents off the GUI thread: files, pasted text and web pages.

Parsing a big PDF or EPUB, or fetching a page, must not freeze the window: each
load runs on a short-lived Python thread and reports back through a queued
signal. The worker thread is not used, so a load never waits behind an
annotation.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from glossator.core.documents.model import Document


def load_path(path: str) -> Document:
    """Open a file with the document loaders."""
    from glossator.core.documents import load_path as load

    return load(path)


def load_paste(text: str) -> Document:
    """Open pasted text."""
    from glossator.core.documents import load_paste as load

    return load(text)


def load_url(url: str, online: bool) -> Document:
    """Fetch and open a web page (refused at once when offline)."""
    from glossator.core.documents import load_url as load

    return load(url, online=online)


class Loader(QObject):
    """Runs one load at a time in the background; a newer load wins."""

    loaded = Signal(int, object, str)  # token, Document, origin (path, URL or "")
    failed = Signal(int, object, str)  # token, exception, origin

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.token = 0

    def start(self, fn: Callable[[], Document], origin: str = "") -> int:
        """Run ``fn`` on a thread; return the token its result will carry."""
        self.token += 1
        token = self.token

        def run() -> None:
            try:
                doc = fn()
            except Exception as exc:
                self.failed.emit(token, exc, origin)
            else:
                self.loaded.emit(token, doc, origin)

        threading.Thread(target=run, name="glossator-load", daemon=True).start()
        return token
