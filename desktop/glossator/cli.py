"""The ``glossator`` command: the app, ``annotate``, ``kb ...`` and ``--self-test``.

A thin dispatcher: each sub-command lives in ``glossator.commands`` and calls the
core library. Errors the user can act on are printed as one clear line with a
non-zero exit code, never as a traceback.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
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
    _data_dir_everywhere(parser)
    return parser


def _data_dir_everywhere(parser: argparse.ArgumentParser) -> None:
    """Let every sub-command take ``--data-dir`` too (``glossator kb stats --data-dir D``).

    A sub-command's copy has no default, so it never hides one given before the command.
    """
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for child in dict.fromkeys(action.choices.values()):
                if not any("--data-dir" in a.option_strings for a in child._actions):
                    child.add_argument("--data-dir", metavar="DIR", default=argparse.SUPPRESS,
                                       help="keep the user knowledge base and settings in DIR")
                _data_dir_everywhere(child)


def build_app_parser() -> argparse.ArgumentParser:
    """``glossator [options] FILE...``: the app, with the options before or after the files."""
    parser = argparse.ArgumentParser(
        prog="glossator",
        description="Open FILE in the Glossator app.",
    )
    parser.add_argument("--data-dir", metavar="DIR",
                        help="keep the user knowledge base and settings in DIR")
    parser.add_argument("--self-test", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("files", nargs="*", metavar="FILE", help="the document to open")
    return parser


def _parse_app(argv: Sequence[str]) -> argparse.Namespace:
    """Options and files in any order; after ``--`` every word is a file."""
    argv = list(argv)
    tail: list[str] = []
    if "--" in argv:
        cut = argv.index("--")
        argv, tail = argv[:cut], argv[cut + 1:]
    args = build_app_parser().parse_intermixed_args(argv)
    args.files = [*args.files, *tail]
    args.command = None
    return args


def parse_app_args(argv: Sequence[str]) -> list[str]:
    """The files of an app command line; ``--data-dir`` (before or after them) is applied."""
    args = _parse_app(argv)
    if args.data_dir:
        paths.set_data_dir(args.data_dir)
    return list(args.files)


# Top-level options followed by a value: the value is not the command or a file.
_OPTIONS_WITH_VALUE = ("--data-dir",)


def _first_positional(args: Sequence[str]) -> int | None:
    """Where the first word that is neither an option nor an option's value is."""
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "--":
            return i + 1 if i + 1 < len(args) else None
        if arg.startswith("-") and arg != "-":
            i += 2 if arg in _OPTIONS_WITH_VALUE else 1
            continue
        return i
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``glossator`` console script."""
    # Large imports derive names in worker processes; frozen builds must let them start.
    multiprocessing.freeze_support()
    args_list = list(sys.argv[1:] if argv is None else argv)
    parser = build_parser()
    # `glossator FILE` opens the app on FILE: a first word that is not a command is a
    # file, and the options may come before or after it (`--data-dir D FILE` and
    # `FILE --data-dir D` alike).
    files: list[str] = []
    first = _first_positional(args_list)
    if first is not None and args_list[first] not in _commands(parser):
        args = _parse_app(args_list)
        files = args.files
    else:
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
    except BrokenPipeError:
        # The reader of our output went away (`glossator annotate F | head`): stop
        # quietly, as a shell tool does, and keep Python from failing again on the flush
        # at exit.
        with contextlib.suppress(OSError, ValueError):
            os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141  # 128 + SIGPIPE, what a shell reports for it
    except Exception as exc:
        from glossator.errors import user_message

        message = user_message(exc)
        if message is None:
            raise
        print(f"glossator: {message}", file=sys.stderr)
        return 1


def _commands(parser: argparse.ArgumentParser) -> set[str]:
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            return set(action.choices)
    return set()


def _run_app(files: list[str]) -> int:
    try:
        from glossator.gui.app import main as gui_main
    except ImportError as exc:
        print(f"glossator: the desktop app is not available ({exc}).", file=sys.stderr)
        return 1
    return gui_main(files)


if __name__ == "__main__":
    sys.exit(main())
