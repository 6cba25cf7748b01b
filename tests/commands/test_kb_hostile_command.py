"""`glossator kb ...` on damaged and newer user files (issue 12): messages, no traceback."""

import json

from glossator.cli import main
from tests.core.kb.test_hostile import damage, make_kb, make_newer


def _one(tmp_path):
    src = tmp_path / "one.jsonl"
    src.write_text(json.dumps({"title": "One", "extract": "One is a number."}) + "\n")
    return src


def test_damaged_user_kb_reads_the_starter_and_refuses_imports(tmp_path, capsys,
                                                               starter_kb_path, monkeypatch):
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter_kb_path))
    data = tmp_path / "data"
    data.mkdir()
    user = make_kb(data / "user-kb.sqlite")
    damage(user, 60)
    before = user.read_bytes()
    for args in (["stats"], ["lookup", "Albert", "Einstein"], ["search", "relativity"]):
        assert main(["--data-dir", str(data), "kb", *args]) == 0
        err = capsys.readouterr().err
        assert "Traceback" not in err
    assert main(["--data-dir", str(data), "kb", "import", str(_one(tmp_path))]) == 1
    err = capsys.readouterr().err
    assert "damaged" in err and "kb reset" in err
    assert user.read_bytes() == before


def test_newer_user_kb_is_named_and_left_untouched(tmp_path, capsys, starter_kb_path,
                                                   monkeypatch):
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter_kb_path))
    data = tmp_path / "data"
    data.mkdir()
    user = make_newer(data / "user-kb.sqlite")
    before = user.read_bytes()
    assert main(["--data-dir", str(data), "kb", "stats"]) == 0
    assert "made by a newer Glossator" in capsys.readouterr().err
    assert main(["--data-dir", str(data), "kb", "import", str(_one(tmp_path))]) == 1
    assert "made by a newer Glossator" in capsys.readouterr().err
    assert user.read_bytes() == before
