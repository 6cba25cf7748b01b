"""Hostile and unlucky knowledge-base inputs (issue 12): bounded, clear, nothing lost."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from glossator.core.kb import (
    KBCorruptError,
    KBLayer,
    KBWriteError,
    KnowledgeBase,
    SummaryRecord,
    derive,
)
from glossator.core.kb.importers import MAX_LINE_BYTES, import_file
from glossator.core.kb.records import MAX_TITLE, RecordError
from glossator.core.kb.store import KBNewerError, _fts_query, worker_init
from glossator.core.models import ImportStats

REPO = Path(__file__).resolve().parents[3]


def summary(i: int, prefix: str = "Article") -> dict[str, object]:
    return {"title": f"{prefix} {i}", "description": "Fictional city in Ruritania",
            "extract": f"{prefix} {i} is a city on a river.", "redirects": [f"Art {i}"]}


def write_lines(path: Path, lines: list[str]) -> Path:
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


POISON = {
    "NaN": '{"title": "Poison NaN", "extract": "x", "popularity": NaN}',
    "object id": '{"title": "Poison item", "extract": "x", "wikibase_item": {"id": "Q1"}}',
    "list thumbnail": '{"title": "Poison thumb", "thumbnail": {"source": ["a", "b"]}}',
    "10^400": '{"title": "Poison big", "popularity": 1' + "0" * 400 + "}",
    "huge digits": '{"title": "Poison digits", "popularity": 1' + "0" * 5000 + "}",
    "1e400": '{"title": "Poison inf", "popularity": 1e400}',
    "surrogate": '{"title": "Poison \\ud800 surrogate", "extract": "x"}',
    "deep value": '{"title": "Poison deep", "extract": ' + "[" * 100_000 + "]" * 100_000 + "}",
    "deep line": "[" * 100_000 + "]" * 100_000,
    "empty normalized": '{"title": "Real", "titles": {"normalized": ""}, "extract": "x"}',
    "bool popularity": '{"title": "Poison bool", "popularity": true}',
    "number title": '{"title": 12, "extract": "x"}',
    "titles list": '{"title": "Poison titles", "titles": ["a"]}',
}


# ------------------------------------------------------------------ row 1, 2: records


@pytest.mark.parametrize("name", list(POISON))
def test_each_poison_line_is_refused_by_the_record_checks(name):
    line = POISON[name]
    with pytest.raises((ValueError, RecursionError)):
        SummaryRecord.from_rest(json.loads(line, parse_constant=float_reject))


def float_reject(name: str) -> None:
    raise RecordError(name)


def test_poison_lines_are_skipped_with_line_numbers_and_good_records_kept(tmp_path):
    good = [json.dumps(summary(i)) for i in range(40)]
    lines = good[:20] + list(POISON.values()) + good[20:]
    src = write_lines(tmp_path / "poison.jsonl", lines)
    layer = KBLayer(tmp_path / "kb.sqlite")
    started = time.monotonic()
    stats = import_file(layer, src)
    assert time.monotonic() - started < 10
    assert stats.added == 40 and stats.skipped == len(POISON)
    reasons = "\n".join(stats.errors)
    for lineno in range(21, 21 + len(POISON)):
        assert f"line {lineno}:" in reasons
    assert "NaN" in reasons and "surrogate" in reasons and "nested too deeply" in reasons
    assert "'wikibase_item' must be text" in reasons and "thumbnail.source" in reasons
    assert layer.counts()["articles"] == 40
    assert layer.db.execute("SELECT count(*) FROM articles WHERE title = ''").fetchone()[0] == 0
    # Resume and --restart both move past the same lines.
    again = import_file(layer, src)
    assert again.added == 0 and again.processed == 40 + len(POISON)
    restart = import_file(layer, src, restart=True)
    assert restart.added == 0 and layer.counts()["articles"] == 40
    layer.close()


def test_an_interrupted_import_with_poison_resumes_past_it(tmp_path):
    lines = [json.dumps(summary(i)) for i in range(30)]
    lines[12:12] = [POISON["NaN"], POISON["surrogate"]]
    src = write_lines(tmp_path / "p.jsonl", lines)
    layer = KBLayer(tmp_path / "kb.sqlite")
    calls = iter(range(100))  # stop after the first batch, as if killed between batches
    stats = ImportStats()
    from glossator.core.kb.importers import iter_jsonl, source_key

    first = layer.upsert(iter_jsonl(src, stats), source_key=source_key(src), batch_size=10,
                         should_stop=lambda: next(calls) >= 0)
    assert first.added == 10
    rest = import_file(layer, src)
    assert rest.added == 20 and layer.counts()["articles"] == 30
    layer.close()


def test_a_line_longer_than_the_cap_is_skipped_without_reading_it_whole(tmp_path):
    src = tmp_path / "long.jsonl"
    with src.open("w") as fh:
        fh.write(json.dumps(summary(1)) + "\n")
        fh.write('{"title": "Long", "extract": "' + "x" * (3 * MAX_LINE_BYTES) + '"}\n')
        fh.write(json.dumps(summary(2)) + "\n")
    layer = KBLayer(tmp_path / "kb.sqlite")
    stats = import_file(layer, src)
    assert stats.added == 2 and any("line 2: the line is longer" in e for e in stats.errors)
    layer.close()


def test_records_from_any_source_are_checked_before_writing(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    records = [
        SummaryRecord(title="Good one", extract="Good one is fine."),
        SummaryRecord(title="Bad \ud800", extract="x", origin="entry 7"),
        SummaryRecord(title="   ", extract="x"),
        SummaryRecord(title="Bad id", wikidata_id={"id": 1}),  # type: ignore[arg-type]
        SummaryRecord(title="Bad popularity", popularity=float("nan")),
        SummaryRecord(title="Good two", extract="Good two\x1b[31m is fine.",
                      redirects=["x" * 10_000, "Second good"]),
    ]
    stats = layer.upsert(records)
    assert (stats.added, stats.skipped) == (2, 4)
    assert any(e.startswith("entry 7: ") for e in stats.errors)
    two = layer.article("Good two")
    assert "\x1b" not in two.extract
    names = {n for n, _ in layer.names_of("Good two")}
    assert "Second good" in names and not any(len(n) > 1000 for n in names)
    layer.close()


def test_a_record_sqlite_refuses_loses_only_itself(tmp_path, monkeypatch):
    # Defence in depth: a value the checks let through that SQLite cannot bind.
    layer = KBLayer(tmp_path / "kb.sqlite")
    records = [SummaryRecord(title=f"T{i}", extract=f"T{i} is a thing.") for i in range(5)]
    real = SummaryRecord.checked

    def leaky(self):
        rec = real(self)
        if rec.title == "T2":
            rec.topic = ["not", "text"]  # type: ignore[assignment]
        return rec

    monkeypatch.setattr(SummaryRecord, "checked", leaky)
    stats = layer.upsert(records, source_key="k", batch_size=10)
    assert (stats.added, stats.skipped) == (4, 1)
    assert layer.article("T2") is None and layer.article("T4") is not None
    assert layer._resume_position("k") == 0  # finished: the position moved past it
    layer.close()


def test_titles_are_collapsed_and_capped():
    rec = SummaryRecord(title="Acme" + " " * 100_000 + "Widgets").checked()
    assert rec.title == "Acme Widgets"
    with pytest.raises(RecordError, match="characters long"):
        SummaryRecord(title="x" * (MAX_TITLE + 1)).checked()
    with pytest.raises(RecordError, match="non-empty"):
        SummaryRecord.from_rest({"title": "Real", "titles": {"normalized": "   "}})


# ------------------------------------------------------------------ row 3: linear derive


@pytest.mark.parametrize("title", [
    "Acme" + " " * 100_000 + "Widgets",
    "Acme" + " " * 100_000 + "Inc.",
    "(" * 100_000 + "Acme",
    "Acme (" + " " * 100_000,
    "Acme" + " (" * 50_000 + ")",
])
def test_deriving_names_is_linear_in_hostile_titles(title):
    started = time.monotonic()
    derive.entity_type("American company " + " " * 50_000 + "(1", "", title)
    derive.derive_aliases(title, "company", title + " is a company.", "ORG")
    derive.strip_qualifier(title)
    assert time.monotonic() - started < 1.0


def test_company_suffix_and_qualifier_still_work():
    assert derive.without_company_suffix("Apple Inc.") == "Apple"
    assert derive.without_company_suffix("Apple, Inc.") == "Apple"
    assert derive.without_company_suffix("XGroup") == "XGroup"
    assert derive.strip_qualifier("Mercury (planet)") == "Mercury"
    assert derive.strip_qualifier("A (b (c) d)") == "A (b (c) d)"
    assert derive.strip_qualifier("A (b) (c)") == "A (b)"
    assert derive.strip_qualifier("Cambridge, Massachusetts") == "Cambridge"


def test_a_long_title_import_takes_no_time(tmp_path):
    src = write_lines(tmp_path / "long.jsonl", [json.dumps(
        {"title": "Acme" + " " * 100_000 + "Widgets", "description": "American company",
         "extract": "Acme" + " " * 100_000 + "Widgets is a company."})])
    layer = KBLayer(tmp_path / "kb.sqlite")
    started = time.monotonic()
    assert import_file(layer, src).added == 1
    assert time.monotonic() - started < 5
    assert layer.article("Acme Widgets") is not None
    layer.close()


# ------------------------------------------------------------- rows 4, 5, 11: bad files


def make_kb(path: Path, n: int = 600, prefix: str = "Article") -> Path:
    layer = KBLayer(path)
    layer.upsert([SummaryRecord(title=f"{prefix} {i}", description="Fictional city",
                                extract=f"{prefix} {i} is a city on a river. " * 3)
                  for i in range(n)])
    layer.close()
    return path


def damage(path: Path, pages: int, seed: int = 3) -> None:
    rnd = random.Random(seed)
    count = path.stat().st_size // 4096
    with path.open("r+b") as fh:
        for page in rnd.sample(range(2, count), min(pages, count - 2)):
            fh.seek(page * 4096)
            fh.write(rnd.randbytes(4096))


@pytest.fixture
def starter(tmp_path):
    return make_kb(tmp_path / "starter.sqlite", 50, "Starter")


def test_a_damaged_user_kb_falls_back_on_the_starter(tmp_path, starter):
    user = make_kb(tmp_path / "user.sqlite")
    damage(user, 40)
    notices: list[str] = []
    with KnowledgeBase.open(user, starter, readonly=True, on_notice=notices.append) as kb:
        # Whether the damage shows on opening or at the first read that meets it,
        # every read answers from the starter pack.
        for _ in range(3):
            kb.stats()
            kb.candidates("Article 12")
            kb.lookup("Starter 3")
            kb.search("city")
        assert kb.lookup("Starter 3")[0].title == "Starter 3"
        assert [layer.name for layer in kb.layers] == ["starter"]
    assert notices and "kb reset" in notices[0]


def test_an_import_refuses_to_write_into_a_damaged_file(tmp_path):
    user = make_kb(tmp_path / "user.sqlite")
    damage(user, 40)
    before = user.read_bytes()
    src = write_lines(tmp_path / "s.jsonl", [json.dumps(summary(9001))])
    with pytest.raises(KBCorruptError, match="kb reset"):
        layer = KBLayer(user)
        try:
            import_file(layer, src)
        finally:
            layer.close()
    assert user.read_bytes() == before


def damage_fts(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("UPDATE articles_fts_data SET block = randomblob(length(block)) WHERE id > 10")
    conn.commit()
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    conn.close()


def test_a_damaged_full_text_index_gives_a_message_not_a_traceback(tmp_path, starter):
    user = make_kb(tmp_path / "user.sqlite")
    damage_fts(user)
    with KnowledgeBase.open(user, starter, readonly=True, on_notice=lambda m: None) as kb:
        kb.search("city river")
        assert "full-text index" in kb.notices[0]
    with KnowledgeBase.single(user) as kb, pytest.raises(KBCorruptError, match="full-text"):
        kb.search("city")
    layer = KBLayer(user)
    with pytest.raises(KBCorruptError):
        import_file(layer, write_lines(tmp_path / "s.jsonl", [json.dumps(summary(1))]))
    layer.close()


def make_newer(path: Path) -> Path:
    make_kb(path, 50)
    conn = sqlite3.connect(path)
    conn.executescript("INSERT INTO _migrations VALUES ('009_future_layout', '2031-01-01');"
                       "ALTER TABLE aliases RENAME TO names_v9;")
    conn.close()
    return path


def test_a_kb_from_a_newer_glossator_is_read_around_and_never_written(tmp_path, starter):
    user = make_newer(tmp_path / "user.sqlite")
    before = user.read_bytes()
    with KnowledgeBase.open(user, starter, readonly=True, on_notice=lambda m: None) as kb:
        assert kb.lookup("Starter 1") and "newer Glossator" in kb.notices[0]
    with pytest.raises(KBNewerError, match="newer Glossator"):
        KnowledgeBase.open(user, starter)  # for writing
    with pytest.raises(KBNewerError):
        KBLayer(user)
    assert user.read_bytes() == before


def test_another_programs_sqlite_file_is_refused_untouched(tmp_path, starter):
    other = tmp_path / "notes.sqlite"
    conn = sqlite3.connect(other)
    conn.executescript("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT);"
                       "INSERT INTO notes (body) VALUES ('mine');")
    conn.close()
    before = other.read_bytes()
    for readonly in (False, True):
        with pytest.raises(KBCorruptError, match="not a Glossator knowledge base"):
            KBLayer(other, readonly=readonly)
    with KnowledgeBase.open(other, starter, readonly=True, on_notice=lambda m: None) as kb:
        assert [layer.name for layer in kb.layers] == ["starter"]
    assert other.read_bytes() == before
    # An empty SQLite file is fine to start a knowledge base in.
    empty = tmp_path / "empty.sqlite"
    sqlite3.connect(empty).close()
    KBLayer(empty).close()


# ----------------------------------------------------------------- rows 6, 7: concurrency


IMPORTER = """
import sys
from glossator.core.kb import KBLayer
from glossator.core.kb.importers import import_file
layer = KBLayer(sys.argv[1])
stats = import_file(layer, sys.argv[2])
layer.close()
print(stats.added)
"""


def _python(code: str, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    return subprocess.Popen([sys.executable, "-c", code, *args], env=env, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)


def test_two_imports_at_once_queue_on_the_write_lock(tmp_path):
    kb = tmp_path / "kb.sqlite"
    files = [write_lines(tmp_path / f"{p}.jsonl", [json.dumps(summary(i, p)) for i in range(3000)])
             for p in ("Alpha", "Beta")]
    procs = [_python(IMPORTER, str(kb), str(f)) for f in files]
    results = [p.communicate(timeout=120) for p in procs]
    for proc, (out, err) in zip(procs, results, strict=True):
        assert proc.returncode == 0, err
        assert out.strip() == "3000"
    with KnowledgeBase.single(kb) as both:
        assert both.stats()["user"]["articles"] == 6000


def test_readers_see_a_consistent_kb_while_another_process_writes(tmp_path, starter):
    user = make_kb(tmp_path / "user.sqlite", 100)
    src = write_lines(tmp_path / "big.jsonl",
                      [json.dumps(summary(i, "Gamma")) for i in range(12_000)])
    writer = _python(IMPORTER, str(user), str(src))
    reads = 0
    try:
        while writer.poll() is None or reads == 0:
            with KnowledgeBase.open(user, starter, readonly=True) as kb:
                assert [layer.name for layer in kb.layers] == ["user", "starter"]
                assert kb.layers[0].immutable is False
                kb.candidates("Artcle 12")
                kb.lookup("Gamma 7")
                kb.search("city river")
                assert kb.stats()["user"]["articles"] >= 100
                assert not kb.notices
            reads += 1
    finally:
        _, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert reads >= 1
    with KnowledgeBase.single(user) as kb:
        assert kb.stats()["user"]["articles"] == 12_100


def test_only_the_starter_is_opened_immutable(tmp_path, starter):
    user = make_kb(tmp_path / "user.sqlite", 5)
    with KnowledgeBase.open(user, starter, readonly=True) as kb:
        assert [(la.name, la.immutable) for la in kb.layers] == [("user", False),
                                                                  ("starter", True)]
    with KnowledgeBase.single(user) as kb:
        assert kb.layers[0].immutable is False


# ------------------------------------------------------------------ row 8: orphans


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="/proc and prctl")
def test_a_worker_dies_with_its_parent(tmp_path):
    # A parent that starts a worker with ``worker_init`` and is then killed -9.
    code = f"""
import os, sys, time, multiprocessing
sys.path.insert(0, {str(REPO / "desktop")!r})
from concurrent.futures import ProcessPoolExecutor
from glossator.core.kb.store import worker_init
ctx = multiprocessing.get_context("spawn")
pool = ProcessPoolExecutor(1, mp_context=ctx, initializer=worker_init, initargs=(os.getpid(),))
print(pool.submit(os.getpid).result(), flush=True)
pool.submit(time.sleep, 60)
time.sleep(60)
"""
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True,
                              start_new_session=True)
    worker = int(parent.stdout.readline())
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _alive(worker):
        time.sleep(0.1)
    alive = _alive(worker)
    if alive:
        os.kill(worker, signal.SIGKILL)
    assert not alive
    # Nothing of that session is left (the resource tracker ends with the worker).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and _session(parent.pid):
        time.sleep(0.1)
    assert not _session(parent.pid)


class _Exited(Exception):
    pass


def test_a_worker_whose_parent_is_already_gone_ends_at_once(monkeypatch):
    def fake_exit(code: int) -> None:
        raise _Exited(code)  # before the watchdog thread starts

    monkeypatch.setattr(os, "_exit", fake_exit)
    with pytest.raises(_Exited):
        worker_init(os.getppid() + 1)  # "the parent" is another process


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(") ")[1][0]
    except OSError:
        return False
    return state != "Z"


def _session(sid: int) -> list[int]:
    out = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if os.getsid(int(entry.name)) == sid and _alive(int(entry.name)):
                    out.append(int(entry.name))
            except OSError:
                pass
    return out


# ------------------------------------------------------- row 9: read-only, full disk


def test_a_full_disk_is_called_so_and_loses_nothing(tmp_path):
    path = make_kb(tmp_path / "kb.sqlite", 5)
    layer = KBLayer(path)
    pages = layer.db.execute("PRAGMA page_count").fetchone()[0]
    layer.db.execute(f"PRAGMA max_page_count={pages + 2}")
    src = write_lines(tmp_path / "big.jsonl",
                      [json.dumps({**summary(i, "Big"), "extract": "word " * 2000})
                       for i in range(50)])
    with pytest.raises(KBWriteError, match="disk is full") as info:
        import_file(layer, src)
    assert "kb reset" not in str(info.value)
    layer.close()
    assert KBLayer(path, readonly=True).counts()["articles"] == 5


def _can_mount_tmpfs() -> bool:
    if not sys.platform.startswith("linux") or not shutil.which("unshare"):
        return False
    return subprocess.run(["unshare", "-rm", "true"], capture_output=True).returncode == 0


READONLY_DRIVER = """
import subprocess, sys
from glossator.cli import main
mnt, src = sys.argv[1], sys.argv[2]
data = mnt + "/data"
assert main(["--data-dir", data, "kb", "import", src]) == 0
subprocess.run(["mount", "-o", "remount,ro", mnt], check=True)
print("RO", main(["--data-dir", data, "kb", "import", src, "--restart"]), flush=True)
print("STATS", main(["--data-dir", data, "kb", "stats"]), flush=True)
print("RESET", main(["--data-dir", data, "kb", "reset"]), flush=True)
print("LOOKUP", main(["--data-dir", data, "kb", "lookup", "Article", "1"]), flush=True)
"""


@pytest.mark.skipif(not _can_mount_tmpfs(), reason="needs a private mount namespace")
def test_a_read_only_data_folder_is_called_read_only(tmp_path):
    mnt = tmp_path / "mnt"
    mnt.mkdir()
    src = write_lines(tmp_path / "s.jsonl", [json.dumps(summary(1))])
    driver = tmp_path / "driver.py"
    driver.write_text(READONLY_DRIVER)
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    proc = subprocess.run(
        ["unshare", "-rm", "sh", "-c",
         f'mount -t tmpfs -o size=8m tmpfs "{mnt}" && exec "{sys.executable}" "{driver}" '
         f'"{mnt}" "{src}"'],
        env=env, capture_output=True, text=True, timeout=120)
    assert "Traceback" not in proc.stderr, proc.stderr
    assert "RO 1" in proc.stdout and "STATS 0" in proc.stdout, proc.stdout + proc.stderr
    assert "RESET 1" in proc.stdout and "LOOKUP 0" in proc.stdout, proc.stdout + proc.stderr
    assert "read-only" in proc.stderr and "kb reset`" not in proc.stderr.split("RESET")[0]
    assert "1 articles" in proc.stdout


# -------------------------------------------------------------------- row 10: search


def test_a_search_of_ten_thousand_words_is_bounded(tmp_path, starter_kb):
    words = [f"word{i}" for i in range(10_000)]
    assert _fts_query(" ".join(words)).count('"') <= 2 * 24
    started = time.monotonic()
    starter_kb.search(" ".join(words))
    starter_kb.search(" ".join(["city", "river", "the", "of"] * 2500))
    starter_kb.candidates(" ".join(words[:3000]))
    assert time.monotonic() - started < 2


# ------------------------------------------------------------------------ row 12: ZIM


def write_inflating_zim(path: Path, pages: int, page_mb: int, redirects: int = 500) -> Path:
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

        def get_hints(self) -> dict:
            return {Hint.FRONT_ARTICLE: True}

    with Creator(str(path)).config_indexing(False, "eng") as creator:
        creator.set_mainpath("Page_0")
        for i in range(pages):
            creator.add_item(Page(i))
        for i in range(redirects):  # chains of redirects, each hop to the previous one
            target = "Page_0" if i % 50 == 0 else f"R_{i - 1}"
            creator.add_redirection(f"R_{i}", f"R {i}", target, {Hint.FRONT_ARTICLE: False})
        creator.add_metadata("Language", "eng")
    return path


def test_a_zim_inflating_far_past_its_size_ends_quickly(tmp_path, monkeypatch):
    from glossator.core.kb import zim
    from glossator.core.kb.zim import ZimError

    path = write_inflating_zim(tmp_path / "hostile.zim", pages=6, page_mb=8)
    assert path.stat().st_size < 200_000
    layer = KBLayer(tmp_path / "kb.sqlite")
    started = time.monotonic()
    stats = import_file(layer, path)
    assert time.monotonic() - started < 10
    assert stats.added == 6  # the lead is found in each page's first MB
    assert len(layer.article("Page 0").extract) <= 2001
    monkeypatch.setattr(zim, "INFLATE_BASE", 20 << 20)
    with pytest.raises(ZimError, match="far more text than an archive of its size"):
        import_file(layer, path, restart=True)
    monkeypatch.setattr(zim, "MAX_ENTRY_BYTES", 4 << 20)
    monkeypatch.setattr(zim, "INFLATE_BASE", 256 << 20)
    stats = import_file(layer, path, restart=True)
    assert stats.skipped >= 6 and any("too large to be an article" in e for e in stats.errors)
    assert layer.counts()["articles"] == 6  # nothing lost
    layer.close()


class _LockedFor:
    """A connection whose first ``n`` journal-mode changes find the file locked."""

    def __init__(self, n: int, message: str = "database is locked") -> None:
        self.n, self.message, self.tries = n, message, 0

    def execute(self, sql: str):
        self.tries += 1
        if self.tries <= self.n:
            raise sqlite3.OperationalError(self.message)
        return None


def test_a_locked_file_is_waited_for_before_its_journal_mode_is_set():
    """Two imports opening a new file together: SQLite may say "locked" at once, without
    its busy timeout; the second waits (it failed the two-imports test on a loaded
    machine)."""
    from glossator.core.kb.store import _journal_wal

    conn = _LockedFor(3)
    _journal_wal(conn, timeout=5.0)
    assert conn.tries == 4
    with pytest.raises(sqlite3.OperationalError, match="locked"):
        _journal_wal(_LockedFor(10**6), timeout=0.2)  # not for ever
    other = _LockedFor(1, "disk I/O error")
    with pytest.raises(sqlite3.OperationalError, match="disk"):
        _journal_wal(other, timeout=5.0)  # any other error at once
    assert other.tries == 1
