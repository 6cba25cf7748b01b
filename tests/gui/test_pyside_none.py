"""Guard against PySide6 6.12's lost references to None on Python 3.11 (see glossator.gui).

Without the version pin this test aborts the child Python with "deallocating None".
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

from tests.conftest import REPO


def test_many_void_qt_calls_do_not_abort_python():
    code = textwrap.dedent(
        """
        import os, sys
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
        import glossator.gui
        from PySide6.QtWidgets import QApplication, QLabel
        app = QApplication([])
        label = QLabel()
        for _ in range(200_000):
            label.setText("x")  # a void method: returns None
        print("survived")
        """
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         cwd=REPO, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "survived" in out.stdout
