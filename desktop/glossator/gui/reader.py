"""The reading view: the document laid out for reading, with underlines drawn in place.

The text is shown at once from the ``Document`` blocks (headings, paragraphs,
lists, quotes, code), in a readable measure; underlines arrive later and are
applied in small time-boxed batches so the window stays responsive. Underlines
are ``QTextCharFormat`` underline styles (Qt's rich text ignores CSS underline
styles): solid for names found in the knowledge base, coloured by type; wavy
for a link that is a guess; dashed for names not in it; dotted for references ("she",
"the company").
"""

from __future__ import annotations

import time
from bisect import bisect_left, bisect_right
from collections.abc import Callable

from PySide6.QtCore import QPoint, QPointF, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QContextMenuEvent,
    QFocusEvent,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QMouseEvent,
    QResizeEvent,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
    QTextFormat,
    QTextListFormat,
)
from PySide6.QtWidgets import QMenu, QTextEdit, QWidget

from glossator.core.documents.model import Block, Document
from glossator.core.nlp.types import Mention
from glossator.gui.docstate import held_index, mention_covering
from glossator.gui.themes import Theme

READING_FAMILIES = ["Charter", "Georgia", "Source Serif 4", "Noto Serif", "DejaVu Serif",
                    "serif"]
MEASURE_CHARS = 68  # a comfortable line length
APPLY_BUDGET_S = 0.008  # time per event-loop turn spent drawing underlines
APPLY_BATCH = 16  # underlines drawn between two looks at the clock
HEADING_SCALE = {1: 1.7, 2: 1.4, 3: 1.2, 4: 1.08, 5: 1.0, 6: 1.0}

# The keys the text itself understands (keyPressEvent, focusNextPrevChild), for
# Help ▸ Keyboard shortcuts: (keys, what they do).
TEXT_KEYS = (
    ("Tab / Shift+Tab", "Next / previous underline on the screen, then out of the text"),
    ("N / P (or J / K)", "Next / previous underline, scrolling through the whole text"),
    ("Enter", "Explain the focused underline"),
    ("Ctrl+Tab / Ctrl+Shift+Tab", "Leave the text at once"),
    ("Esc", "Close the card, the find bar and the panels"),
)

# A mention's look: (line style, colour role) or None for no underline.
Style = tuple[QTextCharFormat.UnderlineStyle, str]
StyleFn = Callable[[Mention], "Style | None"]

SOLID = QTextCharFormat.UnderlineStyle.SingleUnderline
DASHED = QTextCharFormat.UnderlineStyle.DashUnderline
DOTTED = QTextCharFormat.UnderlineStyle.DotLine
WAVE = QTextCharFormat.UnderlineStyle.WaveUnderline  # a link the ranker doubts
NONE = QTextCharFormat.UnderlineStyle.NoUnderline


def reading_font(size: int, family: str = "") -> QFont:
    """The serif reading font at ``size`` points."""
    font = QFont()
    font.setFamilies([family, *READING_FAMILIES] if family else READING_FAMILIES)
    font.setPointSizeF(float(size))
    font.setStyleHint(QFont.StyleHint.Serif)
    return font


def _clean(text: str) -> str:
    # Line breaks inside a block would start new Qt blocks and shift every offset after them.
    return text.replace("\r", " ").replace("\n", " ").replace("\u2028", " ").replace(
        "\u2029", " ")


def fallback_blocks(text: str) -> list[Block]:
    """Paragraph blocks split on blank lines, for documents that came without blocks."""
    blocks: list[Block] = []
    pos = 0
    for part in text.split("\n\n"):
        stripped = part.strip()
        if stripped:
            start = pos + part.index(stripped)
            blocks.append(Block("paragraph", start, start + len(stripped)))
        pos += len(part) + 2
    return blocks


class ReaderView(QTextEdit):
    """A read-only rich text view that maps document offsets to its own positions."""

    mentionHovered = Signal(object, QPoint)  # Mention or None, global position
    mentionActivated = Signal(object)  # Mention: clicked, or Enter on the focused one
    focusedMention = Signal(object)  # Mention: moved to with Tab / Shift+Tab
    escapePressed = Signal()
    explain_hidden = True  # hovering a name without an underline shows its card too
    correctionWanted = Signal(str, object)  # "same" / "not_name" / "refers_to", Mention
    lookUpWanted = Signal(str)  # the selected words
    contextMenuOpened = Signal()  # the hover card must not cover the menu

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("reader")
        self.setReadOnly(True)
        self.setAccessibleName("Document text")
        self.setAccessibleDescription(
            "The open document. Tab and Shift+Tab move between underlined names; "
            "Enter explains the focused one.")
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse
                                     | Qt.TextInteractionFlag.TextSelectableByKeyboard)
        self.viewport().setMouseTracking(True)
        self.setFrameShape(QTextEdit.Shape.NoFrame)
        self.document_model: Document | None = None
        self._doc_starts: list[int] = []
        self._doc_ends: list[int] = []
        self._qt_starts: list[int] = []
        self._font_size = 13
        self._font_family = ""
        self._theme: Theme | None = None
        self._style: StyleFn = lambda m: None
        # Mentions drawn or waiting, by start offset; spans in Qt positions for hit tests.
        self._mentions: list[Mention] = []
        self._starts: list[int] = []
        self._pending: list[Mention] = []
        self._drawn: dict[int, Style] = {}  # mention start -> style drawn
        self._apply_timer = QTimer(self)
        self._apply_timer.setInterval(0)
        self._apply_timer.timeout.connect(self._apply_some)
        self._focus: Mention | None = None
        self._find: list[tuple[int, int]] = []
        self._press: QPointF | None = None
        self._hovered: Mention | None = None

    # ------------------------------------------------------------- set-up

    def set_theme(self, theme: Theme) -> None:
        """Colours for underlines and highlights; redraws every underline."""
        self._theme = theme
        self.redraw()

    def set_style_function(self, fn: StyleFn) -> None:
        """How each mention looks (density, known names, type); call ``redraw`` after."""
        self._style = fn

    def set_font(self, size: int, family: str = "") -> None:
        """Change the reading font; the document is laid out again."""
        if (size, family) == (self._font_size, self._font_family):
            return
        self._font_size, self._font_family = size, family
        if self.document_model is not None:
            scroll = self.first_visible_offset()
            mentions = self._mentions
            self.show_document(self.document_model)
            self.add_mentions(mentions)
            self.scroll_to_offset(scroll, top=True)
        self._update_margins()

    def show_document(self, document: Document) -> None:
        """Lay the document out; underlines are added later with ``add_mentions``."""
        self.document_model = document
        self._mentions, self._starts, self._pending = [], [], []
        self._drawn.clear()
        self._focus, self._find, self._hovered = None, [], None
        self._apply_timer.stop()
        qdoc = QTextDocument(self)
        qdoc.setUndoRedoEnabled(False)
        qdoc.setDefaultFont(reading_font(self._font_size, self._font_family))
        qdoc.setDocumentMargin(24)
        self._doc_starts, self._doc_ends, self._qt_starts = [], [], []
        blocks = document.blocks or fallback_blocks(document.text)
        cursor = QTextCursor(qdoc)
        cursor.beginEditBlock()
        size = float(self._font_size)
        current_list = None
        list_level = -1
        for i, block in enumerate(blocks):
            bf, cf = self._formats(block, size)
            if i:
                cursor.insertBlock(bf, cf)
            else:
                cursor.setBlockFormat(bf)
                cursor.setBlockCharFormat(cf)
            if block.kind == "list_item":
                if current_list is not None and block.level == list_level:
                    current_list.add(cursor.block())
                else:
                    lf = QTextListFormat()
                    lf.setStyle(QTextListFormat.Style.ListDisc)
                    lf.setIndent(block.level + 1)
                    current_list = cursor.createList(lf)
                    list_level = block.level
            else:
                current_list, list_level = None, -1
            self._doc_starts.append(block.start)
            self._doc_ends.append(block.end)
            self._qt_starts.append(cursor.position())
            cursor.insertText(_clean(document.text[block.start:block.end]), cf)
        cursor.endEditBlock()
        # Qt deletes its own default document on replacement; ours we delete ourselves.
        old = self.document()
        owned = old is not None and old.parent() is self
        self.setDocument(qdoc)
        if owned:
            old.deleteLater()
        self._update_margins()
        self.verticalScrollBar().setValue(0)
        self._refresh_extra()

    def _formats(self, block: Block, size: float) -> tuple[QTextBlockFormat, QTextCharFormat]:
        bf = QTextBlockFormat()
        cf = QTextCharFormat()
        bf.setLineHeight(150.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
        bf.setBottomMargin(size * 0.9)
        if block.kind == "heading":
            level = max(1, min(6, block.level or 1))
            bf.setHeadingLevel(level)
            bf.setTopMargin(size * (1.4 if level <= 2 else 1.0))
            bf.setBottomMargin(size * 0.6)
            bf.setLineHeight(120.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            cf.setFontPointSize(size * HEADING_SCALE[level])
            cf.setFontWeight(QFont.Weight.Bold if level > 1 else QFont.Weight.DemiBold)
        elif block.kind == "quote":
            bf.setLeftMargin(size * 2)
            bf.setRightMargin(size * 1.5)
            cf.setFontItalic(True)
        elif block.kind == "preformatted":
            mono = QFont("monospace")
            mono.setStyleHint(QFont.StyleHint.Monospace)
            cf.setFontFamilies(["DejaVu Sans Mono", "Noto Mono", "monospace"])
            cf.setFontPointSize(size * 0.85)
            bf.setLineHeight(125.0, QTextBlockFormat.LineHeightTypes.ProportionalHeight.value)
            bf.setLeftMargin(size)
            bf.setNonBreakableLines(True)
        elif block.kind == "caption":
            cf.setFontItalic(True)
            cf.setFontPointSize(size * 0.9)
        return bf, cf

    # -------------------------------------------------------- offset mapping

    def qt_position(self, offset: int) -> int | None:
        """The view position of a character offset of ``Document.text``."""
        i = bisect_right(self._doc_starts, offset) - 1
        if i < 0 or offset > self._doc_ends[i]:
            return None
        return self._qt_starts[i] + offset - self._doc_starts[i]

    def doc_offset(self, position: int) -> int | None:
        """The character offset of ``Document.text`` at a view position."""
        i = bisect_right(self._qt_starts, position) - 1
        if i < 0:
            return None
        offset = self._doc_starts[i] + position - self._qt_starts[i]
        return offset if offset <= self._doc_ends[i] else None

    def first_visible_offset(self) -> int:
        """The document offset at the top left of the view."""
        if self.verticalScrollBar().value() == 0:
            return 0  # also spares a hit test that would lay out a whole new book at once
        pos = self.cursorForPosition(QPoint(4, 4)).position()
        return self.doc_offset(pos) or 0

    def last_visible_offset(self) -> int:
        """The document offset at the bottom right of the view."""
        vp = self.viewport()
        pos = self.cursorForPosition(QPoint(vp.width() - 4, vp.height() - 4)).position()
        offset = self.doc_offset(pos)
        if offset is None:
            model = self.document_model
            return len(model.text) if model is not None else 0
        return offset

    # ----------------------------------------------------------- underlines

    def add_mentions(self, mentions: list[Mention]) -> None:
        """Queue mentions for drawing (they are drawn a few at a time).

        A mention of the same words and kind as one held replaces it (a later update's
        view); a name and a reference on the same words (a metonym) are both kept.
        """
        for m in mentions:
            i = bisect_right(self._starts, m.start)
            j = held_index(self._mentions, self._starts, m)
            if j is not None:
                if self._focus is self._mentions[j]:
                    self._focus = m
                self._mentions[j] = m
                continue
            self._starts.insert(i, m.start)
            self._mentions.insert(i, m)
        self._pending.extend(mentions)
        if self._pending:
            self._apply_timer.start()

    def remove_mentions(self, mentions: list[Mention]) -> None:
        """Forget these mentions (the analysis no longer finds them) and their underlines.

        The mentions overlapping their words are drawn again.
        """
        if not mentions:
            return
        gone = {id(m) for m in mentions}
        for m in mentions:
            i = bisect_left(self._starts, m.start)
            while i < len(self._starts) and self._starts[i] == m.start:
                held = self._mentions[i]
                if (held.end, held.kind) == (m.end, m.kind):
                    gone.add(id(held))
                    del self._starts[i]
                    del self._mentions[i]
                    if self._focus is held:
                        self._focus = None
                    break
                i += 1
            if m.start in self._drawn:
                self._format(m, None)
            # Words the removed underline shared with others: draw those again.
            lo = bisect_left(self._starts, m.start - 400)
            hi = bisect_left(self._starts, m.end)
            for other in self._mentions[lo:hi]:
                if other.end > m.start and other.start < m.end:
                    self._drawn.pop(other.start, None)
                    self._pending.append(other)
        self._pending = [p for p in self._pending if id(p) not in gone]
        if self._pending:
            self._apply_timer.start()
        self._refresh_extra()

    def clear_mentions(self) -> None:
        """Forget every mention and remove every underline."""
        for m in self._mentions:
            if m.start in self._drawn:
                self._format(m, None)
        self._mentions, self._starts, self._pending = [], [], []
        self._drawn.clear()
        self._focus = None
        self._refresh_extra()

    def redraw(self, mentions: list[Mention] | None = None) -> None:
        """Recompute the look of these mentions (default: all), a few at a time."""
        self._pending.extend(self._mentions if mentions is None else mentions)
        if self._pending:
            self._apply_timer.start()

    @property
    def pending(self) -> int:
        """Mentions still waiting to be drawn."""
        return len(self._pending)

    def flush(self) -> None:
        """Draw everything pending now (tests and screenshots)."""
        while self._pending:
            self._apply_some(budget=1e9)

    def _apply_some(self, budget: float = APPLY_BUDGET_S) -> None:
        deadline = time.perf_counter() + budget
        pending = self._pending
        # One edit block per turn: Qt re-lays out the touched stretch once, not once per word
        # (an edit block costs about a millisecond, a format inside one tens of microseconds).
        cursor = QTextCursor(self.document())
        cursor.beginEditBlock()
        done = 0
        while done < len(pending) and (done % APPLY_BATCH or time.perf_counter() < deadline):
            m = pending[done]
            # A reference on a name's very words (a metonym) is drawn as the name: the
            # words are a name, also with "names only".
            shown = self.mention_at(m.start) if m.kind == "reference" else m
            if shown is not None and (shown.start, shown.end) == (m.start, m.end):
                m = shown
            self._format(m, self._style(m), cursor)
            done += 1
        cursor.endEditBlock()
        del pending[:done]
        if not pending:
            self._apply_timer.stop()

    def _format(self, m: Mention, style: Style | None, cursor: QTextCursor | None = None
                ) -> None:
        drawn = self._drawn.get(m.start)
        if drawn == style:
            return
        start, end = self.qt_position(m.start), self.qt_position(m.end)
        if start is None or end is None or end <= start:
            return
        if cursor is None:
            cursor = QTextCursor(self.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        fmt = QTextCharFormat()
        if style is None:
            fmt.setUnderlineStyle(NONE)
            fmt.clearProperty(QTextFormat.Property.TextUnderlineColor)
            self._drawn.pop(m.start, None)
        else:
            line, colour = style
            fmt.setUnderlineStyle(line)
            fmt.setUnderlineColor(QColor(colour))
            self._drawn[m.start] = style
        cursor.mergeCharFormat(fmt)

    def underline_at(self, offset: int) -> Style | None:
        """The underline drawn at a document offset (tests and the self-test)."""
        m = self.mention_at(offset)
        return self._drawn.get(m.start) if m else None

    def underline_format(self, offset: int) -> QTextCharFormat:
        """The character format at a document offset, as Qt holds it."""
        pos = self.qt_position(offset)
        cursor = QTextCursor(self.document())
        cursor.setPosition((pos or 0) + 1)
        return cursor.charFormat()

    def mention_at(self, offset: int) -> Mention | None:
        """The mention covering a document offset (the name, where a reference shares it)."""
        return mention_covering(self._mentions, self._starts, offset)

    def mention_rect(self, m: Mention) -> QRect | None:
        """Where a mention's words are drawn, in screen coordinates (None: not laid out).

        The rectangle of its lines: from the start of its first character to the end of its
        last one on one line, the full width of the text between them when it wraps. The
        hover card is placed beside it, never over it.
        """
        a, b = self.qt_position(m.start), self.qt_position(m.end)
        if a is None or b is None:
            return None
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        first = self.cursorRect(cursor)
        cursor.setPosition(b)
        last = self.cursorRect(cursor)
        block = self.document().findBlock(a)
        line_height = first.height()
        layout = block.layout()
        if layout is not None:
            line = layout.lineForTextPosition(a - block.position())
            if line.isValid():
                line_height = max(line_height, round(line.height()))
        if last.top() < first.top() + line_height // 2:  # one line
            rect = QRect(first.left(), first.top(), max(1, last.left() - first.left()),
                         max(first.height(), last.height()))
        else:
            vp = self.viewport().rect()
            rect = QRect(vp.left(), first.top(), vp.width(), last.bottom() - first.top() + 1)
        return QRect(self.viewport().mapToGlobal(rect.topLeft()), rect.size())

    def visible_mentions(self) -> list[Mention]:
        """Mentions that currently have an underline, in text order."""
        return [m for m in self._mentions if m.start in self._drawn]

    # -------------------------------------------------------------- moving

    def scroll_to_offset(self, offset: int, *, top: bool = False) -> None:
        """Bring a document offset into view (at the top, or centred)."""
        pos = self.qt_position(offset)
        if pos is None:
            return
        cursor = QTextCursor(self.document())
        cursor.setPosition(pos)
        rect = self.cursorRect(cursor)
        bar = self.verticalScrollBar()
        if top:
            bar.setValue(bar.value() + rect.top() - 8)
        elif not self.viewport().rect().contains(rect):
            bar.setValue(bar.value() + rect.center().y() - self.viewport().height() // 2)

    def show_position(self, offset: int) -> None:
        """Scroll so that a reading position (a document offset) is at the top.

        Offsets between blocks (a heading's "# ") go to the next block; 0 to the very top.
        """
        bar = self.verticalScrollBar()
        if offset <= 0:
            bar.setValue(0)
            return
        if self.qt_position(offset) is None:
            i = bisect_right(self._doc_starts, offset)
            if i >= len(self._doc_starts):
                bar.setValue(bar.maximum())
                return
            offset = self._doc_starts[i]
        self.scroll_to_offset(offset, top=True)

    def focus_mention(self, m: Mention | None, *, scroll: bool = True,
                      announce: bool = True) -> None:
        """Show the keyboard focus on one mention (``announce``: its card too)."""
        self._focus = m
        if m is not None and scroll:
            self.scroll_to_offset(m.start)
        self._refresh_extra()
        if m is not None and announce:
            self.focusedMention.emit(m)

    @property
    def focused(self) -> Mention | None:
        """The mention with the keyboard focus."""
        return self._focus

    def move_focus(self, step: int, *, on_screen: bool = False) -> bool:
        """Focus the next (1) or previous (-1) underline; False at either end.

        With ``on_screen``, only underlines on the screen count (Tab): False when the
        next one is off it, so that Tab leaves the text instead of walking a whole book.
        """
        visible = self.visible_mentions()
        if not visible:
            return False
        if on_screen:
            top, bottom = self.first_visible_offset(), self.last_visible_offset()
            shown = [m for m in visible if m.start >= top and m.end <= bottom]
            if not shown:
                return False
            if self._focus is None or not (top <= self._focus.start <= bottom):
                target = shown[0] if step > 0 else shown[-1]
            else:
                starts = [m.start for m in shown]
                i = bisect_right(starts, self._focus.start) - 1
                j = i + step if i >= 0 and starts[i] == self._focus.start else (
                    i + 1 if step > 0 else i)
                if j < 0 or j >= len(shown):
                    return False
                target = shown[j]
            self.focus_mention(target, scroll=False)
            return True
        if self._focus is None:
            # Start from what is on screen, not from the top of a long book.
            top = self.first_visible_offset()
            after = [m for m in visible if m.start >= top]
            target = (after[0] if after else visible[-1]) if step > 0 else (
                [m for m in visible if m.start < top + 1] or visible[:1])[-1]
        else:
            starts = [m.start for m in visible]
            i = bisect_right(starts, self._focus.start) - 1
            j = i + step if i >= 0 and starts[i] == self._focus.start else (
                i + 1 if step > 0 else i)
            if j < 0 or j >= len(visible):
                return False
            target = visible[j]
        self.focus_mention(target)
        return True

    def set_find_results(self, spans: list[tuple[int, int]], current: int = -1) -> None:
        """Highlight find-in-text matches (document offsets); the current one is scrolled to."""
        self._find = spans
        self._find_current = current
        if 0 <= current < len(spans):
            self.scroll_to_offset(spans[current][0])
        self._refresh_extra()

    def _refresh_extra(self) -> None:
        theme = self._theme
        extras: list[QTextEdit.ExtraSelection] = []
        if theme is None:
            self.setExtraSelections(extras)
            return
        for n, (s, e) in enumerate(self._find[:5000]):
            sel = self._selection(s, e)
            if sel is not None:
                colour = theme.focus if n == getattr(self, "_find_current", -1) else theme.find
                sel.format.setBackground(QColor(colour))
                extras.append(sel)
        if self._focus is not None:
            sel = self._selection(self._focus.start, self._focus.end)
            if sel is not None:
                sel.format.setBackground(QColor(theme.focus))
                sel.format.setForeground(QColor(theme.text))
                extras.append(sel)
        self.setExtraSelections(extras)

    def _selection(self, start: int, end: int) -> QTextEdit.ExtraSelection | None:
        a, b = self.qt_position(start), self.qt_position(end)
        if a is None or b is None:
            return None
        sel = QTextEdit.ExtraSelection()
        cursor = QTextCursor(self.document())
        cursor.setPosition(a)
        cursor.setPosition(b, QTextCursor.MoveMode.KeepAnchor)
        sel.cursor = cursor
        sel.format = QTextCharFormat()
        return sel

    # -------------------------------------------------------------- events

    def _mention_under(self, point: QPointF) -> Mention | None:
        layout = self.document().documentLayout()
        doc_point = point + QPointF(self.horizontalScrollBar().value(),
                                    self.verticalScrollBar().value())
        pos = layout.hitTest(doc_point, Qt.HitTestAccuracy.ExactHit)
        if pos < 0:
            return None
        offset = self.doc_offset(pos)
        if offset is None:
            return None
        m = self.mention_at(offset)
        if m is None:
            return None
        # Explain on demand: a name shown without its underline (density "off", "names
        # only", a known name) still has its card and its panel.
        return m if m.start in self._drawn or self.explain_hidden else None

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        super().mouseMoveEvent(event)
        m = self._mention_under(event.position())
        if m is not self._hovered:
            self._hovered = m
            self.viewport().setCursor(Qt.CursorShape.PointingHandCursor
                                      if m is not None and m.start in self._drawn
                                      else Qt.CursorShape.IBeamCursor)
            self.mentionHovered.emit(m, event.globalPosition().toPoint())

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._press = event.position()
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        super().mouseReleaseEvent(event)
        press, self._press = self._press, None
        if event.button() != Qt.MouseButton.LeftButton or press is None:
            return
        if (event.position() - press).manhattanLength() > 4:
            return  # a drag selects text; it does not open the panel
        m = self._mention_under(event.position())
        if m is not None:
            self.focus_mention(m, scroll=False)
            self.mentionActivated.emit(m)

    def leaveEvent(self, event: object) -> None:
        super().leaveEvent(event)  # type: ignore[arg-type]
        if self._hovered is not None:
            self._hovered = None
            self.mentionHovered.emit(None, QPoint())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._focus is not None:
            self.mentionActivated.emit(self._focus)
            return
        if key == Qt.Key.Key_Escape:
            self.escapePressed.emit()
            return
        if key in (Qt.Key.Key_Tab, Qt.Key.Key_Backtab) and \
                mods & Qt.KeyboardModifier.ControlModifier:
            # Ctrl+Tab: out of the text at once, past its underlines.
            super().focusNextPrevChild(key == Qt.Key.Key_Tab
                                       and not mods & Qt.KeyboardModifier.ShiftModifier)
            return
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_N, Qt.Key.Key_J):
            self.move_focus(1)
            return
        if mods == Qt.KeyboardModifier.NoModifier and key in (Qt.Key.Key_P, Qt.Key.Key_K):
            self.move_focus(-1)
            return
        super().keyPressEvent(event)

    def selected_words(self) -> str:
        """The selected text, on one line ("" when nothing is selected)."""
        return " ".join(self.textCursor().selectedText().replace("\u2029", " ").split())

    def context_menu_at(self, point: QPoint) -> QMenu:
        """The text's context menu: Copy and the like, Look up, and the corrections."""
        menu = self.createStandardContextMenu(point + QPoint(
            self.horizontalScrollBar().value(), self.verticalScrollBar().value()))
        words = self.selected_words()
        m = self._mention_under(QPointF(point))
        if m is None:
            cursor = self.cursorForPosition(point)
            offset = self.doc_offset(cursor.position())
            m = self.mention_at(offset) if offset is not None else None
        if words or m is not None:
            menu.addSeparator()
        if words:
            short = words if len(words) <= 30 else words[:29] + "\u2026"
            menu.addAction(f"Look up \u201c{short}\u201d",
                           lambda: self.lookUpWanted.emit(words))
        if m is not None:
            if m.kind == "reference":
                menu.addAction("This refers to\u2026",
                               lambda: self.correctionWanted.emit("refers_to", m))
            else:
                if m.entity:
                    menu.addAction("These are the same person\u2026",
                                   lambda: self.correctionWanted.emit("same", m))
                menu.addAction("This is not a name",
                               lambda: self.correctionWanted.emit("not_name", m))
                menu.addAction("This is not a name, in every document",
                               lambda: self.correctionWanted.emit("not_name_everywhere", m))
        return menu

    def contextMenuEvent(self, event: QContextMenuEvent) -> None:
        self.contextMenuOpened.emit()
        menu = self.context_menu_at(event.pos())
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(event.globalPos())

    def focusNextPrevChild(self, next: bool) -> bool:
        # Tab walks the underlines on the screen like links in a browser, then leaves the
        # text (N / P walk the whole text): Tab never keeps the focus for a whole book.
        if self.hasFocus() and self.move_focus(1 if next else -1, on_screen=True):
            return True
        return super().focusNextPrevChild(next)

    def focusInEvent(self, event: QFocusEvent) -> None:
        super().focusInEvent(event)
        reason = event.reason()
        # Tabbing into the text lands on the first (Shift+Tab: last) underline on screen.
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            self._focus = None
            self.move_focus(1 if reason == Qt.FocusReason.TabFocusReason else -1,
                            on_screen=True)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._update_margins()

    def _update_margins(self) -> None:
        """Keep lines to a readable length by centring a column in wide windows."""
        metrics = QFontMetricsF(reading_font(self._font_size, self._font_family))
        measure = metrics.averageCharWidth() * MEASURE_CHARS + 48
        side = max(0, int((self.width() - self.verticalScrollBar().sizeHint().width()
                           - measure) / 2))
        margins = self.viewportMargins()
        if margins.left() != side:
            self.setViewportMargins(side, 0, side, 0)
