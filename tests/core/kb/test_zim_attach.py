"""Attaching a Kiwix ZIM in place: the name index, the layer, resuming, detaching, bad input."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from glossator.core.kb import KnowledgeBase, SummaryRecord
from glossator.core.kb.zim_attach import (
    AttachError,
    IndexJob,
    attach,
    detach,
    find_attached,
    index_dir_for,
    list_attached,
    read_meta_file,
)
from glossator.core.kb.zim_layer import ZimLayer
from tests.core.kb.zimfixtures import PAGES, write_zim


@pytest.fixture(scope="module")
def zim_file(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return write_zim(tmp_path_factory.mktemp("zim") / "wikipedia_en_test.zim")


@pytest.fixture()
def user(tmp_path: Path) -> Path:
    return tmp_path / "data" / "user-kb.sqlite"


def attached_kb(zim: Path, user: Path, **kwargs) -> KnowledgeBase:
    found = attach(zim, index_dir_for(user))
    with IndexJob(found.index_path, **kwargs) as job:
        job.run()
    return KnowledgeBase.open(user, None)


def test_names_link_and_leads_come_from_the_zim(zim_file, user):
    with attached_kb(zim_file, user) as kb:
        assert [c.title for c in kb.lookup("Lady Lovelace")] == ["Ada Lovelace"]
        assert kb.lookup("Countess Lovelace")[0].title == "Ada Lovelace"  # a chain of two
        assert kb.lookup("Lady Lovelace")[0].kind == "redirect"
        assert kb.exact("Mercury")[0].title == "Mercury (planet)"  # the title less its bracket
        assert kb.candidates("Ada Lovelase")[0].title == "Ada Lovelace"  # misspelled
        assert kb.candidates("Leibnitz")[0].title == "Gottfried Wilhelm Leibniz"
        article = kb.article("Ada Lovelace")
        assert article.extract.startswith("Ada Lovelace was an English mathematician")
        assert "Later." not in article.extract
        assert article.layer.startswith("zim:wikipedia-en-test-")
        assert article.etype == "PERSON" and article.gender == "female"
        assert article.license == "CC BY-SA 4.0"
        assert article.url == "https://en.wikipedia.org/wiki/Ada_Lovelace"
        assert kb.article("Lady Lovelace") is None  # a redirect is a name, not an article
        assert kb.article("style.css") is None
        assert [t for t, _, _ in kb.search("lovel")] == ["Ada Lovelace"]
        assert ("Mercury", "derived") in kb.names_of("Mercury (planet)")
        stats = kb.stats()
        zim = next(v for k, v in stats.items() if k.startswith("zim:"))
        assert zim["state"] == "indexed" and zim["articles"] == len(PAGES)
        assert zim["aliases"] >= len(PAGES) + 5
        assert "Test Wikipedia" in zim["attribution"] and "CC BY-SA 4.0" in zim["attribution"]
        # Bulk readers (the gazetteer) scan the knowledge base files only.
        assert all(not isinstance(layer, ZimLayer) for layer in kb.layers)


def test_the_user_layer_still_wins(zim_file, user):
    with KnowledgeBase.open(user, None) as kb:
        kb.upsert([SummaryRecord(title="Ada Lovelace", extract="My own note on Ada.",
                                 source="test")])
    with attached_kb(zim_file, user) as kb:
        assert kb.article("Ada Lovelace").extract == "My own note on Ada."
        assert kb.article("Charles Babbage").layer.startswith("zim:")
        assert [c.title for c in kb.lookup("Ada Lovelace")] == ["Ada Lovelace"]
        assert kb.remember_choice("The Countess", "Charles Babbage")
        assert kb.lookup("The Countess")[0].title == "Charles Babbage"


def test_a_cancelled_build_is_usable_and_resumes(zim_file, user):
    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path, batch_entries=4) as job:
        first = job.run(should_stop=lambda: True)
    assert first.position == 4 and not first.finished
    (state,) = list_attached(index_dir_for(user))
    assert state.state == "indexing" and 0 < state.fraction < 1
    with KnowledgeBase.open(user, None) as kb:
        # What is indexed is used at once; the rest is not there yet.
        assert sum(1 for _ in kb.zim_layers[0].titles()) == first.articles
    with IndexJob(found.index_path, batch_entries=4) as job:
        assert job.progress.position == 4  # resumed, not restarted
        final = job.run()
    assert final.finished and final.articles == len(PAGES)
    assert list_attached(index_dir_for(user))[0].state == "indexed"


_KILLED_BUILD = """
import sys, time
from pathlib import Path
from glossator.core.kb.zim_attach import IndexJob
with IndexJob(Path(sys.argv[1]), batch_entries=3) as job:
    for p in job.steps():
        print(p.position, flush=True)
        time.sleep(0.3)
"""


def test_a_build_killed_hard_resumes_to_the_same_index(zim_file, user, tmp_path):
    found = attach(zim_file, index_dir_for(user))
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_BUILD, str(found.index_path)],
                            stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
    assert proc.stdout.readline().strip() == "3"
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    left = list_attached(index_dir_for(user))[0]
    assert left.state == "indexing" and left.position in (3, 6)
    with IndexJob(found.index_path) as job:
        job.run()
    other = tmp_path / "other" / "user-kb.sqlite"
    reference = attach(zim_file, index_dir_for(other))
    with IndexJob(reference.index_path) as job:
        job.run()
    a, b = ZimLayer(found.index_path), ZimLayer(reference.index_path)
    for table in ("articles", "aliases", "name_keys", "token_keys", "name_tokens"):
        rows = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert a.db.execute(rows).fetchall() == b.db.execute(rows).fetchall(), table
    a.close()
    b.close()


def test_detach_removes_the_index_never_the_zim(zim_file, user, tmp_path):
    second = write_zim(tmp_path / "second.zim", name="wikipedia_en_second",
                       pages={"Ada_Lovelace": PAGES["Ada_Lovelace"]}, redirects=[])
    for zim in (zim_file, second):
        found = attach(zim, index_dir_for(user))
        with IndexJob(found.index_path) as job:
            job.run()
    with KnowledgeBase.open(user, None) as kb:
        assert len(kb.zim_layers) == 2
        assert [c.title for c in kb.lookup("Ada Lovelace")] == ["Ada Lovelace"]
    gone = detach("second.zim", index_dir_for(user))
    assert gone.id.startswith("wikipedia-en-second-")
    assert second.is_file() and not gone.index_path.exists()
    assert [a.zim_path.name for a in list_attached(index_dir_for(user))] == [zim_file.name]
    with pytest.raises(AttachError, match="No attached ZIM is named 'nothing'"):
        detach("nothing", index_dir_for(user))
    assert find_attached(index_dir_for(user), str(zim_file)).zim_path == zim_file.resolve()


def test_refresh_attached_follows_attach_and_detach(zim_file, user):
    with KnowledgeBase.open(user, None) as kb:
        assert kb.zim_layers == []
        found = attach(zim_file, index_dir_for(user))
        kb.refresh_attached()
        assert len(kb.zim_layers) == 1 and kb.lookup("Babbage") == []  # not indexed yet
        with IndexJob(found.index_path) as job:
            job.run()
        assert kb.lookup("Babbage")[0].title == "Charles Babbage"  # seen without reopening
        detach(found.id, index_dir_for(user))
        kb.refresh_attached()
        assert kb.zim_layers == [] and kb.lookup("Babbage") == []


@pytest.mark.parametrize("make, message", [
    (lambda p: p.write_text("not a zim at all"), "is not a Kiwix ZIM file"),
    (lambda p: p.write_bytes(b""), "it is empty"),
    (lambda p: p.mkdir(), "is a folder"),
    (lambda p: None, "No such file"),
])
def test_bad_files_are_refused_clearly(tmp_path, user, make, message):
    path = tmp_path / "bad.zim"
    make(path)
    with pytest.raises(AttachError, match=message):
        attach(path, index_dir_for(user))
    assert list_attached(index_dir_for(user)) == []


def test_a_truncated_zim_is_refused(zim_file, tmp_path, user):
    cut = tmp_path / "cut.zim"
    cut.write_bytes(zim_file.read_bytes()[: zim_file.stat().st_size // 2])
    with pytest.raises(Exception, match=r"truncated|damaged") as err:
        attach(cut, index_dir_for(user))
    assert "Traceback" not in str(err.value)
    assert list_attached(index_dir_for(user)) == []


def test_a_moved_zim_keeps_its_names_and_says_where_its_text_was(zim_file, tmp_path, user):
    own = tmp_path / "copy.zim"
    shutil.copy(zim_file, own)
    found = attach(own, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    moved = tmp_path / "moved.zim"
    own.rename(moved)
    notices: list[str] = []
    with KnowledgeBase.open(user, None, on_notice=notices.append) as kb:
        # Named by its title; the id only in the command that takes it.
        (notice,) = [n for n in notices if "is not at" in n and "copy.zim" in n]
        assert notice.startswith("The ZIM Test Wikipedia is not at ")
        assert notice.count(found.id) == 1 and f"`glossator kb detach {found.id}`" in notice
        assert kb.lookup("Babbage")[0].title == "Charles Babbage"
        article = kb.article("Charles Babbage")
        assert article.extract == "" and "cannot be read now" in article.description
        assert kb.stats()[kb.zim_layers[0].name]["state"] == "missing"
    with pytest.raises(AttachError, match="The ZIM file Test Wikipedia is no longer at"):
        IndexJob(found.index_path)
    # Attaching it where it is now finds the same index (the same ZIM, by its UUID).
    again = attach(moved, index_dir_for(user))
    assert again.index_path == found.index_path and again.zim_path == moved.resolve()
    with KnowledgeBase.open(user, None) as kb:
        assert kb.article("Charles Babbage").extract.startswith("Charles Babbage was")


def test_a_zim_is_called_by_its_title_else_its_file_name(zim_file, user):
    from glossator.core.kb.zim_attach import zim_title

    found = attach(zim_file, index_dir_for(user))
    assert found.title == "Test Wikipedia" and found.as_dict()["title"] == "Test Wikipedia"
    with IndexJob(found.index_path) as job:
        assert job.title == "Test Wikipedia" and job.id == found.id != job.title
    layer = ZimLayer(found.index_path)
    try:
        assert layer.title == "Test Wikipedia"
    finally:
        layer.close()
    # No Title metadata: the file name (more telling than the Name, an id of sorts).
    meta = {"id": "wikipedia-en-all-1234abcd", "name": "wikipedia_en_all",
            "zim_path": "/media/usb/wikipedia_en_all_mini_2024-05.zim"}
    assert zim_title({**meta, "title": ""}) == "wikipedia_en_all_mini_2024-05.zim"
    assert zim_title({**meta, "title": " Wikipedia  (English)\n"}) == "Wikipedia (English)"
    assert zim_title({"id": "x-1"}) == "x-1"


def test_another_file_in_the_zims_place_is_noticed(zim_file, tmp_path, user):
    own = tmp_path / "w.zim"
    shutil.copy(zim_file, own)
    found = attach(own, index_dir_for(user))
    write_zim(own, name="something_else")  # a different archive, a different UUID
    with pytest.raises(AttachError, match="no longer the ZIM"):
        IndexJob(found.index_path)


def test_a_damaged_index_is_left_out_with_a_notice(zim_file, user):
    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    found.index_path.write_bytes(b"garbage" * 100)
    notices: list[str] = []
    with KnowledgeBase.open(user, None, on_notice=notices.append) as kb:
        assert kb.zim_layers == [] and kb.lookup("Babbage") == []
    assert notices and "detach" in notices[0]


def test_an_index_that_fails_while_open_is_set_aside_by_every_look_up(zim_file, user):
    """A read failing mid-session (a damaged file, a removed drive): the ZIM is set
    aside with a notice, whichever look-up meets it first; none raises."""
    import math
    import sqlite3

    class Broken:
        in_transaction = False

        def execute(self, *args, **kwargs):
            raise sqlite3.DatabaseError("database disk image is malformed")

        def close(self):
            pass

    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    for first in ("lookup", "exact"):
        notices: list[str] = []
        with KnowledgeBase.open(user, None, on_notice=notices.append) as kb:
            [layer] = kb.zim_layers
            real = layer.db.conn
            layer.db.conn = Broken()  # no link priors: their table is looked for again
            layer._links_checked = -math.inf
            assert getattr(kb, first)("Charles Babbage") == []
            real.close()
            assert kb.zim_layers == [] and notices and "detach" in notices[0], first


def test_an_empty_zim_attaches_with_no_names(tmp_path, user):
    empty = write_zim(tmp_path / "empty.zim", pages={}, redirects=[], name="empty")
    with attached_kb(empty, user) as kb:
        assert kb.zim_layers[0].counts()["state"] == "indexed"
        assert kb.lookup("anything") == []


def test_the_build_keeps_a_steady_pace_of_batches(zim_file, user):
    # Progress after every batch, in order, ending at the entry count.
    found = attach(zim_file, index_dir_for(user))
    seen = []
    with IndexJob(found.index_path, batch_entries=2) as job:
        job.run(lambda p: seen.append(p.position))
        total = job.progress.entries
    assert seen == sorted(seen) and seen[-1] == total and len(seen) >= total // 2


def test_a_pipelined_build_makes_the_same_index(zim_file, user, tmp_path):
    # A worker process derives the names of the next batch while the job writes.
    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path, batch_entries=3) as job:
        assert job.run(workers=1).finished
    other = attach(zim_file, index_dir_for(tmp_path / "other" / "user-kb.sqlite"))
    with IndexJob(other.index_path, batch_entries=5) as job:
        job.run()
    a, b = ZimLayer(found.index_path), ZimLayer(other.index_path)
    for table in ("articles", "aliases", "name_keys", "token_keys", "name_tokens"):
        rows = f"SELECT * FROM {table} ORDER BY 1, 2"
        assert a.db.execute(rows).fetchall() == b.db.execute(rows).fetchall(), table
    assert a.counts()["state"] == "indexed" and a.counts()["articles"] == len(PAGES)
    a.close()
    b.close()


def _tables(index_path: Path) -> dict[str, list]:
    layer = ZimLayer(index_path)
    try:
        return {t: layer.db.execute(f"SELECT * FROM {t} ORDER BY 1, 2").fetchall()
                for t in ("articles", "aliases", "name_keys", "token_keys", "name_tokens")}
    finally:
        layer.close()


@pytest.fixture()
def many_zim(tmp_path: Path) -> Path:
    return write_zim(tmp_path / "many.zim", name="wikipedia_en_many", extra=40)


@pytest.fixture()
def reference(many_zim: Path, tmp_path: Path) -> dict[str, list]:
    found = attach(many_zim, index_dir_for(tmp_path / "ref" / "user-kb.sqlite"))
    with IndexJob(found.index_path, batch_entries=1000) as job:
        job.run()
    return _tables(found.index_path)


def test_names_are_staged_and_merged_sorted_as_the_build_goes(many_zim, user, reference,
                                                              monkeypatch):
    from glossator.core.kb import zim_attach

    monkeypatch.setattr(zim_attach, "MERGE_MIN_ENTRIES", 10)
    found = attach(many_zim, index_dir_for(user))
    merged_at = []
    with IndexJob(found.index_path, batch_entries=4) as job:
        for p in job.steps():
            if job.staged == 0:
                merged_at.append(p.position)
            if p.position >= 32:
                break
        assert job.staged == 8  # the batches since the last merge wait in the stage
        staged = job.staged
    # A merge once 10 entries (and a third of those merged) wait: the readers see every
    # name merged, and the articles at once.
    assert merged_at == [12, 24], merged_at
    layer = ZimLayer(found.index_path)
    try:
        waiting = layer.db.execute("SELECT count(*) FROM stage_aliases").fetchone()[0]
        assert (waiting > 0) == (staged > 0)
        assert layer.db.execute("SELECT count(*) FROM aliases").fetchone()[0] > 0
    finally:
        layer.close()
    with IndexJob(found.index_path, batch_entries=4) as job:
        assert job.staged == staged  # recorded with the position
        job.run()
        assert job.finished and job.staged == 0
    assert _tables(found.index_path) == reference
    layer = ZimLayer(found.index_path)
    try:
        for stage in ("stage_aliases", "stage_name_keys", "stage_token_keys",
                      "stage_name_tokens"):
            assert layer.db.execute(f"SELECT count(*) FROM {stage}").fetchone()[0] == 0
        assert layer.meta()["staged"] == "0" and layer.meta()["finished"] == "1"
    finally:
        layer.close()


def test_a_merge_that_fails_half_way_leaves_a_consistent_index_that_resumes(
        many_zim, user, reference, monkeypatch):
    from glossator.core.kb import zim_attach

    found = attach(many_zim, index_dir_for(user))
    broken = list(zim_attach.MERGES)
    broken[2] = ("stage_token_keys", "INSERT INTO no_such_table SELECT 1")
    monkeypatch.setattr(zim_attach, "MERGES", tuple(broken))
    with IndexJob(found.index_path, batch_entries=7) as job, \
            pytest.raises(zim_attach.KBError):
        job.run()
    (left,) = list_attached(index_dir_for(user))
    assert left.state == "indexing" and left.position == left.entries
    with KnowledgeBase.open(user, None) as kb:
        # The names merged before the failure are read; the article rows are all there.
        assert kb.lookup("Lady Lovelace")[0].title == "Ada Lovelace"
    monkeypatch.undo()
    with IndexJob(found.index_path) as job:
        assert not job.finished
        job.run()
        assert job.finished
    assert _tables(found.index_path) == reference


def test_a_build_begun_before_the_stage_tables_goes_on(many_zim, user, reference):
    import sqlite3

    found = attach(many_zim, index_dir_for(user))
    with IndexJob(found.index_path, batch_entries=1000) as job:
        job.run()
    # As an older Glossator left it: no stage tables, half the names written.
    conn = sqlite3.connect(found.index_path)
    with conn:
        for stage in ("stage_aliases", "stage_name_keys", "stage_token_keys",
                      "stage_name_tokens"):
            conn.execute(f"DROP TABLE {stage}")
        conn.execute("DELETE FROM name_keys WHERE norm > 'm'")
        conn.execute("UPDATE meta SET value = '20' WHERE key = 'position'")
        conn.execute("UPDATE meta SET value = '0' WHERE key = 'finished'")
        conn.execute("DELETE FROM meta WHERE key = 'staged'")
    conn.close()
    with IndexJob(found.index_path, batch_entries=6) as job:
        assert job.staged == 0 and job.progress.position == 20
        job.run()
    assert _tables(found.index_path) == reference


def test_frequent_words_are_keyed_once_per_run(zim_file, user):
    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        rows = [("k1", "ada"), ("k2", "ada"), ("k1", "lovelace")]
        assert job._unkeyed(rows) == (rows, {"ada", "lovelace"})
        job.keyed_words.update({"ada", "lovelace"})  # as a batch's commit records them
        assert job._unkeyed([("k1", "ada"), ("k3", "byron")]) == ([("k3", "byron")], {"byron"})


def test_words_of_a_batch_that_failed_are_keyed_again(zim_file, user):
    import sqlite3

    from glossator.core.kb import zim_attach

    found = attach(zim_file, index_dir_for(user))
    with IndexJob(found.index_path, batch_entries=100) as job:
        real = job.conn

        class Failing:
            def __getattr__(self, name):
                return getattr(real, name)

            def execute(self, sql, *args):
                if sql.startswith("INSERT OR REPLACE INTO meta"):
                    raise sqlite3.OperationalError("database or disk is full")
                return real.execute(sql, *args)

            def executemany(self, sql, rows):
                if "meta" in sql:
                    raise sqlite3.OperationalError("database or disk is full")
                return real.executemany(sql, rows)

        job.conn = Failing()
        with pytest.raises(zim_attach.KBError):
            job.step()
        assert job.keyed_words == set() and job.progress.position == 0
        job.conn = real
        job.run()
    assert _tables(found.index_path)["token_keys"]


def test_an_index_of_format_1_is_read_and_migrated_by_the_next_job(many_zim, user, reference):
    import sqlite3

    from glossator.core.kb.zim_attach import INDEX_FORMAT, read_meta_file, seg_first

    assert seg_first("s8.2.0:endo") == "endo s8.2.0"
    assert seg_first("s11.3.0:pe|per") == "pe|per s11.3.0"
    found = attach(many_zim, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    # As Glossator wrote it before: segment keys as normalize.segment_keys makes them.
    conn = sqlite3.connect(found.index_path)
    with conn:
        conn.execute("CREATE TABLE old_keys AS SELECT substr(key, instr(key, ' ') + 1) || ':' "
                     "|| substr(key, 1, instr(key, ' ') - 1) AS key, token FROM token_keys")
        conn.execute("DELETE FROM token_keys")
        conn.execute("INSERT INTO token_keys SELECT key, token FROM old_keys")
        conn.execute("DROP TABLE old_keys")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    conn.close()
    assert [a.id for a in list_attached(index_dir_for(user))] == [found.id]  # still listed
    with KnowledgeBase.open(user, None) as kb:
        assert kb.zim_layers[0].index_format() == "1"
        assert kb.candidates("Ada Lovelase")[0].title == "Ada Lovelace"  # read as it is
        with IndexJob(found.index_path) as job:  # as `kb attach` again runs it
            assert job.finished
        # The open layer reads the new layout from its next look-up on.
        assert kb.candidates("Ada Lovelase")[0].title == "Ada Lovelace"
        assert kb.zim_layers[0].index_format() == "2"
    meta = read_meta_file(found.index_path)
    assert meta["format"] == INDEX_FORMAT == "2" and meta["migrated_from"] == "1"
    assert meta["migrated_at"]
    assert _tables(found.index_path) == reference
    with KnowledgeBase.open(user, None) as kb:
        assert kb.candidates("Ada Lovelase")[0].title == "Ada Lovelace"
        assert kb.candidates("Leibnitz")[0].title == "Gottfried Wilhelm Leibniz"


def _to_format_1(index_path: Path) -> None:
    """The index as Glossator wrote it before format 2: segment keys as made."""
    import sqlite3

    conn = sqlite3.connect(index_path)
    with conn:
        conn.execute("CREATE TABLE old_keys AS SELECT substr(key, instr(key, ' ') + 1) || ':' "
                     "|| substr(key, 1, instr(key, ' ') - 1) AS key, token FROM token_keys")
        conn.execute("DELETE FROM token_keys")
        conn.execute("INSERT INTO token_keys SELECT key, token FROM old_keys")
        conn.execute("DROP TABLE old_keys")
        conn.execute("UPDATE meta SET value = '1' WHERE key = 'format'")
    conn.close()


# In another process: the migration stopped dead (kill -9) after the old segment keys
# were dropped and before the new ones took their name, the riskiest moment.
_KILLED_MIGRATION = """
import sys, time
from pathlib import Path
from glossator.core.kb import zim_attach

real = zim_attach._connect

class Paused:
    def __init__(self, conn):
        self.conn = conn
    def __getattr__(self, name):
        return getattr(self.conn, name)
    def execute(self, sql, *args):
        if sql.strip().startswith("ALTER TABLE token_keys_2"):
            print("mid-way", flush=True)
            time.sleep(60)
        return self.conn.execute(sql, *args)

zim_attach._connect = lambda path, write: Paused(real(path, write=write))
zim_attach.IndexJob(Path(sys.argv[1]))
"""


@pytest.mark.parametrize("how", ["exception", "kill -9"])
def test_a_migration_stopped_mid_way_leaves_format_1_and_the_next_attach_migrates(
        many_zim, user, reference, monkeypatch, how):
    """Migrating takes about half a second at 100,000 articles (docs/kb.md), so it is one
    transaction, not a resumable job: stopped anywhere, the index is format 1 as before."""
    from glossator.core.kb import zim_attach

    found = attach(many_zim, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    _to_format_1(found.index_path)
    before = _tables(found.index_path)
    if how == "exception":
        real = zim_attach._connect

        class Failing:
            def __init__(self, conn):
                self.conn = conn

            def __getattr__(self, name):
                return getattr(self.conn, name)

            def execute(self, sql, *args):
                if sql.strip().startswith("ALTER TABLE token_keys_2"):
                    raise RuntimeError("stopped mid-way")
                return self.conn.execute(sql, *args)

        monkeypatch.setattr(zim_attach, "_connect",
                            lambda path, write: Failing(real(path, write=write)))
        with pytest.raises(RuntimeError, match="stopped mid-way"):
            IndexJob(found.index_path)
        monkeypatch.undo()
    else:
        proc = subprocess.Popen([sys.executable, "-c", _KILLED_MIGRATION,
                                 str(found.index_path)], stdout=subprocess.PIPE, text=True,
                                env={**os.environ, "PYTHONPATH": os.pathsep.join(sys.path)})
        assert proc.stdout.readline().strip() == "mid-way"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
    meta = read_meta_file(found.index_path)
    assert meta["format"] == "1" and "migrated_from" not in meta
    assert _tables(found.index_path) == before  # the old keys, whole
    assert [a.id for a in list_attached(index_dir_for(user))] == [found.id]
    with KnowledgeBase.open(user, None) as kb:
        assert kb.zim_layers[0].index_format() == "1"
        assert kb.candidates("Ada Lovelase")[0].title == "Ada Lovelace"  # read as it is
    assert attach(many_zim, index_dir_for(user)).index_path == found.index_path
    with IndexJob(found.index_path) as job:  # the next attach: migrated
        assert job.finished
    meta = read_meta_file(found.index_path)
    assert meta["format"] == "2" and meta["migrated_from"] == "1"
    assert _tables(found.index_path) == reference
    import sqlite3

    conn = sqlite3.connect(found.index_path)
    try:
        assert conn.execute("SELECT name FROM sqlite_master WHERE name = 'token_keys_2'"
                            ).fetchall() == []
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    finally:
        conn.close()


def test_segment_keys_a_word_probes_lie_together(many_zim, user):
    from glossator.core.kb.normalize import segment_probes

    found = attach(many_zim, index_dir_for(user))
    with IndexJob(found.index_path) as job:
        job.run()
    layer = ZimLayer(found.index_path)
    try:
        assert layer.tokens_for_keys(segment_probes("lovelase", 1)) >= {"lovelace"}
        keys = [k for (k,) in layer.db.execute("SELECT key FROM token_keys WHERE token = ?",
                                               ["lovelace"])]
        assert keys and all(" s" in k and ":" not in k for k in keys)
    finally:
        layer.close()


@pytest.mark.parametrize("raw, clean", [
    ("Ada Lovelace", "Ada Lovelace"),
    ("  Ada Lovelace ", "Ada Lovelace"),
    ("Ada  \t Lovelace", "Ada Lovelace"),
    ("Ada\x00Lovelace\x85", "Ada Lovelace"),
    ("Ada\u00a0Lovelace", "Ada Lovelace"),
    ("x" * 513, ""),
])
def test_titles_are_cleaned_as_before(raw, clean):
    import re

    from glossator.core.kb.zim_attach import MAX_TITLE, _clean_title

    slow = re.sub(r"\s+", " ", re.sub(r"[\x00-\x1f\x7f-\x9f]", " ", raw)).strip()
    assert _clean_title(raw) == clean == (slow if len(slow) <= MAX_TITLE else "")


def test_redirect_names_are_normalised_with_their_batch():
    from glossator.core.kb.zim_attach import KIND_CODE, derive_rows

    articles, aliases, *_ = derive_rows([(7, "Ada Lovelace")],
                                        [("Lady Lovelace", 7), ("...", 7)])
    assert [row[:2] for row in articles] == [(7, "Ada Lovelace")]
    assert ("lady lovelace", 7, KIND_CODE["redirect"], "Lady Lovelace") in aliases
    assert all(norm for norm, *_ in aliases)  # a name that normalises to nothing is left out
