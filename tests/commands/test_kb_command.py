"""`glossator kb ...` as a user runs it."""

import json
import re

import pytest

from glossator.cli import main


@pytest.fixture
def user_kb(tmp_path):
    return tmp_path / "user.sqlite"


def test_build_starter_stats_search_show(tmp_path, capsys):
    out = tmp_path / "starter.sqlite"
    assert main(["kb", "build-starter", "--out", str(out)]) == 0
    assert "10,033 articles" in capsys.readouterr().out
    assert main(["kb", "build-starter", "--out", str(out), "--if-missing"]) == 0
    assert "already built" in capsys.readouterr().out

    assert main(["kb", "--kb", str(out), "stats", "--json"]) == 0
    stats = json.loads(capsys.readouterr().out)
    assert stats["user"]["articles"] == 10033

    assert main(["kb", "--kb", str(out), "search", "theory", "of", "relativity"]) == 0
    assert capsys.readouterr().out.startswith("Theory of relativity")

    assert main(["kb", "--kb", str(out), "show", "Einstein"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Albert Einstein") and "CC BY-SA 4.0" in shown

    assert main(["kb", "--kb", str(out), "lookup", "Moammar", "Khadafy"]) == 0
    assert "Muammar Gaddafi" in capsys.readouterr().out


def test_import_command_reports_counts(tmp_path, capsys, user_kb):
    src = tmp_path / "s.jsonl"
    src.write_text(json.dumps({"title": "Glossator", "extract": "Glossator is a reader."}) + "\n")
    assert main(["kb", "--kb", str(user_kb), "import", str(src)]) == 0
    assert "1 added, 0 updated, 0 skipped" in capsys.readouterr().out


def test_bad_files_give_one_line_and_exit_1(tmp_path, capsys, user_kb):
    bad = tmp_path / "x.zip"
    bad.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    assert main(["kb", "--kb", str(user_kb), "import", str(bad)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("glossator: ") and "Traceback" not in err
    assert main(["kb", "--kb", str(user_kb), "import", str(tmp_path / "missing.jsonl")]) == 1
    assert "No such file" in capsys.readouterr().err

    notdb = tmp_path / "not-a-db.sqlite"
    notdb.write_text("hello")
    assert main(["kb", "--kb", str(notdb), "stats"]) == 1
    assert "not an SQLite file" in capsys.readouterr().err
    assert notdb.read_text() == "hello"


def test_reset_moves_the_user_kb_aside(tmp_path, capsys):
    data = tmp_path / "data"
    assert main(["--data-dir", str(data), "kb", "import", str(_one_record(tmp_path))]) == 0
    assert (data / "user-kb.sqlite").exists()
    assert main(["--data-dir", str(data), "kb", "reset"]) == 0
    assert not (data / "user-kb.sqlite").exists()
    assert list(data.glob("user-kb.sqlite.*.bak"))


def _one_record(tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"title": "One", "extract": "One is a number."}) + "\n")
    return src


# The app, in another process: it opens the user KB as the worker thread does, pausing
# (as a busy machine may) in the middle of creating it, then keeps it open and writes to it.
APP = r"""
import pathlib, sys, time
from glossator import paths
from glossator.core.kb import schema
from glossator.core.kb.records import SummaryRecord

data, creating, holding = sys.argv[1:4]
paths.set_data_dir(data)
made = schema._statements

def slowly(script):
    statements = made(script)
    if script is schema.MIGRATIONS[0][1]:
        pathlib.Path(creating).touch()
        time.sleep(2.0)
    return statements

schema._statements = slowly
from glossator.gui.worker import default_kb_factory

kb = default_kb_factory(False)
kb.writable.upsert([SummaryRecord(title="Zorbulax Quentin", extract="An invented explorer.")])
pathlib.Path(holding).touch()
sys.stdin.read()  # open until the test is done
kb.close()
"""


def _wait_for(path, proc, seconds=60.0):
    import time

    end = time.monotonic() + seconds
    while not path.exists():
        assert proc.poll() is None, proc.communicate()[1]
        assert time.monotonic() < end, f"{path} never appeared"
        time.sleep(0.02)


def test_kb_stats_while_the_app_creates_and_holds_the_user_kb(tmp_path, capsys):
    """`glossator kb stats` while the app is open reads the user KB as the app sees it."""
    import os
    import subprocess
    import sys

    from tests.conftest import REPO

    data = tmp_path / "data"
    creating, holding = tmp_path / "creating", tmp_path / "holding"
    env = {**os.environ, "PYTHONPATH": str(REPO / "desktop")}
    app = subprocess.Popen([sys.executable, "-c", APP, str(data), str(creating), str(holding)],
                           env=env, text=True, stdin=subprocess.PIPE,
                           stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        # While the app is making its knowledge base.
        _wait_for(creating, app)
        assert main(["--data-dir", str(data), "kb", "stats", "--json"]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert json.loads(out)["user"]["articles"] in (0, 1)
        # While the app holds it open, with what it wrote still in the write-ahead log.
        _wait_for(holding, app)
        assert main(["--data-dir", str(data), "kb", "stats", "--json"]) == 0
        out, err = capsys.readouterr()
        assert err == ""
        assert json.loads(out)["user"]["articles"] == 1
        assert main(["--data-dir", str(data), "kb", "show", "Zorbulax", "Quentin"]) == 0
        assert capsys.readouterr().out.startswith("Zorbulax Quentin")
    finally:
        _out, app_err = app.communicate("", timeout=60)
    assert app.returncode == 0, app_err


def test_attach_stats_show_detach_a_zim(tmp_path, capsys):
    from tests.core.kb.zimfixtures import write_zim

    zim = write_zim(tmp_path / "wikipedia_en_test.zim")
    data = tmp_path / "data"
    base = ["--data-dir", str(data), "kb"]
    assert main([*base, "attach", str(zim)]) == 0
    out = capsys.readouterr().out
    # A reader knows the ZIM by its title (its Title metadata), not by its id.
    assert f"Attached Test Wikipedia: {zim.resolve()}." in out
    assert "Indexed Test Wikipedia: 5 articles" in out and "wikipedia-en-test-" not in out
    assert "5 articles" in out and "licence: CC BY-SA 4.0" in out
    assert main([*base, "attach", str(zim)]) == 0  # again: nothing to do
    assert "Already indexed" in capsys.readouterr().out

    assert main([*base, "stats"]) == 0
    out = capsys.readouterr().out
    assert f"attached ZIM Test Wikipedia: {zim.resolve()}" in out
    # The id is shown once, as the key it is.
    (ident,) = set(re.findall(r"wikipedia-en-test-[0-9a-f]{8}", out))
    assert f"  id {ident} (`glossator kb detach {ident}` stops using it)" in out
    assert "names of 5 articles, indexed" in out and "Test Wikipedia, by Wikipedia" in out
    assert main([*base, "stats", "--json"]) == 0
    (listed,) = json.loads(capsys.readouterr().out)["attached"]
    assert listed["state"] == "indexed" and listed["articles"] == 5

    assert main([*base, "show", "Lady", "Lovelace"]) == 0
    shown = capsys.readouterr().out
    assert shown.startswith("Ada Lovelace") and "English mathematician" in shown
    assert main([*base, "lookup", "Babage"]) == 0
    assert "Charles Babbage" in capsys.readouterr().out

    assert listed["title"] == "Test Wikipedia" and listed["id"] == ident
    assert main([*base, "detach", listed["id"]]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Detached Test Wikipedia: its index ") and "is kept" in out
    assert zim.is_file() and not (data / "zim-index" / f"{listed['id']}.sqlite").exists()
    assert main([*base, "stats", "--json"]) == 0
    assert json.loads(capsys.readouterr().out)["attached"] == []


def test_attach_refuses_bad_files_in_one_line(tmp_path, capsys):
    data = tmp_path / "data"
    text = tmp_path / "notes.zim"
    text.write_text("just text")
    for path, message in ((text, "is not a Kiwix ZIM file"),
                          (tmp_path / "gone.zim", "No such file"),
                          (tmp_path, "is a folder")):
        assert main(["--data-dir", str(data), "kb", "attach", str(path)]) == 1
        err = capsys.readouterr().err
        assert err.startswith("glossator: ") and message in err and "Traceback" not in err
    assert main(["--data-dir", str(data), "kb", "detach", "nothing"]) == 1
    assert "No attached ZIM" in capsys.readouterr().err
