"""Every folder and file location Glossator uses, in one place.

User data, cache and config folders come from platformdirs; each can be
overridden by an environment variable (``GLOSSATOR_DATA_DIR``,
``GLOSSATOR_CACHE_DIR``, ``GLOSSATOR_CONFIG_DIR``), so tests never touch
``$HOME``. The ``--data-dir DIR`` command-line option wins over all three for
its run: the data in DIR, the cache in DIR/cache, the settings in DIR/config.
Resources (the bundled starter knowledge base, icons, the sample article) are
found next to the source tree or inside a frozen PyInstaller bundle.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

import platformdirs

APP_NAME = "Glossator"
APP_AUTHOR = "Glossator"

ENV_DATA = "GLOSSATOR_DATA_DIR"
ENV_CACHE = "GLOSSATOR_CACHE_DIR"
ENV_CONFIG = "GLOSSATOR_CONFIG_DIR"
ENV_STARTER_KB = "GLOSSATOR_STARTER_KB"
ENV_RESOURCES = "GLOSSATOR_RESOURCES_DIR"

STARTER_KB_NAME = "starter-en.sqlite"
USER_KB_NAME = "user-kb.sqlite"

# Set by --data-dir; wins over the environment so one run can be redirected.
_data_dir_override: Path | None = None


def set_data_dir(path: str | os.PathLike[str] | None) -> None:
    """Redirect the user data folders for this process (the ``--data-dir`` option).

    The data, cache (``DIR/cache``) and settings (``DIR/config``) folders all move,
    whatever the environment says: the option is the more specific request.
    """
    global _data_dir_override
    _data_dir_override = Path(path).expanduser().resolve() if path else None


def _from_env(var: str) -> Path | None:
    value = os.environ.get(var)
    return Path(value).expanduser().resolve() if value else None


def _ensure(path: Path, create: bool) -> Path:
    if create:
        path.mkdir(parents=True, exist_ok=True)
    return path


def data_dir(create: bool = True) -> Path:
    """The writable folder for the user knowledge base and other user data."""
    path = (
        _data_dir_override
        or _from_env(ENV_DATA)
        or Path(platformdirs.user_data_dir(APP_NAME, APP_AUTHOR))
    )
    return _ensure(path, create)


def cache_dir(create: bool = True) -> Path:
    """A folder for data that can be thrown away (downloaded pages, temporary files)."""
    if _data_dir_override is not None:
        path: Path | None = _data_dir_override / "cache"
    else:
        path = _from_env(ENV_CACHE)
    path = path or Path(platformdirs.user_cache_dir(APP_NAME, APP_AUTHOR))
    return _ensure(path, create)


def config_dir(create: bool = True) -> Path:
    """The folder for settings."""
    if _data_dir_override is not None:
        path: Path | None = _data_dir_override / "config"
    else:
        path = _from_env(ENV_CONFIG)
    path = path or Path(platformdirs.user_config_dir(APP_NAME, APP_AUTHOR))
    return _ensure(path, create)


def is_frozen() -> bool:
    """True inside a PyInstaller bundle."""
    return bool(getattr(sys, "frozen", False)) and hasattr(sys, "_MEIPASS")


def resources_dir() -> Path:
    """The read-only resources folder (bundled data, icons, sample article)."""
    env = _from_env(ENV_RESOURCES)
    if env is not None:
        return env
    if is_frozen():
        return Path(sys._MEIPASS) / "resources"  # type: ignore[attr-defined]
    # desktop/glossator/paths.py -> repository root
    return Path(__file__).resolve().parents[2] / "resources"


def starter_kb_path() -> Path:
    """Where the read-only starter knowledge base lives (built by ``kb build-starter``)."""
    return _from_env(ENV_STARTER_KB) or resources_dir() / "kb" / STARTER_KB_NAME


def user_kb_path(create: bool = True) -> Path:
    """The writable user knowledge base: every import and online fill lands here."""
    return data_dir(create) / USER_KB_NAME


def corrections_path(create: bool = True) -> Path:
    """The reader's corrections of every document ("the same person", "not a name")."""
    return data_dir(create) / "corrections.json"


def sample_article_path() -> Path:
    """The sample article the app opens on first start."""
    return resources_dir() / "sample" / "sample-article.md"
