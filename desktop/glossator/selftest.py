"""``glossator --self-test``: start the app offscreen and check that everything works.

It creates the main window on Qt's offscreen platform, loads the spaCy model on
the worker thread, opens the knowledge base read-only, annotates a paragraph,
checks that names got underlines and explanations, prints a JSON report and
returns 0 when every check passed (1 otherwise). Nothing is written to the
user's files: the settings go to a temporary folder.
"""

from __future__ import annotations

import json
import os
import sys
import tempfile
import time
from typing import Any

PARAGRAPH = (
    "In 1891 Marie Curie left Warsaw for Paris, where she studied at the University of "
    "Paris. She later won the Nobel Prize in Physics with Pierre Curie and Henri Becquerel. "
    "Albert Einstein admired her work."
)
TIMEOUT_S = 180


def run_self_test() -> int:
    """Run the checks; print the JSON report on stdout; 0 if all passed."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    report: dict[str, Any] = {"ok": False, "checks": {}, "errors": []}
    checks: dict[str, bool] = report["checks"]
    try:
        _run(report, checks, started)
    except Exception as exc:  # the report must come out whatever happens
        from glossator.gui.dialogs import error_text

        report["errors"].append(error_text(exc))
    report["ok"] = bool(checks) and all(checks.values()) and not report["errors"]
    report["seconds"] = round(time.perf_counter() - started, 3)
    print(json.dumps(report, indent=2, ensure_ascii=False))
    return 0 if report["ok"] else 1


def _run(report: dict[str, Any], checks: dict[str, bool], started: float) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from glossator import paths
    from glossator.core.documents.model import Block, Document
    from glossator.gui.app import make_app
    from glossator.gui.dialogs import versions
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.settings import Settings
    from glossator.gui.worker import WorkerThread

    app = make_app()
    report["platform"] = app.platformName()
    tmp = tempfile.TemporaryDirectory(prefix="glossator-selftest-")
    settings = Settings(os.path.join(tmp.name, "selftest.ini"))
    worker = WorkerThread(readonly=True)
    window = MainWindow(settings, worker)
    window.show()
    checks["window_shown"] = window.isVisible()
    report["starter_kb"] = str(paths.starter_kb_path())
    checks["starter_kb_present"] = paths.starter_kb_path().is_file()
    # Name lists read as data: a missing file leaves them silently empty.
    from glossator.core.nlp.census_names import list_sizes
    from glossator.core.nlp.world_places import table_size

    report["name_lists"] = {**list_sizes(), "places": table_size()}
    checks["name_lists_loaded"] = all(report["name_lists"].values())
    checks["native_libraries_load"] = _native_libraries_load(report)

    loop = QEventLoop()
    timer = QTimer(singleShot=True)
    timer.timeout.connect(loop.quit)

    t_model = time.perf_counter()
    window.engineReady.connect(lambda _s: loop.quit())
    worker.start()
    timer.start(TIMEOUT_S * 1000)
    loop.exec()
    status = window.status
    report["model_load_seconds"] = round(time.perf_counter() - t_model, 3)
    report["engine"] = {"ready": status.ready, "message": status.message,
                        "model": status.model, "error": status.error}
    report["versions"] = versions(status.model)
    report["kb"] = {layer: {"articles": c.get("articles"), "names": c.get("aliases")}
                    for layer, c in status.kb_stats.items() if isinstance(c, dict)}
    checks["engine_ready"] = status.ready
    checks["kb_opened"] = sum(v["articles"] or 0 for v in report["kb"].values()) > 0
    if not status.ready:
        report["errors"].append(status.message)
        _close(window, worker, tmp)
        return

    doc = Document(text=PARAGRAPH, blocks=[Block("paragraph", 0, len(PARAGRAPH))],
                   title="Self-test", format="paste")
    t_ann = time.perf_counter()
    window.annotationDone.connect(loop.quit)
    window.show_document(doc)
    if not timer.isActive():
        timer.start(TIMEOUT_S * 1000)
    loop.exec()
    report["annotate_seconds"] = round(time.perf_counter() - t_ann, 3)
    window.reader.flush()
    state = window.state
    assert state is not None
    entities = [{"name": e.name, "label": e.label, "kb_title": e.kb_title}
                for e in state.entities.values()]
    report["entities"] = entities
    report["mentions"] = len(state.mentions)
    underlined = window.reader.visible_mentions()
    report["underlines"] = len(underlined)
    checks["annotation_finished"] = state.finished
    checks["names_found"] = len(entities) >= 2
    checks["names_linked"] = any(e["kb_title"] for e in entities)
    checks["underlines_drawn"] = len(underlined) > 0
    curie = PARAGRAPH.index("Marie Curie")
    style = window.reader.underline_format(curie)
    checks["underline_on_marie_curie"] = style.underlineStyle().value != 0
    report["startup_to_result_seconds"] = round(time.perf_counter() - started, 3)
    _close(window, worker, tmp)


def _native_libraries_load(report: dict[str, Any]) -> bool:
    """libzim and PDFium (stripped in the bundle) load and work, though no text needs them."""
    try:
        import pypdfium2 as pdfium
        from libzim.reader import Archive

        pdf = pdfium.PdfDocument.new()
        pdf.new_page(200, 200)
        pages = len(pdf)
        pdf.close()
        return pages == 1 and callable(Archive)
    except Exception as exc:
        report["errors"].append(f"native libraries: {exc!r}")
        return False


def _close(window: Any, worker: Any, tmp: Any) -> None:
    window.close()
    worker.stop()
    tmp.cleanup()


if __name__ == "__main__":
    sys.exit(run_self_test())
