"""``glossator annotate``: analyse files and write JSON or HTML (see issue 3).

The spaCy model and the knowledge base are loaded once for all the files. Every file goes
through the engine's streaming path; ``--chunk-chars N`` feeds it pieces of about N
characters in a shuffled (``--chunk-seed``) order, so the result can be compared with the
default one (``benchmarks/stream_agreement.py``). A file that
cannot be read gets one clear line on stderr and the others go on; the exit code is 1
when any file failed. One file without ``--out`` goes to stdout; several files without
``--out`` go to stdout as JSON Lines (one document per line).
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

# Bigger than a long novel many times over; annotating more would take hours.
MAX_CHARS = 10_000_000
MAX_BYTES = 4 * MAX_CHARS


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """Add the ``annotate`` sub-command."""
    p = sub.add_parser("annotate", help="find, link and explain the names in files")
    p.add_argument("files", nargs="+", metavar="FILE")
    p.add_argument("--kb", metavar="PATH", help="use only this knowledge base file")
    p.add_argument("--format", choices=["json", "html"], default="json")
    p.add_argument("--out", metavar="DIR", help="write DIR/<name>.json (or .html) per file")
    p.add_argument("--chunk-chars", metavar="N", type=_positive,
                   help="feed the streaming engine pieces of about N characters in a shuffled "
                        "order (to compare with the whole-text result)")
    p.add_argument("--chunk-seed", metavar="S", type=int, default=0,
                   help="the seed of that shuffled order (default 0)")
    p.set_defaults(func=run)


def _positive(value: str) -> int:
    n = int(value)
    if n < 200:
        raise argparse.ArgumentTypeError("give at least 200 characters")
    return n


class InputError(Exception):
    """A file that cannot be annotated, with a message for the user."""


def run(args: argparse.Namespace) -> int:
    """Annotate every file; 0 when all succeeded, 1 otherwise."""
    from glossator.errors import GlossatorError

    paths = [Path(f) for f in args.files]
    out_dir = Path(args.out) if args.out else None
    if out_dir is not None:
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise GlossatorError(f"Cannot create the folder {out_dir}: {exc.strerror}") from exc
    # Check every file before the (slow) model load, so a typo fails at once.
    loaded = []
    failed = 0
    for p in paths:
        try:
            loaded.append((p, load_input(p)))
        except InputError as exc:
            print(f"glossator: {exc}", file=sys.stderr)
            failed += 1
    if not loaded:
        return 1
    from glossator.core.lifetime import long_lived

    with long_lived():  # the KB, the model and the name index live to the end
        kb = open_kb(args.kb)
        from glossator import paths as folders
        from glossator.core.cache_folder import set_cache_folder
        from glossator.core.nlp.engine import Engine

        set_cache_folder(folders.cache_dir(create=False))  # derived tables, kept between runs
        engine = Engine(kb)
    used: set[str] = set()
    for p, (text, doc) in loaded:
        # One streaming path either way; --chunk-chars only chooses the pieces and order.
        chunked = getattr(args, "chunk_chars", None)
        how = {"chunk_chars": chunked,
               "order_seed": getattr(args, "chunk_seed", 0) if chunked else None}
        ann = engine.annotate(text, **how) if doc is None else \
            engine.annotate_document(doc, **how)
        if args.format == "json":
            data = ann.to_json()
            del ann  # a book's mentions: keep one copy of them, the JSON's
            indent = None if out_dir is None and len(loaded) > 1 else 1

            def write(fh, data=data, indent=indent) -> None:
                # Streamed to the file: a book's JSON is never one string in memory.
                json.dump(data, fh, ensure_ascii=False, indent=indent)
                fh.write("\n")
            ext = ".json"
        else:
            from glossator.core.export.html import annotation_html

            body = annotation_html(ann, title=(doc.title if doc is not None else "") or p.name,
                                   article=kb.article if kb is not None else None)

            def write(fh, body=body) -> None:
                fh.write(body + "\n")
            ext = ".html"
        if out_dir is None:
            write(sys.stdout)
            sys.stdout.flush()
            continue
        name = p.stem or "document"
        target = name
        n = 2
        while target in used:  # two files with the same name from different folders
            target = f"{name}-{n}"
            n += 1
        used.add(target)
        dest = out_dir / (target + ext)
        try:
            with open(dest, "w", encoding="utf-8") as fh:
                write(fh)
        except OSError as exc:
            print(f"glossator: cannot write {dest}: {exc.strerror}", file=sys.stderr)
            failed += 1
            continue
        print(f"{p} -> {dest}", file=sys.stderr)
    return 1 if failed else 0


def open_kb(path: str | None):
    """The ``--kb`` file alone, or the user and starter knowledge bases (None if neither)."""
    from glossator import paths
    from glossator.core.kb import KnowledgeBase
    from glossator.core.kb.store import KBError

    if path:
        return KnowledgeBase.single(path)
    try:
        return KnowledgeBase.open(paths.user_kb_path(create=False), paths.starter_kb_path(),
                                  readonly=True)
    except KBError as exc:
        # Your own knowledge base cannot be read: say why, and use the starter alone.
        print(f"glossator: {exc}", file=sys.stderr)
    try:
        kb = KnowledgeBase.open(None, paths.starter_kb_path(), readonly=True)
    except KBError as exc:
        print(f"glossator: {exc}", file=sys.stderr)
        kb = None
    if kb is None or not kb.layers:
        print("glossator: no knowledge base found; names will be found but not linked "
              "(build one with `glossator kb build-starter`).", file=sys.stderr)
        return None
    return kb


def load_input(p: Path):
    """(text, None) for a plain text file, (document text, Document) for other formats."""
    try:
        size = p.stat().st_size
    except FileNotFoundError as exc:
        raise InputError(f"No such file: {p}") from exc
    except OSError as exc:
        raise InputError(f"{p} cannot be opened ({exc.strerror}).") from exc
    if p.is_dir():
        raise InputError(f"{p} is a folder, not a file.")
    if size == 0:
        raise InputError(f"{p} is empty (0 bytes).")
    if size > MAX_BYTES:
        raise InputError(f"{p} is too large to annotate ({size / 2**20:.0f} MB; the limit is "
                         f"{MAX_BYTES // 2**20} MB). Split it into smaller parts.")
    try:
        from glossator.core.documents import DocumentError, load_path
    except ImportError:  # the documents package may be absent in a partial build
        load_path = None
        DocumentError = OSError
    if p.suffix.lower() == ".txt" or load_path is None:
        text = _read_text(p) if load_path is not None else _read_utf8(p)
        if text is not None:
            _check_text(p, text)
            return text, None
    try:
        doc = load_path(p)
    except DocumentError as exc:
        raise InputError(str(exc)) from exc
    except MemoryError as exc:
        raise InputError(f"{p} is too large to open.") from exc
    _check_text(p, doc.text)
    return doc.text, doc


def _read_text(p: Path) -> str | None:
    """A .txt file's exact content, decoded as the documents module decodes text.

    The content decides, not a NUL byte here or there: UTF-16/32 without a BOM is text,
    an ASCII file padded with NULs is text (they become spaces, with a warning), and only
    what the sniffer calls binary (or an image, a program...) is refused. None when the
    file is really a PDF, EPUB or Word file: ``load_path`` opens those.
    """
    from glossator.core.documents import sniff as sn
    from glossator.core.documents.model import DocumentError
    from glossator.core.documents.text import decode_stream

    try:
        with open(p, "rb") as fh:
            try:
                fmt = sn.sniff(fh.read(sn.HEAD_BYTES), p.name)
            except sn.NotADocument as exc:
                what = str(exc)
                raise InputError(f"{p} looks like a binary file, not text." if what ==
                                 "binary data" else f"{p} is {what}, not text.") from exc
            if fmt in ("pdf", "zip", "ole"):
                return None
            fh.seek(0)
            text, warnings = decode_stream(fh, p.stat().st_size, p.name)
    except OSError as exc:
        raise InputError(f"{p} cannot be read ({exc.strerror}).") from exc
    except DocumentError as exc:
        raise InputError(str(exc)) from exc
    except (UnicodeDecodeError, LookupError) as exc:
        raise InputError(f"{p}: it is not readable text ({type(exc).__name__}).") from exc
    for warning in warnings:
        print(f"glossator: {warning}", file=sys.stderr)
    return text


def _read_utf8(p: Path) -> str:
    """UTF-8 (a BOM is dropped), else a clear error."""
    try:
        data = p.read_bytes()
    except OSError as exc:
        raise InputError(f"{p} cannot be read ({exc.strerror}).") from exc
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise InputError(f"{p} looks like a binary file, not text.")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"{p} is not UTF-8 text (undecodable byte at position "
                         f"{exc.start}). Save it as UTF-8 and try again.") from exc


def _check_text(p: Path, text: str) -> None:
    if not text.strip():
        raise InputError(f"{p} has no readable text (only blank space).")
    if len(text) > MAX_CHARS:
        raise InputError(f"{p} is too long to annotate ({len(text):,} characters; the limit "
                         f"is {MAX_CHARS:,}). Split it into smaller parts.")
    bad = sum(1 for c in text[:20000] if c == "\ufffd" or (ord(c) < 32 and c not in "\t\n\r\f"))
    if bad > max(20, len(text[:20000]) // 10):
        raise InputError(f"{p} does not look like text (too many unreadable characters).")
