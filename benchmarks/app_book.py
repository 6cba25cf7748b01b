"""A 100,000-word book opened in the app: the same who's-who as ``glossator annotate``? (issue 13)

The book is ``speed.py``'s (News-Fair-v2 articles, or the sample article repeated), as
``stream_agreement.py`` builds it. Two fresh processes:

* ``glossator annotate BOOK`` (the whole text, as a reader would run it): its JSON, wall
  time and peak RSS (the child measures itself);
* the app: the real ``MainWindow`` offscreen, the real worker thread and engine, the
  user's knowledge base (empty, in a fresh data folder) over the starter pack, the book
  opened as ``glossator BOOK`` opens it (``open_path``, the path File > Open takes), the
  who's-who shown as a reader would keep it open. When the analysis is complete (every
  piece, ``annotationDone``), it reads what the window shows: the who's-who tree's rows
  (name, the KB title behind the row, mentions) and its model (``DocState.grouped``: every
  entity, the tree lists the first ``MAX_ROWS`` of each group) and the underlined mentions
  of the reader. It reports the time to the first underline painted, to the end of the
  analysis, and the process's peak RSS.

Compared with annotate's entities (matched by the name spans they share, as in
``stream_agreement.agreement``): the share of annotate's entities that the app lists with
the same name, KB title and number of mentions; entities found in one only; and, as in
``stream_agreement``, the share of mentions with the same entity (state and underlines).

Usage: python benchmarks/app_book.py [--words 100000] [--json FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import source_texts, take_words  # noqa: E402
from stream_agreement import agreement  # noqa: E402

PEAK_TARGET_MB = 600


def vm_hwm_mb() -> float:
    """This process's peak resident memory (MB)."""
    with open("/proc/self/status", encoding="ascii") as fh:
        for line in fh:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return 0.0


# ----------------------------------------------------------------- annotate


ANNOTATE_SCRIPT = """
import resource, sys, runpy, time
t = time.perf_counter()
sys.argv = ['glossator', 'annotate', {path!r}, '--kb', {kb!r}, '--out', {out!r}]
try:
    runpy.run_module('glossator.cli', run_name='__main__')
except SystemExit:
    pass
print(time.perf_counter() - t, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
      file=sys.stderr)
"""


def run_annotate(path: Path, kb: str, out: Path) -> dict:
    """``glossator annotate`` on the whole text in a fresh process: JSON, wall, peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(ROOT / "desktop"))
    t = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", ANNOTATE_SCRIPT.format(
        path=str(path), kb=kb, out=str(out))], check=True, capture_output=True, text=True,
        env=env)
    wall = time.perf_counter() - t
    inside, peak = (float(x) for x in done.stderr.strip().splitlines()[-1].split())
    data = json.loads((out / (path.stem + ".json")).read_text(encoding="utf-8"))
    return {"json": data, "wall (s)": round(wall, 2), "in-process (s)": round(inside, 2),
            "peak RSS (MB)": round(peak, 1)}


# ---------------------------------------------------------------------- app


def app_child(book: str, out: str, whos_open: bool) -> int:
    """The app on the book (run in a fresh process with a fresh data folder)."""
    t0 = time.perf_counter()
    from PySide6.QtCore import QEvent, QObject, QTimer

    from glossator.gui.app import make_app, start_background
    from glossator.gui.mainwindow import MainWindow
    from glossator.gui.settings import Settings
    from glossator.gui.worker import WorkerThread

    app = make_app()
    settings = Settings()
    settings.welcomed = True  # the first-run welcome is a dialog; nothing else changes
    worker = WorkerThread()
    window = MainWindow(settings, worker)
    window.resize(1280, 860)
    marks: dict[str, float] = {}
    parts: list[int] = []

    def after_paint() -> None:  # as gui/app.py: the worker and the load after the paint
        marks["opened (s)"] = time.perf_counter() - t0
        start_background(window, worker, [book])

    class Painted(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                now = time.perf_counter() - t0
                if "window painted (s)" not in marks:
                    marks["window painted (s)"] = now
                    QTimer.singleShot(0, after_paint)
                if window.reader._drawn:
                    marks.setdefault("first underlines painted (s)", now)
            return False

    painted = Painted()
    window.reader.viewport().installEventFilter(painted)
    window.engineReady.connect(
        lambda _s: marks.setdefault("model ready (s)", time.perf_counter() - t0))
    window.documentShown.connect(
        lambda: marks.setdefault("text shown (s)", time.perf_counter() - t0))
    worker.worker.partReady.connect(lambda p: parts.append(len(p.mentions)))
    result: dict = {}

    def done() -> None:
        if window.state is None or not window.state.finished:
            return  # the sample article or a cancelled run: wait for the book's end
        marks["analysis complete (s)"] = time.perf_counter() - t0
        window.reader.flush()
        window.whos_dock.show()
        window.whos_who.rebuild()
        result.update(read_window(window))
        result["updates"] = len(parts)
        QTimer.singleShot(0, app.quit)

    window.annotationDone.connect(done)
    if whos_open:
        window.whos_dock.show()
    window.show()
    QTimer.singleShot(30 * 60 * 1000, app.quit)  # never hang a benchmark
    app.exec()
    marks["process (s)"] = time.perf_counter() - t0
    result["timed out"] = "analysis complete (s)" not in marks
    worker.stop()
    result["marks"] = {k: round(v, 2) for k, v in marks.items()}
    result["peak RSS (MB)"] = round(vm_hwm_mb(), 1)
    Path(out).write_text(json.dumps(result), encoding="utf-8")
    return 0


def read_window(window) -> dict:
    """What the window shows: the who's-who rows and model, the underlined mentions."""
    from glossator.gui.docstate import GROUP_TITLES
    from glossator.gui.whoswho import ENTITY_ROLE

    state = window.state
    who = window.whos_who
    rows = []
    for group, head in who._groups.items():
        for i in range(head.childCount()):
            item = head.child(i)
            eid = item.data(0, ENTITY_ROLE)
            if not eid:
                continue  # "... and N more"
            entity = state.entities[eid]
            rows.append({"group": GROUP_TITLES[group], "id": eid, "name": item.text(0),
                         "kb_title": entity.kb_title, "mentions": int(item.text(1))})
    model = [{"group": GROUP_TITLES[group], "id": e.id, "name": e.name,
              "kb_title": e.kb_title, "mentions": n}
             for group, found in state.grouped().items() for e, n in found]
    ids = {e["id"] for e in model}

    def as_json(mentions) -> list[dict]:
        return [{"start": m.start, "end": m.end, "kind": m.kind, "entity": m.entity}
                for m in mentions]

    # The reader's mentions: one per span, the one it shows (``mention_at``: the latest).
    shown: dict[tuple[int, int], object] = {}
    for m in window.reader._mentions:
        shown[(m.start, m.end)] = m
    drawn = window.reader._drawn
    return {
        "whos_who_rows": rows, "whos_who_model": model,
        "entities": [{"id": e.id, "name": e.name, "kb_title": e.kb_title, "label": e.label}
                     for e in state.entities.values() if e.id in ids],
        "mentions": as_json(state.mentions),
        "reader_mentions": as_json(shown.values()),
        "reader_mention_objects": len(window.reader._mentions),
        "reader_underlined": len(drawn),
        "status": window.status_label.text(),
    }


def run_app(path: Path, kb_dir: Path, out: Path, whos_open: bool) -> dict:
    data = kb_dir / "data"
    conf = kb_dir / "config"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", PYTHONPATH=str(ROOT / "desktop"),
               GLOSSATOR_DATA_DIR=str(data), GLOSSATOR_CONFIG_DIR=str(conf),
               GLOSSATOR_CACHE_DIR=str(kb_dir / "cache"))
    dest = out / "app.json"
    t = time.perf_counter()
    cmd = [sys.executable, str(Path(__file__).resolve()), "--app-child", str(path), str(dest)]
    if whos_open:
        cmd.append("--whos-open")
    done = subprocess.run(cmd, capture_output=True, text=True, env=env, check=False)
    wall = time.perf_counter() - t
    if done.returncode or not dest.is_file():
        raise SystemExit(f"the app run failed ({done.returncode}):\n{done.stderr[-4000:]}")
    result = json.loads(dest.read_text(encoding="utf-8"))
    result["wall (s)"] = round(wall, 2)
    result["stderr"] = done.stderr[-2000:]
    return result


# ------------------------------------------------------------------ compare


def group_of_label(label: str) -> str:
    from glossator.gui.docstate import GROUP_TITLES, group_of

    return GROUP_TITLES[group_of(label)]


def compare(whole: dict, app: dict) -> dict:
    """annotate's entities against the app's who's-who (rows and model)."""
    # Mentions per entity as the who's-who counts them: words held twice (a metonym's name
    # and its reference to the same entity) once.
    counts = Counter(e for _s, _e, e in {(m["start"], m["end"], m["entity"])
                                         for m in whole["mentions"] if m["entity"]})
    names: dict[str, set[tuple[int, int]]] = {}
    for m in whole["mentions"]:
        if m["kind"] == "name" and m["entity"]:
            names.setdefault(m["entity"], set()).add((m["start"], m["end"]))
    owner = {sp: e for e, sps in names.items() for sp in sps}
    app_names: dict[str, set[tuple[int, int]]] = {}
    for m in app["mentions"]:
        if m["kind"] == "name" and m["entity"]:
            app_names.setdefault(m["entity"], set()).add((m["start"], m["end"]))
    # Each app entity to the annotate entity holding most of its names, and back.
    to_whole: dict[str, str] = {}
    for e, sps in app_names.items():
        votes = Counter(owner[sp] for sp in sps if sp in owner)
        if votes:
            to_whole[e] = votes.most_common(1)[0][0]
    model = {r["id"]: r for r in app["whos_who_model"]}
    listed = {r["id"]: r for r in app["whos_who_rows"]}
    by_whole: dict[str, list[str]] = {}
    for e in model:
        if e in to_whole:
            by_whole.setdefault(to_whole[e], []).append(e)
    entities = [e for e in whole["entities"] if counts.get(e["id"])]
    same = same_name = same_title = same_count = split = 0
    differ: list[dict] = []
    for e in entities:
        mine = by_whole.get(e["id"], [])
        if len(mine) > 1:
            split += 1
        row = max((model[x] for x in mine), key=lambda r: r["mentions"], default=None)
        if row is None:
            differ.append({"annotate": [e["name"], e["kb_title"], counts[e["id"]]],
                           "app": None})
            continue
        a = row["name"] == e["name"]
        b = row["kb_title"] == e["kb_title"]
        c = row["mentions"] == counts[e["id"]]
        same_name += a
        same_title += b
        same_count += c
        same += a and b and c
        if not (a and b and c):
            differ.append({"annotate": [e["name"], e["kb_title"], counts[e["id"]]],
                           "app": [row["name"], row["kb_title"], row["mentions"]]})
    merged = sum(1 for w in Counter(to_whole[e] for e in model if e in to_whole).values()
                 if w > 1)
    app_only = [model[e]["name"] for e in model if e not in to_whole]
    matched = {to_whole[e] for e in model if e in to_whole}
    whole_only = [e["name"] for e in entities if e["id"] not in matched]
    # The rows the tree lists (the first MAX_ROWS of each group): are they annotate's?
    ranked: dict[str, list[tuple[int, str]]] = {}
    for e in entities:
        ranked.setdefault(group_of_label(e["label"]), []).append(
            (-counts[e["id"]], e["name"].casefold()))
    by_id = {e["id"]: e for e in entities}
    rows_same = sum(
        1 for r in listed.values() if (w := by_id.get(to_whole.get(r["id"], "")))
        and (w["name"], w["kb_title"], counts[w["id"]]) == (r["name"], r["kb_title"],
                                                            r["mentions"]))
    n = max(1, len(entities))
    return {
        "annotate entities (with mentions)": len(entities),
        "app who's-who entities (model)": len(model),
        "app who's-who rows listed (tree, at most MAX_ROWS per group)": len(listed),
        "annotate entities in the app with the same name, KB title and mentions":
            round(same / n, 4),
        "same name": round(same_name / n, 4),
        "same KB title": round(same_title / n, 4),
        "same number of mentions": round(same_count / n, 4),
        "listed rows equal to an annotate entity (name, title, mentions)":
            round(rows_same / max(1, len(listed)), 4),
        "annotate entities split into several app rows": split,
        "app rows holding names of several annotate entities": merged,
        "entities in annotate only": whole_only[:40],
        "entities in annotate only (count)": len(whole_only),
        "entities in the app only": app_only[:40],
        "entities in the app only (count)": len(app_only),
        "differences (first 40)": differ[:40],
        "differences (count)": len(differ),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kb", default=str(ROOT / "resources" / "kb" / "starter-en.sqlite"))
    p.add_argument("--words", type=int, default=100_000)
    p.add_argument("--whos-closed", action="store_true",
                   help="leave the who's-who closed during the analysis")
    p.add_argument("--json")
    p.add_argument("--app-child", nargs=2, help=argparse.SUPPRESS)
    p.add_argument("--whos-open", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.app_child:
        sys.path.insert(0, str(ROOT / "desktop"))
        return app_child(*args.app_child, whos_open=args.whos_open)
    kb = str(Path(args.kb).resolve())
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        path = folder / "book.txt"
        book = take_words(source_texts(), args.words)
        path.write_text(book, encoding="utf-8")
        report["book"] = {"words": len(book.split()), "characters": len(book)}
        ann = run_annotate(path, kb, folder / "annotate")
        whole = ann.pop("json")
        report["annotate (whole text, fresh process)"] = ann
        print("annotate", ann, flush=True)
        os.environ["GLOSSATOR_STARTER_KB"] = kb  # the app's starter pack: annotate's KB
        app = run_app(path, folder / "app", folder, not args.whos_closed)
        if app.get("timed out"):
            print("app: the analysis did not complete within 30 minutes", file=sys.stderr)
            return 1
        marks = app["marks"]
        opened = marks["opened (s)"]
        report["app (MainWindow offscreen, real worker and engine, fresh process)"] = {
            "who's-who open during the analysis": not args.whos_closed,
            "times from the process start (s)": marks,
            "first underlines painted, from the book's opening (s)": round(
                marks["first underlines painted (s)"] - opened, 2),
            "analysis complete, from the book's opening (s)": round(
                marks["analysis complete (s)"] - opened, 2),
            "updates received": app["updates"],
            "peak RSS (MB)": app["peak RSS (MB)"],
            f"peak under {PEAK_TARGET_MB} MB": app["peak RSS (MB)"] < PEAK_TARGET_MB,
            "status line": app["status"],
            "ratio: app process to complete / annotate process": round(
                marks["analysis complete (s)"] / ann["wall (s)"], 3),
            "ratio: app from the book's opening to complete / annotate process": round(
                (marks["analysis complete (s)"] - opened) / ann["wall (s)"], 3),
            "reader: mention objects, spans, underlined": [
                app["reader_mention_objects"], len(app["reader_mentions"]),
                app["reader_underlined"]],
        }
        print("app", report["app (MainWindow offscreen, real worker and engine, "
                            "fresh process)"], flush=True)
        state = {"mentions": app["mentions"], "entities": app["entities"]}
        report["who's-who against annotate's entities"] = compare(whole, app)
        report["mentions: the window's state against annotate"] = agreement(whole, state)
        report["mentions: the reader's underlines against annotate"] = agreement(
            whole, {"mentions": app["reader_mentions"], "entities": app["entities"]})
        for key in ("who's-who against annotate's entities",
                    "mentions: the window's state against annotate",
                    "mentions: the reader's underlines against annotate"):
            print(key, {k: v for k, v in report[key].items()
                        if not isinstance(v, list)}, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n",
                                   encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
