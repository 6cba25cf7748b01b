"""The user's cache folder, where data derived at start-up is kept between starts.

The app and ``glossator annotate`` start often, and each start derived the same tables
again from the same installed files: the KB's name index (``kb/gazetteer``), the world's
given names (``nlp/census_names``). Each is kept here under a fingerprint of what it is
derived from; a file that is missing, stale, truncated or unreadable is derived again,
and a folder that cannot be written leaves the data in memory only.

The app and the CLI set the folder (``set_cache_folder``) at start; None (tests, a
library user) keeps everything in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import os
import tempfile
import time
from collections.abc import Callable, Iterable
from pathlib import Path

_log = logging.getLogger(__name__)
_FOLDER: Path | None = None
MAX_LINES_BYTES = 64 << 20  # a larger list file is no list of ours, and is not read
STALE_TEMP_S = 3600  # a temporary file this old was left by a killed write


def set_cache_folder(folder: str | os.PathLike[str] | None) -> None:
    """Keep derived data in ``folder`` (the user's cache folder); None: memory only."""
    global _FOLDER
    _FOLDER = Path(folder) if folder is not None else None


def cache_folder() -> Path | None:
    """The folder set at start, or None."""
    return _FOLDER


def write_atomic(path: Path, data: bytes, prefix: str) -> None:
    """Write ``data`` to ``path`` whole or not at all (a killed write leaves no half file).

    The temporary file is ``path``'s folder's ``.{prefix}…``; those a killed write left
    (older than ``STALE_TEMP_S``) are removed. Raises OSError.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{prefix}", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    now = time.time()
    for old in path.parent.glob(f".{prefix}*"):
        with contextlib.suppress(OSError):
            if now - old.stat().st_mtime > STALE_TEMP_S:
                old.unlink()


def fingerprint(*parts: object, files: Iterable[str | os.PathLike[str] | None] = ()) -> str:
    """A digest of the app's version, ``parts`` and each readable file's bytes.

    A developer's edit of a module changes it; a frozen build's modules have no file, and
    its version counts.
    """
    from glossator import __version__

    h = hashlib.sha256(repr((__version__, *parts)).encode())
    for name in files:
        with contextlib.suppress(OSError, TypeError):
            h.update(Path(name).read_bytes())  # type: ignore[arg-type]
    return h.hexdigest()


def cached_lines(name: str, key: str,
                 derive: Callable[[], Iterable[str] | None]) -> list[str]:
    """The lines ``derive`` gives, from the cache folder's ``{name}.txt`` when its key is ``key``.

    The file's first line holds the key and the number of lines, and every line ends in a
    newline, so a stale or truncated file is derived again; a line must hold no line break.
    With no folder, ``derive`` runs. ``derive`` returns None when it could not read its
    source: no lines, and nothing kept (a file locked for a moment is read next time).
    """
    path = _FOLDER / f"{name}.txt" if _FOLDER is not None else None
    if path is not None:
        try:
            if path.stat().st_size <= MAX_LINES_BYTES:
                head, _, body = path.read_bytes().decode("utf-8").partition("\n")
                lines = body[:-1].split("\n") if body.endswith("\n") else []
                if head == f"{key} {len(lines)}" and (lines or not body):
                    return lines
        except FileNotFoundError:
            pass
        except (OSError, UnicodeDecodeError) as exc:  # damaged: derived again
            _log.info("ignoring the cached %s: %s", path, exc)
    derived = derive()
    if derived is None:
        return []
    lines = list(derived)
    if path is not None:
        try:
            text = "".join(f"{line}\n" for line in [f"{key} {len(lines)}", *lines])
            write_atomic(path, text.encode("utf-8"), prefix=name)
        except OSError as exc:  # a full or read-only disk: memory only
            _log.info("could not cache %s in %s: %s", name, path.parent, exc)
    return lines
