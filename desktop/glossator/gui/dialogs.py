"""Small dialogs: readable errors, the About box, and the settings."""

from __future__ import annotations

import importlib.metadata
import platform
import sys
import traceback

from PySide6 import __version__ as pyside_version
from PySide6.QtCore import Qt, qVersion
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFontComboBox,
    QFormLayout,
    QMessageBox,
    QSpinBox,
    QWidget,
)

from glossator import __version__, paths
from glossator.gui.settings import (
    DENSITIES,
    DENSITY_LABELS,
    MAX_FONT_SIZE,
    MIN_FONT_SIZE,
    THEMES,
    Settings,
)


def error_text(exc: BaseException | str) -> str:
    """What to tell the user about an error: their message, or a short description of a bug."""
    if isinstance(exc, str):
        return exc
    from glossator.errors import user_message

    message = user_message(exc)
    if message:
        return message
    return (f"Something went wrong inside Glossator ({type(exc).__name__}: {exc}). "
            "Your documents and knowledge base are unchanged.")


def show_error(parent: QWidget | None, title: str, exc: BaseException | str) -> QMessageBox:
    """A window-modal error box that does not block the event loop."""
    if isinstance(exc, BaseException) and error_text(exc).startswith("Something went wrong"):
        traceback.print_exception(exc, file=sys.stderr)
    box = QMessageBox(QMessageBox.Icon.Warning, title, error_text(exc),
                      QMessageBox.StandardButton.Ok, parent)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.setAccessibleName(title)
    box.open()
    return box


def versions(model: str = "") -> dict[str, str]:
    """Versions of Glossator and what it is built on."""
    out = {
        "Glossator": __version__,
        "Python": platform.python_version(),
        "Qt": qVersion(),
        "PySide6": pyside_version,
    }
    # From the package's metadata: importing spaCy takes seconds and is the worker
    # thread's to do (two threads importing it at once could each see it half-made).
    try:
        out["spaCy"] = importlib.metadata.version("spacy")
    except importlib.metadata.PackageNotFoundError:  # a bundle without the metadata
        spacy = sys.modules.get("spacy")
        if spacy is not None:
            out["spaCy"] = str(getattr(spacy, "__version__", ""))
    if model:
        out["Language model"] = model
    return out


def about_html(model: str = "") -> str:
    """The About box's text."""
    rows = "".join(f"<tr><td>{k}</td><td>&nbsp;{v}</td></tr>" for k, v in versions(model).items())
    return (
        f"<h3>Glossator {__version__}</h3>"
        "<p>A reading assistant that explains every name and unclear reference from an "
        "offline cache of Wikipedia summaries.</p>"
        f"<table>{rows}</table>"
        "<p>Glossator is free software under the GNU General Public License, version 3 or "
        "later. Qt and PySide6 are used under the LGPL v3; spaCy and its English model "
        "under the MIT licence.</p>"
        "<p>Summaries are text from Wikipedia, by Wikipedia's contributors, under "
        "CC BY-SA 4.0; each one is shown with its source. The table of what common nouns "
        "name is derived from WordNet 3.0, copyright 2006 by Princeton University, under "
        "the WordNet licence; the list of the world's towns from GeoNames "
        "(geonames.org), under CC BY 4.0 (see ATTRIBUTION.md).</p>"
        f"<p><small>Settings: {paths.config_dir(create=False)}<br>"
        f"Your knowledge base: {paths.user_kb_path(create=False)}</small></p>"
    )


def show_about(parent: QWidget | None, model: str = "") -> QMessageBox:
    """The About box (non-blocking)."""
    box = QMessageBox(parent)
    box.setWindowTitle("About Glossator")
    box.setTextFormat(Qt.TextFormat.RichText)
    box.setText(about_html(model))
    box.setStandardButtons(QMessageBox.StandardButton.Ok)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


THEME_LABELS = {"system": "Follow the system", "light": "Light", "dark": "Dark",
                "sepia": "Sepia"}


class SettingsDialog(QDialog):
    """Theme, reading font, underline density, internet look-ups."""

    def __init__(self, settings: Settings, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Settings")
        self.settings = settings
        form = QFormLayout(self)
        self.theme = QComboBox()
        for key in THEMES:
            self.theme.addItem(THEME_LABELS[key], key)
        self.theme.setCurrentIndex(THEMES.index(settings.theme))
        self.theme.setAccessibleName("Theme")
        self.font = QFontComboBox()
        self.font.setAccessibleName("Reading font")
        # Show the family really used (the serif default unless the reader chose one).
        from PySide6.QtGui import QFontInfo

        from glossator.gui.reader import reading_font

        self._shown_family = QFontInfo(
            reading_font(settings.font_size, settings.font_family)).family()
        self.font.setCurrentFont(QFont(self._shown_family))
        self.size = QSpinBox()
        self.size.setRange(MIN_FONT_SIZE, MAX_FONT_SIZE)
        self.size.setValue(settings.font_size)
        self.size.setSuffix(" pt")
        self.size.setAccessibleName("Font size")
        self.density = QComboBox()
        for key in DENSITIES:
            self.density.addItem(DENSITY_LABELS[key], key)
        self.density.setCurrentIndex(DENSITIES.index(settings.density))
        self.density.setAccessibleName("Underline")
        self.online = QCheckBox("Allow internet look-ups (Wikipedia)")
        self.online.setChecked(settings.online)
        self.online.setAccessibleName("Allow internet look-ups")
        form.addRow("Theme:", self.theme)
        form.addRow("Reading font:", self.font)
        form.addRow("Font size:", self.size)
        form.addRow("Underline:", self.density)
        form.addRow("", self.online)
        # The same setting as View ▸ Spoiler-safe reading (``reading/spoiler_safe``).
        self.spoiler_safe = QCheckBox("Spoiler-safe reading")
        self.spoiler_safe.setChecked(settings.spoiler_safe)
        self.spoiler_safe.setAccessibleName("Spoiler-safe reading")
        self.spoiler_safe.setToolTip("Who's who, cards and the panel show only what the text "
                                     "has said up to how far you have read")
        form.addRow("", self.spoiler_safe)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        form.addRow(buttons)

    def accept(self) -> None:
        s = self.settings
        s.theme = self.theme.currentData()
        family = self.font.currentFont().family()
        if family != self._shown_family:  # keep "the default" unless the reader changed it
            s.font_family = family
        s.font_size = self.size.value()
        s.density = self.density.currentData()
        s.online = self.online.isChecked()
        if s.spoiler_safe != self.spoiler_safe.isChecked():
            s.spoiler_safe = self.spoiler_safe.isChecked()
        s.sync()
        super().accept()
