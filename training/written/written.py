"""Our own news-style texts with their names labelled, for the ranker (issue 11).

Each ``*.txt`` file here holds documents separated by a header line ``=== <id> <genre>``.
A labelled name is written in the text as ``[[surface|Title]]`` (the starter KB's article
the text means), ``[[surface]]`` (the surface is that title) or ``[[surface|NIL]]`` (the
text means someone or something the KB has no article for). Everything else is plain text.
No evaluation data is in here: these texts were written for Glossator.

``python training/written/written.py [FILES]`` checks every file: the markup, the titles
against the starter KB, and shows what the KB offers for each NIL name (a good trap has a
namesake the ranker must refuse).
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

HERE = Path(__file__).resolve().parent
_HEADER = re.compile(r"^=== (\S+)(?: (.*))?$")
_MARK = re.compile(r"\[\[([^\[\]|]+?)(?:\|([^\[\]|]+?))?\]\]")


@dataclass(slots=True)
class Written:
    """One document: its plain text and its labelled names (start, end, title or None)."""

    id: str
    genre: str
    text: str
    names: list[tuple[int, int, str | None]] = field(default_factory=list)


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
            label = (m.group(2) or surface).strip()
            names.append((length, length + len(surface), None if label == "NIL" else label))
            out.append(surface)
            length += len(surface)
            pos = m.end()
        out.append(body[pos:])
        text = "".join(out)
        if "[[" in text or "]]" in text:
            raise ValueError(f"{origin} {head[0]}: unbalanced [[ ]]")
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


def load(paths: list[Path] | None = None) -> list[Written]:
    """Every document of the given files (default: all ``*.txt`` here), in file order."""
    out: list[Written] = []
    for p in paths or sorted(HERE.glob("*.txt")):
        out += parse(p.read_text(encoding="utf-8"), p.name)
    return out


def check(paths: list[Path], kb_path: str) -> int:
    """Print problems and a summary; 1 when a title is not in the KB."""
    sys.path.insert(0, str(HERE.parents[1] / "desktop"))
    from glossator.core.kb import KnowledgeBase

    kb = KnowledgeBase.single(kb_path)
    bad = 0
    linked = nil = 0
    for doc in load(paths):
        for s, e, title in doc.names:
            surface = doc.text[s:e]
            if title is None:
                nil += 1
                offers = sorted({c.title for c in kb.lookup(surface)})[:5]
                print(f"{doc.id}: NIL {surface!r}; the KB offers {offers or 'nothing'}")
            elif kb.article(title) is None:
                bad += 1
                print(f"{doc.id}: ERROR {title!r} (for {surface!r}) is not a KB title")
            else:
                linked += 1
    print(f"{len(load(paths))} documents, {linked} linked names, {nil} NIL names, "
          f"{bad} unknown titles")
    return 1 if bad else 0


if __name__ == "__main__":
    args = [Path(a) for a in sys.argv[1:] if not a.startswith("--kb=")]
    kb = next((a[5:] for a in sys.argv[1:] if a.startswith("--kb=")),
              str(HERE.parents[1] / "resources" / "kb" / "starter-en.sqlite"))
    raise SystemExit(check(args or sorted(HERE.glob("*.txt")), kb))
