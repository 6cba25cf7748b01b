"""Attach benchmark: a ZIM used in place, from 100,000 articles up (issue 14).

Writes a synthetic but Wikipedia-like ZIM with libzim (people, places and
organisations named from a character trigram model of the starter pack's title
words, as ``kb_bench``; a "mini" page per article: a hatnote, an infobox, the lead
paragraph with citations, about 1.5 KB; 1.5 redirects per article: initials,
upper-case and "The ..." forms, old names, some chained), attaches it and
measures in one run per size:

* the index build: entries (articles + redirects) per second, from ``attach`` to
  the last batch, and the index's size in bytes per name;
* exact look-up (``KnowledgeBase.lookup``) p50 / p95, fuzzy candidates of names
  with one or two random edits (``candidates``) p50 / p95 and their recall, cold
  (the index's pages dropped from the OS cache) and warm (the index file read once);
* card text read from the ZIM (``article``: the lead parsed out of the page), p95,
  cold (a fresh process, nothing of the ZIM cached: the page cache is dropped
  with POSIX_FADV_DONTNEED) and warm;
* the resident memory of a process holding the knowledge base with the index
  attached, after the look-ups (what the app adds), and of the build;
* the link pass (``link_priors.LinkJob``, as ``kb attach --links`` runs it, with two
  worker processes), in a fresh process: articles/s, links/s, names and pairs (seen,
  stored after pruning), bytes per stored pair, peak memory of the main process and of a
  worker; then ``link_prior`` p50 / p95, cold and warm, for titles, short names and redirect
  names. Every page carries 15 to 45 internal links (a few dozen) to Zipf-popular targets:
  anchors that are titles, redirects' names (href to the redirect), or ambiguous short
  names (a person's surname, a place's or an organisation's first word), hrefs
  percent-encoded, some with "./" or a fragment, plus an external link and a citation.

Then extrapolates, linearly in entries, to a full English Wikipedia mini
(7,000,000 articles, 11,000,000 redirects).

Usage: python benchmarks/zim_attach_bench.py [--sizes 100000,1000000] [--out FILE]
       [--zim ARCHIVE] [--no-links] [--workdir DIR]
       python benchmarks/zim_attach_bench.py --names-only 1300000 (3M names, no ZIM written)
       python benchmarks/zim_attach_bench.py --migration 100000 (a format-1 index of 100k
       articles, as --names-only builds it, brought to format 2: the seconds it takes)
       python benchmarks/zim_attach_bench.py --names-only 1000000 --synthetic-priors
       --keep-index DIR (with link priors counted from synthetic links, kept), then
       python benchmarks/zim_attach_bench.py --reads DIR - 1000000 [--code OLD/desktop]
       (the same index read again, by this code or an older checkout's: before/after)
Each look-up figure comes with a bare indexed SELECT of the same names on the same index
(bare_select_*), and the look-up's p50 over it: a ratio the machine's load moves less.
Targets (issue 14): build >= 20,000 entries/s, <= 250 bytes per name, exact p50 < 0.1 ms,
fuzzy p95 < 15 ms, card p95 cold < 20 ms, RSS < 500 MB.
"""

from __future__ import annotations

import argparse
import contextlib
import html
import json
import os
import random
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import quote

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "desktop"))
sys.path.insert(0, str(ROOT))
# --code DIR: read with the glossator package under DIR (an older checkout's ``desktop``),
# imported before kb_bench imports this tree's, to compare two versions on one index.
_CODE = next((sys.argv[i + 1] for i, a in enumerate(sys.argv[:-1]) if a == "--code"), None)
if _CODE:
    sys.path.insert(0, _CODE)
    import glossator.core.kb  # noqa: F401

from benchmarks.kb_bench import NameModel, misspell, pct, seed_words  # noqa: E402

WORDS = ("the of and a in to was is for on as by with he she it from at his her an "
         "city river company founded born known first war state party government "
         "music science history world national university king empire people").split()
FULL_ARTICLES = 7_000_000
FULL_REDIRECTS = 11_000_000
HREF_SAFE = "/:()',_-!*~."
LINK_WORKERS = 2


def titles(n: int, seed: int = 7):
    """(title, kind, redirect names) for n articles; about 1.5 redirects each."""
    rng = random.Random(seed)
    model = NameModel(seed_words(), rng)
    firsts = [model.word() for _ in range(3000)]
    weights = [1 / (i + 1) for i in range(len(firsts))]
    seen: set[str] = set()
    for _ in range(n):
        kind = rng.random()
        surname = model.word()
        if kind < 0.6:
            first = rng.choices(firsts, weights)[0]
            title = f"{first} {surname}"
            redirects = [f"{first[0]}. {surname}"]
            what = "politician"
        elif kind < 0.85:
            title = surname
            redirects = [f"{surname} City"]
            what = "city"
        else:
            title = f"{surname} {rng.choice(['Corporation', 'Institute', 'Party', 'Bank'])}"
            redirects = [f"{surname} Corp"]
            what = "company"
        while title in seen:
            title = f"{title.split(' (')[0]} ({model.word()})"
        seen.add(title)
        # 1.5 redirects per article on average: 1 always, a second half the time.
        if rng.random() < 0.5:
            redirects.append(title.upper() if rng.random() < 0.3 else f"The {title}")
        seen.update(redirects)  # a later title never takes a redirect's path
        yield title, what, redirects


def catalogue(n: int, seed: int = 7) -> list[str]:
    """Every article's title, kind and redirect names, one compact string each (for links)."""
    return ["\x1f".join((title, what, *names)) for title, what, names in titles(n, seed)]


def _short(title: str, what: str) -> str:
    """The ambiguous short name of a title: a person's surname, a place or body's first word."""
    base = title.split(" (")[0]
    return base.split()[-1] if what == "politician" else base.split()[0]


def link(rng: random.Random, entry: str) -> str:
    """An internal link to a catalogue entry, as a Kiwix page writes it.

    The anchor is the title (55%), a redirect's name with the redirect's path as href
    (15%), the ambiguous short name (a person's surname, an organisation's or a place's
    first word: 30%, so "Smith", a city "Smith" and "Smith Bank" share a name). Hrefs are
    percent-encoded; some start with "./" or end with a fragment.
    """
    title, what, *redirects = entry.split("\x1f")
    r = rng.random()
    if r < 0.55:
        text, target = title, title
    elif r < 0.70 and redirects:
        text = target = rng.choice(redirects)
    else:
        text, target = _short(title, what), title
    href = quote(target.replace(" ", "_"), safe=HREF_SAFE)
    r = rng.random()
    if r < 0.1:
        href = f"./{href}"
    elif r < 0.15:
        href = f"{href}#History"
    return f'<a href="{href}" title="{html.escape(target)}">{html.escape(text)}</a>'


def links_html(rng: random.Random, cat: list[str]) -> str:
    """A few dozen links (15 to 45) to Zipf-popular targets, and two that are not internal."""
    n = len(cat)
    out = []
    for _ in range(rng.randint(15, 45)):
        target = min(n - 1, int(n ** rng.random()) - 1)  # p(rank) ~ 1 / rank
        out.append(link(rng, cat[target]) + " " + " ".join(rng.choice(WORDS)
                                                          for _ in range(rng.randint(2, 8))))
    out.append('<a class="external" href="https://example.org/a?b=c">an external site</a>')
    out.append('<sup class="reference"><a href="#cite_note-1">[1]</a></sup>')
    return "<h2>Links</h2><p>" + ", ".join(out) + ".</p>"


def page(rng: random.Random, title: str, what: str, cat: list[str] | None = None) -> str:
    words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(40, 90)))
    return (
        f"<html><head><meta charset=\"utf-8\"><title>{title}</title></head><body>"
        f"<div class=\"hatnote\">For other uses, see {title} (disambiguation).</div>"
        "<table class=\"infobox\"><tr><td><p>Born 1 January 1900</p></td></tr></table>"
        f"<section><p><b>{title}</b> is a {what} {words}.<sup class=\"reference\">[1]</sup> "
        f"{' '.join(rng.choice(WORDS) for _ in range(40))}.</p>"
        f"{links_html(rng, cat) if cat else ''}</section></body></html>"
    )


def write_archive(path: Path, n: int, seed: int = 7, *, links: bool = True) -> dict:
    from libzim.writer import Creator, Hint

    from zim_bench import _Page as Page  # the same synthetic page

    rng = random.Random(seed + 1)
    started = time.perf_counter()
    cat = catalogue(n, seed) if links else None
    redirects = 0
    used: set[str] = set()
    hint = {Hint.FRONT_ARTICLE: False}
    with Creator(str(path)).config_indexing(False, "eng").config_nbworkers(2) as creator:
        for title, what, names in titles(n, seed):
            target = title.replace(" ", "_")
            used.add(target)
            creator.add_item(Page(target, title, page(rng, title, what, cat)))
            for name in names:
                rpath = name.replace(" ", "_")
                if rpath in used:
                    continue
                used.add(rpath)
                creator.add_redirection(rpath, name, target, hint)
                redirects += 1
        creator.add_metadata("Language", "eng")
        creator.add_metadata("Title", "Synthetic Wikipedia")
        creator.add_metadata("Name", f"wikipedia_en_synthetic_{n}")
        creator.add_metadata("Creator", "Wikipedia")
        creator.add_metadata("Publisher", "Glossator benchmark")
        creator.add_metadata("Date", "2026-11-30")
        creator.add_metadata("Source", "en.wikipedia.org")
    return {"articles": n, "redirects": redirects,
            "write_seconds": round(time.perf_counter() - started, 1),
            "zim_bytes": path.stat().st_size}


def rss_mb(field: str = "VmRSS", pid: int | str = "self") -> float:
    """Resident memory now (VmHWM: the peak of this process, not of its parent before exec)."""
    with open(f"/proc/{pid}/status") as fh:
        for line in fh:
            if line.startswith(f"{field}:"):
                return int(line.split()[1]) / 1024
    return 0.0


def drop_cache(path: Path) -> None:
    """Ask the kernel to forget the file's pages (a cold read without root)."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def measure_reads(workdir: Path, zim: Path | None, n: int, seed: int = 7) -> dict:
    """Look-ups, cards (with a ZIM) and memory, in this (fresh) process."""
    from glossator.core.kb import KnowledgeBase

    rng = random.Random(seed + 2)
    sample = [t for i, t in enumerate(titles(n, seed)) if i % max(1, n // 4000) == 0]
    rng.shuffle(sample)
    names = [t for t, _, _ in sample[:2000]]
    redirect_names = [r[0] for _, _, r in sample[:1000]]
    base = rss_mb()
    if zim is not None:
        drop_cache(zim)
    for index in (workdir / "zim-index").glob("*.sqlite"):
        drop_cache(index)
    kb = KnowledgeBase.open(workdir / "user-kb.sqlite", None)
    out: dict = {"rss_open_mb": round(rss_mb(), 1)}
    # Cold cards first: nothing of the ZIM has been read by this process or is cached.
    cold = []
    for title in names[:300] if zim is not None else []:
        started = time.perf_counter()
        article = kb.article(title)
        cold.append(time.perf_counter() - started)
        assert article is not None and article.extract, title
    warm = []
    for title in names[:300] if zim is not None else []:
        started = time.perf_counter()
        kb.article(title)
        warm.append(time.perf_counter() - started)
    from glossator.core.kb.normalize import normalise

    bare_conns = [layer.db.conn for layer in kb.zim_layers]

    def lookups(titles_: list[str], redirects_: list[str], tag: str) -> None:
        exact, bare = [], []
        for name in titles_ + redirects_:
            started = time.perf_counter()
            found = kb.lookup(name)
            exact.append(time.perf_counter() - started)
            assert found, name
            # The yardstick: a bare indexed SELECT of the same name on the same index
            # (its pages now cached), timed the same way, for ratios the machine's load
            # does not move much.
            norm = normalise(name)
            for conn in bare_conns:
                started = time.perf_counter()
                conn.execute("SELECT article_id FROM aliases WHERE norm = ? LIMIT 1",
                             (norm,)).fetchone()
                bare.append(time.perf_counter() - started)
        if bare:  # the page just read: a statement's cost without disk reads
            out[f"bare_select_{tag}_run_p50_ms"] = pct(bare, 0.5) * 1e3
            out[f"exact_{tag}_p50_over_bare"] = pct(exact, 0.5) / pct(bare, 0.5)
        fuzzy, hits = [], 0
        for title in titles_[:500]:
            query = misspell(rng, title)
            started = time.perf_counter()
            found = kb.candidates(query, 10)
            fuzzy.append(time.perf_counter() - started)
            hits += any(c.title == title for c in found)
        out.update({
            f"exact_{tag}_p50_ms": pct(exact, 0.5) * 1e3,
            f"exact_{tag}_p95_ms": pct(exact, 0.95) * 1e3,
            f"fuzzy_{tag}_p50_ms": pct(fuzzy, 0.5) * 1e3,
            f"fuzzy_{tag}_p95_ms": pct(fuzzy, 0.95) * 1e3,
            f"fuzzy_{tag}_recall": hits / len(fuzzy)})

    from glossator.core.kb.link_priors import link_prior

    anchors = [a for t, w, r in sample[:3000] for a in (t, _short(t, w), *r[:1])]
    rng.shuffle(anchors)

    def priors(names_: list[str], tag: str) -> None:
        took, found = [], 0
        for name in names_:
            started = time.perf_counter()
            got = link_prior(kb, name)
            took.append(time.perf_counter() - started)
            found += bool(got)
        if took:
            out.update({f"link_prior_{tag}_p50_ms": pct(took, 0.5) * 1e3,
                        f"link_prior_{tag}_p95_ms": pct(took, 0.95) * 1e3,
                        f"link_prior_{tag}_found": round(found / len(took), 3)})

    # Cold: the index's pages are not in the OS cache (the app's first minutes).
    priors(anchors[:1500], "cold")
    # The cold yardstick: a bare indexed SELECT of names no look-up reads (its leaf page
    # read from disk, as a cold look-up's are), right before the cold look-ups.
    spare = [normalise(t) for t, _, _ in sample[3000:4000]]
    cold_bare = []
    for norm in spare if bare_conns else []:
        started = time.perf_counter()
        bare_conns[0].execute("SELECT article_id FROM aliases WHERE norm = ? LIMIT 1",
                              (norm,)).fetchone()
        cold_bare.append(time.perf_counter() - started)
    lookups(names[:1000], redirect_names[:500], "cold")
    if cold_bare:  # a leaf page read from disk
        out["bare_select_cold_pages_p50_ms"] = pct(cold_bare, 0.5) * 1e3
        out["exact_cold_p50_over_bare_cold_pages"] = out["exact_cold_p50_ms"] / out[
            "bare_select_cold_pages_p50_ms"]
    # Warm: the index file has been read once (the OS caches it; an app in use).
    for index in (workdir / "zim-index").glob("*.sqlite"):
        with index.open("rb") as fh:
            while fh.read(1 << 24):
                pass
    lookups(names[1000:], redirect_names[500:], "warm")
    priors(anchors[1500:4500], "warm")
    if cold:
        out |= {"card_cold_p50_ms": pct(cold, 0.5) * 1e3,
                "card_cold_p95_ms": pct(cold, 0.95) * 1e3,
                "card_warm_p50_ms": pct(warm, 0.5) * 1e3,
                "card_warm_p95_ms": pct(warm, 0.95) * 1e3}
    out |= {
        "rss_after_reads_mb": round(rss_mb(), 1),
        "rss_added_by_kb_mb": round(rss_mb() - base, 1),
    }
    kb.close()
    return {k: round(v, 3) if isinstance(v, float) else v for k, v in out.items()}


def links_pass(index: Path) -> dict:
    """Count the links of an indexed archive (``LinkJob``), in this fresh process."""
    import multiprocessing

    from glossator.core.kb.link_priors import LinkJob
    from glossator.core.kb.zim_attach import read_meta_file

    started = time.perf_counter()
    counted = 0.0
    workers_hwm: dict[int, float] = {}
    with LinkJob(index) as job:
        def report(p):
            nonlocal counted
            for child in multiprocessing.active_children():  # the pass's workers
                with contextlib.suppress(OSError, ValueError, IndexError):
                    workers_hwm[child.pid] = rss_mb("VmHWM", child.pid)
            if p.phase == "counting":
                counted = time.perf_counter() - started
            if p.phase != "counting" or p.position % 100_000 < job.batch_entries:
                print(f"links: {p.line()} {p.articles / (time.perf_counter() - started):,.0f} "
                      f"articles/s, RSS {rss_mb():.0f} MB", file=sys.stderr, flush=True)

        final = job.run(report, workers=LINK_WORKERS)  # as `kb attach --links` runs it
    took = time.perf_counter() - started
    meta = read_meta_file(index)
    pairs = int(meta["links_pairs"])
    priors_bytes = int(meta["links_bytes"])
    return {
        "links_seconds": round(took, 1), "links_count_seconds": round(counted, 1),
        "links_finish_seconds": round(took - counted, 1),
        "links_articles": final.articles, "links_counted": final.links,
        "links_per_article": round(final.links / max(1, final.articles), 1),
        "links_articles_per_s": round(final.articles / took),
        "links_links_per_s": round(final.links / took),
        "links_names": int(meta["links_names"]), "links_pairs_seen": int(meta["links_seen_pairs"]),
        "links_pairs_stored": pairs, "links_bytes": priors_bytes,
        "links_bytes_per_pair": round(priors_bytes / max(1, pairs), 1),
        "links_workers": LINK_WORKERS,
        "links_peak_rss_mb": round(rss_mb("VmHWM"), 1),
        "links_worker_peak_rss_mb": round(max(workers_hwm.values(), default=0.0), 1),
    }


def load_average() -> list[float]:
    """The machine's load average (1, 5, 15 minutes): 2 shared cores, other work runs."""
    return [round(x, 2) for x in os.getloadavg()]


def bench_size(n: int, keep: Path | None, existing: Path | None = None, *,
               links: bool = True) -> dict:
    from glossator.core.kb.zim_attach import IndexJob, attach, index_dir_for

    tmp = tempfile.TemporaryDirectory(dir=keep)
    workdir = Path(tmp.name)
    if existing is not None:  # an archive this benchmark wrote before, with the same n
        zim = existing
        out = {"articles": n, "zim_bytes": zim.stat().st_size, "archive": "reused"}
    else:
        zim = workdir / f"synthetic-{n}.zim"
        out = write_archive(zim, n)
    print(f"[{n:,}] wrote {zim.name}: {out}", file=sys.stderr, flush=True)
    drop_cache(zim)
    out["load_before_build"] = load_average()
    started = time.perf_counter()
    attached = attach(zim, index_dir_for(workdir / "user-kb.sqlite"))
    out["attach_check_seconds"] = round(time.perf_counter() - started, 2)
    started = time.perf_counter()
    with IndexJob(attached.index_path) as job:
        def report(p):
            if p.position % 200_000 < job.batch_entries:
                print(f"[{n:,}] {p.line()} {p.position / (time.perf_counter() - started):,.0f}"
                      "/s", file=sys.stderr, flush=True)

        final = job.run(report, workers=1)
    build = time.perf_counter() - started
    index_bytes = sum(p.stat().st_size for p in (workdir / "zim-index").iterdir())
    out |= {
        "entries": final.entries, "indexed_articles": final.articles, "names": final.names,
        "build_seconds": round(build, 1),
        "build_entries_per_s": round(final.entries / build),
        "index_bytes": index_bytes,
        "index_bytes_per_name": round(index_bytes / max(1, final.names), 1),
        "build_peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
        "load_after_build": load_average(),
    }
    if links:
        # The link pass in a fresh process: its peak memory is the pass's own.
        passed = subprocess.run(
            [sys.executable, __file__, "--links-pass", str(attached.index_path)],
            capture_output=True, text=True, check=True)
        out |= json.loads(passed.stdout)
        print(f"[{n:,}] links: {passed.stdout.strip()}", file=sys.stderr, flush=True)
    # Reads in a fresh process: its memory is what an app holding the KB adds.
    reads = subprocess.run(
        [sys.executable, __file__, "--reads", str(workdir), str(zim), str(n)],
        capture_output=True, text=True, check=True)
    out |= json.loads(reads.stdout)
    out["load_after_reads"] = load_average()
    print(f"[{n:,}] {out}", file=sys.stderr, flush=True)
    tmp.cleanup()
    return out


def _names_batches(n: int, seed: int = 7):
    """The articles and redirect names the archive of n articles holds, 20,000 entries a batch."""
    rows: list = []
    redirects: list = []
    used: set[str] = set()
    for i, (title, _what, names) in enumerate(titles(n, seed)):
        used.add(title.replace(" ", "_"))
        rows.append((i, title))
        for name in names:
            if name.replace(" ", "_") not in used:  # as write_archive skips it
                used.add(name.replace(" ", "_"))
                redirects.append((name, i))
        if len(rows) + len(redirects) >= 20_000:
            yield len(rows) + len(redirects), rows, redirects
            rows, redirects = [], []
    if rows:
        yield len(rows) + len(redirects), rows, redirects


def synthetic_priors(index: Path, n: int, seed: int = 7, per_page: float = 28.5) -> dict:
    """Link priors for the names-only index of n articles, without pages to count.

    Counted from links drawn as ``links_html`` draws a page's (a few dozen per article to
    Zipf-popular targets; anchors: the title 55%, a redirect's name 15%, the ambiguous
    short name 30%; a redirect resolved to its article), then pruned, packed and stored as
    ``LinkJob`` stores them, so the look-ups read a table of the pass's layout and size.
    Not the pass itself: no HTML, hrefs or per-page duplicates.
    """
    import sqlite3
    from collections import Counter

    from glossator.core.kb import link_priors as lp
    from glossator.core.kb.normalize import normalise

    started = time.perf_counter()
    names: list[tuple[str, str, tuple[str, ...]]] = []
    used: set[str] = set()
    for title, what, redirects in titles(n, seed):
        used.add(title.replace(" ", "_"))
        kept = []
        for name in redirects:  # as the archive keeps them
            if name.replace(" ", "_") not in used:
                used.add(name.replace(" ", "_"))
                kept.append(normalise(name))
        names.append((normalise(title), normalise(_short(title, what)), tuple(kept)))
    rng = random.Random(seed + 3)
    counts: Counter = Counter()
    links = 0
    for _ in range(n):
        for _ in range(rng.randint(15, 45) if per_page else 0):
            target = min(n - 1, int(n ** rng.random()) - 1)
            title, short, redirects = names[target]
            r = rng.random()
            if r < 0.55:
                name = title
            elif r < 0.70 and redirects:
                name = rng.choice(redirects)
            else:
                name = short
            counts[name, target] += 1
            links += 1
    by_name: dict[str, list[tuple[int, int]]] = {}
    for (name, target), c in counts.items():
        by_name.setdefault(name, []).append((target, c))
    conn = sqlite3.connect(index)
    pairs = 0
    with conn:
        conn.executescript(lp.LINKS_SQL)
        rows = []
        for name in sorted(by_name):
            packed, kept = lp.pack_targets(by_name[name])
            pairs += kept
            rows.append((name, sum(c for _, c in by_name[name]), packed))
        conn.executemany("INSERT INTO link_priors (norm, total, targets) VALUES (?, ?, ?)", rows)
    conn.execute("VACUUM")
    conn.close()
    return {"synthetic_links": links, "synthetic_link_names": len(by_name),
            "synthetic_pairs_stored": pairs,
            "synthetic_priors_seconds": round(time.perf_counter() - started, 1)}


def names_only(n: int, keep: Path | None, *, priors: bool = False,
               kept: Path | None = None) -> dict:
    """The name index of n articles built without writing their ZIM, and its look-ups.

    For sizes whose archive takes too long to write here (1.3M articles: 3M names): the
    entries come from the same generator as the archive's, through the build's own
    derive, stage, merge and compaction (``IndexJob``'s, a worker deriving names); what
    is not measured is reading the ZIM (about a quarter of the main process's work).
    Cards are not measured (no ZIM).
    """
    tmp = None if kept else tempfile.TemporaryDirectory(dir=keep)
    workdir = kept or Path(tmp.name)
    workdir.mkdir(parents=True, exist_ok=True)
    out: dict = {"articles": n, "zim": "none: names only", "load_before_build": load_average()}
    path, job, build, position = _build_names_only(n, workdir)
    out |= {"entries": position, "indexed_articles": job.progress.articles,
            "names": job.progress.names, "build_seconds": round(build, 1),
            "build_entries_per_s": round(position / build),
            "index_bytes": path.stat().st_size,
            "index_bytes_per_name": round(path.stat().st_size / max(1, job.progress.names), 1),
            "load_after_build": load_average()}
    if priors:
        out |= synthetic_priors(path, n)
    reads = subprocess.run(
        [sys.executable, __file__, "--reads", str(workdir), "-", str(n)],
        capture_output=True, text=True, check=True)
    out |= json.loads(reads.stdout)
    out["load_after_reads"] = load_average()
    print(f"[{n:,} names only] {out}", file=sys.stderr, flush=True)
    if tmp is not None:
        tmp.cleanup()
    return out


def _build_names_only(n: int, workdir: Path):
    """The name index of n articles (``names_only``): its path, job, seconds and entries."""
    import sqlite3
    from concurrent.futures import ProcessPoolExecutor

    from glossator.core.kb import zim_attach as za

    (workdir / "zim-index").mkdir()
    path = workdir / "zim-index" / "names-only.sqlite"
    conn = sqlite3.connect(path)
    conn.executescript(za.INDEX_SQL)
    with conn:
        za._set_meta(conn, format=za.INDEX_FORMAT, id="names-only", position=0, finished=0,
                     articles=0, names=0, entries=1 << 40, zim_path=str(workdir / "none.zim"),
                     title="names only")
    conn.close()
    job = za.IndexJob.__new__(za.IndexJob)  # no ZIM to open: the writing half of the job
    job.index_path, job.conn = path, za._connect(path, write=True)
    job.meta = za.read_meta(job.conn)
    job.conn.execute(f"PRAGMA cache_size=-{za.INDEX_CACHE_KIB}")
    job.progress = za.IndexProgress(0, 1 << 40, 0, 0)
    job.staged, job.keyed_words = 0, set()
    started = time.perf_counter()
    position = 0
    with ProcessPoolExecutor(1) as pool:
        pending: list = []
        for size, rows, redirects in _names_batches(n):
            pending.append((size, pool.submit(za.derive_rows, rows, redirects)))
            if len(pending) > 2:
                size, future = pending.pop(0)
                position += size
                job._write(future.result(), position)
        for size, future in pending:
            position += size
            job._write(future.result(), position)
    job.progress.entries = position
    job._write(([], [], [], [], []), position)  # the last merge and the compaction
    build = time.perf_counter() - started
    with job.conn:
        za._set_meta(job.conn, entries=position)
    job.close()
    return path, job, build, position


def migration(n: int, keep: Path | None, runs: int = 3) -> dict:
    """Seconds to bring a format-1 index of n articles to format 2 (``IndexJob._migrate``).

    The index is built as ``names_only`` builds it, its segment keys rewritten as format 1
    stored them, compacted, then migrated ``runs`` times from a copy (warm: the copy's pages
    are in the OS cache; cold: dropped with POSIX_FADV_DONTNEED first).
    """
    import shutil
    import sqlite3

    from glossator.core.kb import zim_attach as za

    tmp = tempfile.TemporaryDirectory(dir=keep)
    workdir = Path(tmp.name)
    path, job, _build, position = _build_names_only(n, workdir)
    conn = sqlite3.connect(path)
    with conn:
        conn.execute("CREATE TABLE old_keys AS SELECT substr(key, instr(key, ' ') + 1) || ':' "
                     "|| substr(key, 1, instr(key, ' ') - 1) AS key, token FROM token_keys")
        conn.execute("DELETE FROM token_keys")
        conn.execute("INSERT INTO token_keys SELECT key, token FROM old_keys ORDER BY 1, 2")
        conn.execute("DROP TABLE old_keys")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    conn.execute("VACUUM")
    rows = conn.execute("SELECT count(*) FROM token_keys").fetchone()[0]
    conn.close()
    original = workdir / "format-1.sqlite"
    shutil.copy(path, original)
    out: dict = {"articles": n, "entries": position, "names": job.progress.names,
                 "token_key_rows": rows, "index_bytes": original.stat().st_size,
                 "load_before": load_average()}
    for cold in (False, True):
        seconds = []
        for _ in range(runs):
            shutil.copy(original, path)
            if cold:
                os.sync()  # written back first: dirty pages are not dropped
                drop_cache(path)
            mig = za.IndexJob.__new__(za.IndexJob)  # no ZIM: the migration alone
            mig.index_path, mig.conn = path, za._connect(path, write=True)
            mig.meta = za.read_meta(mig.conn)
            mig.conn.execute(f"PRAGMA cache_size=-{za.INDEX_CACHE_KIB}")
            started = time.perf_counter()
            mig._migrate()
            seconds.append(round(time.perf_counter() - started, 3))
            mig.close()
        out["cold_seconds" if cold else "warm_seconds"] = seconds
    out["load_after"] = load_average()
    tmp.cleanup()
    return out


def extrapolate(results: list[dict]) -> dict:
    """Linear in entries from the largest measured size to 7M articles + 11M redirects."""
    big = max(results, key=lambda r: r["entries"])
    entries = FULL_ARTICLES + FULL_REDIRECTS
    scale = entries / big["entries"]
    names = big["names"] * scale
    return {
        "articles": FULL_ARTICLES, "redirects": FULL_REDIRECTS, "from_entries": big["entries"],
        "names": round(names), "index_gb": round(names * big["index_bytes_per_name"] / 1e9, 2),
        "build_minutes": round(entries / big["build_entries_per_s"] / 60, 1),
        "links_minutes": round(FULL_ARTICLES / big["links_articles_per_s"] / 60, 1)
        if "links_articles_per_s" in big else None,
        "links_gb": round(big["links_bytes"] * FULL_ARTICLES / big["articles"] / 1e9, 2)
        if "links_bytes" in big else None,
        "note": "linear in entries: the build stages names and merges them sorted, so "
                "its rate no longer falls with the index's size but for the merges (each "
                "rewrites the index, a few in all) and the final compaction; B-tree depth "
                "grows by about one level, so exact look-ups stay within a few tens of "
                "microseconds, and fuzzy ones grow with the vocabulary's postings",
    }


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100000,1000000")
    parser.add_argument("--out", help="write the figures as JSON here")
    parser.add_argument("--workdir", help="where to write the archives (default: /tmp)")
    parser.add_argument("--zim", help="measure this archive, written before by this benchmark "
                        "for the one size given")
    parser.add_argument("--names-only", type=int, metavar="N",
                        help="build the name index of N articles without a ZIM and measure "
                        "its look-ups (for sizes whose archive is too slow to write)")
    parser.add_argument("--migration", type=int, metavar="N",
                        help="time the migration of a format-1 index of N articles to format 2")
    parser.add_argument("--no-links", action="store_true",
                        help="leave out the link pass (the name index and look-ups only)")
    parser.add_argument("--synthetic-priors", action="store_true",
                        help="with --names-only: also store link priors counted from the "
                        "synthetic links without pages (synthetic_priors), so look-ups read "
                        "them as they read a counted ZIM's")
    parser.add_argument("--keep-index", metavar="DIR",
                        help="with --names-only: build in DIR and keep it (to read it again "
                        "with --reads DIR - N, e.g. with --code of another version)")
    parser.add_argument("--code", metavar="DIR",
                        help="read with the glossator package under DIR (another checkout's "
                        "desktop folder): the same index read by two versions")
    parser.add_argument("--reads", nargs=3, help=argparse.SUPPRESS)
    parser.add_argument("--links-pass", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.links_pass:
        print(json.dumps(links_pass(Path(args.links_pass))))
        return 0
    if args.reads:
        workdir, zim, n = args.reads
        print(json.dumps(measure_reads(Path(workdir), None if zim == "-" else Path(zim),
                                       int(n))))
        return 0
    if args.migration:
        result = migration(args.migration, Path(args.workdir) if args.workdir else None)
        text = json.dumps({"date": time.strftime("%Y-%m-%d"), "migration": result}, indent=2)
        print(text)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        return 0
    if args.names_only:
        result = names_only(args.names_only, Path(args.workdir) if args.workdir else None,
                            priors=args.synthetic_priors,
                            kept=Path(args.keep_index) if args.keep_index else None)
        text = json.dumps({"date": time.strftime("%Y-%m-%d"), "names_only": result}, indent=2)
        print(text)
        if args.out:
            Path(args.out).write_text(text + "\n", encoding="utf-8")
        return 0
    results = []
    for n in (int(s) for s in args.sizes.split(",")):
        results.append(bench_size(n, Path(args.workdir) if args.workdir else None,
                                  Path(args.zim) if args.zim else None,
                                  links=not args.no_links))
    report = {"date": time.strftime("%Y-%m-%d"), "machine": f"{os.cpu_count()} cores",
              "sizes": results, "full_wikipedia_estimate": extrapolate(results)}
    text = json.dumps(report, indent=2)
    print(text)
    if args.out:
        Path(args.out).write_text(text + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
