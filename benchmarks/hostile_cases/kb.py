"""Hostile and unlucky knowledge-base inputs (issue 12), each run through the real command.

``CASES`` is a list of (name, callable); each callable gets an empty folder, builds its input
there and runs ``glossator`` in subprocesses with a private data folder, raising
``AssertionError`` when the outcome is wrong (a traceback, a wrong exit code, lost data).
A runner times each call and reads its peak memory; ``python -m benchmarks.hostile_cases.kb``
is one. No case needs the network. The read-only-folder and full-disk cases mount a small
tmpfs in a private mount namespace (``unshare -rm``) and are skipped where that is refused.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
TIMEOUT = 120


# ------------------------------------------------------------------------ helpers


def _env(tmp: Path) -> dict[str, str]:
    env = dict(os.environ)
    env.update(GLOSSATOR_DATA_DIR=str(tmp / "data"), GLOSSATOR_CACHE_DIR=str(tmp / "cache"),
               GLOSSATOR_CONFIG_DIR=str(tmp / "config"), PYTHONUNBUFFERED="1")
    env["PYTHONPATH"] = os.pathsep.join(
        p for p in (env.get("PYTHONPATH", ""), str(REPO / "desktop")) if p)
    return env


def _cmd(*args: str) -> list[str]:
    return [sys.executable, "-m", "glossator.cli", *args]


def run(tmp: Path, *args: str, ok: tuple[int, ...] = (0,), timeout: float = TIMEOUT,
        data_dir: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run ``glossator ARGS`` with the case's own folders; check its exit code and stderr."""
    argv = _cmd("--data-dir", str(data_dir or tmp / "data"), *args)
    proc = subprocess.run(argv, env=_env(tmp), capture_output=True, text=True, timeout=timeout,
                          cwd=tmp)
    _check(proc, ok, args)
    return proc


def _check(proc: subprocess.CompletedProcess[str], ok: tuple[int, ...], args: tuple[str, ...]
           ) -> None:
    shown = " ".join(a if len(a) < 40 else a[:37] + "..." for a in args[:6])
    assert "Traceback" not in proc.stderr, f"{shown}: traceback\n{proc.stderr[-2000:]}"
    assert proc.returncode in ok, (
        f"{shown}: exit {proc.returncode}, wanted {ok}\n{proc.stderr[-2000:]}")


def record(i: int, prefix: str = "Article", words: int = 40) -> dict[str, object]:
    """A plausible REST summary."""
    rnd = random.Random(i)
    body = " ".join(rnd.choice(("city", "river", "writer", "of", "the", "and", "in", "old",
                                "famous", "north", "empire", "music")) for _ in range(words))
    return {"title": f"{prefix} {i}", "description": "Fictional city in Ruritania",
            "extract": f"{prefix} {i} is a city. It is {body}.",
            "wikibase_item": f"Q{1000 + i}", "redirects": [f"{prefix[:3]} {i}"]}


def write_jsonl(path: Path, records: list[dict[str, object]], extra: list[str] = ()) -> Path:
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    path.write_text("\n".join([*lines, *extra]) + "\n", encoding="utf-8")
    return path


def user_kb(tmp: Path) -> Path:
    return tmp / "data" / "user-kb.sqlite"


def articles(tmp: Path, path: Path | None = None) -> int:
    """The user knowledge base's article count, read without Glossator."""
    path = path or user_kb(tmp)
    # immutable where the folder is read-only (a WAL file cannot be opened otherwise)
    flag = "" if os.access(path.parent, os.W_OK) else "&immutable=1"
    conn = sqlite3.connect(f"file:{path}?mode=ro{flag}", uri=True)
    try:
        return conn.execute("SELECT count(*) FROM articles").fetchone()[0]
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def make_user_kb(tmp: Path, n: int = 3000, words: int = 60) -> Path:
    src = write_jsonl(tmp / "base.jsonl", [record(i, words=words) for i in range(n)])
    run(tmp, "kb", "import", str(src))
    return user_kb(tmp)


# -------------------------------------------------------------------------- cases

POISON = [
    '{"title": "Poison NaN", "extract": "Poison NaN is bad.", "popularity": NaN}',
    '{"title": "Poison item", "extract": "x", "wikibase_item": {"id": "Q1"}}',
    '{"title": "Poison thumb", "extract": "x", "thumbnail": {"source": ["a", "b"]}}',
    '{"title": "Poison big", "extract": "x", "popularity": 1' + "0" * 400 + "}",
    '{"title": "Poison \\ud800 surrogate", "extract": "x"}',
    '{"title": "Poison deep", "extract": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "[" * 100_000 + "]" * 100_000,
]


def poison_jsonl(tmp: Path) -> None:
    """Poison lines amid good records: skipped by line, the good ones kept, resume moves on."""
    good = [record(i) for i in range(60)]
    lines = [json.dumps(r) for r in good[:30]] + POISON + [json.dumps(r) for r in good[30:]]
    src = tmp / "poison.jsonl"
    src.write_text("\n".join(lines) + "\n", encoding="utf-8")
    for extra in ((), (), ("--restart",)):
        proc = run(tmp, "kb", "import", str(src), *extra)
        assert articles(tmp) == 60, proc.stdout + proc.stderr
    assert "line 31" in proc.stderr, proc.stderr


def empty_title(tmp: Path) -> None:
    """``titles.normalized: ""`` is no title."""
    src = write_jsonl(tmp / "empty.jsonl", [
        {"title": "Real title", "titles": {"normalized": ""}, "extract": "Text."},
        record(1)])
    run(tmp, "kb", "import", str(src))
    conn = sqlite3.connect(user_kb(tmp))
    assert conn.execute("SELECT count(*) FROM articles WHERE trim(title) = ''").fetchone()[0] == 0
    conn.close()


def long_company_title(tmp: Path) -> None:
    """A 100,000-space title described as a company: derivation must stay linear."""
    src = write_jsonl(tmp / "long.jsonl", [
        {"title": "Acme" + " " * 100_000 + "Widgets", "description": "American company",
         "extract": "Acme" + " " * 100_000 + "Widgets is a company."},
        {"title": "(" * 50_000 + "Acme", "description": "company", "extract": "x " * 50_000},
        record(1)])
    run(tmp, "kb", "import", str(src))


def _damage(path: Path, pages: int, seed: int = 12) -> None:
    size = path.stat().st_size
    page = 4096
    rnd = random.Random(seed)
    chosen = rnd.sample(range(2, size // page), pages)
    with path.open("r+b") as fh:
        for p in chosen:
            fh.seek(p * page)
            fh.write(rnd.randbytes(page))


def damaged_user_kb(tmp: Path) -> None:
    """40 damaged pages: reads fall back on the starter, an import refuses to write."""
    path = make_user_kb(tmp, 800, words=20)
    _damage(path, 40)
    stats = run(tmp, "kb", "stats", ok=(0, 1))
    assert "damaged" in stats.stderr or stats.returncode == 0, stats.stderr
    run(tmp, "kb", "lookup", "Article", "12", ok=(0, 1))
    text = tmp / "text.txt"
    text.write_text("Article 12 was founded near Paris by Albert Einstein.\n")
    run(tmp, "annotate", str(text), "--format", "json", "--out", str(tmp / "out"))
    before = digest(path)
    imp = run(tmp, "kb", "import", str(write_jsonl(tmp / "more.jsonl", [record(9001)])),
              ok=(1,))
    assert "kb reset" in imp.stderr, imp.stderr
    assert digest(path) == before


def damaged_fts(tmp: Path) -> None:
    """A damaged full-text index (integrity_check still says ok): search gives no traceback."""
    path = make_user_kb(tmp, 500)
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()
    run(tmp, "kb", "search", "city", "river", ok=(0, 1))
    run(tmp, "kb", "--kb", str(path), "search", "city", ok=(0, 1))


def newer_version(tmp: Path) -> None:
    """A file from a newer Glossator: read the starter instead, never write into it."""
    path = make_user_kb(tmp, 200)
    conn = sqlite3.connect(path)
    conn.executescript("INSERT INTO _migrations VALUES ('009_future_layout', '2031-01-01');"
                       "ALTER TABLE aliases RENAME TO names_v9;")
    conn.close()
    before = digest(path)
    stats = run(tmp, "kb", "stats")
    assert "newer" in stats.stderr, stats.stderr
    run(tmp, "kb", "lookup", "Albert", "Einstein")
    imp = run(tmp, "kb", "import", str(write_jsonl(tmp / "more.jsonl", [record(9001)])),
              ok=(1,))
    assert "newer" in imp.stderr, imp.stderr
    assert digest(path) == before


def concurrent_imports(tmp: Path) -> None:
    """Two imports at once queue on the write lock and both finish."""
    a = write_jsonl(tmp / "a.jsonl", [record(i, "Alpha") for i in range(12_000)])
    b = write_jsonl(tmp / "b.jsonl", [record(i, "Beta") for i in range(12_000)])
    procs = [subprocess.Popen(_cmd("kb", "import", str(f)), env=_env(tmp), cwd=tmp,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for f in (a, b)]
    for proc, f in zip(procs, (a, b), strict=True):
        out, err = proc.communicate(timeout=TIMEOUT)
        _check(subprocess.CompletedProcess(proc.args, proc.returncode, out, err), (0,),
               ("kb", "import", f.name))
    assert articles(tmp) == 24_000


_READER = """
import os, sys
from glossator.core.kb import KnowledgeBase
user, starter, names = sys.argv[1], sys.argv[2], sys.argv[3:]
rounds = 0
while not os.path.exists(sys.argv[0] + ".stop"):
    with KnowledgeBase.open(user, starter, readonly=True) as kb:
        assert len(kb.layers) == 2, kb.notices
        for name in names:
            kb.candidates(name, 5)
            kb.lookup(name)
        kb.search("city river")
        kb.stats()
    rounds += 1
print(rounds)
"""


def read_while_writing(tmp: Path) -> None:
    """Readers (library and command) while another process imports: never 'malformed'."""
    make_user_kb(tmp, 200)
    src = write_jsonl(tmp / "big.jsonl", [record(i, "Gamma") for i in range(20_000)])
    reader_py = tmp / "reader.py"
    reader_py.write_text(_READER)
    starter = REPO / "resources" / "kb" / "starter-en.sqlite"
    writer = subprocess.Popen(_cmd("kb", "import", str(src)), env=_env(tmp), cwd=tmp,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reader = subprocess.Popen([sys.executable, str(reader_py), str(user_kb(tmp)), str(starter),
                               "Article 12", "Gamma 5", "Artcle 7", "Albert Einstein"],
                              env=_env(tmp), cwd=tmp, stdout=subprocess.PIPE,
                              stderr=subprocess.PIPE, text=True)
    reads = 0
    try:
        while writer.poll() is None:
            run(tmp, "kb", "lookup", "Article", "12")
            run(tmp, "kb", "stats")
            reads += 2
    finally:
        out, err = writer.communicate(timeout=TIMEOUT)
        Path(str(reader_py) + ".stop").write_text("stop")
        r_out, r_err = reader.communicate(timeout=TIMEOUT)
    _check(subprocess.CompletedProcess(writer.args, writer.returncode, out, err), (0,),
           ("kb", "import"))
    _check(subprocess.CompletedProcess(reader.args, reader.returncode, r_out, r_err), (0,),
           ("reader",))
    assert reads >= 2 and articles(tmp) == 20_200


def _session_pids(sid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid:
                    out.append(int(entry.name))
            except OSError:
                continue
    return out


def kill9_import(tmp: Path) -> None:
    """kill -9 during an import with a worker process: no orphan, the resume finishes."""
    if not Path("/proc").is_dir():
        print("skipped: no /proc")
        return
    src = write_jsonl(tmp / "big.jsonl", [record(i, "Delta", words=200) for i in range(22_000)])
    assert src.stat().st_size > 20_000_000  # large enough for a worker process
    proc = subprocess.Popen(_cmd("kb", "import", str(src)), env=_env(tmp), cwd=tmp,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline and len(_session_pids(proc.pid)) < 3:
        time.sleep(0.2)  # the importer, its worker and the resource tracker
    time.sleep(2)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    time.sleep(3)
    left = _session_pids(proc.pid)
    for pid in left:
        os.kill(pid, signal.SIGKILL)  # only processes of this case's own session
    assert not left, f"orphaned processes after kill -9: {left}"
    run(tmp, "kb", "import", str(src))
    assert articles(tmp) == 22_000


def _in_tmpfs(tmp: Path, script: str) -> subprocess.CompletedProcess[str] | None:
    """Run a Python ``script`` in a private mount namespace with ``tmp/mnt`` a 4 MB tmpfs."""
    if not shutil.which("unshare") or sys.platform != "linux":
        return None
    (tmp / "mnt").mkdir()
    probe = subprocess.run(["unshare", "-rm", "true"], capture_output=True)
    if probe.returncode != 0:
        return None
    driver = tmp / "driver.py"
    driver.write_text(script)
    shell = (f"mount -t tmpfs -o size=4m tmpfs {tmp / 'mnt'} && "
             f"exec {sys.executable} {driver}")
    return subprocess.run(["unshare", "-rm", "sh", "-c", shell], env=_env(tmp), cwd=tmp,
                          capture_output=True, text=True, timeout=TIMEOUT * 2)


_DRIVER = '''
import subprocess, sys
sys.path.insert(0, {repo!r})
from benchmarks.hostile_cases.kb import run, write_jsonl, record, articles
from pathlib import Path
tmp = Path({tmp!r}); data = tmp / "mnt" / "data"
run(tmp, "kb", "import", str(write_jsonl(tmp / "one.jsonl", [record(1)])), data_dir=data)
'''


def readonly_folder(tmp: Path) -> None:
    """A read-only data folder: 'read-only', not 'damaged'; stats and reset say so plainly."""
    script = _DRIVER.format(repo=str(REPO), tmp=str(tmp)) + '''
subprocess.run(["mount", "-o", "remount,ro", str(tmp / "mnt")], check=True)
p = run(tmp, "kb", "import", str(write_jsonl(tmp / "two.jsonl", [record(2)])), ok=(1,),
        data_dir=data)
assert "read-only" in p.stderr and "kb reset" not in p.stderr, p.stderr
p = run(tmp, "kb", "stats", data_dir=data)
assert "1 articles" in p.stdout or "1 article" in p.stdout, p.stdout + p.stderr
p = run(tmp, "kb", "reset", ok=(1,), data_dir=data)
assert "read-only" in p.stderr, p.stderr
assert articles(tmp, data / "user-kb.sqlite") == 1
'''
    proc = _in_tmpfs(tmp, script)
    if proc is None:
        print("skipped: cannot mount a private tmpfs here")
        return
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]


def full_disk(tmp: Path) -> None:
    """A full disk: 'disk is full', nothing already stored lost."""
    script = _DRIVER.format(repo=str(REPO), tmp=str(tmp)) + '''
big = write_jsonl(tmp / "big.jsonl", [record(i, "Big", words=400) for i in range(3000)])
p = run(tmp, "kb", "import", str(big), ok=(1,), data_dir=data)
assert "disk is full" in p.stderr and "kb reset" not in p.stderr, p.stderr
assert articles(tmp, data / "user-kb.sqlite") >= 1
run(tmp, "kb", "stats", data_dir=data)
'''
    proc = _in_tmpfs(tmp, script)
    if proc is None:
        print("skipped: cannot mount a private tmpfs here")
        return
    assert proc.returncode == 0 and "Traceback" not in proc.stderr, proc.stderr[-3000:]


def search_10k_words(tmp: Path) -> None:
    """``kb search`` with 10,000 words answers at once."""
    # Real words of the starter pack's vocabulary: every one has postings to read.
    starter = REPO / "resources" / "kb" / "starter-en.sqlite"
    conn = sqlite3.connect(f"file:{starter}?mode=ro&immutable=1", uri=True)
    vocab = [r[0] for r in conn.execute(
        "SELECT DISTINCT token FROM token_keys WHERE length(token) > 3 ORDER BY token")]
    conn.close()
    rnd = random.Random(3)
    words = rnd.sample(vocab, min(10_000, len(vocab)))
    start = time.monotonic()
    run(tmp, "kb", "search", *words, ok=(0, 1), timeout=60)
    run(tmp, "kb", "lookup", *words[:3000], ok=(0, 1), timeout=60)
    assert time.monotonic() - start < 30


def foreign_sqlite(tmp: Path) -> None:
    """Another program's SQLite file is refused, never converted."""
    other = tmp / "notes.sqlite"
    conn = sqlite3.connect(other)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                       "INSERT INTO notes (body) VALUES ('my notes');")
    conn.close()
    before = digest(other)
    src = write_jsonl(tmp / "one.jsonl", [record(1)])
    for args in (("stats",), ("import", str(src)), ("lookup", "Article")):
        p = run(tmp, "kb", "--kb", str(other), *args, ok=(1,))
        assert "not a Glossator knowledge base" in p.stderr, p.stderr
    user_kb(tmp).parent.mkdir(parents=True)
    shutil.copy(other, user_kb(tmp))
    p = run(tmp, "kb", "stats")
    assert "not a Glossator knowledge base" in p.stderr, p.stderr
    run(tmp, "kb", "import", str(src), ok=(1,))
    assert digest(other) == before and digest(user_kb(tmp)) == before


def hostile_zim(tmp: Path) -> None:
    """A ~100 KB ZIM whose pages inflate to hundreds of MB, with long redirect chains."""
    path = write_hostile_zim(tmp / "hostile.zim")
    run(tmp, "kb", "import", str(path), ok=(0, 1), timeout=90)


def write_hostile_zim(path: Path, pages: int = 12, page_mb: int = 24) -> Path:
    from libzim.writer import Creator, Hint, Item, StringProvider

    body = "<b>x</b> " * (page_mb * 1024 * 1024 // 9)

    class Page(Item):
        def __init__(self, i: int) -> None:
            super().__init__()
            self.i = i

        def get_path(self) -> str:
            return f"Page_{self.i}"

        def get_title(self) -> str:
            return f"Page {self.i}"

        def get_mimetype(self) -> str:
            return "text/html"

        def get_contentprovider(self) -> StringProvider:
            return StringProvider(f"<html><body><p>Page {self.i} is {body}</p></body></html>")

        def get_hints(self) -> dict[Hint, bool]:
            return {Hint.FRONT_ARTICLE: True, Hint.COMPRESS: True}

    with Creator(str(path)).config_indexing(False, "eng") as creator:
        creator.set_mainpath("Page_0")
        for i in range(pages):
            creator.add_item(Page(i))
        hint = {Hint.FRONT_ARTICLE: False}
        # Chains of redirects, each hop to the previous one.
        for i in range(2000):
            target = "Page_0" if i % 100 == 0 else f"R_{i - 1}"
            creator.add_redirection(f"R_{i}", f"R {i}", target, hint)
        creator.add_metadata("Language", "eng")
        creator.add_metadata("Source", "en.wikipedia.org")
    return path


CASES: list[tuple[str, Callable[[Path], None]]] = [
    ("kb poison JSONL lines", poison_jsonl),
    ("kb empty normalised title", empty_title),
    ("kb 100,000-space company title", long_company_title),
    ("kb damaged user KB (40 pages)", damaged_user_kb),
    ("kb damaged full-text index", damaged_fts),
    ("kb KB from a newer Glossator", newer_version),
    ("kb two imports at once", concurrent_imports),
    ("kb reads while an import writes", read_while_writing),
    ("kb kill -9 during an import", kill9_import),
    ("kb read-only data folder", readonly_folder),
    ("kb full disk", full_disk),
    ("kb search with 10,000 words", search_10k_words),
    ("kb another program's SQLite file", foreign_sqlite),
    ("kb hostile ZIM", hostile_zim),
]


def _measure(name: str, timeout: float) -> tuple[str, float, float, str]:
    """Run one case in a child process: (name, seconds, peak RSS MB, outcome)."""
    import tempfile

    with tempfile.TemporaryDirectory(prefix="glossator-hostile-") as folder:
        code = ("import sys; from pathlib import Path; sys.path.insert(0, sys.argv[1]); "
                "from benchmarks.hostile_cases.kb import CASES; "
                "dict(CASES)[sys.argv[2]](Path(sys.argv[3]))")
        log = Path(folder) / "case.log"
        case_dir = Path(folder) / "case"
        case_dir.mkdir()
        start = time.monotonic()
        with log.open("w") as out:
            proc = subprocess.Popen([sys.executable, "-c", code, str(REPO), name, str(case_dir)],
                                    stdout=out, stderr=subprocess.STDOUT,
                                    start_new_session=True)
        status, usage = 0, None
        while usage is None:
            pid, status, ru = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                usage = ru
            elif time.monotonic() - start > timeout:
                os.killpg(proc.pid, signal.SIGKILL)  # the case's own session only
            else:
                time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - start
        if seconds > timeout:
            outcome = f"TIMEOUT after {timeout:.0f} s"
        elif proc.returncode == 0:
            outcome = "ok"
        else:
            outcome = "FAILED: " + " ".join(log.read_text(errors="replace").split())[-300:]
        # wait4 reports the peak of the case and of every descendant it waited for.
        peak = usage.ru_maxrss / 1024
    return name, seconds, peak, outcome


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("names", nargs="*", help="substrings of case names to run")
    parser.add_argument("--timeout", type=float, default=300)
    args = parser.parse_args(argv)
    failed = 0
    print("| case | seconds | peak RSS MB | outcome |\n|---|---|---|---|")
    for name, _ in CASES:
        if args.names and not any(n.lower() in name.lower() for n in args.names):
            continue
        name, seconds, peak, outcome = _measure(name, args.timeout)
        failed += outcome != "ok"
        print(f"| {name} | {seconds:.1f} | {peak:.0f} | {outcome.replace('|', '/')} |",
              flush=True)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
