"""Take the README's screenshots of the real app (run under xvfb-run for real windows).

    xvfb-run -a -s "-screen 0 1400x900x24" .venv/bin/python docs/screenshots/make_screenshots.py

Opens the sample article with the real engine and the starter pack, then saves
main-window.png, hover-card.png, side-panel.png and whos-who.png here (and, with
``--themes``, the main window in each theme to /tmp for checking).
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[1]
sys.path.insert(0, str(REPO / "desktop"))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--file", default=str(REPO / "resources" / "sample" / "sample-article.md"))
    parser.add_argument("--out", default=str(HERE))
    parser.add_argument("--theme", default="light")
    parser.add_argument("--themes", action="store_true", help="also the main window per theme")
    args = parser.parse_args()
    tmp = tempfile.mkdtemp(prefix="glossator-shots-")
    os.environ.update(GLOSSATOR_DATA_DIR=f"{tmp}/data", GLOSSATOR_CONFIG_DIR=f"{tmp}/config")

    from PySide6.QtCore import QEventLoop, QTimer
    from PySide6.QtGui import QTextCursor

    from glossator.gui.app import make_app
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.settings import Settings
    from glossator.gui.worker import WorkerThread

    app = make_app()
    settings = Settings(f"{tmp}/config/glossator.ini")
    settings.theme = args.theme
    worker = WorkerThread()
    window = MainWindow(settings, worker)
    window.resize(1280, 800)
    window.move(40, 30)
    window.show()
    loop = QEventLoop()

    def wait(ms: int) -> None:
        QTimer.singleShot(ms, loop.quit)
        loop.exec()

    window.engineReady.connect(lambda _s: loop.quit())
    worker.start()
    loop.exec()
    window.annotationDone.connect(loop.quit)
    window.open_path(args.file)
    loop.exec()
    window.reader.flush()
    wait(300)
    out = Path(args.out)
    window.grab().save(str(out / "main-window.png"))
    state = window.state
    assert state is not None

    def first(text: str):
        at = state.document.text.index(text)
        return window.reader.mention_at(at)

    # The hover card over "Marie Curie": the whole screen shows the card above the window.
    mention = first("Marie Curie")
    pos = window.reader.qt_position(mention.start)
    cursor = QTextCursor(window.reader.document())
    cursor.setPosition(pos + 2)
    rect = window.reader.cursorRect(cursor)
    at = window.reader.viewport().mapToGlobal(rect.bottomLeft())
    from glossator.gui.explain import card_for

    window.card.request(card_for(state, mention), at)
    window.card.show_now()
    wait(300)
    screen = app.primaryScreen()
    shot = screen.grabWindow(0)
    geo = window.frameGeometry().united(window.card.frameGeometry())
    shot.copy(geo.adjusted(-10, -10, 10, 10)).save(str(out / "hover-card.png"))
    if shot.isNull() or shot.width() < 10:
        window.card.grab().save(str(out / "hover-card.png"))
    window.card.dismiss()

    # The side panel on "Becquerel" (a reference-rich name) and on a reference.
    window.explain(first("Henri Becquerel"))
    wait(300)
    window.grab().save(str(out / "side-panel.png"))

    window.panel_dock.hide()
    window.whos_dock.show()
    window.whos_who.rebuild()
    window.jump_to(first("Pierre Curie"))
    wait(300)
    window.grab().save(str(out / "whos-who.png"))

    if args.themes:
        window.whos_dock.hide()
        window.explain(first("she") if window.reader.mention_at(
            state.document.text.index("she")) else first("Paris"))
        for theme in ("light", "dark", "sepia"):
            settings.theme = theme
            window.reader.flush()
            wait(300)
            window.grab().save(f"/tmp/theme-{theme}.png")
    window.close()
    worker.stop()


if __name__ == "__main__":
    main()
