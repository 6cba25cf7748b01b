"""The first-run welcome and Help ▸ Underlines legend.

The legend is drawn the way the reader draws underlines (the same character
formats, line styles and the current theme's colours, from ``underlines``), so
it is never a picture that could disagree with the text. The welcome says what
the underlines mean, how to open a file, and where the explanations come from.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QShowEvent,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFrameFormat,
    QTextLength,
    QTextTableFormat,
)
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QLabel,
    QTextEdit,
    QVBoxLayout,
    QWidget,
)

from glossator.gui.reader import reading_font
from glossator.gui.settings import DENSITIES, DENSITY_LABELS
from glossator.gui.themes import Theme
from glossator.gui.underlines import LegendRow, legend_rows

LEGEND_WIDTH = 600


class LegendView(QTextEdit):
    """The underline legend: sample words underlined as in the text, and what each means."""

    def __init__(self, theme: Theme, font_size: int = 13, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("legend")
        self.setReadOnly(True)
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByKeyboard
                                     | Qt.TextInteractionFlag.TextSelectableByMouse)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setTabChangesFocus(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setAccessibleName("Underlines legend")
        self.rows = legend_rows(theme)
        self.setAccessibleDescription("; ".join(f"{r.sample}: {r.meaning}" for r in self.rows))
        self.setStyleSheet(f"QTextEdit#legend {{ background: {theme.background}; "
                           f"color: {theme.text}; border: 1px solid {theme.border}; "
                           "border-radius: 6px; }")
        self._build(theme, font_size)

    def _build(self, theme: Theme, font_size: int) -> None:
        doc = QTextDocument(self)
        doc.setDocumentMargin(10)
        doc.setDefaultFont(reading_font(font_size))
        cursor = QTextCursor(doc)
        table_format = QTextTableFormat()
        table_format.setBorder(0)
        table_format.setBorderStyle(QTextFrameFormat.BorderStyle.BorderStyle_None)
        table_format.setCellPadding(4)
        table_format.setCellSpacing(0)
        table_format.setColumnWidthConstraints([QTextLength(QTextLength.Type.PercentageLength, 36),
                                                QTextLength(QTextLength.Type.PercentageLength, 64)])
        table = self.table = cursor.insertTable(len(self.rows), 2, table_format)
        meaning_format = QTextCharFormat()
        meaning_format.setForeground(QColor(theme.text))
        meaning_format.setFont(self.font())
        for i, row in enumerate(self.rows):
            cell = table.cellAt(i, 0).firstCursorPosition()
            cell.insertText(row.sample, sample_format(row, theme))
            table.cellAt(i, 1).firstCursorPosition().insertText(row.meaning, meaning_format)
        self.setDocument(doc)
        # A fixed size, as tall as the legend: no scroll bar, nothing cut off.
        self.setLineWrapMode(QTextEdit.LineWrapMode.FixedPixelWidth)
        self.setLineWrapColumnOrWidth(LEGEND_WIDTH - 8)
        doc.setTextWidth(LEGEND_WIDTH - 8)
        self.setFixedSize(LEGEND_WIDTH, int(doc.size().height()) + 8)

    def sample_format_at(self, row: int) -> QTextCharFormat:
        """The character format of row ``row``'s sample word, as Qt holds it (tests)."""
        cursor = self.table.cellAt(row, 0).firstCursorPosition()
        cursor.movePosition(QTextCursor.MoveOperation.NextCharacter)
        return cursor.charFormat()


def sample_format(row: LegendRow, theme: Theme) -> QTextCharFormat:
    """A sample word's format: the reader's underline, in the theme's colours."""
    line, colour = row.style
    fmt = QTextCharFormat()
    fmt.setForeground(QColor(theme.text))
    fmt.setUnderlineStyle(line)
    fmt.setUnderlineColor(QColor(colour))
    return fmt


def _section(text: str) -> QLabel:
    label = QLabel(text)
    label.setObjectName("sectionLabel")
    font = label.font()
    font.setWeight(QFont.Weight.DemiBold)
    label.setFont(font)
    return label


def _para(html: str) -> QLabel:
    label = QLabel(html)
    label.setWordWrap(True)
    label.setTextFormat(Qt.TextFormat.RichText)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return label


def densities_text() -> str:
    """The underline densities, as the View menu names them."""
    labels = [DENSITY_LABELS[d] for d in DENSITIES]
    return "; ".join([labels[0], *(t[:1].lower() + t[1:] for t in labels[1:])])


class _FittedDialog(QDialog):
    """A dialog as tall as its wrapped paragraphs need at its width.

    Qt sizes a top-level window from its layout's minimum, which ignores how tall
    word-wrapped labels get at the actual width; the paragraphs then overlap.
    """

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        lay = self.layout()
        if lay is not None:
            height = lay.totalHeightForWidth(self.width())
            if height > self.height():
                self.setMinimumHeight(height)
                self.resize(self.width(), height)


class WelcomeDialog(_FittedDialog):
    """Shown at the first start, and from Help ▸ Welcome."""

    def __init__(self, theme: Theme, keys: dict[str, str], parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("welcomeDialog")
        self.setWindowTitle("Welcome to Glossator")
        self.setAccessibleName("Welcome to Glossator")
        k = {"open": "Ctrl+O", "paste": "Ctrl+Shift+V", "kb": "Ctrl+K", "shortcuts": "",
             **keys}
        self.setMinimumWidth(LEGEND_WIDTH + 40)
        lay = QVBoxLayout(self)
        lay.setSpacing(8)
        title = QLabel("Welcome to Glossator")
        font = title.font()
        font.setPointSizeF(font.pointSizeF() * 1.5)
        font.setWeight(QFont.Weight.DemiBold)
        title.setFont(font)
        lay.addWidget(title)
        lay.addWidget(_para(
            "Glossator underlines the people, places and organisations in what you read, "
            "and the words that point to them. Rest the pointer on an underline to see who "
            "or what it is; click it (or press Enter) for the whole explanation."))
        lay.addWidget(_section("What the underlines mean"))
        self.legend = LegendView(theme)
        lay.addWidget(self.legend)
        lay.addWidget(_para(
            "View \u25b8 Underline (or the toolbar) chooses how many: "
            f"{densities_text()}."))
        lay.addWidget(_section("Opening a file"))
        lay.addWidget(_para(
            f"File \u25b8 Open (<b>{k['open']}</b>), or drag a file onto the window: text, "
            "Markdown, HTML, PDF, EPUB or Word (.docx). "
            f"<b>{k['paste']}</b> reads the text you copied. Each document opens again "
            "where you stopped reading."))
        lay.addWidget(_section("Where the explanations come from"))
        lay.addWidget(_para(
            "From a knowledge base on your computer: the <b>starter pack</b> of about ten "
            "thousand Wikipedia summaries comes with Glossator and works offline. "
            f"Knowledge \u25b8 Knowledge base (<b>{k['kb']}</b>) <b>imports</b> more: a file "
            "of summaries, or a Kiwix <b>ZIM</b> file (a whole offline Wikipedia). "
            "With <b>Online</b> on (the toolbar, or Knowledge \u25b8 Allow internet "
            "look-ups; off until you turn it on) it fetches what is missing from "
            "Wikipedia."))
        shortcuts = f" ({k['shortcuts']})" if k["shortcuts"] else ""
        lay.addWidget(_para(
            "Help \u25b8 Welcome shows this again; Help \u25b8 Keyboard shortcuts"
            f"{shortcuts} lists every key. F6 moves between the text and the panels."))
        buttons = QDialogButtonBox()
        self.start_button = buttons.addButton("Start reading",
                                              QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.start_button.setAccessibleName("Start reading")
        buttons.accepted.connect(self.accept)
        lay.addWidget(buttons)
        self.start_button.setFocus(Qt.FocusReason.OtherFocusReason)


class LegendDialog(_FittedDialog):
    """Help ▸ Underlines legend."""

    def __init__(self, theme: Theme, font_size: int = 13, parent: QWidget | None = None
                 ) -> None:
        super().__init__(parent)
        self.setObjectName("legendDialog")
        self.setWindowTitle("Underlines legend")
        self.setAccessibleName("Underlines legend")
        lay = QVBoxLayout(self)
        lay.addWidget(_para("The line says what kind of thing it is, the colour its type; "
                            "colour is never the only sign."))
        self.legend = LegendView(theme, font_size)
        lay.addWidget(self.legend)
        lay.addWidget(_para("View \u25b8 Underline (or the toolbar) chooses how many: "
                            f"{densities_text()}."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        lay.addWidget(buttons)
