"""Help ▸ Keyboard shortcuts: every key of the menus, read from the actions themselves.

Nothing here is a hand-kept list of the menus' keys: the page walks the menu bar
and lists each action that has a shortcut, under its menu. The keys the text
itself understands (Tab, N / P, Enter) are the reader's, listed from
``reader.TEXT_KEYS``.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QMenu,
    QMenuBar,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glossator.gui.reader import TEXT_KEYS

TEXT_SECTION = "In the text"


@dataclass(frozen=True, slots=True)
class Shortcut:
    """One line of the page: where, what, which keys."""

    section: str
    label: str
    keys: str


def clean_label(text: str) -> str:
    """A menu text without its mnemonic marker and trailing ellipsis."""
    text = text.replace("&&", "\0").replace("&", "").replace("\0", "&")
    return text.removesuffix("\u2026").strip()


def keys_of(action: QAction) -> str:
    """Every shortcut of an action, as the platform writes them."""
    return ", ".join(k.toString(QKeySequence.SequenceFormat.NativeText)
                     for k in action.shortcuts() if not k.isEmpty())


def _walk(menu: QMenu, section: str, out: list[Shortcut]) -> None:
    for action in menu.actions():
        if action.isSeparator():
            continue
        sub = action.menu()
        if isinstance(sub, QMenu):
            _walk(sub, f"{section} \u25b8 {clean_label(sub.title())}", out)
            continue
        keys = keys_of(action)
        if keys:
            out.append(Shortcut(section, clean_label(action.text()), keys))


def collect(menu_bar: QMenuBar) -> list[Shortcut]:
    """Every menu action with a shortcut, menu by menu, then the keys of the text."""
    out: list[Shortcut] = []
    for action in menu_bar.actions():
        menu = action.menu()
        if isinstance(menu, QMenu):
            _walk(menu, clean_label(menu.title()), out)
    out.extend(Shortcut(TEXT_SECTION, what, keys) for keys, what in TEXT_KEYS)
    return out


class ShortcutsDialog(QDialog):
    """The keyboard shortcuts, grouped by menu."""

    def __init__(self, menu_bar: QMenuBar, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("shortcutsDialog")
        self.setWindowTitle("Keyboard shortcuts")
        self.setAccessibleName("Keyboard shortcuts")
        lay = QVBoxLayout(self)
        intro = QLabel("F6 moves between the text, the panels and the toolbar; Tab then "
                       "moves between the buttons of a panel.")
        intro.setWordWrap(True)
        lay.addWidget(intro)
        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Shortcuts")
        self.tree.setColumnCount(2)
        self.tree.setHeaderLabels(["Action", "Keys"])
        self.tree.setRootIsDecorated(False)
        self.tree.setAlternatingRowColors(True)
        self.shortcuts = collect(menu_bar)
        sections: dict[str, QTreeWidgetItem] = {}
        for s in self.shortcuts:
            parent_item = sections.get(s.section)
            if parent_item is None:
                parent_item = QTreeWidgetItem(self.tree, [s.section, ""])
                font = parent_item.font(0)
                font.setBold(True)
                parent_item.setFont(0, font)
                parent_item.setFirstColumnSpanned(True)
                sections[s.section] = parent_item
            QTreeWidgetItem(parent_item, [s.label, s.keys])
        self.tree.expandAll()
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(False)
        lay.addWidget(self.tree, 1)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
        self.resize(680, 660)
        self.tree.setFocus(Qt.FocusReason.OtherFocusReason)
