"""The drop-down under the search field: a frame with a banner and a list whose rows are
drawn as rich text (title, status badge and boxed-warning marker, context, snippet with matches
marked). Built after the first paint."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFrame,
    QLabel,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.badges import BOXED, BOXED_BADGE, badge_html, status_badge
from peptide_desk.page_parts import esc
from peptide_desk.records import STATUS_LABELS

if TYPE_CHECKING:
    from PySide6.QtCore import QPersistentModelIndex
    from PySide6.QtGui import QPainter

    from peptide_desk.search import SearchResult
    from peptide_desk.themes import Palette

#: Item data roles (Qt.ItemDataRole.UserRole is 256; plain ints keep the field module light).
TARGET_ROLE, HTML_ROLE, MORE_ROLE = 256, 257, 258


def result_html(r: SearchResult, pal: Palette) -> str:
    """A result row: the title with the pages' status badge and boxed-warning marker (their
    text always there, colour only reinforcing), the context, then the marked snippet."""
    badges = "".join(f" {b}" for b in (
        status_badge(r.badge, pal) if r.badge else "",
        badge_html(BOXED_BADGE, BOXED, pal) if r.warning else "") if b)
    snippet = f"<br><span style='font-size:small'>{r.snippet}</span>" if r.snippet else ""
    return (f"<b>{esc(r.title)}</b>{badges} "
            f"<span style='font-size:small'>— {esc(r.context)}</span>{snippet}")


def result_words(r: SearchResult) -> str:
    """The row as one line for screen readers and the tooltip: what the badges say, too."""
    parts = [r.title, STATUS_LABELS.get(r.badge, r.badge),
             f"{BOXED}: {r.warning}" if r.warning else "", r.context]
    return ", ".join(p for p in parts if p)


class ResultDelegate(QStyledItemDelegate):
    """Draws a result as rich text: title, context and the snippet with matches marked."""

    def _doc(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(html)
        doc.setTextWidth(max(100, option.rect.width()))
        return doc

    def paint(self, painter: QPainter, option: QStyleOptionViewItem,
              index: QModelIndex | QPersistentModelIndex) -> None:
        html = index.data(HTML_ROLE)
        if not html:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        doc = self._doc(opt, html)
        painter.save()
        painter.translate(opt.rect.topLeft())
        ctx = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        ctx.palette.setColor(QPalette.ColorRole.Text, opt.palette.color(role))
        painter.setClipRect(QRect(0, 0, opt.rect.width(), opt.rect.height()))
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def sizeHint(self, option: QStyleOptionViewItem,
                 index: QModelIndex | QPersistentModelIndex) -> QSize:
        html = index.data(HTML_ROLE)
        if not html:
            return super().sizeHint(option, index)
        view = option.widget  # the result list
        width = view.viewport().width() if isinstance(view, QAbstractItemView) else 400
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, width, 0)
        doc = self._doc(opt, html)
        return QSize(width, int(doc.size().height()) + 2)


class ResultsPopup(QFrame):
    """The frame holding the banner (count, correction, empty state) and the result list."""

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent, Qt.WindowType.Widget)
        self.setObjectName("searchPopup")
        self.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(4, 4, 4, 4)
        self.banner = QLabel(self)
        self.banner.setObjectName("muted")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        layout.addWidget(self.banner)
        self.list = QListWidget(self)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setAccessibleName("Search results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        layout.addWidget(self.list)
