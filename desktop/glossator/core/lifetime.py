"""What lives as long as the process: built with the collector mostly at rest, then frozen.

A start (spaCy's import, the model, the KB and its name index) leaves about 107,000
objects the cyclic collector tracks, all of which live to the end. Run after every 700
new objects, the collector passed over them again and again: a tenth of a second of an
article's whole ``glossator annotate`` (0.10-0.12 s of collections, two of them full),
and every later full collection, while a book is read, walked them once more. Start-up
makes next to no cyclic garbage (a full collection right after it frees 20-70 objects;
doing one, or a young one, before freezing costs 0.03-0.06 s), so the collector runs
seldom while it lasts, and what it built is then frozen out of every later collection.

One start at a time: the threshold is the process's, and two overlapping blocks on two
threads would restore each other's (the CLI and the app's worker each start once).
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
    """Run the block's start-up with few collections, then freeze what exists.

    A process that switched the collector off (a threshold of 0) keeps it off.
    """
    old = gc.get_threshold()
    if old[0]:
        gc.set_threshold(max(old[0], START_THRESHOLD), *old[1:])
    try:
        yield
    finally:
        gc.set_threshold(*old)
    gc.freeze()
