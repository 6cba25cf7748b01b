"""The PySide6 desktop reader: a thin layer over glossator.core.

Importing this package first works around a PySide6 6.12 defect on Python 3.11:
its bindings return ``None`` from every void C++ method without taking a new
reference (correct only since Python 3.12, where ``None`` is immortal). Each
such call therefore drops one reference to ``None``; after a few thousand calls
(``update()``, ``setText()``...) CPython aborts with "deallocating None". We give
``None`` the same effectively infinite reference count that Python 3.12 gives it.
"""

from __future__ import annotations

import sys

# Far beyond any number of calls a session can make, and far below the counter's limit.
_NONE_BALLAST = 1 << 48


def _immortalise_none() -> bool:
    """Make ``None`` immortal on CPython < 3.12 (a no-op elsewhere); True if applied."""
    if sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return False
    import ctypes

    # ob_refcnt is the first field of every CPython object, at the address id() gives.
    refcnt = ctypes.c_ssize_t.from_address(id(None))
    if refcnt.value < _NONE_BALLAST:
        refcnt.value += _NONE_BALLAST
    return True


NONE_IMMORTAL = _immortalise_none()
