"""Starting the desktop app: ``glossator FILE`` and the ``glossator-gui`` launcher.

The window is painted before anything slow happens: the worker thread (which
imports spaCy and loads the model) starts only once the first frame is on
screen, and the document is parsed on a helper thread. Uncaught errors become a
readable dialog; their traceback goes to stderr only.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication

from glossator import paths

# Set by benchmarks/startup.py: print the time to the first paint and quit.
ENV_STARTUP_PROBE = "GLOSSATOR_STARTUP_PROBE"
_T0 = time.perf_counter()


def app_icon() -> QIcon:
    """The window icon, from the bundled PNGs."""
    icon = QIcon()
    folder = paths.resources_dir() / "icons"
    for size in (32, 64, 128, 256):
        png = folder / f"glossator-{size}.png"
        if png.is_file():
            icon.addFile(str(png))
    return icon


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists)."""
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(argv or [sys.argv[0] if sys.argv else "glossator"])
    app.setApplicationName("Glossator")
    app.setOrganizationName("Glossator")
    app.setApplicationDisplayName("Glossator")
    app.setDesktopFileName("glossator")
    app.setWindowIcon(app_icon())
    return app


class _FirstPaint(QObject):
    """Calls back once, when the watched widget is first painted."""

    def __init__(self, callback: object) -> None:
        super().__init__()
        self.callback = callback
        self.done = False

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.done and event.type() == QEvent.Type.Paint:
            self.done = True
            QTimer.singleShot(0, self.callback)  # type: ignore[arg-type]
        return False


def install_error_hook(window: object) -> None:
    """Uncaught exceptions: a dialog with a readable message; the traceback to stderr."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        with contextlib.suppress(Exception):
            window.report("Something went wrong", exc)  # type: ignore[attr-defined]

    sys.excepthook = hook
    threading.excepthook = lambda args: traceback.print_exception(
        args.exc_type, args.exc_value, args.exc_traceback, file=sys.stderr)


def main(files: list[str] | None = None) -> int:
    """Run the app on ``files`` (the first is opened; none opens the sample article)."""
    if files is None:
        files = [a for a in sys.argv[1:] if not a.startswith("-")]
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        # Qt would abort with a message about plugins; say what is really wrong.
        print("glossator: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
              "Start it from a desktop session; `glossator --self-test` checks the "
              "installation without one.", file=sys.stderr)
        return 1
    app = make_app()
    from glossator.gui.mainwindow import MainWindow, open_initial
    from glossator.gui.settings import Settings
    from glossator.gui.worker import WorkerThread

    settings = Settings()
    worker = WorkerThread()
    window = MainWindow(settings, worker)
    install_error_hook(window)
    probe = os.environ.get(ENV_STARTUP_PROBE)

    def after_first_paint() -> None:
        if probe:
            print(f"painted {time.perf_counter() - _T0:.4f}", flush=True)
            if probe == "paint":
                window.close()
                app.quit()
                return
        worker.start()
        open_initial(window, files)

    first_paint = _FirstPaint(after_first_paint)
    window.reader.viewport().installEventFilter(first_paint)
    window.show()
    if probe:
        window.engineReady.connect(lambda s: print(f"model {time.perf_counter() - _T0:.4f}",
                                                   flush=True))
        window.annotationDone.connect(lambda: (
            print(f"annotated {time.perf_counter() - _T0:.4f}", flush=True),
            window.close(), app.quit()))
    code = app.exec()
    worker.stop()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
