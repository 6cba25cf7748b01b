"""Import page summaries from files: JSON Lines of REST summaries, or Kiwix ZIM.

The file type is sniffed from its first bytes, not its name. Every importer
yields ``SummaryRecord`` objects into ``KBLayer.upsert``, which batches them
into transactions and records the position so an interrupted import resumes.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import BinaryIO

from glossator.core.kb.records import RecordError, SummaryRecord, now_iso
from glossator.core.kb.store import KBError, KBLayer
from glossator.core.models import ImportStats

ZIM_MAGIC = b"ZIM\x04"
# Give up on a file whose first lines are all unusable: it is not what it claims.
PROBE_LINES = 20
# A REST summary with its redirects is a few KB; a longer line is not one.
MAX_LINE_BYTES = 1 << 20
MAX_REPORTED = 20

Progress = Callable[[ImportStats, int, int], None]  # stats, bytes done, bytes total


class ImportFormatError(KBError):
    """The file is not a format Glossator can import."""


def sniff(path: Path) -> str:
    """'jsonl' or 'zim', from the file's content; a clear error otherwise."""
    try:
        with path.open("rb") as fh:
            head = fh.read(4096)
    except FileNotFoundError as exc:
        raise KBError(f"No such file: {path}") from exc
    except IsADirectoryError as exc:
        raise KBError(f"{path} is a folder, not a file.") from exc
    except OSError as exc:
        raise KBError(f"Cannot read {path}: {exc.strerror or exc}") from exc
    if not head:
        raise ImportFormatError(f"{path} is empty: there is nothing to import.")
    if head.startswith(ZIM_MAGIC):
        return "zim"
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if text.startswith(b"{"):
        return "jsonl"
    if b"\x00" in head:
        raise ImportFormatError(
            f"{path} is a binary file that is neither a ZIM archive nor JSON Lines."
        )
    raise ImportFormatError(
        f"{path} is not JSON Lines of Wikipedia summaries (one JSON object per line) "
        "nor a Kiwix ZIM file."
    )


def source_key(path: Path) -> str:
    """Identifies one version of a file, so a resumed import is of the same content."""
    st = path.stat()
    return f"{path.resolve()}|{st.st_size}|{st.st_mtime_ns}"


def iter_jsonl(path: Path, stats: ImportStats, on_bytes: Callable[[int], None] | None = None
               ) -> Iterator[SummaryRecord]:
    """Records of a JSON Lines file; bad lines are counted as skipped with a reason.

    A line is read at most ``MAX_LINE_BYTES`` at a time, so a file without line breaks
    cannot fill memory; whatever a line holds (NaN, numbers past any float, objects
    where text belongs, lone surrogates, nesting past the parser's depth) it is skipped
    with its line number, never ending the import.
    """
    fetched_at = now_iso()
    source = f"import:{path.name}"
    good = 0
    with path.open("rb") as fh:
        for lineno, raw, too_long in _lines(fh):
            if on_bytes:
                on_bytes(too_long or len(raw))
            try:
                if too_long:
                    raise RecordError(f"the line is longer than {MAX_LINE_BYTES:,} bytes")
                line = raw.strip()
                if not line:
                    continue
                obj = json.loads(line.decode("utf-8-sig"), parse_constant=_no_constant)
                record = SummaryRecord.from_rest(obj, source=source, fetched_at=fetched_at)
            except (ValueError, RecursionError, OverflowError, MemoryError) as exc:
                # ValueError covers UnicodeDecodeError, JSONDecodeError and RecordError.
                stats.skipped += 1
                if len(stats.errors) < MAX_REPORTED:
                    stats.errors.append(f"line {lineno}: {_reason(exc)}")
                if good == 0 and lineno >= PROBE_LINES:
                    raise ImportFormatError(
                        f"{path} does not hold Wikipedia summaries: none of its first "
                        f"{lineno} lines is a usable record ({stats.errors[0]})."
                    ) from None
                continue
            record.origin = f"line {lineno}"
            good += 1
            yield record


def _lines(fh: BinaryIO) -> Iterator[tuple[int, bytes, int]]:
    """(line number, line, 0) or (line number, b"", its length) for a line past the cap."""
    lineno = 0
    while True:
        raw = fh.readline(MAX_LINE_BYTES + 1)
        if not raw:
            return
        lineno += 1
        if len(raw) <= MAX_LINE_BYTES or raw.endswith(b"\n"):
            yield lineno, raw, 0
            continue
        length = len(raw)
        while raw and not raw.endswith(b"\n"):  # skip the rest, a chunk at a time
            raw = fh.readline(MAX_LINE_BYTES)
            length += len(raw)
        yield lineno, b"", length


def _no_constant(name: str) -> None:
    raise RecordError(f"{name} is not a number JSON allows")


def _reason(exc: BaseException) -> str:
    if isinstance(exc, json.JSONDecodeError):
        return f"not JSON ({exc.msg} at column {exc.colno})"
    if isinstance(exc, UnicodeDecodeError):
        return "not UTF-8 text"
    if isinstance(exc, RecursionError):
        return "JSON nested too deeply"
    if isinstance(exc, MemoryError):
        return "too large to read"
    if isinstance(exc, OverflowError):
        return "a number too large"
    message = str(exc)
    if "Exceeds the limit" in message and "integer string" in message:
        return "a number with too many digits"
    return message


def import_file(
    layer: KBLayer,
    path: str | os.PathLike[str],
    *,
    progress: Progress | None = None,
    should_stop: Callable[[], bool] | None = None,
    restart: bool = False,
) -> ImportStats:
    """Import a JSON Lines or ZIM file into ``layer``; resumable unless ``restart``."""
    path = Path(path)
    kind = sniff(path)
    total = path.stat().st_size
    stats = ImportStats()
    done = [0]

    def on_bytes(n: int) -> None:
        done[0] += n

    if kind == "zim":
        from glossator.core.kb.zim import iter_zim

        records = iter_zim(path, stats, on_bytes)
    else:
        records = iter_jsonl(path, stats, on_bytes)
    key = source_key(path)
    layer.verify()  # never write into a damaged file
    if restart:
        layer.forget_import(key)
    result = layer.upsert(
        records,
        source_key=key,
        # Large batches: each commit rewrites the index pages it touched, and a
        # batch of 10,000 touches hardly more pages than one of 2,000.
        batch_size=10_000,
        progress=(lambda s: progress(_merge(s, stats), done[0], total)) if progress else None,
        should_stop=should_stop,
        workers=import_workers(total),
    )
    return _merge(result, stats)


def import_workers(size: int) -> int:
    """Processes that derive names while the main one writes: one, for large files."""
    # Starting a process costs about half a second; a 20 MB file takes ten.
    return 1 if size > 20_000_000 and (os.cpu_count() or 1) > 1 else 0


def _merge(written: ImportStats, read: ImportStats) -> ImportStats:
    # Reading skips bad lines, writing skips unchanged records: report both.
    return ImportStats(
        added=written.added, updated=written.updated,
        skipped=written.skipped + read.skipped, aliases=written.aliases,
        errors=read.errors + written.errors,
    )
