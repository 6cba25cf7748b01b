"""Texts that are hostile to the reading engine itself (issue 12), through `glossator annotate`.

Each case writes its text at the size the issue measured and runs the whole command in a
fresh process with a private data folder (``documents.annotate``), so the figures are what a
user waits for: model and KB load, chunking, spaCy, grouping, linking. It raises on a
traceback, a failed exit or a wrong result, and returns the outcome. Run them with
``python benchmarks/hostile.py engine``.
"""

from __future__ import annotations

import json
import random
import time
from collections.abc import Callable
from pathlib import Path

from benchmarks.hostile_cases.documents import annotate

NAME = "Ada Lovelace"


def _people(n: int, seed: int = 12) -> list[str]:
    """``n`` different made-up people ("Dopu Tanehe"), none of them in the KB."""
    rng = random.Random(seed)

    def word(k: int) -> str:
        return "".join(rng.choice("bdfghklmnprstvz") + rng.choice("aeiou")
                       for _ in range(k)).capitalize()

    names: dict[str, None] = {}
    while len(names) < n:
        names.setdefault(f"{word(2)} {word(3)}", None)
    return list(names)


def _annotated(path: Path) -> dict:
    """Run `glossator annotate` on ``path``: its JSON, with the command's own wall time."""
    start = time.monotonic()
    proc = annotate(path)
    seconds = time.monotonic() - start
    assert proc.returncode == 0, (proc.stderr.strip().splitlines() or ["?"])[-1]
    data = json.loads((path.parent / "out" / f"{path.stem}.json").read_text("utf-8"))
    assert data["text"], "no text in the output"
    for m in data["mentions"]:
        assert data["text"][m["start"]:m["end"]] == m["text"], m
    data["seconds"] = seconds
    return data


def _names(data: dict) -> set[str]:
    return {m["text"] for m in data["mentions"] if m["kind"] == "name"}


def _report(data: dict, outcome: str) -> dict:
    return {"outcome": outcome, "seconds": data["seconds"]}


def many_people(tmp: Path) -> dict:
    path = tmp / "people.txt"
    path.write_text("".join(f"{p} met Paris. " for p in _people(12_000)), "utf-8")
    data = _annotated(path)
    people = len({m["entity"] for m in data["mentions"] if m["kind"] == "name"})
    assert "Paris" in _names(data)
    return _report(data, f"{len(data['mentions']):,} mentions, {people:,} entities")


def _brackets(tmp: Path, name: str, each: int) -> dict:
    path = tmp / name
    path.write_text("[" * each + NAME + "]" * each, "utf-8")
    data = _annotated(path)
    found = sorted(n for n in _names(data) if n in NAME)
    return _report(data, f"{path.stat().st_size // 1000} KB; names found: {found or 'none'}")


def brackets_20k(tmp: Path) -> dict:
    return _brackets(tmp, "brackets.txt", 10_000)


def brackets_400k_markdown(tmp: Path) -> dict:
    return _brackets(tmp, "brackets.md", 200_000)


def emoji_300k(tmp: Path) -> dict:
    path = tmp / "emoji.txt"
    path.write_text("\U0001F600\U0001F389\U0001F44D\u2764\ufe0f" * 15_000, "utf-8")
    data = _annotated(path)
    names = _names(data)
    assert not names, f"names found in emoji: {sorted(names)[:5]}"
    return _report(data, f"{path.stat().st_size // 1000} KB of emoji, no names")


CASES: list[tuple[str, Callable[[Path], object]]] = [
    ("engine: 12,000 different people, 276 KB", many_people),
    ("engine: 20 KB of brackets around a name", brackets_20k),
    ("engine: 400 KB of brackets around a name, as Markdown", brackets_400k_markdown),
    ("engine: 300 KB of emoji", emoji_300k),
]
