"""The main window's toolbar: open, back / forward, find, text size, density, online, panels.

Every button is a menu action (the same shortcut, the same enabled state) with
a short label, an icon from the desktop's icon theme or Qt's own standard icons
when there is one (the label alone otherwise), a tooltip that names its key,
and an accessible name. Online / offline is a state you can see and click: a
filled green dot and "Online", or a hollow grey dot and "Offline".
"""

from __future__ import annotations

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QAction, QActionGroup, QColor, QIcon, QPainter, QPen, QPixmap
from PySide6.QtWidgets import QApplication, QMenu, QStyle, QToolBar, QToolButton, QWidget

from glossator.gui.settings import DENSITY_LABELS, DENSITY_SHORT

SP = QStyle.StandardPixmap


def themed_icon(names: tuple[str, ...], standard: QStyle.StandardPixmap | None = None) -> QIcon:
    """The first icon of ``names`` the icon theme has, else Qt's standard one, else none."""
    for name in names:
        icon = QIcon.fromTheme(name)
        if not icon.isNull():
            return icon
    style = QApplication.style()
    if standard is not None and style is not None:
        return style.standardIcon(standard)
    return QIcon()


def state_dot(on: bool, colour: str) -> QIcon:
    """A filled dot (on) or a hollow ring (off): the online state at a glance."""
    pix = QPixmap(32, 32)
    pix.fill(Qt.GlobalColor.transparent)
    p = QPainter(pix)
    p.setRenderHint(QPainter.RenderHint.Antialiasing)
    pen = QPen(QColor(colour))
    pen.setWidthF(3.0)
    p.setPen(pen)
    p.setBrush(QColor(colour) if on else Qt.GlobalColor.transparent)
    p.drawEllipse(QRectF(6, 6, 20, 20))
    p.end()
    return QIcon(pix)


def shortcut_text(action: QAction) -> str:
    """The action's first shortcut as the platform writes it ("" if none)."""
    keys = action.shortcuts()
    return keys[0].toString(keys[0].SequenceFormat.NativeText) if keys else ""


class ReadingToolBar(QToolBar):
    """The toolbar; ``add`` puts a window action on it with its label, icon and names."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__("Toolbar", parent)
        self.setObjectName("mainToolBar")
        self.setAccessibleName("Toolbar")
        self.setMovable(False)
        self.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.setIconSize(QSize(18, 18))
        self.density_button: QToolButton | None = None

    def add(self, action: QAction, label: str, tip: str, *, icon: QIcon | None = None,
            accessible: str = "") -> QToolButton:
        """Put ``action`` on the toolbar as a keyboard-reachable button."""
        action.setIconText(label)
        if icon is not None and not icon.isNull():
            action.setIcon(icon)
        keys = shortcut_text(action)
        action.setToolTip(f"{tip} ({keys})" if keys else tip)
        self.addAction(action)
        button = self.widgetForAction(action)
        assert isinstance(button, QToolButton)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAccessibleName(accessible or label)
        button.setAccessibleDescription(action.toolTip())
        return button

    def add_density(self, group: QActionGroup, current: str) -> QToolButton:
        """A button showing the underline density, whose menu chooses another."""
        button = QToolButton(self)
        button.setObjectName("densityButton")
        menu = QMenu(button)
        for act in group.actions():
            menu.addAction(act)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
        button.setAccessibleName("Underline density")
        icon = themed_icon(("format-text-underline",))
        if not icon.isNull():
            button.setIcon(icon)
        self.addWidget(button)
        self.density_button = button
        self.show_density(current)
        return button

    def show_density(self, density: str) -> None:
        """Say the current density on its button."""
        if self.density_button is None:
            return
        self.density_button.setText(f"Underline: {DENSITY_SHORT.get(density, density)}")
        tip = (f"Which words are underlined: {DENSITY_LABELS.get(density, density)}. "
               "Click to choose.")
        self.density_button.setToolTip(tip)
        self.density_button.setAccessibleDescription(tip)

