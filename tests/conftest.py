"""Shared test set-up: Qt offscreen, no test touches $HOME, one starter KB per run."""

from __future__ import annotations

import gc
import os
import sys
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

if os.environ.get("GLOSSATOR_BLOCK_QT"):
    # Make PySide6 unimportable, proving the core runs without it.
    for _name in ("PySide6", "shiboken6"):
        sys.modules[_name] = None  # type: ignore[assignment]

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point every user folder at a temporary one."""
    from glossator import paths

    base = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("GLOSSATOR_DATA_DIR", str(base / "data"))
    monkeypatch.setenv("GLOSSATOR_CACHE_DIR", str(base / "cache"))
    monkeypatch.setenv("GLOSSATOR_CONFIG_DIR", str(base / "config"))
    monkeypatch.setenv("HOME", str(base / "home"))
    paths.set_data_dir(None)
    yield
    paths.set_data_dir(None)
    cache_folder = sys.modules.get("glossator.core.cache_folder")
    if cache_folder is not None:  # set by the app's and the CLI's start: this test's folder
        cache_folder.set_cache_folder(None)
    # The app's and the CLI's start freeze what exists (``core/lifetime``): in one test
    # process that would keep every earlier test's garbage for the rest of the run.
    gc.unfreeze()


@pytest.fixture(scope="session")
def starter_kb_path(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real starter KB (built by `make kb`), or one built now for this run."""
    from glossator import paths

    built = paths.starter_kb_path()
    if built.is_file():
        return built
    from glossator.core.kb.starter import build_starter

    out = tmp_path_factory.mktemp("starter") / paths.STARTER_KB_NAME
    build_starter(out)
    return out


@pytest.fixture(scope="session")
def starter_kb(starter_kb_path: Path):
    """The starter KB opened read-only as the only layer."""
    from glossator.core.kb import KnowledgeBase

    kb = KnowledgeBase.single(starter_kb_path)
    yield kb
    kb.close()


@pytest.fixture()
def make_old_kb():
    """A writer of knowledge bases as an earlier release left them.

    Migrations 001 and 002 only, without the card index that look-ups name.
    """
    import sqlite3

    from glossator.core.kb import schema

    def make(path: Path) -> Path:
        conn = sqlite3.connect(path)
        conn.executescript(
            "CREATE TABLE _migrations (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL);"
            + schema.INITIAL_SQL + schema.FTS_SQL
            + "INSERT INTO _migrations VALUES ('001_initial', 'then'), ('002_fts', 'then');")
        conn.close()
        return path

    return make

