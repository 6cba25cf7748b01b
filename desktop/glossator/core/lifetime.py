"""What lives as long as the process: built with the collector mostly at rest, then frozen.

A start (spaCy's import, the model, the KB and its name index) makes about a million
objects that all live to the end. Python's cyclic collector, run after every 700 new
objects, passed over them again and again: a tenth of a second of an article's whole
``glossator annotate`` (0.1 of 0.85 s past the interpreter's start), and every later full
collection, while a book is read, walked them once more. Start-up makes next to no
cyclic garbage (a full collection after it found 48 objects), so the collector runs
seldom while it lasts, and what it built is then frozen out of every later collection.
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

# New objects between two young collections while starting (Python's own is 700): still
# a bound on what a start's garbage could hold, at a thirtieth of the passes.
START_THRESHOLD = 20_000


@contextmanager
def long_lived() -> Iterator[None]:
    """Run the block's start-up with few collections, then freeze what exists."""
    old = gc.get_threshold()
    gc.set_threshold(max(old[0], START_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
    gc.freeze()
