"""The hover card, in the manner of Wikipedia's Page Previews.

Shown ~300 ms after the pointer settles on an underline: the title, the short
description and the first ~500 characters of the summary, with its source; then what the
text itself says ("In this text": titles, roles, other spellings, descriptions), which is
the card's content when the knowledge base has no article, with the sentence that first
names it. It goes away when the pointer leaves both the underline and the card.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, QRect, QSize, Qt, QTimer, Signal
from PySide6.QtGui import QEnterEvent, QFont, QGuiApplication
from PySide6.QtWidgets import QFrame, QLabel, QVBoxLayout, QWidget

from glossator.core.export.said import IN_THIS_TEXT

SHOW_DELAY_MS = 300
HIDE_DELAY_MS = 250
SUMMARY_CHARS = 500
SUMMARY_BESIDE_SAID = 360  # a shorter summary when what the text says follows it
CARD_WIDTH = 380
CARD_GAP = 6  # between the word and the card


@dataclass(frozen=True, slots=True)
class CardContent:
    """What one card says."""

    title: str
    description: str = ""
    summary: str = ""
    footer: str = ""  # source and licence, or "Not in your knowledge base"
    note: str = ""  # for references: "'she' most likely means Marie Curie"
    said: str = ""  # what the text says: "Colonel · also written Saleh · “the strongman…”"
    quote: str = ""  # "First mentioned: “…”"


def shorten(text: str, limit: int = SUMMARY_CHARS) -> str:
    """The first ``limit`` characters, cut at a sentence or word end."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[:limit]
    end = cut.rfind(". ")
    if end > limit * 0.6:
        return cut[:end + 1]
    return cut.rsplit(" ", 1)[0].rstrip(",;:") + "…"


def place_card(size: QSize, at: QPoint, avoid: QRect | None, area: QRect) -> QPoint:
    """Where a card of ``size`` goes for a word at ``avoid`` (the pointer at ``at``).

    Below the word with a small gap, or above it when there is no room below; beside it
    (right, else left) when neither fits; always inside ``area`` (the screen), and never
    over the word's rectangle when any of those places has room, whatever the scale (every
    figure here is in the same device-independent pixels). Without a word, around the
    pointer as before.
    """
    word = avoid if avoid is not None and avoid.isValid() else QRect(at.x(), at.y() - 9, 1, 18)
    w, h = size.width(), size.height()
    left_min, left_max = area.left(), max(area.left(), area.right() + 1 - w)
    top_min, top_max = area.top(), max(area.top(), area.bottom() + 1 - h)
    x = min(max(left_min, at.x() - 24), left_max)
    below = word.bottom() + 1 + CARD_GAP
    above = word.top() - CARD_GAP - h
    if below + h <= area.bottom() + 1:
        return QPoint(x, below)
    if above >= area.top():
        return QPoint(x, above)
    y = min(max(top_min, word.center().y() - h // 2), top_max)
    right = word.right() + 1 + CARD_GAP
    if right + w <= area.right() + 1:
        return QPoint(right, y)
    if word.left() - CARD_GAP - w >= area.left():
        return QPoint(word.left() - CARD_GAP - w, y)
    # A screen too small for any of these (the card has shortened its summary already):
    # the side with more room, running off the screen rather than over the word.
    room_below = area.bottom() - word.bottom()
    room_above = word.top() - area.top()
    return QPoint(x, below if room_below >= room_above else above)


class HoverCard(QFrame):
    """A frameless popup that never takes the keyboard focus."""

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.ToolTip | Qt.WindowType.FramelessWindowHint)
        self.setObjectName("hoverCard")
        self.setAttribute(Qt.WidgetAttribute.WA_ShowWithoutActivating)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.setAccessibleName("Explanation card")
        self.setFixedWidth(CARD_WIDTH)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(14, 12, 14, 12)
        layout.setSpacing(4)
        self.note = self._label("cardNote")
        self.title = self._label("cardTitle")
        font = self.title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.title.setFont(font)
        self.description = self._label("cardDescription")
        self.summary = self._label("cardSummary")
        self.said_heading = self._label("cardSaidHeading")
        self.said_heading.setText(IN_THIS_TEXT)
        self.said = self._label("cardSaid")
        self.quote = self._label("cardQuote")
        self.footer = self._label("cardFooter")
        small = self.footer.font()
        small.setPointSizeF(small.pointSizeF() * 0.85)
        self.footer.setFont(small)
        self.note.setFont(small)
        heading = QFont(small)
        heading.setBold(True)
        self.said_heading.setFont(heading)
        self.said_heading.setContentsMargins(0, 4, 0, 0)
        italic = self.quote.font()
        italic.setItalic(True)
        italic.setPointSizeF(italic.pointSizeF() * 0.92)
        self.quote.setFont(italic)
        for w in (self.note, self.title, self.description, self.summary, self.said_heading,
                  self.said, self.quote, self.footer):
            layout.addWidget(w)
        self.content: CardContent | None = None
        self._pending: tuple[CardContent, QPoint, QRect | None] | None = None
        self._show_timer = QTimer(self, singleShot=True, interval=SHOW_DELAY_MS)
        self._show_timer.timeout.connect(self._show_pending)
        self._hide_timer = QTimer(self, singleShot=True, interval=HIDE_DELAY_MS)
        self._hide_timer.timeout.connect(self.hide)
        self._pointer_inside = False

    def _label(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(True)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setTextInteractionFlags(Qt.TextInteractionFlag.NoTextInteraction)
        return label

    def set_content(self, content: CardContent) -> None:
        """Fill the card."""
        self.content = content
        self.note.setText(content.note)
        self.note.setVisible(bool(content.note))
        self.title.setText(content.title)
        self.description.setText(content.description)
        self.description.setVisible(bool(content.description))
        limit = SUMMARY_BESIDE_SAID if content.said else SUMMARY_CHARS
        self.summary.setText(shorten(content.summary, limit))
        self.summary.setVisible(bool(content.summary))
        self.said_heading.setVisible(bool(content.said or content.quote))
        self.said.setText(content.said)
        self.said.setVisible(bool(content.said))
        self.quote.setText(content.quote)  # the engine trims a long sentence already
        self.quote.setVisible(bool(content.quote))
        self.footer.setText(content.footer)
        self.footer.setVisible(bool(content.footer))
        heading = f"{IN_THIS_TEXT}:" if content.said or content.quote else ""
        self.setAccessibleDescription(" ".join(x for x in (
            content.title, content.description, content.summary, heading, content.said,
            content.quote) if x))
        # Word-wrapped labels need the height for the card's width, which adjustSize() misses.
        layout = self.layout()
        layout.activate()
        self.setFixedHeight(layout.totalHeightForWidth(CARD_WIDTH))

    def request(self, content: CardContent, at: QPoint, avoid: QRect | None = None) -> None:
        """Show ``content`` near ``at`` after the delay (restarting it)."""
        self._hide_timer.stop()
        self._pending = (content, at, avoid)
        if self.isVisible() and self.content == content:
            # The same entity under the pointer again: stay put, unless this word is under
            # the card (another of its mentions just below the last one).
            self._pending = None
            if avoid is not None and self.geometry().intersects(avoid):
                self.move(self._place(at, avoid))
            return
        self._show_timer.start()

    def cancel(self) -> None:
        """The pointer left the underline: hide soon unless it moved onto the card."""
        self._show_timer.stop()
        self._pending = None
        if self.isVisible() and not self._pointer_inside:
            self._hide_timer.start()

    def dismiss(self) -> None:
        """Hide now."""
        self._show_timer.stop()
        self._hide_timer.stop()
        self._pending = None
        self.hide()

    def show_now(self) -> None:
        """Skip the delay (keyboard focus, tests)."""
        self._show_timer.stop()
        self._show_pending()

    def _show_pending(self) -> None:
        if self._pending is None:
            return
        content, at, avoid = self._pending
        self._pending = None
        self.set_content(content)
        self._fit(at, avoid)
        self.move(self._place(at, avoid))
        self.show()  # a tool-tip window is always on top; raise_() is not needed

    @staticmethod
    def _area(at: QPoint) -> QRect:
        screen = QGuiApplication.screenAt(at) or QGuiApplication.primaryScreen()
        return screen.availableGeometry() if screen else QRect(0, 0, 1920, 1080)

    def _fit(self, at: QPoint, avoid: QRect | None) -> None:
        """Shorten the summary when the card fits nowhere beside the word.

        On a small screen or at a large scale the card gives up summary lines rather than
        cover the word it explains.
        """
        if avoid is None or not avoid.isValid() or self.content is None:
            return
        area = self._area(at)
        room = max(avoid.top() - area.top(), area.bottom() - avoid.bottom()) - 2 * CARD_GAP
        side = max(area.right() - avoid.right(), avoid.left() - area.left()) - 2 * CARD_GAP
        if self.height() <= room or (side >= CARD_WIDTH and self.height() <= area.height()):
            return
        text = self.content.summary
        for limit in (240, 160, 100, 60, 0):
            if not text:
                break
            self.summary.setText(shorten(text, limit) if limit else "")
            self.summary.setVisible(bool(limit))
            layout = self.layout()
            layout.invalidate()
            layout.activate()
            self.setFixedHeight(layout.totalHeightForWidth(CARD_WIDTH))
            if self.height() <= room:
                break

    def _place(self, at: QPoint, avoid: QRect | None = None) -> QPoint:
        """Beside the word (below it, above when there is no room), kept on the screen."""
        area = self._area(at)
        return place_card(QSize(CARD_WIDTH, self.height() or self.sizeHint().height()),
                          at, avoid, area)

    def enterEvent(self, event: QEnterEvent) -> None:
        self._pointer_inside = True
        self._hide_timer.stop()
        super().enterEvent(event)

    def leaveEvent(self, event: object) -> None:
        self._pointer_inside = False
        self._hide_timer.start()
        super().leaveEvent(event)  # type: ignore[arg-type]
