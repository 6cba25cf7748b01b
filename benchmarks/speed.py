"""Speed of the reading engine against spaCy itself, and peak memory.

The floor is spaCy: the benchmark times ``Engine.annotate`` and bare runs of the same
model in the same process, and reports the ratios (target <= 1.25):

* a 1,000-word article: ``annotate(text)`` against ``nlp(text)``;
* a 100,000-word book: ``annotate(text)`` (chunked, ``nlp.pipe``) against the bare model
  over the same chunks with ``nlp.pipe`` (and against ``nlp(text)`` in one piece).

Two bare baselines: **stock spaCy** (the model as spaCy loads it: the issue's measure) and
**the engine's own spaCy pipeline** (the same model with the attribute ruler and the
lemmatizer answered from tables, ``cached_pipes.py``: the same results, faster), which is
the cost of the engine's own components alone.

Texts: News-Fair-v2 articles from ``../shared/eval`` (or ``$GLOSSATOR_EVAL_DIR``) when
present, else the bundled sample article repeated. Both halves, the held-out one too: the
book and the article are for timing alone, never for reading the engine's output. Peak
memory is the process's maximum resident set size (target < 400 MB). Each timing is the best
of ``--repeat`` runs (a whole process's user time is that of its best run in wall time). The
book's runs alternate with the bare ones (``--repeat`` rounds in process, at least two), and
the median of the rounds' ratios is reported beside the ratio of the bests: the machine's
speed drifts, and runs made back to back share the drift.

The engine's own components (``glossator_*``) are disabled for the bare runs. The whole
process is measured too: ``glossator annotate FILE`` against a process that loads the
stock model and pipes the same chunks (start-up, KB and model load included in both; the
article best of ``--repeat``, the book of one fewer), after one untimed run that leaves
the KB's name index in a cache folder and Glossator's compiled bytecode beside its
sources, as any start after the first finds them (spaCy's was compiled at install).

Usage: python benchmarks/speed.py [--repeat 3] [--json FILE]
"""

from __future__ import annotations

import argparse
import gc
import json
import os
import resource
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))


def source_texts() -> list[str]:
    where = Path(os.environ.get("GLOSSATOR_EVAL_DIR") or ROOT.parent / "shared" / "eval")
    news = where / "news-fair-v2.benchmark.jsonl"
    if news.is_file():
        with open(news, encoding="utf-8") as fh:
            return [json.loads(line)["text"] for line in fh if line.strip()]
    sample = (ROOT / "resources" / "sample" / "sample-article.md").read_text(encoding="utf-8")
    return [sample]


def take_words(texts: list[str], n: int) -> str:
    out, count = [], 0
    i = 0
    while count < n:
        t = texts[i % len(texts)]
        words = t.split(" ")
        if count + len(words) > n:
            t = " ".join(words[: n - count])
        out.append(t)
        count += len(t.split())
        i += 1
    return "\n\n".join(out)


def best_of(fn, repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        gc.collect()
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def peak_mb() -> float:
    """Peak resident memory of this process (VmHWM: ru_maxrss survives fork and exec)."""
    try:
        with open("/proc/self/status", encoding="ascii") as fh:
            for line in fh:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def memory_child(kb_path: str) -> int:
    """Load the engine, annotate the 100,000-word book, print the peak RSS in MB."""
    from glossator.core.kb import KnowledgeBase
    from glossator.core.nlp.engine import Engine

    engine = Engine(KnowledgeBase.single(kb_path))
    engine.annotate(take_words(source_texts(), 100_000))
    print(round(peak_mb(), 1))
    return 0


BARE_SCRIPT = """
import sys, time
sys.path.insert(0, {desktop!r})
from glossator.core.nlp.engine import BATCH_SIZE, split_chunks
from glossator.core.nlp.model import load_model
text = open({path!r}, encoding="utf-8").read()
nlp = load_model(None)
nlp.max_length = max(nlp.max_length, 40_000)
for doc in nlp.pipe([text[s:e] for s, e in split_chunks(text)], batch_size=BATCH_SIZE):
    pass
"""


def whole_process(kb: str, article: str, book: str, repeat: int) -> dict:
    """Wall and user time of ``glossator annotate`` and of a stock spaCy process."""
    import subprocess
    import tempfile

    out = {}
    with tempfile.TemporaryDirectory() as tmp:
        # A start after the first, as users start it: the cache folder holds the KB's
        # name index (one untimed run writes it), and the OS has read the files.
        env = dict(os.environ, GLOSSATOR_CACHE_DIR=str(Path(tmp) / "cache"))
        # Both run from compiled bytecode, as the installed app does (PyInstaller bundles
        # it) and as pip left spaCy's: with PYTHONDONTWRITEBYTECODE (set on the machines
        # we measure on) every timed start compiled Glossator's sources again, 0.1-0.2 s
        # of an article's 2 s that no user pays. The untimed run writes the bytecode.
        env.pop("PYTHONDONTWRITEBYTECODE", None)
        warm = Path(tmp) / "warm.txt"
        warm.write_text("Marie Curie was born in Warsaw.", encoding="utf-8")
        subprocess.run([sys.executable, "-m", "glossator.cli", "annotate", str(warm), "--kb",
                        kb, "--out", tmp], check=True, capture_output=True, env=env)
        for name, text in (("article", article), ("book", book)):
            path = Path(tmp) / f"{name}.txt"
            path.write_text(text, encoding="utf-8")
            runs: dict[str, tuple[float, float]] = {}
            ratios = []  # of each alternating pair's wall times
            # The two alternate, best of ``repeat`` (of ``repeat - 1`` for the book): a
            # start of about a second measured once moves by a quarter on a shared
            # machine, and one 20-second book run by a tenth (1.22x, then 1.28x, for the
            # same code in the eighteenth session).
            for _ in range(max(1, repeat) if name == "article" else max(1, repeat - 1)):
                for who, cmd in (
                        ("annotate", [sys.executable, "-m", "glossator.cli", "annotate",
                                      str(path), "--kb", kb, "--out", tmp]),
                        ("stock spaCy", [sys.executable, "-c", BARE_SCRIPT.format(
                            desktop=str(ROOT / "desktop"), path=str(path))])):
                    before = resource.getrusage(resource.RUSAGE_CHILDREN)
                    t = time.perf_counter()
                    subprocess.run(cmd, check=True, capture_output=True, env=env)
                    wall = time.perf_counter() - t
                    after = resource.getrusage(resource.RUSAGE_CHILDREN)
                    run = (wall, after.ru_utime - before.ru_utime)
                    runs[who] = min(runs.get(who, run), run)
                    if who == "annotate":
                        ours_wall = wall
                    else:
                        ratios.append(ours_wall / wall)
            out[name] = {"annotate wall (s)": round(runs["annotate"][0], 2),
                         "stock spaCy wall (s)": round(runs["stock spaCy"][0], 2),
                         "wall ratio": round(runs["annotate"][0] / runs["stock spaCy"][0], 3),
                         "wall ratio, median of alternating pairs": round(
                             statistics.median(ratios), 3),
                         "user-time ratio": round(runs["annotate"][1] / runs["stock spaCy"][1],
                                                  3)}
    return out


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--kb", default=str(ROOT / "resources" / "kb" / "starter-en.sqlite"))
    p.add_argument("--repeat", type=int, default=3)
    p.add_argument("--json")
    p.add_argument("--memory-child", action="store_true", help=argparse.SUPPRESS)
    args = p.parse_args(argv)
    if args.memory_child:
        return memory_child(args.kb)
    from glossator.core.kb import KnowledgeBase
    from glossator.core.nlp.engine import BATCH_SIZE, Engine, split_chunks

    kb = KnowledgeBase.single(args.kb)
    t = time.perf_counter()
    engine = Engine(kb)
    load_s = time.perf_counter() - t
    from glossator.core.nlp.components import COMPONENTS

    full = engine.nlp
    texts = source_texts()

    class Bare:
        """The engine's spaCy pipeline alone, without the engine's components."""

        def __call__(self, text):
            with full.select_pipes(disable=list(COMPONENTS)):
                return full(text)

        def pipe(self, texts, **kw):
            with full.select_pipes(disable=list(COMPONENTS)):
                yield from full.pipe(texts, **kw)

        @property
        def max_length(self):
            return full.max_length

        @max_length.setter
        def max_length(self, value):
            full.max_length = value

    nlp = Bare()
    article = take_words([x for x in texts if len(x.split()) >= 1000] or texts, 1000)
    book = take_words(texts, 100_000)
    engine.annotate(article)  # warm-up: gazetteer, caches, lazy model parts
    report: dict = {"model load + KB gazetteer (s)": round(load_s, 2)}

    from glossator.core.nlp.model import load_model

    stock = load_model(None)  # spaCy's own components, as spaCy loads them
    stock.max_length = full.max_length
    stock(article)
    bare = best_of(lambda: nlp(article), args.repeat)
    stock_t = best_of(lambda: stock(article), args.repeat)
    ours = best_of(lambda: engine.annotate(article), args.repeat)
    report["article"] = {"words": len(article.split()), "stock spaCy nlp (s)": round(stock_t, 3),
                         "the engine's spaCy pipeline, nlp (s)": round(bare, 3),
                         "annotate (s)": round(ours, 3),
                         "ratio (vs stock spaCy)": round(ours / stock_t, 3),
                         "ratio (vs the engine's spaCy pipeline)": round(ours / bare, 3)}
    print("article", report["article"], flush=True)

    parts = [book[s:e] for s, e in split_chunks(book)]
    # The three alternate, and each round's ratios are kept: on a shared machine whose
    # speed drifts by half within minutes (the twentieth session: the same code 1.09x,
    # then 1.32x, best of two each, one after the other), runs back to back share it.
    rounds = []
    for _ in range(max(2, args.repeat)):
        stock_b = best_of(lambda: list(stock.pipe(parts, batch_size=BATCH_SIZE)), 1)
        bare_t = best_of(lambda: list(nlp.pipe(parts, batch_size=BATCH_SIZE)), 1)
        ours_t = best_of(lambda: engine.annotate(book), 1)
        rounds.append((stock_b, bare_t, ours_t))
    stock_pipe = min(r[0] for r in rounds)
    bare_pipe, ours_book = min(r[1] for r in rounds), min(r[2] for r in rounds)
    nlp.max_length = max(nlp.max_length, len(book) + 1)
    bare_whole = best_of(lambda: nlp(book), 1)
    report["book"] = {"words": len(book.split()), "characters": len(book),
                      "stock spaCy nlp.pipe over the same chunks (s)": round(stock_pipe, 2),
                      "the engine's spaCy pipeline, nlp.pipe (s)": round(bare_pipe, 2),
                      "the engine's spaCy pipeline, nlp(text) in one piece (s)": round(
                          bare_whole, 2),
                      "annotate (s)": round(ours_book, 2),
                      "ratio (vs stock spaCy nlp.pipe)": round(ours_book / stock_pipe, 3),
                      "ratio (vs stock spaCy), median of alternating rounds": round(
                          statistics.median(o / s for s, _b, o in rounds), 3),
                      "ratio (vs the engine's spaCy pipeline)": round(ours_book / bare_pipe, 3),
                      "ratio (vs the engine's spaCy pipeline), median of rounds": round(
                          statistics.median(o / b for _s, b, o in rounds), 3),
                      "the engine's spaCy pipeline / stock spaCy, median of rounds": round(
                          statistics.median(b / s for s, b, _o in rounds), 3),
                      "rounds (stock, the engine's pipeline, annotate; s)": [
                          tuple(round(x, 2) for x in r) for r in rounds],
                      "ratio (vs nlp(text))": round(ours_book / bare_whole, 3)}
    print("book", report["book"], flush=True)
    report["peak memory of this run (MB, incl. the one-piece bare baseline)"] = round(
        peak_mb(), 1)
    # Peak memory of annotate alone, in a fresh process: the one-piece nlp(book) above
    # dominates this process's peak.
    import subprocess

    out = subprocess.run([sys.executable, __file__, "--memory-child", "--kb", args.kb],
                         capture_output=True, text=True, check=False)
    report["peak memory, annotate of the book alone (MB)"] = float(
        out.stdout.strip().splitlines()[-1]) if out.returncode == 0 else None
    print({k: v for k, v in report.items() if "memory" in k})
    report["whole process"] = whole_process(args.kb, article, book, args.repeat)
    print("whole process", report["whole process"])
    if args.json:
        Path(args.json).write_text(json.dumps(report, indent=1), encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
