"""Cold start of the desktop app: process start to a painted window, model ready, sample analysed.

Each run starts a fresh Python process (``glossator.gui.app.main``) with empty
user folders and the probe variable set; the app prints a line at its first
paint, when the model is ready and when the sample article is annotated. Times
are measured here, from just before the process is spawned, so Python's own
start-up and every import count.

Usage: python benchmarks/startup.py [--runs 5] [--platform offscreen|xcb] [--out FILE]
Target (issue 5): cold start to a painted window under 1.5 s.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
CODE = "import sys; from glossator.gui.app import main; sys.exit(main([]))"


def one_run(platform: str, full: bool) -> dict[str, float]:
    with tempfile.TemporaryDirectory(prefix="glossator-startup-") as tmp:
        env = dict(os.environ)
        env.update(
            GLOSSATOR_DATA_DIR=f"{tmp}/data", GLOSSATOR_CONFIG_DIR=f"{tmp}/config",
            GLOSSATOR_CACHE_DIR=f"{tmp}/cache", HOME=f"{tmp}/home",
            GLOSSATOR_STARTUP_PROBE="full" if full else "paint", QT_QPA_PLATFORM=platform,
        )
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CODE], env=env, cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out: dict[str, float] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("painted", "model", "annotated"):
                out[parts[0]] = time.perf_counter() - started
                out[parts[0] + "_in_process"] = float(parts[1])
        proc.wait(timeout=300)
        out["exit"] = time.perf_counter() - started
        if proc.returncode != 0 or "painted" not in out:
            errors = proc.stderr.read() if proc.stderr else ""
            raise SystemExit(f"the app failed to start:\n{errors}")
        return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--platform", default=os.environ.get("QT_QPA_PLATFORM") or "offscreen")
    parser.add_argument("--out", help="write the JSON result here")
    args = parser.parse_args()
    one_run(args.platform, full=False)  # warm the OS file cache: we measure our start, not the disk
    paint = [one_run(args.platform, full=False)["painted"] for _ in range(args.runs)]
    full = [one_run(args.platform, full=True) for _ in range(max(1, args.runs // 2))]
    result = {
        "platform": args.platform,
        "runs": args.runs,
        "painted_window_s": {"median": round(statistics.median(paint), 3),
                             "min": round(min(paint), 3), "max": round(max(paint), 3)},
        "model_ready_s": round(statistics.median(r.get("model", float("nan")) for r in full), 3),
        "sample_annotated_s": round(
            statistics.median(r.get("annotated", float("nan")) for r in full), 3),
        "target_painted_s": 1.5,
    }
    result["meets_target"] = result["painted_window_s"]["median"] < 1.5
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
