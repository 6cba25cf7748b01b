"""The ``glossator`` command: the app, ``annotate``, ``kb ...`` and ``--self-test``.

A thin dispatcher: each sub-command lives in ``glossator.commands`` and calls the
core library. Errors the user can act on are printed as one clear line with a
non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import multiprocessing
import sys
from collections.abc import Sequence

from glossator import __version__, paths
from glossator.commands import annotate as annotate_cmd
from glossator.commands import kb as kb_cmd

EXIT_USAGE = 2


class UserError(Exception):
    """A problem the user can fix; printed without a traceback."""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every sub-command registered."""
    parser = argparse.ArgumentParser(
        prog="glossator",
        description="Glossator explains every name and unclear reference in what you read.",
    )
    parser.add_argument("--version", action="version", version=f"glossator {__version__}")
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep the user knowledge base and settings in DIR")
    parser.add_argument("--self-test", action="store_true",
                        help="start offscreen, annotate a paragraph, print a JSON report")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")
    annotate_cmd.register(sub)
    kb_cmd.register(sub)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``glossator`` console script."""
    # Large imports derive names in worker processes; frozen builds must let them start.
    multiprocessing.freeze_support()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `glossator FILE` opens the app on FILE: route bare paths around the sub-parsers.
    known = {"annotate", "kb"}
    files: list[str] = []
    if args_list and not args_list[0].startswith("-") and args_list[0] not in known:
        files, args_list = args_list, []
    args = parser.parse_args(args_list)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    try:
        if args.self_test:
            from glossator.selftest import run_self_test

            return run_self_test()
        if args.command is None:
            return _run_app(files)
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        print("Interrupted.", file=sys.stderr)
        return 130
    except Exception as exc:
        from glossator.errors import user_message

        message = user_message(exc)
        if message is None:
            raise
        print(f"glossator: {message}", file=sys.stderr)
        return 1


def _run_app(files: list[str]) -> int:
    try:
        from glossator.gui.app import main as gui_main
    except ImportError as exc:
        print(f"glossator: the desktop app is not available ({exc}).", file=sys.stderr)
        return 1
    return gui_main(files)


if __name__ == "__main__":
    sys.exit(main())
