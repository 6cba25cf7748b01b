"""Every hostile or unlucky input of issue 12: time and peak memory per case.

    python benchmarks/hostile.py                # every case of every module
    python benchmarks/hostile.py documents kb   # only these modules
    python benchmarks/hostile.py -k PDF         # only cases whose name contains "PDF"

Each module of ``benchmarks/hostile_cases`` exposes ``CASES: list[tuple[str, Callable[[Path],
None]]]``: the callable gets an empty folder, builds its input there, runs the real code
and raises (AssertionError, usually) when the outcome is wrong. A returned string is the
outcome shown. Each case runs in a fresh wrapper process, which reports the case's wall time
and the peak RSS of itself and all its children (``RUSAGE_CHILDREN`` counts every
descendant once it has been waited for: a command's own parse child included). A case whose
input takes long to build may return a dict with ``outcome``, ``seconds`` and ``peak_mb`` of
the part under test; the whole case's figures are kept in the JSON too. The table is printed
as Markdown and saved as JSON in ``benchmarks/results/``.

The budget (issue 12): every case ends within 30 s and 1 GB with a clear message or a
correct result.
"""

from __future__ import annotations

import argparse
import importlib
import json
import os
import pkgutil
import resource
import signal
import subprocess
import sys
import tempfile
import time
import traceback
from datetime import date
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
RESULTS = REPO / "benchmarks" / "results"
BUDGET_SECONDS = 30
BUDGET_MB = 1024


def modules() -> list[str]:
    """The case modules, in name order."""
    return sorted(m.name for m in pkgutil.iter_modules([str(REPO / "benchmarks" /
                                                             "hostile_cases")]))


def cases(module: str) -> list[str]:
    mod = importlib.import_module(f"benchmarks.hostile_cases.{module}")
    return [name for name, _ in mod.CASES]


def run_one(module: str, name: str, folder: str) -> None:
    """Inside the wrapper process: run one case, print one JSON line."""
    mod = importlib.import_module(f"benchmarks.hostile_cases.{module}")
    fn = dict(mod.CASES)[name]
    start = time.monotonic()
    measured: dict = {}
    try:
        result = fn(Path(folder))
        if isinstance(result, dict):  # the case measured the part under test itself
            measured, result = result, result.get("outcome")
        outcome, ok = (str(result).strip() or "ok") if result is not None else "ok", True
    except BaseException as exc:  # the outcome is the report: never lose it to a traceback
        ok = False
        outcome = f"{type(exc).__name__}: {exc}".strip()
        traceback.print_exc()
    seconds = time.monotonic() - start
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    scale = 1 if sys.platform == "darwin" else 1024  # bytes on macOS, KiB on Linux
    peak = max(own, children) * scale / 2**20
    print(json.dumps({"ok": ok, "outcome": outcome,
                      "seconds": measured.get("seconds", seconds),
                      "peak_mb": measured.get("peak_mb", peak),
                      "case_seconds": seconds, "case_peak_mb": peak}))


def measure(module: str, name: str, timeout: float) -> dict:
    """Run one case in a fresh wrapper process (its own session, killed whole on timeout)."""
    with tempfile.TemporaryDirectory(prefix="glossator-hostile-") as folder:
        env = dict(os.environ)
        env["PYTHONPATH"] = os.pathsep.join(
            p for p in (str(REPO), str(REPO / "desktop"), env.get("PYTHONPATH", "")) if p)
        argv = [sys.executable, str(Path(__file__).resolve()), "--run-one", module, name,
                folder]
        start = time.monotonic()
        proc = subprocess.Popen(argv, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, cwd=folder, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            return {"module": module, "case": name, "ok": False, "seconds": timeout,
                    "peak_mb": None, "outcome": f"TIMEOUT: no end after {timeout:.0f} s"}
        wall = time.monotonic() - start
    lines = [ln for ln in out.splitlines() if ln.startswith("{")]
    if not lines:
        tail = (err.strip().splitlines() or ["no output"])[-1]
        return {"module": module, "case": name, "ok": False, "seconds": wall, "peak_mb": None,
                "outcome": f"CRASH (exit {proc.returncode}): {tail}"}
    report = json.loads(lines[-1])
    report.update(module=module, case=name, wall_seconds=wall)
    if not report["ok"]:
        report["stderr_tail"] = err[-3000:]
    return report


def table(reports: list[dict]) -> str:
    rows = ["| case | seconds | peak MB | outcome |", "| --- | ---: | ---: | --- |"]
    for r in reports:
        peak = "?" if r.get("peak_mb") is None else f"{r['peak_mb']:.0f}"
        within = r["ok"] and r["seconds"] <= BUDGET_SECONDS and \
            (r.get("peak_mb") or 0) <= BUDGET_MB
        first = (r["outcome"].splitlines() or [""])[0].replace("|", "\\|")
        first = first if len(first) <= 160 else first[:157] + "..."
        rows.append(f"| {r['case']} | {r['seconds']:.1f} | {peak} | "
                    f"{'' if within else '**over budget or wrong:** '}{first} |")
    return "\n".join(rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("modules", nargs="*", help="case modules to run (default: all)")
    parser.add_argument("-k", dest="keyword", default="", help="only cases whose name has this")
    parser.add_argument("--timeout", type=float, default=600, help="seconds before a kill")
    parser.add_argument("--run-one", nargs=3, metavar=("MODULE", "CASE", "FOLDER"),
                        help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    sys.path[:0] = [str(REPO), str(REPO / "desktop")]
    if args.run_one:
        run_one(*args.run_one)
        return 0
    chosen = args.modules or modules()
    reports = []
    for module in chosen:
        for name in cases(module):
            if args.keyword.lower() not in name.lower():
                continue
            report = measure(module, name, args.timeout)
            reports.append(report)
            peak = "?" if report.get("peak_mb") is None else f"{report['peak_mb']:.0f}"
            print(f"{name}: {report['seconds']:.1f} s, {peak} MB, "
                  f"{(report['outcome'].splitlines() or [''])[0][:120]}", file=sys.stderr)
    print(table(reports))
    RESULTS.mkdir(parents=True, exist_ok=True)
    suffix = "-".join(chosen) if args.modules else "all"
    if args.keyword:  # a partial run must not overwrite the full one
        suffix += "-k-" + "".join(c if c.isalnum() else "_" for c in args.keyword.lower())
    out = RESULTS / f"hostile-{suffix}-{date.today().isoformat()}.json"
    out.write_text(json.dumps({"date": date.today().isoformat(), "cases": reports}, indent=1)
                   + "\n")
    print(f"\nsaved {out.relative_to(REPO)}", file=sys.stderr)
    return 0 if all(r["ok"] for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
