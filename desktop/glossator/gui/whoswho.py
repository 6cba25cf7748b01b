"""Who's who: every entity of the document, grouped and sorted by how often it appears.

People, Places, Organisations, Other; each row gives the name and, in a lighter colour,
a one-line role under it (what the text calls it, "Colonel, the strongman of the south", else the
knowledge base's description), and a strip showing where in the text the entity is
mentioned. Clicking a row jumps to the first mention;
clicking the strip jumps to the mention nearest that point of the text.
"""

from __future__ import annotations

import time

from PySide6.QtCore import (
    QModelIndex,
    QPersistentModelIndex,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QColor, QFont, QFontMetrics, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QHeaderView,
    QMenu,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from glossator.core.nlp.types import Entity, Mention
from glossator.gui.docstate import GROUP_TITLES, GROUPS, DocState, group_of
from glossator.gui.explain import NOT_SURE_IN_KB, doubt_note, hint_remedy, role_words, unsure
from glossator.gui.themes import Theme

ENTITY_ROLE = Qt.ItemDataRole.UserRole
_NOT_SURE = NOT_SURE_IN_KB[:1].lower() + NOT_SURE_IN_KB[1:].rstrip(".")  # the card's words
POSITIONS_ROLE = Qt.ItemDataRole.UserRole + 1
GROUP_ROLE = Qt.ItemDataRole.UserRole + 2
ROLE_ROLE = Qt.ItemDataRole.UserRole + 3  # the one-line role shown after the name
STRIP_COLUMN = 2
MAX_ROWS = 300  # per group; a book's long tail of names mentioned once adds nothing


class StripDelegate(QStyledItemDelegate):
    """Paints where in the text an entity appears, as ticks along a bar."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        positions = index.data(POSITIONS_ROLE)
        if not positions:
            super().paint(painter, option, index)
            return
        if option.state & QStyle.StateFlag.State_Selected:  # type: ignore[operator]
            painter.fillRect(option.rect, option.palette.highlight())
        theme = self.theme
        # A thin bar in the middle of the row, however tall the row (a role makes it two lines).
        mid = option.rect.center().y()
        rect = QRect(option.rect.left() + 4, mid - 4, option.rect.width() - 8, 8)
        painter.save()
        painter.fillRect(rect, QColor(theme.border if theme else "#ccc"))
        colour = QColor(theme.type_colour(index.data(GROUP_ROLE)) if theme else "#333")
        w = max(1, rect.width())
        for p in positions:
            x = rect.left() + int(p * (w - 2))
            painter.fillRect(QRect(x, rect.top(), 2, rect.height()), colour)
        painter.restore()


class NameDelegate(QStyledItemDelegate):
    """The name, and under it its one-line role, smaller and in the theme's muted colour."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.theme: Theme | None = None

    @staticmethod
    def _small(font: QFont) -> QFont:
        small = QFont(font)
        small.setPointSizeF(font.pointSizeF() * 0.88)
        return small

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        size = super().sizeHint(option, index)
        if index.data(ROLE_ROLE):
            extra = QFontMetrics(self._small(option.font)).height()
            size.setHeight(size.height() + extra)
        return size

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        role = index.data(ROLE_ROLE)
        if not role:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        name = opt.text
        opt.text = ""
        widget = opt.widget
        style = widget.style() if widget is not None else None
        rect = opt.rect
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, widget)
            rect = style.subElementRect(QStyle.SubElement.SE_ItemViewItemText, opt, widget)
        rect = rect.adjusted(2, 1, -2, -1)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)  # type: ignore[operator]
        colour = opt.palette.color(QPalette.ColorRole.HighlightedText if selected
                                   else QPalette.ColorRole.Text)
        small = self._small(opt.font)
        top = QFontMetrics(opt.font)
        below = QFontMetrics(small)
        align = Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
        painter.save()
        painter.setFont(opt.font)
        painter.setPen(colour)
        first = QRect(rect.left(), rect.top(), rect.width(), top.height())
        painter.drawText(first, align, top.elidedText(name, Qt.TextElideMode.ElideRight,
                                                       rect.width()))
        painter.setFont(small)
        painter.setPen(QColor(self.theme.muted) if self.theme is not None and not selected
                       else colour)
        second = QRect(rect.left(), first.bottom() + 1, rect.width(), below.height())
        painter.drawText(second, align, below.elidedText(role, Qt.TextElideMode.ElideRight,
                                                         rect.width()))
        painter.restore()


class WhosWho(QWidget):
    """The who's-who panel."""

    entityActivated = Signal(object)  # Entity: show it in the side panel
    jumpRequested = Signal(object)  # Mention: scroll to it
    correctionWanted = Signal(str, object)  # "same" or "not_name", Entity

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("whosWho")
        self.setAccessibleName("Who's who")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Who's who: the people, places and organisations in "
                                    "this text")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Name", "#", "Where"])
        self.tree.headerItem().setToolTip(1, "Mentions in this text")
        self.tree.headerItem().setToolTip(2, "Where in the text it is mentioned")
        self.tree.setRootIsDecorated(True)
        # A row with a role under its name is taller than a group's heading.
        self.tree.setUniformRowHeights(False)
        self.tree.setAlternatingRowColors(False)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Fixed)
        header.setStretchLastSection(False)
        self.tree.setColumnWidth(2, 90)
        self.delegate = StripDelegate(self.tree)
        self.tree.setItemDelegateForColumn(STRIP_COLUMN, self.delegate)
        self.name_delegate = NameDelegate(self.tree)
        self.tree.setItemDelegateForColumn(0, self.name_delegate)
        self.tree.itemActivated.connect(self._activated)
        self.tree.viewport().installEventFilter(self)
        self.tree.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        self.tree.customContextMenuRequested.connect(self._context_menu)
        layout.addWidget(self.tree)
        self.state: DocState | None = None
        self._groups: dict[str, QTreeWidgetItem] = {}
        self._refresh = QTimer(self, singleShot=True, interval=400)
        self._refresh.timeout.connect(self.rebuild)
        self._click_x: float | None = None
        self._dirty = False
        self.missing_hint = ""  # what would explain a name the KB lacks (the window's words)

    def sizeHint(self) -> QSize:
        """Wide enough for a full name and its role beside the counts and the strip.

        The dock opens at this width (at its minimum a book's long names were cut).
        """
        hint = super().sizeHint()
        return QSize(max(hint.width(), 380), hint.height())

    def set_theme(self, theme: Theme) -> None:
        """Colours of the strips and the roles."""
        self.delegate.theme = theme
        self.name_delegate.theme = theme
        self.tree.viewport().update()

    def set_state(self, state: DocState | None) -> None:
        """Show the entities of this document (now and as more arrive)."""
        self.state = state
        self.rebuild()

    def schedule_rebuild(self) -> None:
        """Rebuild soon (results arrive in bursts; rebuild once per burst), if shown."""
        if not self.isVisible():
            self._dirty = True
        elif not self._refresh.isActive():
            self._refresh.start()

    def showEvent(self, event: object) -> None:
        super().showEvent(event)  # type: ignore[arg-type]
        if self._dirty:
            self.rebuild()

    def rebuild(self) -> None:
        """Fill the tree from the document state."""
        started = time.perf_counter()
        self._dirty = False
        tree = self.tree
        expanded = {g: item.isExpanded() for g, item in self._groups.items()}
        selected = self.current_entity()
        tree.setUpdatesEnabled(False)
        tree.clear()
        self._groups = {}
        if self.state is not None:
            total = max(1, len(self.state.document.text))
            for group, rows in self.state.grouped().items():
                if not rows:
                    continue
                head = QTreeWidgetItem([f"{GROUP_TITLES[group]} ({len(rows)})", "", ""])
                font = head.font(0)
                font.setBold(True)
                head.setFont(0, font)
                head.setFlags(Qt.ItemFlag.ItemIsEnabled)
                tree.addTopLevelItem(head)
                head.setFirstColumnSpanned(True)
                self._groups[group] = head
                for entity, count in rows[:MAX_ROWS]:
                    item = QTreeWidgetItem([entity.name, str(count), ""])
                    item.setData(0, ENTITY_ROLE, entity.id)
                    item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight
                                          | Qt.AlignmentFlag.AlignVCenter)
                    positions = [m.start / total
                                 for m in self.state.shown_mentions_of(entity.id)]
                    item.setData(STRIP_COLUMN, POSITIONS_ROLE, positions)
                    item.setData(STRIP_COLUMN, GROUP_ROLE, group_of(entity.label))
                    role = role_words(entity, self.state.article_of(entity))
                    item.setData(0, ROLE_ROLE, role)
                    # A NIL name with a likely enough "perhaps" is not said to be missing
                    # (as on its card): the KB holds what it may be.
                    doubt = "" if entity.kb_title else doubt_note(
                        entity, on_card=False, article=self.state.articles.get)
                    tip = (f"perhaps {entity.kb_title}" if unsure(entity) else
                           entity.kb_title or (_NOT_SURE
                                               if doubt else "not in your knowledge"))
                    text = (f"{entity.name} \u2014 {role}\n({tip})" if role
                            else f"{entity.name} \u2014 {tip}")
                    if doubt:
                        text += "\n" + doubt
                    if not entity.kb_title and self.missing_hint:
                        text += "\n" + (f"If not, {hint_remedy(self.missing_hint)}"
                                        if doubt else self.missing_hint)
                    item.setToolTip(0, text)
                    so_far = " so far" if self.state.read_to is not None else ""
                    item.setToolTip(STRIP_COLUMN,
                                    f"{count} mentions{so_far}; click to jump there")
                    head.addChild(item)
                    if entity.id == selected:
                        tree.setCurrentItem(item)
                if len(rows) > MAX_ROWS:
                    more = QTreeWidgetItem([f"\u2026 and {len(rows) - MAX_ROWS:,} more", "", ""])
                    more.setFlags(Qt.ItemFlag.NoItemFlags)
                    head.addChild(more)
                head.setExpanded(expanded.get(group, True))
        tree.setUpdatesEnabled(True)
        # A big book has thousands of entities: rebuild less often the longer it takes.
        cost_ms = (time.perf_counter() - started) * 1000
        self._refresh.setInterval(int(max(400, 25 * cost_ms)))

    def current_entity(self) -> str | None:
        """The id of the selected entity."""
        item = self.tree.currentItem()
        return item.data(0, ENTITY_ROLE) if item is not None else None

    def role_of(self, entity_id: str) -> str:
        """The one-line role shown after an entity's name ("" when there is none)."""
        item = self.item_for(entity_id)
        return (item.data(0, ROLE_ROLE) or "") if item is not None else ""

    def rows(self) -> dict[str, list[tuple[str, int]]]:
        """What the panel shows: group title -> (name, mentions) rows (tests, exports)."""
        out: dict[str, list[tuple[str, int]]] = {}
        for group, head in self._groups.items():
            out[GROUP_TITLES[group]] = [
                (head.child(i).text(0), int(head.child(i).text(1)))
                for i in range(head.childCount()) if head.child(i).text(1)
            ]
        return out

    def item_for(self, entity_id: str) -> QTreeWidgetItem | None:
        """The row of an entity."""
        for head in self._groups.values():
            for i in range(head.childCount()):
                if head.child(i).data(0, ENTITY_ROLE) == entity_id:
                    return head.child(i)
        return None

    def eventFilter(self, obj: object, event: object) -> bool:
        if isinstance(event, QMouseEvent) and event.type() == QMouseEvent.Type.MouseButtonRelease:
            index = self.tree.indexAt(event.position().toPoint())
            if index.isValid() and index.column() == STRIP_COLUMN:
                rect = self.tree.visualRect(index).adjusted(4, 0, -4, 0)
                self._click_x = (event.position().x() - rect.left()) / max(1, rect.width())
            else:
                self._click_x = None
            item = self.tree.itemFromIndex(index) if index.isValid() else None
            if item is not None and item.data(0, ENTITY_ROLE):
                self._activated(item, index.column())
        return False

    def correction_menu(self, entity: Entity) -> QMenu:
        """The corrections offered for a row (its context menu)."""
        menu = QMenu(self)
        menu.addAction("These are the same person\u2026",
                       lambda: self.correctionWanted.emit("same", entity))
        menu.addAction("This is not a name",
                       lambda: self.correctionWanted.emit("not_name", entity))
        menu.addAction("This is not a name, in every document",
                       lambda: self.correctionWanted.emit("not_name_everywhere", entity))
        return menu

    def _context_menu(self, pos: object) -> None:
        item = self.tree.itemAt(pos)  # type: ignore[arg-type]
        entity_id = item.data(0, ENTITY_ROLE) if item is not None else None
        entity = self.state.entities.get(entity_id) if self.state and entity_id else None
        if entity is not None:
            menu = self.correction_menu(entity)
            menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
            menu.popup(self.tree.viewport().mapToGlobal(pos))  # type: ignore[arg-type]

    def _activated(self, item: QTreeWidgetItem, column: int = 0) -> None:
        if self.state is None:
            return
        entity_id = item.data(0, ENTITY_ROLE)
        entity: Entity | None = self.state.entities.get(entity_id) if entity_id else None
        if entity is None:
            return
        mentions = self.state.shown_mentions_of(entity.id)
        if not mentions:
            return
        target: Mention = mentions[0]
        if column == STRIP_COLUMN and self._click_x is not None:
            at = self._click_x * len(self.state.document.text)
            target = min(mentions, key=lambda m: abs(m.start - at))
        self._click_x = None
        self.jumpRequested.emit(target)
        self.entityActivated.emit(entity)


__all__ = ["GROUPS", "WhosWho"]
