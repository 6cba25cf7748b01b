"""Find in text (Ctrl+F): a bar under the reader that highlights every match."""

from __future__ import annotations

import re

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QFrame, QHBoxLayout, QLabel, QLineEdit, QPushButton, QWidget

MAX_MATCHES = 20_000


def find_all(text: str, query: str) -> list[tuple[int, int]]:
    """Every case-insensitive match of ``query`` in ``text`` (character spans)."""
    if not query.strip():
        return []
    pattern = re.compile(re.escape(query), re.IGNORECASE)
    out: list[tuple[int, int]] = []
    for m in pattern.finditer(text):
        out.append((m.start(), m.end()))
        if len(out) >= MAX_MATCHES:
            break
    return out


class FindBar(QFrame):
    """Query field, match count, previous / next, close."""

    changed = Signal(list, int)  # spans, index of the current one
    closed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("findBar")
        self.setAccessibleName("Find in text")
        lay = QHBoxLayout(self)
        lay.setContentsMargins(8, 4, 8, 4)
        lay.addWidget(QLabel("Find:"))
        self.field = QLineEdit()
        self.field.setAccessibleName("Text to find")
        self.field.setClearButtonEnabled(True)
        self.field.textChanged.connect(self._search)
        self.field.returnPressed.connect(self.next)
        lay.addWidget(self.field, 1)
        self.count = QLabel("")
        self.count.setAccessibleName("Matches")
        lay.addWidget(self.count)
        for text, slot, name in (("\u2191", self.previous, "Previous match"),
                                 ("\u2193", self.next, "Next match"),
                                 ("\u2715", self.close_bar, "Close find bar")):
            b = QPushButton(text)
            b.setAccessibleName(name)
            b.setToolTip(name)
            b.setFixedWidth(32)
            b.clicked.connect(slot)
            lay.addWidget(b)
        self.text = ""
        self.spans: list[tuple[int, int]] = []
        self.current = -1
        self.hide()

    def open_bar(self, text: str) -> None:
        """Show the bar for this text, focused, with the query selected."""
        self.text = text
        self.show()
        self.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.field.selectAll()
        self._search(self.field.text())

    def close_bar(self) -> None:
        """Hide the bar and its highlights."""
        self.hide()
        self.spans, self.current = [], -1
        self.changed.emit([], -1)
        self.closed.emit()

    def _search(self, query: str) -> None:
        self.spans = find_all(self.text, query)
        self.current = 0 if self.spans else -1
        self._emit()

    def next(self) -> None:
        """Go to the next match."""
        if self.spans:
            self.current = (self.current + 1) % len(self.spans)
            self._emit()

    def previous(self) -> None:
        """Go to the previous match."""
        if self.spans:
            self.current = (self.current - 1) % len(self.spans)
            self._emit()

    def _emit(self) -> None:
        if self.spans:
            self.count.setText(f"{self.current + 1} of {len(self.spans)}")
        else:
            self.count.setText("No matches" if self.field.text().strip() else "")
        self.changed.emit(self.spans, self.current)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape:
            self.close_bar()
            return
        super().keyPressEvent(event)
