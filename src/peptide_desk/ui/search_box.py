"""The search field and its drop-down of results, grouped by kind, as the user types."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QModelIndex, QObject, QPoint, QRect, QSize, Qt, Signal
from PySide6.QtGui import QAbstractTextDocumentLayout, QKeyEvent, QPalette, QTextDocument
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QVBoxLayout,
    QWidget,
)

TARGET_ROLE = Qt.ItemDataRole.UserRole
HTML_ROLE = Qt.ItemDataRole.UserRole + 1
MORE_ROLE = Qt.ItemDataRole.UserRole + 2
PER_GROUP = 5  # results shown per kind before a "more" row


class ResultDelegate(QStyledItemDelegate):
    """Draws a result as rich text: title, context and the snippet with matches marked."""

    def _doc(self, option: QStyleOptionViewItem, html: str) -> QTextDocument:
        doc = QTextDocument()
        doc.setDefaultFont(option.font)
        doc.setDocumentMargin(4)
        doc.setHtml(html)
        doc.setTextWidth(max(100, option.rect.width()))
        return doc

    def paint(self, painter, option, index: QModelIndex) -> None:
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

    def sizeHint(self, option, index: QModelIndex) -> QSize:
        html = index.data(HTML_ROLE)
        if not html:
            return super().sizeHint(option, index)
        width = option.widget.viewport().width() if option.widget else 400
        opt = QStyleOptionViewItem(option)
        opt.rect = QRect(0, 0, width, 0)
        doc = self._doc(opt, html)
        return QSize(width, int(doc.size().height()) + 2)


class SearchBox(QWidget):
    """A line edit whose results drop down beneath it; Up/Down/Enter/Esc operate them."""

    activated = Signal(str)  # a result's target

    def __init__(self, services, parent: QWidget | None = None) -> None:
        """``services.search`` is looked up on the first keystroke, not at start-up."""
        super().__init__(parent)
        self.services = services
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Search articles, substances, terms…   Ctrl+K")
        self.edit.setClearButtonEnabled(True)
        self.edit.setAccessibleName("Search")
        self.edit.setAccessibleDescription(
            "Type to search articles, substances, classes, glossary terms, tables and "
            "references. Use Up and Down to choose a result, Enter to open it, Esc to close.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.popup = QFrame(self.window(), Qt.WindowType.Widget)
        self.popup.setObjectName("searchPopup")
        self.popup.hide()
        pop_layout = QVBoxLayout(self.popup)
        pop_layout.setContentsMargins(4, 4, 4, 4)
        self.banner = QLabel(self.popup)
        self.banner.setObjectName("muted")
        self.banner.setWordWrap(True)
        self.banner.setTextFormat(Qt.TextFormat.RichText)
        self.banner.linkActivated.connect(self._search_original)
        pop_layout.addWidget(self.banner)
        self.list = QListWidget(self.popup)
        self.list.setItemDelegate(ResultDelegate(self.list))
        self.list.setAccessibleName("Search results")
        self.list.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.list.setVerticalScrollMode(QListWidget.ScrollMode.ScrollPerPixel)
        self.list.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.list.setWordWrap(True)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        pop_layout.addWidget(self.list)
        self.response = None  # the last SearchResponse
        self._no_correct = False
        self.expanded: str | None = None  # a kind whose results are all shown
        self.edit.textChanged.connect(self._on_text)
        self.edit.installEventFilter(self)

    # --- behaviour ----------------------------------------------------------------------
    def focus(self, text: str | None = None) -> None:
        """Give the field focus (Ctrl+K); optionally start it with ``text``."""
        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if text is not None:
            self.edit.setText(text)
        else:
            self.edit.selectAll()

    def _on_text(self, text: str) -> None:
        self._no_correct = False
        self.expanded = None
        self.run(text)

    def run(self, text: str):
        """Search now and show the grouped results (or a one-line empty state)."""
        from peptide_desk.search import KIND_LABELS

        resp = self.services.search.search(text, limit=40, correct=not self._no_correct)
        self.response = resp
        self.list.clear()
        if not text.strip():
            self.popup.hide()
            return resp
        if len(text.strip()) < 2:
            self.banner.setText("Keep typing: results appear from two letters.")
            self._place_popup()
            return resp
        if resp.corrected:
            self.banner.setText(
                f"Showing results for <b>{_esc(resp.corrected)}</b>. "
                f"<a href='orig'>Search instead for “{_esc(resp.query)}”</a>")
        elif not resp.results:
            self.banner.setText(f"No results for “{_esc(resp.query)}”. Try fewer words, "
                                "another spelling, or a brand or class name.")
        else:
            self.banner.setText(f"{len(resp.results)} results")
        for kind, results in resp.grouped():
            head = QListWidgetItem(f"{KIND_LABELS[kind]} ({len(results)})")
            head.setFlags(Qt.ItemFlag.NoItemFlags)
            font = head.font()
            font.setBold(True)
            head.setFont(font)
            self.list.addItem(head)
            shown = results if kind == self.expanded else results[:PER_GROUP]
            for r in shown:
                item = QListWidgetItem(r.title)
                item.setData(TARGET_ROLE, r.target)
                snippet = f"<br><span style='font-size:small'>{r.snippet}</span>" \
                    if r.snippet else ""
                item.setData(HTML_ROLE, f"<b>{_esc(r.title)}</b> "
                                        f"<span style='font-size:small'>— {_esc(r.context)}"
                                        f"</span>{snippet}")
                item.setToolTip(f"{r.title} — {r.context}")
                item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{r.title}, {r.context}")
                self.list.addItem(item)
            if len(shown) < len(results):
                more = QListWidgetItem(f"Show all {len(results)} {KIND_LABELS[kind].lower()} …")
                more.setData(MORE_ROLE, kind)
                self.list.addItem(more)
        self._select(1)
        self._place_popup()
        return resp

    def _search_original(self, _link: str) -> None:
        self._no_correct = True
        self.run(self.edit.text())

    def _place_popup(self) -> None:
        win = self.window()
        if self.popup.parent() is not win:
            self.popup.setParent(win)
        top_left = self.edit.mapTo(win, QPoint(0, self.edit.height() + 2))
        width = max(self.edit.width(), min(720, win.width() - top_left.x() - 12))
        height = min(int(win.height() * 0.7), 120 + 70 * self.list.count())
        self.popup.setGeometry(top_left.x(), top_left.y(), width, height)
        self.popup.show()
        self.popup.raise_()

    def _select(self, start: int, step: int = 1) -> None:
        row = start
        while 0 <= row < self.list.count():
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                return
            row += step

    def _open_item(self, item: QListWidgetItem) -> None:
        kind = item.data(MORE_ROLE)
        if kind:
            self.expanded = kind
            row = self.list.row(item)
            self.run(self.edit.text())
            self._select(row)
            return
        target = item.data(TARGET_ROLE)
        if target:
            self.popup.hide()
            self.activated.emit(target)

    def close_popup(self) -> None:
        self.popup.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.edit and event.type() == QEvent.Type.KeyPress:
            key = QKeyEvent(event).key() if not isinstance(event, QKeyEvent) else event.key()
            if key in (Qt.Key.Key_Down, Qt.Key.Key_Up) and self.popup.isVisible():
                step = 1 if key == Qt.Key.Key_Down else -1
                self._select(self.list.currentRow() + step, step)
                return True
            if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
                if not self.popup.isVisible() and self.edit.text().strip():
                    self.run(self.edit.text())
                item = self.list.currentItem()
                if item is not None:
                    self._open_item(item)
                return True
            if key == Qt.Key.Key_Escape:
                if self.popup.isVisible():
                    self.popup.hide()
                else:
                    self.edit.clear()
                return True
        if obj is self.edit and event.type() == QEvent.Type.FocusOut \
                and not self.list.underMouse():
            self.popup.hide()
        return super().eventFilter(obj, event)


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
