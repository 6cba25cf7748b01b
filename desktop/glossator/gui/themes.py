"""Light, dark and sepia themes: colours from ``resources/themes/*.json`` applied to Qt.

"system" follows the desktop's colour scheme. Underline colours per entity type
come from the theme too, chosen to stay readable on its background; colour is
never the only signal (each kind of underline has its own line style).
"""

from __future__ import annotations

import contextlib
import json
from dataclasses import dataclass, fields

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette
from PySide6.QtWidgets import QApplication

from glossator import paths

_FALLBACK = {
    "name": "Light", "dark": False, "background": "#ffffff", "text": "#1f2328",
    "muted": "#59636e", "window": "#f3f4f6", "panel": "#f6f8fa", "border": "#d0d7de",
    "accent": "#0b57d0", "card": "#ffffff", "highlight": "#cfe2ff", "focus": "#ffe08a",
    "find": "#fff2a8", "person": "#0060a8", "place": "#00805c", "org": "#c04a00",
    "other": "#a6367f", "reference": "#59636e", "missing": "#6e5a2b",
}


@dataclass(frozen=True, slots=True)
class Theme:
    """The colours of one theme (hex strings)."""

    name: str
    dark: bool
    background: str
    text: str
    muted: str
    window: str
    panel: str
    border: str
    accent: str
    card: str
    highlight: str
    focus: str
    find: str
    person: str
    place: str
    org: str
    other: str
    reference: str
    missing: str

    def type_colour(self, group: str) -> str:
        """The underline colour for an entity group (person, place, org, other)."""
        return {"person": self.person, "place": self.place, "org": self.org}.get(
            group, self.other
        )


def load_theme(name: str) -> Theme:
    """The theme called ``name`` (light, dark, sepia; "system" resolved first)."""
    if name == "system":
        name = "dark" if system_is_dark() else "light"
    data = dict(_FALLBACK)
    path = paths.resources_dir() / "themes" / f"{name}.json"
    # A missing or broken theme file falls back on the built-in light colours.
    with contextlib.suppress(OSError, ValueError):
        data.update(json.loads(path.read_text(encoding="utf-8")))
    keys = {f.name for f in fields(Theme)}
    return Theme(**{k: v for k, v in data.items() if k in keys})


def system_is_dark() -> bool:
    """Whether the desktop asks for a dark colour scheme."""
    app = QGuiApplication.instance()
    if app is None:
        return False
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def apply_theme(app: QApplication, theme: Theme) -> None:
    """Set the application palette and the few style rules the palette cannot express."""
    pal = QPalette()
    c = QColor
    pal.setColor(QPalette.ColorRole.Window, c(theme.window))
    pal.setColor(QPalette.ColorRole.WindowText, c(theme.text))
    pal.setColor(QPalette.ColorRole.Base, c(theme.background))
    pal.setColor(QPalette.ColorRole.AlternateBase, c(theme.panel))
    pal.setColor(QPalette.ColorRole.Text, c(theme.text))
    pal.setColor(QPalette.ColorRole.Button, c(theme.panel))
    pal.setColor(QPalette.ColorRole.ButtonText, c(theme.text))
    pal.setColor(QPalette.ColorRole.ToolTipBase, c(theme.card))
    pal.setColor(QPalette.ColorRole.ToolTipText, c(theme.text))
    pal.setColor(QPalette.ColorRole.PlaceholderText, c(theme.muted))
    pal.setColor(QPalette.ColorRole.Highlight, c(theme.highlight))
    pal.setColor(QPalette.ColorRole.HighlightedText, c(theme.text))
    pal.setColor(QPalette.ColorRole.Link, c(theme.accent))
    pal.setColor(QPalette.ColorRole.LinkVisited, c(theme.accent))
    pal.setColor(QPalette.ColorRole.BrightText, c(theme.background))
    pal.setColor(QPalette.ColorRole.Mid, c(theme.border))
    pal.setColor(QPalette.ColorRole.Midlight, c(theme.border))
    pal.setColor(QPalette.ColorRole.Light, c(theme.card))
    pal.setColor(QPalette.ColorRole.Dark, c(theme.border))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText,
                 QPalette.ColorRole.ButtonText):
        pal.setColor(QPalette.ColorGroup.Disabled, role, c(theme.muted))
    app.setPalette(pal)
    app.setStyleSheet(stylesheet(theme))


def stylesheet(theme: Theme) -> str:
    """Style rules for the named widgets (the hover card, panels, the reader)."""
    t = theme
    return f"""
QTextEdit#reader {{ background: {t.background}; color: {t.text};
    border: 2px solid {t.background}; }}
QTextEdit#reader:focus {{ border: 2px solid {t.accent}; }}
QToolBar#mainToolBar {{ spacing: 2px; }}
QToolBar#mainToolBar QToolButton {{ border: 2px solid transparent; border-radius: 4px;
    padding: 2px 4px; }}
QToolBar#mainToolBar QToolButton:hover {{ background: {t.highlight}; }}
QToolBar#mainToolBar QToolButton:checked {{ background: {t.highlight};
    border-color: {t.border}; }}
QToolBar#mainToolBar QToolButton:focus {{ border: 2px solid {t.accent}; }}
QToolBar#mainToolBar QToolButton:disabled {{ color: {t.muted}; }}
QFrame#hoverCard {{ background: {t.card}; border: 1px solid {t.border}; border-radius: 6px; }}
QFrame#hoverCard QLabel {{ color: {t.text}; background: transparent; }}
QLabel#cardTitle, QLabel#panelTitle {{ font-weight: 600; }}
QLabel#cardDescription, QLabel#panelDescription {{ color: {t.muted}; font-style: italic; }}
QLabel#cardFooter, QLabel#panelMeta {{ color: {t.muted}; }}
QWidget#sidePanel, QWidget#whosWho {{ background: {t.panel}; }}
QScrollArea#panelScroll {{ background: {t.panel}; border: none; }}
QScrollArea#panelScroll > QWidget > QWidget {{ background: {t.panel}; }}
QLabel#sectionLabel {{ color: {t.muted}; font-weight: 600; margin-top: 6px; }}
QFrame#findBar {{ background: {t.panel}; border-top: 1px solid {t.border}; }}
QTreeWidget, QListWidget {{ background: {t.background}; color: {t.text};
    border: 1px solid {t.border}; }}
QTreeWidget:focus, QListWidget:focus {{ border: 1px solid {t.accent}; }}
QPushButton {{ background: {t.card}; color: {t.text}; border: 1px solid {t.border};
    border-radius: 4px; padding: 4px 10px; }}
QPushButton:hover {{ background: {t.highlight}; }}
QPushButton:pressed, QPushButton:checked {{ background: {t.highlight}; border-color: {t.accent}; }}
QPushButton:disabled {{ color: {t.muted}; background: {t.panel}; }}
QPushButton:focus {{ border: 2px solid {t.accent}; padding: 3px 9px; }}
QLabel:focus {{ background: {t.highlight}; border-radius: 3px; }}
QLineEdit:focus, QComboBox:focus, QSpinBox:focus {{ border: 2px solid {t.accent}; }}
QToolTip {{ background: {t.card}; color: {t.text}; border: 1px solid {t.border}; }}
"""
