"""``glossator annotate``: analyse files and write JSON or HTML (see issue 3)."""

from __future__ import annotations

import argparse


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``annotate`` sub-command."""
    p = sub.add_parser("annotate", help="find, link and explain the names in files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kb", metavar="PATH", help="use only this knowledge base file")
    p.add_argument("--format", choices=["json", "html"], default="json")
    p.add_argument("--out", metavar="DIR", help="write DIR/<name>.json (or .html) per file")
    p.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    """Not built yet: the reading engine lands with issue 3."""
    from glossator.errors import GlossatorError

    raise GlossatorError("annotate is not available in this build yet.")
