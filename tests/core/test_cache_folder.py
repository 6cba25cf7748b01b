"""Derived data kept in the user's cache folder between starts (``core/cache_folder``)."""

from __future__ import annotations

import pytest

from glossator.core import cache_folder
from glossator.core.cache_folder import cached_lines, fingerprint


@pytest.fixture()
def folder(tmp_path, monkeypatch):
    monkeypatch.setattr(cache_folder, "_FOLDER", tmp_path / "cache")
    return tmp_path / "cache"


def _derive(calls: list[int], lines=("alpha", "beta")):
    def derive():
        calls.append(1)
        return iter(lines)
    return derive


def test_lines_are_derived_once_then_read(folder):
    calls: list[int] = []
    assert cached_lines("names", "k1", _derive(calls)) == ["alpha", "beta"]
    assert cached_lines("names", "k1", _derive(calls)) == ["alpha", "beta"]
    assert len(calls) == 1
    assert cached_lines("names", "k2", _derive(calls, ["gamma"])) == ["gamma"]  # stale
    assert len(calls) == 2
    assert cached_lines("names", "k2", _derive(calls)) == ["gamma"]
    assert cached_lines("empty", "k", _derive(calls, [])) == []
    assert cached_lines("empty", "k", _derive(calls, ["x"])) == []  # an empty list is kept
    assert len(calls) == 3
    assert not [p for p in folder.iterdir() if p.name.startswith(".")]  # no temporary files


def test_a_truncated_or_damaged_file_is_derived_again(folder):
    calls: list[int] = []
    cached_lines("names", "k", _derive(calls))
    path = folder / "names.txt"
    path.write_bytes(path.read_bytes()[:-3])  # a killed copy: one line short of its count
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"]
    path.write_bytes(b"\xff\xfe not text")
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"]
    assert len(calls) == 3
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"] and len(calls) == 3


def test_no_folder_or_an_unwritable_one_keeps_the_lines_in_memory(tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(cache_folder, "_FOLDER", None)
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"]
    blocked = tmp_path / "file"
    blocked.write_text("in the way")
    monkeypatch.setattr(cache_folder, "_FOLDER", blocked / "cache")
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"]
    assert len(calls) == 2


def test_the_fingerprint_follows_the_parts_and_the_files(tmp_path):
    module = tmp_path / "module.py"
    module.write_text("A = 1\n")
    first = fingerprint(3, files=(module, tmp_path / "missing.py", None))
    assert first == fingerprint(3, files=(module,)) != fingerprint(4, files=(module,))
    module.write_text("A = 2\n")
    assert fingerprint(3, files=(module,)) != first


def test_a_source_that_cannot_be_read_now_is_not_kept(folder):
    """``derive`` gives None: no lines, no file, and the next start derives again."""
    assert cached_lines("names", "k", lambda: None) == []
    assert not (folder / "names.txt").exists()
    calls: list[int] = []
    assert cached_lines("names", "k", _derive(calls)) == ["alpha", "beta"] and calls


def test_a_killed_writes_temporary_file_is_removed_later(folder):
    import os
    import time

    folder.mkdir(parents=True)
    stale, fresh = folder / ".names-killed", folder / ".names-writing"
    stale.write_text("half")
    fresh.write_text("half")
    old = time.time() - cache_folder.STALE_TEMP_S - 60
    os.utime(stale, (old, old))
    cached_lines("names", "k", _derive([]))
    assert not stale.exists() and fresh.exists()  # another process may be writing it
