"""The Contents pane: the document's table of contents as a tree, as in an e-reader.

The entries are ``Document.sections`` (the EPUB nav or NCX, the PDF outline, else the
headings). Clicking an entry, or Enter on it, asks the window to jump there (the jump goes
through the window's navigation, so Back returns). As the reader scrolls, the entry of the
chapter on screen is highlighted and named in the status bar.
"""

from __future__ import annotations

from bisect import bisect_right
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QDockWidget,
    QLabel,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glossator.core.documents.model import Document, Section

if TYPE_CHECKING:
    from glossator.gui.reader import ReaderView

OFFSET_ROLE = Qt.ItemDataRole.UserRole
FOLLOW_MS = 120  # the current chapter is looked up this long after scrolling pauses
NO_CONTENTS = "This document has no table of contents and no headings."
CHAPTER_CHARS = 60  # of the current chapter's title in the status bar


class ContentsPane(QWidget):
    """A tree of the document's sections; the current one is selected and bold."""

    jumpRequested = Signal(int)  # a document offset
    currentChanged = Signal(str)  # the current chapter's title ("" before the first)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(1)
        self.tree.setUniformRowHeights(True)
        self.tree.setAccessibleName("Table of contents")
        self.tree.setAccessibleDescription("Enter or a click goes to the chapter; "
                                           "Alt+Left comes back")
        self.empty = QLabel(NO_CONTENTS)
        self.empty.setWordWrap(True)
        self.empty.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.empty.setContentsMargins(8, 8, 8, 8)
        lay = QVBoxLayout(self)
        lay.setContentsMargins(0, 0, 0, 0)
        lay.addWidget(self.tree, 1)
        lay.addWidget(self.empty, 1)
        self.empty.hide()
        self.sections: list[Section] = []
        self.starts: list[int] = []
        self.items: list[QTreeWidgetItem] = []
        self.current = -1
        self.tree.itemClicked.connect(self._activated)
        self.tree.itemActivated.connect(self._activated)

    def set_document(self, doc: Document | None) -> None:
        """Show ``doc``'s table of contents (nested by level), nothing selected yet."""
        self.tree.clear()
        self.items = []
        self.current = -1
        self.sections = list(doc.sections) if doc is not None else []
        self.starts = [s.start for s in self.sections]
        parents: list[tuple[int, QTreeWidgetItem]] = []  # (level, item) of the open branches
        for section in self.sections:
            while parents and parents[-1][0] >= section.level:
                parents.pop()
            item = QTreeWidgetItem([section.title])
            item.setData(0, OFFSET_ROLE, section.start)
            item.setToolTip(0, section.title)
            if parents:
                parents[-1][1].addChild(item)
            else:
                self.tree.addTopLevelItem(item)
            parents.append((section.level, item))
            self.items.append(item)
        self.tree.expandToDepth(0)
        self.tree.setVisible(bool(self.items))
        self.empty.setVisible(doc is not None and not self.items)
        self.currentChanged.emit("")

    def set_position(self, offset: int) -> None:
        """The reader's view starts at ``offset``: highlight the chapter holding it."""
        index = bisect_right(self.starts, offset) - 1  # as model.section_at
        if index == self.current:
            return
        if 0 <= self.current < len(self.items):
            self._bold(self.items[self.current], False)
        self.current = index
        if index < 0:
            self.tree.clearSelection()
            self.currentChanged.emit("")
            return
        item = self.items[index]
        self._bold(item, True)
        self.tree.setCurrentItem(item)
        self.tree.scrollToItem(item)
        self.currentChanged.emit(self.sections[index].title)

    def current_title(self) -> str:
        """The title of the chapter the reader is in ("" before the first)."""
        return self.sections[self.current].title if self.current >= 0 else ""

    def _bold(self, item: QTreeWidgetItem, bold: bool) -> None:
        font = QFont(item.font(0))
        font.setBold(bold)
        item.setFont(0, font)

    def _activated(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        offset = item.data(0, OFFSET_ROLE)
        if isinstance(offset, int):
            self.jumpRequested.emit(offset)


class ContentsDock(QDockWidget):
    """The Contents pane in a dock, with the status bar's "current chapter" label.

    The current chapter is the one holding the top of the reader's view; at the end of the
    text (which cannot scroll further) the last one starting on screen, so that a short
    last chapter is reached; after a jump, the target's chapter while it is on screen.
    """

    def __init__(self, reader: ReaderView, parent: QWidget | None = None) -> None:
        super().__init__("Contents", parent)
        self.setObjectName("contentsDock")
        self.reader = reader
        self.pane = ContentsPane()
        self.setWidget(self.pane)
        self.setMinimumWidth(240)
        self.chapter_label = QLabel("")
        self.chapter_label.setAccessibleName("Current chapter")
        self.chapter_label.setContentsMargins(0, 0, 12, 0)
        self.chapter_label.hide()
        self.pane.currentChanged.connect(self._show_chapter)
        self._doc: Document | None = None
        self._pinned: int | None = None  # a jump's target, the current one while on screen
        self._timer = QTimer(self, singleShot=True, interval=FOLLOW_MS)
        self._timer.timeout.connect(self.follow_now)

    def set_document(self, doc: Document | None) -> None:
        """A new document (shown in the reader)."""
        self._doc = doc
        self._pinned = None
        self.pane.set_document(doc)
        self.follow_now()

    def follow(self) -> None:
        """The reader scrolled: find the current chapter once scrolling pauses."""
        if self._doc is not None:
            self._timer.start()

    def jumped_to(self, offset: int) -> None:
        """The reader jumped to ``offset`` (a Contents entry)."""
        self._pinned = offset
        self.follow_now()

    def reading_offset(self) -> int:
        """The offset whose chapter is the current one."""
        top = self.reader.first_visible_offset()
        bar = self.reader.verticalScrollBar()
        at_end = bar.maximum() > 0 and bar.value() >= bar.maximum()
        if self._pinned is not None and top <= self._pinned <= self.reader.last_visible_offset():
            return self._pinned
        self._pinned = None
        if at_end:
            bottom = self.reader.last_visible_offset()
            starts = self.pane.starts
            i = bisect_right(starts, bottom) - 1
            return starts[i] if i >= 0 and starts[i] > top else top
        return top

    def follow_now(self) -> None:
        """Highlight the chapter on screen now."""
        self._timer.stop()
        if self._doc is not None:
            self.pane.set_position(self.reading_offset())

    def _show_chapter(self, title: str) -> None:
        short = title if len(title) <= CHAPTER_CHARS else title[:CHAPTER_CHARS - 1] + "\u2026"
        self.chapter_label.setText(short)
        self.chapter_label.setToolTip(f"Chapter: {title}" if title else "")
        self.chapter_label.setVisible(bool(title))
