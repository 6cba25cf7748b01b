"""The PySide6 desktop reader: a thin layer over glossator.core.

PySide6 6.12.0 must not be used on Python 3.11: its bindings return ``None``
from void C++ methods without a new reference (correct only where ``None`` is
immortal, Python 3.12+), so a few thousand ``setText()`` calls abort CPython
with "deallocating None". pyproject.toml pins PySide6-Essentials below 6.12,
and tests/gui/test_pyside_none.py guards against the defect coming back.
"""
