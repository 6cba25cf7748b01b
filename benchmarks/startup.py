"""Cold start of the desktop app: process start to a painted window, first underlines, all done.

Each run starts a fresh Python process (``glossator.gui.app.main``) with empty
user folders and the probe variable set; the app prints a line at its first
paint, when the model is ready, when the first underlines reach the reader and when the
article is annotated. The article is the sample, or ``--article FILE`` (issue 15 measured a
1,000-word news article: first underlines within 2 s). Times
are measured here, from just before the process is spawned, so Python's own
start-up and every import count.

Full starts are measured twice: with empty user folders (a first start) and with the
folders two starts left (every start after them; the KB's name index is kept in the cache
folder).

Usage: python benchmarks/startup.py [--runs 5] [--platform offscreen|xcb] [--article FILE]
       [--out FILE]
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
CODE = "import sys; from glossator.gui.app import main; sys.exit(main(sys.argv[1:]))"


def one_run(platform: str, full: bool, article: str | None = None,
            home: str | None = None) -> dict[str, float]:
    """One start with empty user folders, or with those a run before left in ``home``."""
    with tempfile.TemporaryDirectory(prefix="glossator-startup-") as fresh:
        tmp = home or fresh
        env = dict(os.environ)
        env.update(
            GLOSSATOR_DATA_DIR=f"{tmp}/data", GLOSSATOR_CONFIG_DIR=f"{tmp}/config",
            GLOSSATOR_CACHE_DIR=f"{tmp}/cache", HOME=f"{tmp}/home",
            GLOSSATOR_STARTUP_PROBE="full" if full else "paint", QT_QPA_PLATFORM=platform,
        )
        started = time.perf_counter()
        proc = subprocess.Popen([sys.executable, "-c", CODE, *([article] if article else [])],
                                env=env, cwd=REPO,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        out: dict[str, float] = {}
        assert proc.stdout is not None
        for line in proc.stdout:
            parts = line.split()
            if len(parts) == 2 and parts[0] in ("painted", "model", "underlined", "annotated"):
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
    parser.add_argument("--article", help="the text to open (default: the sample article); "
                        "'news' writes a 1,000-word news article to a temporary file "
                        "(News-Fair-v2 when present, as benchmarks/speed.py takes it)")
    parser.add_argument("--out", help="write the JSON result here")
    args = parser.parse_args()
    if args.article == "news":
        from speed import source_texts, take_words

        texts = source_texts()
        news = Path(tempfile.mkdtemp(prefix="glossator-startup-")) / "news-1000-words.txt"
        news.write_text(take_words([x for x in texts if len(x.split()) >= 1000] or texts,
                                   1000), encoding="utf-8")
        args.article = str(news)
    one_run(args.platform, full=False)  # warm the OS file cache: we measure our start, not the disk
    paint = [one_run(args.platform, full=False)["painted"] for _ in range(args.runs)]
    full = [one_run(args.platform, full=True, article=args.article)
            for _ in range(max(1, args.runs // 2))]
    # A start after the first ones: the user's folders kept (the KB's name index is in the
    # cache folder; the first start's user KB is checkpointed only when it closes, so the
    # index is kept from the second).
    with tempfile.TemporaryDirectory(prefix="glossator-startup-home-") as home:
        for _ in range(2):
            one_run(args.platform, full=True, article=args.article, home=home)
        again = [one_run(args.platform, full=True, article=args.article, home=home)
                 for _ in range(max(1, args.runs // 2))]
    result = {
        "platform": args.platform,
        "runs": args.runs,
        "painted_window_s": {"median": round(statistics.median(paint), 3),
                             "min": round(min(paint), 3), "max": round(max(paint), 3)},
        "article": args.article or "the sample article",
        "model_ready_s": round(statistics.median(r.get("model", float("nan")) for r in full), 3),
        "first_underlines_s": round(
            statistics.median(r.get("underlined", float("nan")) for r in full), 3),
        "sample_annotated_s": round(
            statistics.median(r.get("annotated", float("nan")) for r in full), 3),
        "again (cache folder kept)": {
            key + "_s": round(statistics.median(r.get(key, float("nan")) for r in again), 3)
            for key in ("model", "underlined", "annotated")},
        "target_painted_s": 1.5,
        "target_first_underlines_s": 2.0,
    }
    result["meets_target"] = result["painted_window_s"]["median"] < 1.5
    text = json.dumps(result, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
