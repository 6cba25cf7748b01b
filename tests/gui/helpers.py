"""Pointer and keyboard helpers that work on Qt's offscreen platform."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QMouseEvent, QTextCursor
from PySide6.QtWidgets import QApplication


def point_of(reader, offset: int) -> QPoint:
    """A viewport point over the character after ``offset`` (scrolled into view first)."""
    reader.scroll_to_offset(offset)
    pos = reader.qt_position(offset)
    cursor = QTextCursor(reader.document())
    cursor.setPosition(pos + 1)
    rect = reader.cursorRect(cursor)
    return QPoint(rect.left() - 2, rect.center().y())


def _send(widget, kind, point: QPoint, button=Qt.MouseButton.NoButton,
          buttons=Qt.MouseButton.NoButton):
    local = QPointF(point)
    glob = QPointF(widget.mapToGlobal(point))
    event = QMouseEvent(kind, local, glob, button, buttons, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(widget, event)


def hover(reader, offset: int) -> QPoint:
    point = point_of(reader, offset)
    _send(reader.viewport(), QEvent.Type.MouseMove, point)
    return point


def move_away(reader) -> None:
    _send(reader.viewport(), QEvent.Type.MouseMove, QPoint(2, 2))


def click(reader, offset: int) -> None:
    point = point_of(reader, offset)
    _send(reader.viewport(), QEvent.Type.MouseMove, point)
    _send(reader.viewport(), QEvent.Type.MouseButtonPress, point, Qt.MouseButton.LeftButton,
          Qt.MouseButton.LeftButton)
    _send(reader.viewport(), QEvent.Type.MouseButtonRelease, point, Qt.MouseButton.LeftButton,
          Qt.MouseButton.NoButton)
