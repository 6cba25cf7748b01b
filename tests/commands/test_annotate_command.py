"""``glossator annotate``: JSON and HTML output, several files, bad input."""

from __future__ import annotations

import json

import pytest

from glossator.cli import main

ARTICLE = ("President Barack Obama met Chancellor Angela Merkel in Berlin.\r\n"
           "Obama said the World Health Organization (WHO) agreed. 🙂\n")


@pytest.fixture()
def files(tmp_path):
    a = tmp_path / "a.txt"
    a.write_bytes(ARTICLE.encode("utf-8"))
    return tmp_path, a


def test_one_file_to_stdout_is_exact_text(files, starter_kb_path, capsys):
    _, a = files
    assert main(["annotate", str(a), "--kb", str(starter_kb_path)]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["text"] == ARTICLE  # the file's exact content, \r\n included
    by_id = {e["id"]: e for e in data["entities"]}
    assert "Barack Obama" in {e["kb_title"] for e in data["entities"]}
    for m in data["mentions"]:
        assert data["text"][m["start"]:m["end"]] == m["text"]
        assert m["entity"] is None or m["entity"] in by_id
        assert m["kind"] in ("name", "reference") and m["why"]
    for e in data["entities"]:
        assert set(e) == {"id", "name", "label", "kb_title", "confidence", "alternatives",
                          "descriptors", "spellings"}
        assert all(set(d) == {"text", "kind", "start", "end"} for d in e["descriptors"])
        assert e["spellings"] and len(set(e["spellings"])) == len(e["spellings"])
    obama = next(e for e in data["entities"] if e["kb_title"] == "Barack Obama")
    assert obama["descriptors"] == [{"text": "President", "kind": "title", "start": 0,
                                     "end": 9}]
    assert obama["spellings"] == ["Barack Obama", "Obama"]


def test_several_files_to_a_folder_with_bad_ones(files, starter_kb_path, capsys):
    tmp, a = files
    empty = tmp / "empty.txt"
    empty.write_bytes(b"")
    binary = tmp / "bin.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    blank = tmp / "blank.txt"
    blank.write_text("  \n\n ")
    md = tmp / "b.md"
    md.write_text("# Notes\n\nAngela Merkel visited Paris.\n\n```\nObama()\n```\n")
    out = tmp / "out"
    rc = main(["annotate", str(a), str(empty), str(binary), str(blank), str(md),
               str(tmp / "missing.txt"), "--kb", str(starter_kb_path), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 1
    assert "Traceback" not in err
    assert "empty" in err and "missing.txt" in err and "bin.txt" in err
    assert sorted(p.name for p in out.iterdir()) == ["a.json", "b.json"]
    b = json.loads((out / "b.json").read_text())
    assert "Angela Merkel" in {m["text"] for m in b["mentions"]}
    assert "Obama" not in {m["text"] for m in b["mentions"]}  # the code block is skipped


def test_html_format(files, starter_kb_path, capsys):
    tmp, a = files
    assert main(["annotate", str(a), "--kb", str(starter_kb_path), "--format", "html",
                 "--out", str(tmp / "h")]) == 0
    page = (tmp / "h" / "a.html").read_text()
    assert page.startswith("<!DOCTYPE html>") and "Glossary" in page and "Barack Obama" in page


def test_huge_and_undecodable_files_are_refused(tmp_path, starter_kb_path, capsys,
                                                monkeypatch):
    from glossator.commands import annotate

    monkeypatch.setattr(annotate, "MAX_BYTES", 1000)
    big = tmp_path / "big.txt"
    big.write_text("word " * 1000)
    rc = main(["annotate", str(big), "--kb", str(starter_kb_path)])
    err = capsys.readouterr().err
    assert rc == 1 and "too large" in err and "Traceback" not in err


def test_missing_kb_file_is_a_clear_error(files, tmp_path, capsys):
    _, a = files
    rc = main(["annotate", str(a), "--kb", str(tmp_path / "nope.sqlite")])
    err = capsys.readouterr().err
    assert rc == 1 and "does not exist" in err


def test_a_user_kb_from_an_earlier_release_is_brought_up_to_date(
        files, tmp_path, starter_kb_path, monkeypatch, capsys, make_old_kb):
    _, a = files
    data = tmp_path / "data"
    data.mkdir()
    make_old_kb(data / "user-kb.sqlite")
    monkeypatch.setenv("GLOSSATOR_DATA_DIR", str(data))
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter_kb_path))
    assert main(["annotate", str(a)]) == 0
    out = capsys.readouterr()
    assert "Barack Obama" in {e["kb_title"] for e in json.loads(out.out)["entities"]}
    assert "no knowledge base" not in out.err


def test_an_unreadable_user_kb_leaves_the_starter_in_use(
        files, tmp_path, starter_kb_path, monkeypatch, capsys):
    _, a = files
    data = tmp_path / "data"
    data.mkdir()
    (data / "user-kb.sqlite").write_bytes(b"not a database at all" * 100)
    monkeypatch.setenv("GLOSSATOR_DATA_DIR", str(data))
    monkeypatch.setenv("GLOSSATOR_STARTER_KB", str(starter_kb_path))
    assert main(["annotate", str(a)]) == 0
    out = capsys.readouterr()
    assert "Barack Obama" in {e["kb_title"] for e in json.loads(out.out)["entities"]}
    assert "user-kb.sqlite" in out.err and "Traceback" not in out.err
    assert (data / "user-kb.sqlite").read_bytes() == b"not a database at all" * 100


NAMES = "Ada Lovelace met Charles Babbage in London.\n"


def test_txt_is_decoded_by_content_not_refused_for_nul_bytes(tmp_path, starter_kb_path,
                                                             capsys):
    # Issue 12: UTF-16/32 without a BOM was "a binary file"; NULs after byte 4,096 decoded
    # ASCII as UTF-16BE. The documents module's decoder decides now.
    files = {}
    for codec in ("utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"):
        files[codec] = tmp_path / f"{codec}.txt"
        files[codec].write_bytes((NAMES * 20).encode(codec))
    padded = tmp_path / "padded.txt"
    padded.write_bytes((NAMES * 100).encode()[:4096] + b"\x00" * 64 + NAMES.encode() * 100)
    out = tmp_path / "out"
    rc = main(["annotate", *map(str, files.values()), str(padded), "--kb",
               str(starter_kb_path), "--out", str(out)])
    err = capsys.readouterr().err
    assert rc == 0, err
    assert "Traceback" not in err and "binary" not in err
    assert "padded.txt contains NUL bytes" in err  # said, not silently changed
    for codec, path in files.items():
        data = json.loads((out / f"{path.stem}.json").read_text("utf-8"))
        assert data["text"] == NAMES * 20, codec  # exactly the decoded content
        names = {m["text"] for m in data["mentions"] if m["kind"] == "name"}
        assert {"Ada Lovelace", "Charles Babbage"} <= names, codec
        for m in data["mentions"]:
            assert data["text"][m["start"]:m["end"]] == m["text"]
    data = json.loads((out / "padded.json").read_text("utf-8"))
    assert data["text"] == (NAMES * 100)[:4096] + " " * 64 + NAMES * 100
    assert "Ada Lovelace" in {m["text"] for m in data["mentions"]}


def test_binary_txt_files_are_still_refused_clearly(tmp_path, starter_kb_path, capsys):
    noise = tmp_path / "noise.txt"
    noise.write_bytes(bytes(range(256)) * 40)
    zeros = tmp_path / "zeros.txt"
    zeros.write_bytes(b"\x00" * 5000)
    png = tmp_path / "picture.txt"
    png.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(200))
    rc = main(["annotate", str(noise), str(zeros), str(png), "--kb", str(starter_kb_path)])
    err = capsys.readouterr().err
    assert rc == 1 and "Traceback" not in err
    assert f"{noise} looks like a binary file, not text." in err
    assert f"{zeros} does not look like text" in err
    assert f"{png} is an image (PNG), not text." in err


BOOK = "\n\n".join([
    "Colonel Ahmed Salih, the governor of the southern port, met Angela Merkel in Berlin.",
    *["The river runs past the old mill, and the fields are green in the spring. " * 4] * 2,
    "Later that week Angela Merkel flew to Paris for the summit.",
    "She told reporters that the talks had gone well.",
    *["The river runs past the old mill, and the fields are green in the spring. " * 4] * 2,
    "In the evening Ahmed Saleh said the ceasefire had failed.",
]) + "\n"


def test_chunk_chars_streams_shuffled_pieces_to_the_same_json(tmp_path, starter_kb_path,
                                                               capsys):
    book = tmp_path / "book.txt"
    book.write_text(BOOK, encoding="utf-8")
    assert main(["annotate", str(book), "--kb", str(starter_kb_path)]) == 0
    whole = json.loads(capsys.readouterr().out)
    runs = []
    for seed in ("1", "2"):
        assert main(["annotate", str(book), "--kb", str(starter_kb_path), "--chunk-chars",
                     "300", "--chunk-seed", seed]) == 0
        runs.append(json.loads(capsys.readouterr().out))
    assert runs[0] == runs[1]  # the order of the pieces changes nothing
    assert set(runs[0]) == set(whole) and runs[0]["text"] == BOOK
    assert [(m["start"], m["end"], m["kind"], m["entity"]) for m in runs[0]["mentions"]] == \
        [(m["start"], m["end"], m["kind"], m["entity"]) for m in whole["mentions"]]
    assert [(e["id"], e["name"], e["kb_title"], e["spellings"]) for e in runs[0]["entities"]] \
        == [(e["id"], e["name"], e["kb_title"], e["spellings"]) for e in whole["entities"]]


def test_chunk_chars_must_be_a_sensible_size(files, starter_kb_path, capsys):
    _, a = files
    with pytest.raises(SystemExit):
        main(["annotate", str(a), "--kb", str(starter_kb_path), "--chunk-chars", "5"])
    assert "200" in capsys.readouterr().err
