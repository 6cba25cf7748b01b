"""How many people bear a surname: a lone "Smith" is anyone, a lone "Stalin" is one man.

A surname written alone names a famous person when few people bear it; the generated
training texts cannot say which surnames are common among people at large (the KB holds
only the famous), so the linker reads it from a census: ``surname_common`` is 1 for the
commonest surname and falls with the log of its rank, to 0 past ``RANKS``.

The shipped table (``data/surnames.txt.gz``) lists the ``RANKS`` commonest surnames of the
1990 United States census, commonest first (public domain, as the Census Bureau's work; a
US census over-counts English and Spanish surnames and under-counts others, so "Müller" is
rarer here than in Germany, and a name it lacks counts as rare). It is built by
``python -m glossator.core.nlp.surnames`` from ``dist.all.last`` of the ``names``
package (MIT, a dev dependency, build time only).
"""

from __future__ import annotations

import argparse
import gzip
import math
import sys
from functools import cache, lru_cache
from importlib import metadata, resources
from pathlib import Path

from glossator.core.kb.normalize import fold

TABLE_FILE = "surnames.txt.gz"
RANKS = 20_000  # past this rank (about 0.001% of people) a surname counts as rare


@cache
def _ranks() -> dict[str, int]:
    """Each listed surname (folded, lower case, letters only) and its rank from 1."""
    try:
        raw = resources.files("glossator.core.nlp").joinpath("data", TABLE_FILE).read_bytes()
        names = gzip.decompress(raw).decode("utf-8").split()
    except (OSError, EOFError, UnicodeDecodeError):  # a broken install: every name is rare
        return {}
    return {name: i for i, name in enumerate(names, 1)}


def _key(surname: str) -> str:
    return "".join(ch for ch in fold(surname).lower() if ch.isalpha())


@lru_cache(maxsize=16384)
def surname_common(surname: str) -> float:
    """1.0 for the commonest surname, 1 - log(rank)/log(RANKS) below it, 0.0 if unlisted.

    "Smith" 1.0, "Taylor" 0.77, "Carter" 0.63, "Bush" 0.42, "Clinton" 0.25, "Merkel" 0.10,
    "Stalin" 0.0. A surname of several words ("da Vinci") is read whole.
    """
    rank = _ranks().get(_key(surname))
    if rank is None:
        return 0.0
    return max(0.0, 1.0 - math.log(rank) / math.log(RANKS))


def build(lines: list[str]) -> list[str]:
    """The table's names, commonest first, from a census list's lines ("SMITH 1.006 ...")."""
    ranked: list[tuple[int, str]] = []
    for line in lines:
        fields = line.split()
        if len(fields) == 4 and fields[3].isdigit():
            ranked.append((int(fields[3]), _key(fields[0])))
    seen: dict[str, None] = {}
    for _rank, name in sorted(ranked):
        if name:
            seen.setdefault(name, None)
    return list(seen)[:RANKS]


def _census_lines() -> list[str]:
    """``dist.all.last`` of the installed ``names`` package, read as data."""
    dist = metadata.distribution("names")
    for f in dist.files or ():
        if f.name == "dist.all.last":
            return Path(dist.locate_file(f)).read_text(encoding="ascii").splitlines()
    raise FileNotFoundError("the names package has no dist.all.last")


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--out", type=Path,
                   default=Path(__file__).resolve().parent / "data" / TABLE_FILE)
    args = p.parse_args(argv)
    try:
        names = build(_census_lines())
    except (metadata.PackageNotFoundError, FileNotFoundError) as exc:
        p.error(f"the census list is not installed ({exc}); pip install -e '.[dev]'")
    # mtime 0: the same list gives the same bytes.
    args.out.write_bytes(gzip.compress(("\n".join(names) + "\n").encode("ascii"), 9, mtime=0))
    print(f"{len(names)} surnames -> {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
