"""The ``glossator`` command line: the app's files and ``--data-dir`` in any order (issue 15)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from glossator import cli, paths
from tests.conftest import REPO


@pytest.fixture
def app_files(monkeypatch):
    """What ``_run_app`` was given, and the data folder at that moment."""
    seen: list[tuple[list[str], Path, Path, Path]] = []

    def fake_run_app(files):
        seen.append((files, paths.data_dir(create=False), paths.config_dir(create=False),
                     paths.cache_dir(create=False)))
        return 0

    monkeypatch.setattr(cli, "_run_app", fake_run_app)
    return seen


@pytest.mark.parametrize("argv", [
    ["--data-dir", "{d}", "{f}"],
    ["{f}", "--data-dir", "{d}"],
    ["--data-dir={d}", "{f}"],
    ["{f}", "--data-dir={d}"],
])
def test_the_data_dir_option_before_or_after_the_file(tmp_path, app_files, argv):
    data, doc = tmp_path / "D", tmp_path / "notes.md"
    args = [a.format(d=data, f=doc) for a in argv]
    assert cli.main(args) == 0
    files, data_dir, config_dir, cache_dir = app_files[0]
    assert files == [str(doc)]
    assert data_dir == data.resolve()
    # The option wins over the environment (conftest sets GLOSSATOR_CONFIG_DIR and
    # GLOSSATOR_CACHE_DIR): the settings and the cache move with it.
    assert config_dir == data.resolve() / "config"
    assert cache_dir == data.resolve() / "cache"


def test_a_bare_file_and_a_file_named_like_an_option_value(tmp_path, app_files):
    doc = tmp_path / "notes.md"
    assert cli.main([str(doc)]) == 0
    assert app_files[-1][0] == [str(doc)]
    assert cli.main(["--", "-odd-name.txt"]) == 0
    assert app_files[-1][0] == ["-odd-name.txt"]


def test_sub_commands_take_the_data_dir_option_anywhere(tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"title": "Zorbulax Quentin", "description": "Imaginary",
                               "extract": "Zorbulax Quentin is an invented explorer."}) + "\n",
                   encoding="utf-8")
    for i, argv in enumerate((["--data-dir", "{d}", "kb", "import", "{s}"],
                              ["kb", "import", "{s}", "--data-dir", "{d}"],
                              ["kb", "--data-dir", "{d}", "import", "{s}"])):
        data = tmp_path / f"D{i}"
        paths.set_data_dir(None)
        assert cli.main([a.format(d=data, s=src) for a in argv]) == 0
        assert (data / paths.USER_KB_NAME).is_file(), argv


def test_the_gui_launcher_reads_the_same_options(tmp_path):
    data = tmp_path / "D"
    assert cli.parse_app_args(["a.md", "--data-dir", str(data)]) == ["a.md"]
    assert paths.data_dir(create=False) == data.resolve()
    assert cli.parse_app_args([]) == []


def test_the_app_writes_only_into_the_data_dir(tmp_path):
    """`glossator FILE --data-dir D`: the knowledge base and settings in D, nothing in $HOME."""
    home, data = tmp_path / "home", tmp_path / "D"
    home.mkdir()
    doc = tmp_path / "notes.md"
    doc.write_text("# Notes\n\nMarie Curie worked in Paris.\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("GLOSSATOR_", "XDG_"))}
    env.update(HOME=str(home), QT_QPA_PLATFORM="offscreen", GLOSSATOR_STARTUP_PROBE="1",
               PYTHONPATH=str(REPO / "desktop"),
               GLOSSATOR_STARTER_KB=str(paths.starter_kb_path()))
    proc = subprocess.run(
        [sys.executable, "-c", "import sys; from glossator.cli import main; sys.exit(main())",
         str(doc), "--data-dir", str(data)],
        env=env, text=True, capture_output=True, timeout=300, cwd=tmp_path)
    assert proc.returncode == 0, proc.stderr
    assert "annotated" in proc.stdout
    assert (data / paths.USER_KB_NAME).is_file()
    assert (data / "config" / "glossator.ini").is_file()
    written = [str(p.relative_to(home)) for p in home.rglob("*") if "Glossator" in str(p)]
    assert written == []


def test_output_to_a_reader_that_went_away_ends_quietly(tmp_path):
    """`glossator kb stats | head`: a closed pipe is no traceback, and the status says so."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GLOSSATOR_", "XDG_"))}
    env.update(HOME=str(tmp_path), PYTHONPATH=str(REPO / "desktop"),
               GLOSSATOR_STARTER_KB=str(paths.starter_kb_path()))
    proc = subprocess.Popen(
        [sys.executable, "-c", "import sys; from glossator.cli import main; sys.exit(main())",
         "kb", "stats", "--data-dir", str(tmp_path / "D")],
        env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp_path)
    proc.stdout.close()  # the reader goes away before a word is written
    err = proc.stderr.read().decode()
    proc.stderr.close()
    assert proc.wait(timeout=300) == 141, err
    assert "Traceback" not in err and "Error" not in err, err
