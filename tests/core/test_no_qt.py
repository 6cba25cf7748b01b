"""The core must import with PySide6 absent (the import-linter contract checks statically)."""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_core_imports_without_qt():
    code = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        sys.modules["PySide6"] = None
        sys.modules["shiboken6"] = None
        import glossator.core as core
        names = [m.name for m in pkgutil.walk_packages(core.__path__, "glossator.core.")]
        for name in names:
            importlib.import_module(name)
        leaked = [m for m in sys.modules if m.startswith(("PySide6.", "shiboken6."))]
        assert not leaked, leaked
        print(len(names))
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) >= 8  # every core module was really imported


def test_blocking_really_blocks_qt():
    # Guard against a test that cannot fail: the same blocker makes a Qt import fail.
    code = 'import sys; sys.modules["PySide6"] = None; import PySide6.QtCore'
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert out.returncode != 0
    assert "ModuleNotFoundError" in out.stderr or "ImportError" in out.stderr
