"""Knowledge base benchmark: look-up latency and import throughput as the KB grows.

Generates synthetic KBs (people, places, organisations; names drawn from a
character trigram model of the starter pack's real title words, Zipf-distributed
first names, a long tail of surnames; ~3.5 names per article) at several sizes,
up to 1,000,000 articles and 3,000,000 aliases, and measures in one run:

* import throughput (articles/s) through the real writer (derivation, aliases,
  fuzzy keys, FTS triggers, one transaction per batch);
* exact-alias and normalised look-up latency (p50, p95);
* fuzzy candidates for names with 1-2 random edits (p50, p95) and their recall;
* building the real starter pack from the Vital Articles.

Usage: python benchmarks/kb_bench.py [--sizes 10000,100000,1000000] [--out FILE]
Targets (issue 2): exact p50 < 0.1 ms, fuzzy p95 < 10 ms, import >= 5,000 articles/s,
build-starter < 10 s.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))

from glossator.core.kb import KBLayer, KnowledgeBase, SummaryRecord
from glossator.core.kb.starter import build_starter

WORDS = ("the of and a in to was is for on as by with he she it from at his her an "
         "city river company founded born known first war state party government "
         "music science history world national university king empire people").split()


class NameModel:
    """A character trigram model of real name words (the starter pack's titles).

    Synthetic names then have the letter statistics of real ones: neither the
    collisions of a small syllable set nor the uniqueness of random strings.
    """

    def __init__(self, words: list[str], rng: random.Random) -> None:
        self.rng = rng
        self.next: dict[str, list[str]] = {}
        for word in words:
            padded = "^^" + word.lower() + "$"
            for i in range(len(padded) - 2):
                self.next.setdefault(padded[i:i + 2], []).append(padded[i + 2])

    def word(self) -> str:
        while True:
            out, state = "", "^^"
            while True:
                ch = self.rng.choice(self.next[state])
                if ch == "$" or len(out) > 14:
                    break
                out += ch
                state = state[1] + ch
            if len(out) >= 3:
                return out.capitalize()


def seed_words() -> list[str]:
    """Capitalised words of the starter pack's titles (real names of people and places)."""
    import json

    from glossator.core.kb.starter import source_path

    data = json.loads(source_path().read_text(encoding="utf-8"))
    words = [w for title in data for w in title.replace(",", " ").split()
             if w[:1].isupper() and w.isalpha() and w.isascii() and len(w) >= 3]
    return words


def generate(n: int, seed: int = 7):
    rng = random.Random(seed)
    model = NameModel(seed_words(), rng)
    firsts = [model.word() for _ in range(3000)]
    weights = [1 / (i + 1) for i in range(len(firsts))]  # Zipf: many Johns, few Zebedees
    seen: set[str] = set()
    i = 0
    while i < n:
        kind = rng.random()
        surname = model.word()
        if kind < 0.6:
            first = rng.choices(firsts, weights)[0]
            title = f"{first} {surname}"
            desc = f"{rng.choice(['Ruritanian', 'Freedonian', 'Latverian'])} " \
                   f"{rng.choice(['politician', 'composer', 'physicist', 'writer'])}"
            redirects = [f"{first[0]}. {surname}"]
        elif kind < 0.85:
            title = surname
            desc = f"City in {model.word()}"
            redirects = [f"{surname} City"]
        else:
            title = f"{surname} {rng.choice(['Corporation', 'Institute', 'Party', 'Bank'])}"
            desc = "Company"
            redirects = [f"{surname} Corp"]
        while title in seen:
            title = f"{title.split(' (')[0]} ({model.word()})"
        seen.add(title)
        redirects.append(title.upper() if rng.random() < 0.3 else f"The {title}")
        extract = f"{title} is a " + " ".join(rng.choice(WORDS) for _ in range(50)) + "."
        if kind < 0.6 and rng.random() < 0.5:
            extract += " She was famous." if rng.random() < 0.5 else " He was famous."
        yield SummaryRecord(title=title, description=desc, extract=extract,
                            source="synthetic", redirects=redirects)
        i += 1


def misspell(rng: random.Random, name: str) -> str:
    chars = list(name)
    for _ in range(rng.randint(1, 2)):
        pos = rng.randrange(len(chars))
        op = rng.choice("ids")
        if op == "i":
            chars.insert(pos, rng.choice("aeiourstn"))
        elif op == "d" and len(chars) > 4:
            del chars[pos]
        else:
            chars[pos] = rng.choice("aeiourstn")
    return "".join(chars)


def pct(values: list[float], q: float) -> float:
    values = sorted(values)
    return values[min(len(values) - 1, int(q * len(values)))]


def bench_size(n: int, workdir: Path) -> dict:
    path = workdir / f"kb-{n}.sqlite"
    layer = KBLayer(path)
    t0 = time.perf_counter()
    # As `glossator kb import` does for large files: one process derives, one writes.
    stats = layer.upsert(generate(n), batch_size=20_000, workers=1 if n >= 100_000 else 0)
    import_s = time.perf_counter() - t0
    counts = layer.counts()
    layer.close()

    kb = KnowledgeBase.single(path)
    rng = random.Random(11)
    names = [r[0] for r in kb.layers[0].db.execute(
        "SELECT alias FROM aliases WHERE id IN (SELECT abs(random()) % "
        "(SELECT max(id) FROM aliases) FROM aliases LIMIT 3000)").fetchall()]
    names = names[:2000]
    for name in names[:50]:  # warm the page cache like a running app would
        kb.exact(name)
    exact_ms = []
    for name in names:
        t = time.perf_counter()
        kb.exact(name)
        exact_ms.append((time.perf_counter() - t) * 1000)
    norm_ms = []
    for name in names:
        t = time.perf_counter()
        kb.lookup(name)
        norm_ms.append((time.perf_counter() - t) * 1000)
    fuzzy_ms, found, generated = [], 0, 0
    targets = [nm for nm in names if len(nm) >= 6][:1000]
    for name in targets:
        query = misspell(rng, name)
        t = time.perf_counter()
        cands = kb.candidates(query, 20)
        fuzzy_ms.append((time.perf_counter() - t) * 1000)
        found += any(c.alias == name for c in cands)
        # Generation recall: is the name among all candidates, however ranked?
        generated += any(c.alias == name for c in kb.candidates(query, 100000))
    kb.close()
    return {
        "articles": counts["articles"],
        "aliases": counts["aliases"],
        "name_keys": counts["name_keys"],
        "db_mb": round(path.stat().st_size / 1e6, 1),
        "import_articles_per_s": round(stats.added / import_s),
        "exact_p50_ms": round(pct(exact_ms, 0.5), 4),
        "exact_p95_ms": round(pct(exact_ms, 0.95), 4),
        "normalised_p50_ms": round(pct(norm_ms, 0.5), 4),
        "fuzzy_p50_ms": round(pct(fuzzy_ms, 0.5), 3),
        "fuzzy_p95_ms": round(pct(fuzzy_ms, 0.95), 3),
        "fuzzy_mean_ms": round(statistics.fmean(fuzzy_ms), 3),
        "fuzzy_recall_at_20": round(found / len(targets), 4),
        "fuzzy_generation_recall": round(generated / len(targets), 4),
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="10000,100000,1000000")
    parser.add_argument("--out", help="also write the results as JSON here")
    parser.add_argument("--workdir", help="where to put the generated KBs (default: a temp dir)")
    args = parser.parse_args()
    results: dict = {}
    with tempfile.TemporaryDirectory(dir=args.workdir) as tmp:
        workdir = Path(tmp)
        t = time.perf_counter()
        starter = build_starter(workdir / "starter.sqlite")
        results["build_starter"] = {"seconds": round(time.perf_counter() - t, 2),
                                    "articles": starter["articles"],
                                    "aliases": starter["aliases"]}
        print(json.dumps({"build_starter": results["build_starter"]}), flush=True)
        for n in (int(s) for s in args.sizes.split(",")):
            results[str(n)] = bench_size(n, workdir)
            print(json.dumps({n: results[str(n)]}), flush=True)
    if args.out:
        Path(args.out).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
