"""Our own news-style texts with their names labelled: the format the ranker trains on.

A file holds documents separated by a header line ``=== <id> <genre>``. A labelled name is
written in the text as ``[[surface|Title]]`` (the KB article the text means), ``[[surface]]``
(the surface is that title) or ``[[surface|NIL]]`` (the text means someone or something the
KB has no article for). Everything else is plain text. The texts live in ``training/written``
(not shipped); ``training/written/written.py`` checks them against the starter KB.
"""

from __future__ import annotations

import re
import zlib
from dataclasses import dataclass, field
from pathlib import Path

_HEADER = re.compile(r"^=== (\S+)(?: (.*))?$")
_MARK = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")


@dataclass(slots=True)
class Written:
    """One document: its plain text and its labelled names (start, end, title or None)."""

    id: str
    genre: str
    text: str
    names: list[tuple[int, int, str | None]] = field(default_factory=list)

    @property
    def kept_out(self) -> bool:
        """Whether training keeps this text out: a quarter, by id.

        By id, so adding a text moves no other text across the split.
        """
        return zlib.crc32(self.id.encode("utf-8")) % 4 == 3


def parse(source: str, origin: str = "") -> list[Written]:
    """The documents of one file; a malformed one raises ValueError naming it."""
    docs: list[Written] = []
    current: list[str] = []
    head: tuple[str, str] | None = None

    def close() -> None:
        if head is None:
            if "".join(current).strip():
                raise ValueError(f"{origin}: text before the first '=== id' line")
            return
        body = "\n".join(current).strip()
        out: list[str] = []
        names: list[tuple[int, int, str | None]] = []
        pos = length = 0
        for m in _MARK.finditer(body):
            piece = body[pos:m.start()]
            out.append(piece)
            length += len(piece)
            surface = m.group(1)
            label = (m.group(2) if m.group(2) is not None else surface).strip()
            if not label or surface != surface.strip():
                raise ValueError(f"{origin} {head[0]}: empty label or spaces around "
                                 f"{m.group(0)!r}")
            names.append((length, length + len(surface), None if label == "NIL" else label))
            out.append(surface)
            length += len(surface)
            pos = m.end()
        out.append(body[pos:])
        text = "".join(out)
        if "[[" in text or "]]" in text:
            raise ValueError(f"{origin} {head[0]}: unbalanced or malformed [[ ]] (a mark is "
                             "[[surface]], [[surface|Title]] or [[surface|NIL]])")
        docs.append(Written(head[0], head[1], text, names))

    for line in source.splitlines():
        m = _HEADER.match(line)
        if m:
            close()
            head = (m.group(1), m.group(2) or "")
            current = []
        else:
            current.append(line)
    close()
    ids = [d.id for d in docs]
    if len(ids) != len(set(ids)):
        raise ValueError(f"{origin}: a document id is used twice")
    return docs


def load(paths: list[Path]) -> list[Written]:
    """Every document of the given files, in file order; ids unique across the files."""
    out: list[Written] = []
    for p in paths:
        out += parse(p.read_text(encoding="utf-8"), p.name)
    seen: set[str] = set()
    for d in out:
        if d.id in seen:
            raise ValueError(f"document id {d.id!r} is used in two files")
        seen.add(d.id)
    return out
