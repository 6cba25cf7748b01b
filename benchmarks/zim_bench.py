"""ZIM import benchmark: lead-paragraph extraction and import throughput on a synthetic archive.

Writes a Wikipedia-like ZIM (pages of ~12 KB with a hatnote, an infobox table,
citations, a figure and sections; 1.5 redirects per article, some chained),
then measures in one run:

* reading: records/s out of ``iter_zim`` (libzim + lxml lead extraction);
* importing: articles/s through ``import_file`` into a fresh knowledge base
  (derivation, aliases, fuzzy keys, FTS), and the peak memory of the process;
* the redirect index spilled to disk versus kept in memory;
* the checksum verification done before importing archives up to 2 GB.

Usage: python benchmarks/zim_bench.py [--articles 20000] [--out FILE]
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "desktop"))

from libzim.writer import Creator, Hint, Item, StringProvider

from glossator.core.kb import KBLayer
from glossator.core.kb import zim as zim_mod
from glossator.core.kb.importers import import_file
from glossator.core.models import ImportStats

WORDS = ("the of and a in to was is for on as by with from his her at which an be "
         "mathematician city river empire engine council university novel poet army").split()


class _Page(Item):
    def __init__(self, path: str, title: str, html: str) -> None:
        super().__init__()
        self._p, self._t, self._h = path, title, html

    def get_path(self) -> str:
        return self._p

    def get_title(self) -> str:
        return self._t

    def get_mimetype(self) -> str:
        return "text/html"

    def get_contentprovider(self) -> StringProvider:
        return StringProvider(self._h)

    def get_hints(self) -> dict:
        return {Hint.FRONT_ARTICLE: True}


def _sentence(rng: random.Random, n: int) -> str:
    words = [rng.choice(WORDS) for _ in range(n)]
    return " ".join(words).capitalize() + f".<sup class=\"reference\">[{rng.randint(1, 99)}]</sup>"


def _html(rng: random.Random, title: str) -> str:
    lead = " ".join(_sentence(rng, rng.randint(8, 20)) for _ in range(4))
    body = "".join(
        f"<h2>Section {s}</h2>" + "".join(
            f"<p>{' '.join(_sentence(rng, 15) for _ in range(5))}</p>" for _ in range(4))
        for s in range(6)
    )
    return (
        f"<html><head><title>{title}</title><style>p{{margin:0}}</style></head><body>"
        f"<div class=\"hatnote\">For other uses, see {title} (disambiguation).</div>"
        "<table class=\"infobox\"><tr><td><p>Born 1 January 1900</p></td></tr></table>"
        f"<figure><figcaption><p>A picture of {title}</p></figcaption></figure>"
        f"<section><p><b>{title}</b> {lead}</p></section>{body}</body></html>"
    )


def write_archive(path: Path, articles: int, seed: int = 1) -> dict[str, float]:
    rng = random.Random(seed)
    started = time.perf_counter()
    redirects = 0
    with Creator(str(path)).config_indexing(False, "eng").config_nbworkers(1) as creator:
        for i in range(articles):
            title = f"Article {i} {rng.choice(WORDS).title()}"
            target = title.replace(" ", "_")
            creator.add_item(_Page(target, title, _html(rng, title)))
            for r in range(rng.choice((0, 1, 1, 2, 2, 3))):
                creator.add_redirection(f"{target}_r{r}", f"{title} alias {r}", target,
                                        {Hint.FRONT_ARTICLE: False})
                redirects += 1
        creator.add_metadata("Language", "eng")
        creator.add_metadata("Source", "en.wikipedia.org")
    return {"articles": articles, "redirects": redirects,
            "write_seconds": time.perf_counter() - started, "bytes": path.stat().st_size}


def measure(articles: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as tmp:
        archive = Path(tmp) / "bench.zim"
        out = write_archive(archive, articles)

        started = time.perf_counter()
        zim_mod.open_archive(archive)
        out["verify_mb_per_s"] = out["bytes"] / 1e6 / (time.perf_counter() - started)

        started = time.perf_counter()
        n = sum(1 for _ in zim_mod.iter_zim(archive, ImportStats()))
        read = time.perf_counter() - started
        out |= {"records": n, "read_records_per_s": n / read}

        saved = zim_mod.SPILL_AT
        zim_mod.SPILL_AT = 1000  # force the on-disk redirect index
        try:
            started = time.perf_counter()
            sum(1 for _ in zim_mod.iter_zim(archive, ImportStats()))
            out["read_spilled_records_per_s"] = n / (time.perf_counter() - started)
        finally:
            zim_mod.SPILL_AT = saved

        layer = KBLayer(Path(tmp) / "kb.sqlite")
        started = time.perf_counter()
        stats = import_file(layer, archive)
        took = time.perf_counter() - started
        aliases = layer.db.execute(
            "SELECT count(*) FROM aliases WHERE kind = 'redirect'").fetchone()[0]
        layer.close()
        out |= {"import_seconds": took, "import_articles_per_s": stats.added / took,
                "redirect_aliases": aliases,
                "peak_rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20000)
    parser.add_argument("--out", help="write the figures as JSON here")
    args = parser.parse_args()
    figures = measure(args.articles)
    text = json.dumps({k: round(v, 2) if isinstance(v, float) else v
                       for k, v in figures.items()}, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
