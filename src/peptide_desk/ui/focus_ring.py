"""A thick ring around the link focused from the keyboard, in every theme: Qt's own focus
rectangle for a link in a text is one dotted pixel, invisible on a projector."""

from __future__ import annotations

from PySide6.QtCore import QRect
from PySide6.QtGui import QColor, QPainter, QPen, QTextCursor
from PySide6.QtWidgets import QTextBrowser

from peptide_desk.themes import palette
from peptide_desk.ui.theme import app_theme, app_zoom


def focused_link(browser: QTextBrowser) -> QTextCursor | None:
    """The selection when it is a link the keyboard focused (Tab), else None."""
    cursor = browser.textCursor()
    if not (browser.hasFocus() and cursor.hasSelection()):
        return None
    probe = QTextCursor(cursor)
    probe.setPosition(cursor.selectionStart() + 1)
    return cursor if probe.charFormat().anchorHref() else None


def link_rects(browser: QTextBrowser, cursor: QTextCursor) -> list[QRect]:
    """The link's outline, one rectangle per line it runs over (in viewport pixels)."""
    start, end = QTextCursor(cursor), QTextCursor(cursor)
    start.setPosition(cursor.selectionStart())
    end.setPosition(cursor.selectionEnd())
    first, last = browser.cursorRect(start), browser.cursorRect(end)
    if first.top() == last.top():
        return [QRect(first.topLeft(), last.bottomRight())]
    right = browser.viewport().width() - 2
    left = int(browser.document().documentMargin())
    return [QRect(first.left(), first.top(), right - first.left(), first.height()),
            QRect(left, last.top(), last.right() - left, last.height())]


def ring_width() -> int:
    """Thick in every theme, thicker in high contrast, growing with the zoom."""
    return max(2, round(palette(app_theme()).link_focus * app_zoom() / 100))


def paint(browser: QTextBrowser) -> None:
    """Draw the ring over the browser's viewport (call at the end of its paintEvent)."""
    cursor = focused_link(browser)
    if cursor is None:
        return
    width = ring_width()
    painter = QPainter(browser.viewport())
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setPen(QPen(QColor(palette(app_theme()).focus_ring), width))
    for rect in link_rects(browser, cursor):
        painter.drawRoundedRect(rect.adjusted(-width, -width // 2, width, width // 2),
                                width, width)
    painter.end()
