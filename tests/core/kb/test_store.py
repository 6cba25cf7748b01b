import json
import os
import sqlite3
import stat
import sys

import pytest

from glossator.core.kb import (
    KBCorruptError,
    KBLayer,
    KBWriteError,
    KnowledgeBase,
    SummaryRecord,
    schema,
)


def rec(title, extract="", description="", **kw):
    return SummaryRecord(title=title, extract=extract, description=description, **kw)


def test_migrations_are_recorded_once(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    names = [r["name"] for r in layer.db.query("SELECT name FROM _migrations ORDER BY name")]
    assert names == [name for name, _ in schema.MIGRATIONS]
    assert schema.migrate(layer.db) == []  # nothing pending on a second run
    assert layer.db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert {"articles", "aliases", "name_keys", "imports", "articles_fts"} <= set(
        layer.db.table_names())
    layer.close()


def test_a_file_from_before_a_migration_is_brought_up_to_date(tmp_path, make_old_kb):
    path = make_old_kb(tmp_path / "old.sqlite")
    layer = KBLayer(path)
    layer.upsert([rec("Ada Lovelace", "Ada Lovelace was an English mathematician.",
                      "English mathematician (1815–1852)")])
    layer.close()
    kb = KnowledgeBase.single(path)
    assert kb.lookup("Ada Lovelace")[0].title == "Ada Lovelace"
    names = {r[0] for r in sqlite3.connect(path).execute("SELECT name FROM _migrations")}
    assert names == {name for name, _ in schema.MIGRATIONS}


def test_upsert_adds_updates_and_skips(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    stats = layer.upsert([rec("Ada Lovelace", "Ada Lovelace was an English mathematician. "
                              "She is often regarded as the first programmer.",
                              "English mathematician (1815–1852)")])
    assert (stats.added, stats.updated, stats.skipped) == (1, 0, 0)
    again = layer.upsert([rec("Ada Lovelace", "Ada Lovelace was an English mathematician. "
                              "She is often regarded as the first programmer.",
                              "English mathematician (1815–1852)")])
    assert (again.added, again.updated, again.skipped) == (0, 0, 1)
    changed = layer.upsert([rec("Ada Lovelace", "Augusta Ada King was a mathematician.",
                                "English mathematician (1815–1852)", redirects=["Ada Byron"])])
    assert (changed.added, changed.updated) == (0, 1)
    article = layer.article("Ada Lovelace")
    assert article.extract.startswith("Augusta") and article.etype == "PERSON"
    kinds = dict(layer.db.execute(
        "SELECT alias, kind FROM aliases JOIN articles a ON a.id = article_id").fetchall())
    assert kinds["Ada Byron"] == "redirect" and kinds["Lovelace"] == "surname"
    # The FTS index follows updates (no stale text left).
    assert layer.search("Augusta") and not layer.search("programmer")
    layer.close()


def test_interrupted_import_resumes_and_stays_consistent(tmp_path):
    path = tmp_path / "kb.sqlite"
    records = [rec(f"Article {i}", f"Article {i} is a thing.") for i in range(50)]

    calls = {"n": 0}

    def stop_after_two():
        calls["n"] += 1
        return calls["n"] >= 2

    layer = KBLayer(path)
    first = layer.upsert(records, source_key="file-a", batch_size=10, should_stop=stop_after_two)
    assert first.added == 20
    layer.close()
    layer = KBLayer(path)
    assert layer.counts()["articles"] == 20
    second = layer.upsert(records, source_key="file-a", batch_size=10)
    assert second.added == 30 and second.skipped == 20  # resumed after the 20 done
    assert layer.counts()["articles"] == 50
    # A finished import runs from the start again next time (and changes nothing).
    third = layer.upsert(records, source_key="file-a", batch_size=10)
    assert third.added == 0 and third.skipped == 50
    layer.close()


def test_failed_batch_rolls_back(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    layer.upsert([rec("Kept", "Kept is kept.")])

    def bad_records():
        yield rec("Lost", "Lost is in the failing batch.")
        raise RuntimeError("the source broke mid-batch")

    with pytest.raises(RuntimeError):
        layer.upsert(bad_records(), batch_size=10)
    assert layer.article("Kept") is not None
    assert layer.article("Lost") is None
    layer.close()


def test_not_sqlite_and_corrupt_files_get_clear_messages(tmp_path):
    text = tmp_path / "notes.sqlite"
    text.write_text("these are my notes, not a database")
    with pytest.raises(KBCorruptError, match="not an SQLite file"):
        KBLayer(text)
    assert text.read_text().startswith("these are my notes")  # untouched

    good = tmp_path / "good.sqlite"
    layer = KBLayer(good)
    layer.upsert([rec(f"T{i}", "x " * 500) for i in range(200)])
    layer.close()
    data = bytearray(good.read_bytes())
    data[4096:len(data)] = os.urandom(len(data) - 4096)
    broken = tmp_path / "broken.sqlite"
    broken.write_bytes(bytes(data))
    with pytest.raises(KBCorruptError, match="damaged"):
        KBLayer(broken, readonly=True)


@pytest.mark.skipif(sys.platform == "win32" or os.geteuid() == 0,
                    reason="root ignores file permissions")
def test_readonly_file_keeps_data(tmp_path):
    path = tmp_path / "kb.sqlite"
    layer = KBLayer(path)
    layer.upsert([rec("Kept", "Kept is kept.")])
    layer.close()
    path.chmod(stat.S_IRUSR)
    with pytest.raises(KBWriteError):
        KBLayer(path).upsert([rec("New", "x")])


def test_readonly_write_error_is_reported_and_data_kept(tmp_path, monkeypatch):
    # Works as root too: the connection itself refuses writes.
    path = tmp_path / "kb.sqlite"
    layer = KBLayer(path)
    layer.upsert([rec("Kept", "Kept is kept.")])
    layer.db.execute("PRAGMA query_only=ON")
    with pytest.raises(KBWriteError, match="Nothing already stored was lost"):
        layer.upsert([rec("New", "New is new.")])
    layer.close()
    assert KBLayer(path, readonly=True).article("Kept") is not None


def test_disk_full_is_reported_and_data_kept(tmp_path):
    path = tmp_path / "kb.sqlite"
    layer = KBLayer(path)
    layer.upsert([rec("Kept", "Kept is kept.")])
    pages = layer.db.execute("PRAGMA page_count").fetchone()[0]
    layer.db.execute(f"PRAGMA max_page_count={pages + 2}")  # simulate a full disk
    with pytest.raises(KBWriteError, match="disk is full"):
        layer.upsert([rec(f"Big {i}", "word " * 2000) for i in range(50)])
    layer.close()
    again = KBLayer(path, readonly=True)
    assert again.article("Kept") is not None and again.counts()["articles"] == 1


def test_two_layers_user_wins_and_writes_go_to_user(tmp_path):
    starter = tmp_path / "starter.sqlite"
    s = KBLayer(starter, name="starter")
    s.upsert([rec("Mercury (planet)", "Mercury is the first planet from the Sun.",
                  "First planet from the Sun"),
              rec("Freddie Mercury", "Freddie Mercury was a British singer.",
                  "British singer (1946–1991)")])
    s.close()
    kb = KnowledgeBase.open(tmp_path / "user.sqlite", starter)
    assert [layer.name for layer in kb.layers] == ["user", "starter"]
    assert kb.article("Mercury (planet)").layer == "starter"
    kb.upsert([rec("Mercury (planet)", "Mercury is the smallest planet.", "Planet")])
    assert kb.article("Mercury (planet)").extract == "Mercury is the smallest planet."
    assert kb.article("Mercury (planet)").layer == "user"
    # The starter file is never written.
    assert KnowledgeBase.single(starter).article("Mercury (planet)").extract.startswith(
        "Mercury is the first")
    # A user's choice of article for a name is remembered and wins the prior.
    assert kb.lookup("Mercury")[0].title in {"Mercury (planet)", "Freddie Mercury"}
    assert kb.remember_choice("Mercury", "Freddie Mercury")
    best = kb.lookup("Mercury")[0]
    assert best.title == "Freddie Mercury" and best.kind == "user"
    # Forgotten (an undone choice): no user alias is left; other names are untouched.
    assert kb.forget_choice("Mercury", "Freddie Mercury")
    assert not any(c.kind == "user" for c in kb.lookup("Mercury"))
    assert not kb.forget_choice("Mercury", "Freddie Mercury")  # nothing left to forget
    assert kb.article("Freddie Mercury") is not None
    kb.close()


def test_sqlite_utils_sees_the_schema(tmp_path):
    layer = KBLayer(tmp_path / "kb.sqlite")
    layer.upsert([rec("Ada Lovelace", "Ada Lovelace was a mathematician.")])
    rows = list(layer.db["articles"].search("mathematician"))
    assert rows and rows[0]["title"] == "Ada Lovelace"
    json.dumps(layer.counts())  # stats are JSON-serialisable
    layer.close()
    assert sqlite3.connect(tmp_path / "kb.sqlite").execute(
        "PRAGMA integrity_check").fetchone()[0] == "ok"


def test_worker_processes_give_the_same_knowledge_base(tmp_path):
    records = [rec(f"Person {i} Example", f"Person {i} Example was a writer. She wrote.",
                   "Ruritanian writer (1900–1950)", redirects=[f"P. Example {i}"],
                   fetched_at="2026-01-01")
               for i in range(120)]
    records.insert(10, rec("Person 3 Example", "A later copy wins.", "Writer",
                           fetched_at="2026-01-01"))  # same batch as the first copy
    dumps = []
    for workers in (0, 2):
        layer = KBLayer(tmp_path / f"kb{workers}.sqlite")
        stats = layer.upsert(records, batch_size=25, workers=workers)
        assert (stats.added, stats.updated, stats.skipped) == (120, 0, 1)
        dumps.append([
            layer.db.execute(f"SELECT * FROM {table} ORDER BY 1, 2").fetchall()
            for table in ("articles", "aliases", "name_keys", "token_keys", "name_tokens")
        ])
        layer.close()
    assert dumps[0] == dumps[1]
    assert dumps[0][0][3][3] == "A later copy wins."  # (id, title, description, extract...)
