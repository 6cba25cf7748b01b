"""Give the C heap's free memory back to the system once a text's pieces are parsed.

spaCy's parse of a 20,000-character piece takes about 75 MB of short-lived arrays. glibc's
allocator keeps much of what they freed, scattered through the heap, and the analysis
after the parse stacked on top of it: over the 100,000-word benchmark book the parse
ended at 322 MB or at 392 MB, depending on where the last pieces' arrays lay, and the
analysis added 35 MB (one run peaked at 429 MB, another at 391). ``malloc_trim`` returns
the free pages: after the same book the process holds 241 MB and the analysis peaks at
303 MB, run after run; the parse's own peak (391 MB, two pieces a batch) is the book's.
Once per ``feed``: trimmed after each piece, the next parse faulted the pages in again
(3% of the engine's time, a review's).

Elsewhere (Windows, macOS, musl) there is no such call and nothing is done.
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Callable
from functools import cache


@cache
def _trim() -> Callable[[int], int] | None:
    if not sys.platform.startswith("linux"):
        return None
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the process's own C library
    except (OSError, AttributeError):
        return None  # not glibc
    trim.argtypes = [ctypes.c_size_t]
    trim.restype = ctypes.c_int
    return trim


def release_free_memory() -> bool:
    """Return the heap's free pages to the system; whether anything could be done."""
    trim = _trim()
    if trim is None:
        return False
    trim(0)
    return True
