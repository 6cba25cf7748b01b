"""Does the streaming engine give a book the same entities whatever the chunking? (issue 13)

For the 100,000-word book of ``speed.py`` (News-Fair-v2 articles, or the sample article
repeated), each run is a fresh process (``glossator annotate`` as a reader would run it,
``--chunk-chars N`` for the streamed runs, pieces fed in a shuffled, seeded order):

* agreement: the share of the whole-text analysis's mentions (names and references) that
  the streamed run has at the same span with the same entity. Entities of the two runs
  are matched by the name spans they share (each streamed entity to the whole-text entity
  holding most of its names); an unclear reference agrees when it is unclear in both.
  Also the share with the same KB title, and mentions found in one run only;
* wall time of each process (model load included) and its ratio to the whole-text run;
* peak resident memory of each process (``ru_maxrss`` of the child).

``--app`` also runs the app's worker policy without a window, in a fresh process: the
worker's pieces (12,000 characters, the 3,000 on screen first, opened in the middle of the
book), an update whenever the worker would send one, and reports the time to the first
update, the number of updates, the total time and the peak memory, and the final
result's agreement with the whole-text run.

``--before DIR`` also runs another checkout's ``desktop`` folder (the engine before the
streaming path) on the same book, for the before/after figures.

Usage: python benchmarks/stream_agreement.py [--chunks 5000,12000] [--seeds 1,2]
       [--before /tmp/old/desktop] [--json benchmarks/results/stream-DATE.json]
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))

from speed import source_texts, take_words  # noqa: E402


def run_annotate(desktop: Path, path: Path, kb: str, out: Path,
                 extra: list[str]) -> dict:
    """One fresh ``glossator annotate`` process: its JSON, wall time and peak RSS."""
    env = dict(os.environ, PYTHONPATH=str(desktop))
    cmd = [sys.executable, "-m", "glossator.cli", "annotate", str(path), "--kb", kb,
           "--out", str(out), *extra]
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t = time.perf_counter()
    subprocess.run(cmd, check=True, capture_output=True, env=env, cwd=str(out))
    wall = time.perf_counter() - t
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    data = json.loads((out / (path.stem + ".json")).read_text(encoding="utf-8"))
    # ru_maxrss of RUSAGE_CHILDREN is the largest child so far: each run is measured alone
    # only if it is the largest; the child reports its own peak on stderr instead.
    return {"json": data, "wall": wall, "user": after.ru_utime - before.ru_utime}


def peak_of(desktop: Path, path: Path, kb: str, extra: list[str]) -> float:
    """Peak RSS (MB) of a fresh process annotating ``path`` (the child measures itself)."""
    script = (
        "import resource, sys, runpy\n"
        f"sys.argv = ['glossator', 'annotate', {str(path)!r}, '--kb', {kb!r}, "
        f"'--out', {str(path.parent / 'peak')!r}, *{extra!r}]\n"
        "try:\n"
        "    runpy.run_module('glossator.cli', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, file=sys.stderr)\n")
    env = dict(os.environ, PYTHONPATH=str(desktop))
    done = subprocess.run([sys.executable, "-c", script], check=True, capture_output=True,
                          text=True, env=env)
    return round(float(done.stderr.strip().splitlines()[-1]), 1)


APP_SCRIPT = """
import json, resource, sys, time
sys.path.insert(0, {desktop!r})
from glossator.core.documents.model import Document
from glossator.core.kb import KnowledgeBase
from glossator.core.nlp.engine import Engine
from glossator.core.nlp.stream import DocumentAnalysis
from glossator.gui.messages import AnnotateRequest
from glossator.gui.worker import Worker, _Job
text = open({path!r}, encoding="utf-8").read()
engine = Engine(KnowledgeBase.single({kb!r}))
t0 = time.perf_counter()
if {mode!r} == "whole":
    ann = engine.annotate(text)
    json.dump({{"total (s)": round(time.perf_counter() - t0, 2)}}, open({out!r}, "w"))
    sys.exit(0)
job = _Job(AnnotateRequest(1, Document(text=text, blocks=[]), len(text) // 2))
session = DocumentAnalysis(engine, text, job.pieces, breaks=job.breaks)
first = None
updates = 0
while job.chunks or job.unsent:
    if job.chunks:
        lo, hi = job.chunks.pop(0)
        session.feed([session.pieces.index((lo, hi))])
        job.unsent += 1
    if Worker._update_due(job):
        t = time.perf_counter()
        update = session.update()
        job.updated = time.perf_counter()
        job.update_cost = job.updated - t
        job.unsent = 0
        updates += 1
        if first is None:
            first = job.updated - t0
total = time.perf_counter() - t0
json.dump({{"first update (s)": round(first, 2), "updates": updates,
           "pieces": len(job.pieces), "total (s)": round(total, 2),
           "peak RSS (MB)": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
           "json": update.annotation.to_json()}}, open({out!r}, "w"))
"""


def run_app(path: Path, kb: str, out: Path, mode: str = "app") -> dict:
    """The worker's policy over the book in a fresh process (no window), or with
    ``mode="whole"`` the time of ``Engine.annotate`` alone (model load left out)."""
    dest = out / "app.json"
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen")
    subprocess.run([sys.executable, "-c", APP_SCRIPT.format(
        desktop=str(ROOT / "desktop"), path=str(path), kb=kb, out=str(dest), mode=mode)],
        check=True, capture_output=True, env=env)
    return json.loads(dest.read_text(encoding="utf-8"))


def agreement(whole: dict, streamed: dict) -> dict:
    """How many of ``whole``'s mentions ``streamed`` gives the same entity."""
    def spans(doc: dict) -> dict[str, set[tuple[int, int]]]:
        out: dict[str, set[tuple[int, int]]] = {}
        for m in doc["mentions"]:
            if m["kind"] == "name" and m["entity"]:
                out.setdefault(m["entity"], set()).add((m["start"], m["end"]))
        return out

    ref_spans = spans(whole)
    owner = {sp: e for e, sps in ref_spans.items() for sp in sps}
    mapping: dict[str, str] = {}
    for e, sps in spans(streamed).items():
        votes = Counter(owner[sp] for sp in sps if sp in owner)
        if votes:
            mapping[e] = votes.most_common(1)[0][0]
    titles_w = {e["id"]: e["kb_title"] for e in whole["entities"]}
    titles_s = {e["id"]: e["kb_title"] for e in streamed["entities"]}
    other = {(m["start"], m["end"], m["kind"]): m for m in streamed["mentions"]}
    counts = Counter()
    for m in whole["mentions"]:
        kind = m["kind"]
        counts[f"{kind}s"] += 1
        s = other.get((m["start"], m["end"], kind))
        if s is None:
            counts[f"{kind}s missing"] += 1
            continue
        same = (m["entity"] is None and s["entity"] is None) or (
            m["entity"] is not None and mapping.get(s["entity"]) == m["entity"])
        counts[f"{kind}s same entity"] += same
        counts[f"{kind}s same title"] += titles_w.get(m["entity"]) == titles_s.get(
            s["entity"])
    ref_keys = {(m["start"], m["end"], m["kind"]) for m in whole["mentions"]}
    total = counts["names"] + counts["references"]
    same = counts["names same entity"] + counts["references same entity"]
    return {
        "mentions": total,
        "same entity": round(same / max(1, total), 4),
        "names: same entity": round(counts["names same entity"] / max(1, counts["names"]), 4),
        "references: same entity": round(
            counts["references same entity"] / max(1, counts["references"]), 4),
        "same KB title (or both NIL)": round(
            (counts["names same title"] + counts["references same title"]) / max(1, total), 4),
        "whole-text mentions missing here": counts["names missing"]
        + counts["references missing"],
        "mentions found here only": sum(1 for k in other if k not in ref_keys),
        "entities (whole, here)": [len(whole["entities"]), len(streamed["entities"])],
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kb", default=str(ROOT / "resources" / "kb" / "starter-en.sqlite"))
    p.add_argument("--words", type=int, default=100_000)
    p.add_argument("--chunks", default="5000,12000")
    p.add_argument("--seeds", default="1")
    p.add_argument("--before", help="another checkout's desktop folder (the old engine)")
    p.add_argument("--app", action="store_true", help="also the app's worker policy")
    p.add_argument("--json")
    args = p.parse_args(argv)
    kb = str(Path(args.kb).resolve())
    desktop = ROOT / "desktop"
    report: dict = {}
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "book.txt"
        book = take_words(source_texts(), args.words)
        path.write_text(book, encoding="utf-8")
        report["book"] = {"words": len(book.split()), "characters": len(book)}
        whole = run_annotate(desktop, path, kb, Path(tmp), [])
        report["whole text (default pieces, in order)"] = {
            "wall (s)": round(whole["wall"], 2), "user (s)": round(whole["user"], 2),
            "peak RSS (MB)": peak_of(desktop, path, kb, [])}
        print(report, flush=True)
        if args.before:
            old = run_annotate(Path(args.before), path, kb, Path(tmp), [])
            report["before: the old whole-text engine"] = {
                "wall (s)": round(old["wall"], 2), "user (s)": round(old["user"], 2),
                "peak RSS (MB)": peak_of(Path(args.before), path, kb, []),
                "agreement with the new whole-text run": agreement(old["json"], whole["json"]),
                "new whole-text wall ratio": round(whole["wall"] / old["wall"], 3)}
            print(report["before: the old whole-text engine"], flush=True)
        for size in [int(x) for x in args.chunks.split(",") if x]:
            for seed in [int(x) for x in args.seeds.split(",") if x]:
                extra = ["--chunk-chars", str(size), "--chunk-seed", str(seed)]
                run = run_annotate(desktop, path, kb, Path(tmp), extra)
                row = {"wall (s)": round(run["wall"], 2),
                       "wall ratio to the whole-text run": round(run["wall"] / whole["wall"],
                                                                 3),
                       "peak RSS (MB)": peak_of(desktop, path, kb, extra),
                       "agreement": agreement(whole["json"], run["json"])}
                report[f"--chunk-chars {size}, shuffled (seed {seed})"] = row
                print(size, seed, row, flush=True)
        if args.app:
            alone = run_app(path, kb, Path(tmp), "whole")["total (s)"]
            app = run_app(path, kb, Path(tmp))
            got = app.pop("json")
            app["Engine.annotate of the book alone (s, fresh process, no model load)"] = alone
            app["total time ratio to it"] = round(app["total (s)"] / alone, 3)
            app["agreement"] = agreement(whole["json"], got)
            report["app worker policy (12,000-character pieces, opened mid-book)"] = app
            print("app", app, flush=True)
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
