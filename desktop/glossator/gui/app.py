"""Starting the desktop app: ``glossator FILE`` and the ``glossator-gui`` launcher.

The window is painted before anything slow happens: the worker thread (which
imports spaCy and loads the model) starts only once the first frame is on
screen, and the document is parsed on a helper thread. Uncaught errors become a
readable dialog, shown by the window's thread whichever thread raised them; their
traceback goes to stderr only.

Threads and imports: Python's import locks are per module, and two threads that
import the same package for the first time at once can deadlock; Python breaks
the deadlock by handing one of them the half-initialised module ("cannot import
name 'KBError' from partially initialized module 'glossator.core.kb.store'").
So every module that more than one thread imports (the knowledge base, the
document loaders, and what the window's error messages need) is imported on this
thread before the worker and the loader start; spaCy and the engine are the
worker's alone.
"""

from __future__ import annotations

import contextlib
import importlib
import os
import sys
import threading
import time
import traceback
from types import TracebackType

from PySide6.QtCore import QEvent, QLoggingCategory, QObject, Qt, QTimer, Signal, Slot
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


# Text in a script that needs OpenType shaping (Bengali, Oriya, Sinhala...) that no
# installed font covers makes Qt try every installed font in turn, and its font
# database notes each one lacking the script's tables: "qt.text.font.db: OpenType
# support missing for "DejaVu Serif", script 12". These are info messages, which Qt
# prints unless told otherwise; the starter pack's "Chickpea" and "Arrowroot" hold
# two such words, 82 lines on a bare Debian. (The reading font's families missing
# on Linux, "Charter" and "Georgia", cost nothing: Qt skips them silently.) Nothing
# is wrong, and only a font for the script (Debian: fonts-noto-core) changes it, so
# Qt is told not to make these notes; its warnings of that category still show, and
# QT_LOGGING_RULES="qt.text.font.db.info=true" brings the notes back.
FONT_NOTES_OFF = "qt.text.font.db.info=false"


def quiet_font_fallback_notes() -> None:
    """Tell Qt not to note each font it tries for a script none covers (see above)."""
    QLoggingCategory.setFilterRules(FONT_NOTES_OFF)


def make_app(argv: list[str] | None = None) -> QApplication:
    """The QApplication (reused when one exists)."""
    quiet_font_fallback_notes()
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


# Imported by more than one thread (see the module's docstring): the worker opens the
# knowledge base, the loader parses documents, and the window's error messages
# (``glossator.errors.user_message``) import the exception classes of all three.
SHARED_MODULES = (
    "glossator.errors",
    "glossator.core.models",
    "glossator.core.documents",
    "glossator.core.kb",
    "glossator.core.kb.store",
    "glossator.core.nlp.model",
)


def import_shared_modules() -> None:
    """Import, on this thread, every module the app's threads share, before they start."""
    for name in SHARED_MODULES:
        importlib.import_module(name)
    from glossator.errors import user_message

    # Whatever else the error messages import, now rather than in the middle of a failure.
    user_message(RuntimeError())


def start_background(window: object, worker: object, files: list[str]) -> None:
    """Start the worker thread and the first load, once the shared modules are imported."""
    from glossator.gui.mainwindow import open_initial

    import_shared_modules()
    worker.start()  # type: ignore[attr-defined]
    open_initial(window, files)  # type: ignore[arg-type]


class _Reporter(QObject):
    """Shows uncaught errors on the thread that owns the window, whoever raised them.

    A dialog made on the worker thread would get no parent ("QObject::setParent:
    Cannot set parent, new parent is in a different thread") and could crash Qt.
    """

    reported = Signal(object)

    def __init__(self, window: object) -> None:
        super().__init__()
        self.window = window
        self.reported.connect(self._show, Qt.ConnectionType.QueuedConnection)

    @Slot(object)
    def _show(self, exc: BaseException) -> None:
        with contextlib.suppress(Exception):
            self.window.report("Something went wrong", exc)  # type: ignore[attr-defined]


def install_error_hook(window: object) -> None:
    """Uncaught exceptions: a dialog with a readable message; the traceback to stderr."""
    reporter = _Reporter(window)

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        traceback.print_exception(kind, exc, tb, file=sys.stderr)
        if isinstance(exc, KeyboardInterrupt):
            QApplication.quit()
            return
        with contextlib.suppress(Exception):
            reporter.reported.emit(exc)  # queued: shown by the window's thread

    hook.reporter = reporter  # type: ignore[attr-defined]  # kept alive with the hook
    sys.excepthook = hook
    threading.excepthook = lambda args: traceback.print_exception(
        args.exc_type, args.exc_value, args.exc_traceback, file=sys.stderr)


def main(files: list[str] | None = None) -> int:
    """Run the app on ``files`` (the first is opened; none opens the sample article)."""
    if files is None:  # the glossator-gui launcher: options as `glossator FILE` takes them
        from glossator.cli import parse_app_args

        files = parse_app_args(sys.argv[1:])
    if sys.platform.startswith("linux") and not any(
            os.environ.get(v) for v in ("DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM")):
        # Qt would abort with a message about plugins; say what is really wrong.
        print("glossator: no display found (neither DISPLAY nor WAYLAND_DISPLAY is set). "
              "Start it from a desktop session; `glossator --self-test` checks the "
              "installation without one.", file=sys.stderr)
        return 1
    app = make_app()
    from glossator.gui.mainwindow import MainWindow
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
        start_background(window, worker, files)

    first_paint = _FirstPaint(after_first_paint)
    window.reader.viewport().installEventFilter(first_paint)
    window.show()
    if probe:
        window.engineReady.connect(lambda s: print(f"model {time.perf_counter() - _T0:.4f}",
                                                   flush=True))
        underlined: list[bool] = []

        def first_underlines(part: object) -> None:
            # Connected after the window's own slot: the mentions are in the reader now.
            if not underlined and getattr(part, "mentions", None):
                underlined.append(True)
                print(f"underlined {time.perf_counter() - _T0:.4f}", flush=True)

        worker.worker.partReady.connect(first_underlines)
        window.annotationDone.connect(lambda: (
            print(f"annotated {time.perf_counter() - _T0:.4f}", flush=True),
            window.close(), app.quit()))
    code = app.exec()
    worker.stop()
    return int(code)


if __name__ == "__main__":
    sys.exit(main())
