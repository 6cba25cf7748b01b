"""The shipped gzipped tables of ``data/``: read at run time, written by their builders.

``census_names``, ``noun_classes`` and ``world_places`` each ship a table of lines that
their ``main`` builds from outside data; they read and write it through these two.
"""

from __future__ import annotations

import gzip
import zlib
from importlib import resources
from pathlib import Path


def read_lines(name: str) -> list[str]:
    """The lines of ``data/<name>``; none when the file is missing or damaged.

    A broken install then knows no word of the table rather than failing on every text.
    """
    try:
        raw = resources.files("glossator.core.nlp").joinpath("data", name).read_bytes()
        return gzip.decompress(raw).decode("utf-8").splitlines()
    except (OSError, EOFError, zlib.error, UnicodeDecodeError):
        return []


def write_lines(path: Path, lines: list[str]) -> None:
    """Write a table; mtime 0, so the same input gives the same bytes."""
    path.write_bytes(gzip.compress(("\n".join(lines) + "\n").encode("utf-8"), 9, mtime=0))
