"""The search field and its drop-down of results, grouped by kind, as the user types.

The field is on the start path and painted first; ``attach()`` (right after the first paint)
builds the drop-down and connects typing, so this module imports only light Qt names.
Keys typed before that are kept by the field and searched once attached.
"""

from __future__ import annotations

import builtins
from typing import TYPE_CHECKING

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QEvent
    from PySide6.QtWidgets import QLabel, QListWidget, QListWidgetItem

    from peptide_desk.search import SearchResponse, SearchResult
    from peptide_desk.services import Services
    from peptide_desk.themes import Palette
    from peptide_desk.ui.search_popup import ResultsPopup

PER_GROUP = 5  # results shown per kind before a "more" row


class SearchBox(QWidget):
    """A line edit whose results drop down beneath it; Up/Down/Enter/Esc operate them."""

    activated = Signal(str)  # a result's target
    popup: ResultsPopup  # these three exist once attach() has run
    list: QListWidget
    banner: QLabel

    def __init__(self, services: Services, parent: QWidget | None = None) -> None:
        """``services.search`` is looked up on the first keystroke, not at start-up."""
        super().__init__(parent)
        self.services = services
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Search articles, substances, terms…   Ctrl+K")
        self.edit.setAccessibleName("Search")
        self.edit.setAccessibleDescription(
            "Type to search articles, substances, classes, glossary terms, tables and "
            "references. Use Up and Down to choose a result, Enter to open it, Esc to close.")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.edit)
        self.attached = False
        self.response: SearchResponse | None = None  # the last one
        self._no_correct = False
        self.expanded: str | None = None  # a kind whose results are all shown
        self.pal: Palette | None = None  # see set_palette()
        #: The query of the last result opened (its words are marked on the page).
        self.opened_query = ""

    def attach(self) -> None:
        """Build the drop-down and start answering keystrokes (after the first paint)."""
        if self.attached:
            return
        from peptide_desk.ui.search_popup import ResultsPopup

        self.attached = True
        self.edit.setClearButtonEnabled(True)  # loads a style icon: after the first paint
        self.popup = ResultsPopup(self.window())
        self.banner = self.popup.banner
        self.list = self.popup.list
        self.banner.linkActivated.connect(self._search_original)
        self.list.itemActivated.connect(self._open_item)
        self.list.itemClicked.connect(self._open_item)
        self.edit.textChanged.connect(self._on_text)
        self.edit.installEventFilter(self)
        if self.edit.text():  # typed while the window was still starting
            self._on_text(self.edit.text())

    # --- behaviour ----------------------------------------------------------------------
    def focus(self, text: str | None = None) -> None:
        """Give the field focus (Ctrl+K); optionally start it with ``text``."""
        from PySide6.QtCore import Qt

        self.edit.setFocus(Qt.FocusReason.ShortcutFocusReason)
        if text is not None:
            self.edit.setText(text)
        else:
            self.edit.selectAll()

    def _on_text(self, text: str) -> None:
        self._no_correct = False
        self.expanded = None
        self.run(text)

    def run(self, text: str) -> SearchResponse:
        """Search now and show the grouped results (or a one-line empty state)."""
        resp = self.services.search.search(text, limit=40, correct=not self._no_correct)
        self.response = resp
        self.list.clear()
        if not text.strip():
            self.popup.hide()
            return resp
        from peptide_desk.search import MIN_QUERY_CHARS, SHORT_QUERY_HINT

        if len(text.strip()) < MIN_QUERY_CHARS:
            self.banner.setText(SHORT_QUERY_HINT)
            self._place_popup()
            return resp
        self.banner.setText(_banner(resp))
        pal = self.badge_palette()
        for kind, results in resp.grouped():
            self._add_group(kind, results, pal)
        self._select(1)
        self._place_popup()
        return resp

    def set_palette(self, pal: Palette) -> None:
        """The theme's colours for the result badges (else read from the application)."""
        self.pal = pal

    def badge_palette(self) -> Palette:
        """The palette set, or the theme whose colours the application uses."""
        from peptide_desk.themes import palette
        from peptide_desk.ui.theme import app_theme

        return self.pal if self.pal is not None else palette(app_theme())

    # builtins.list: in this class body ``list`` is the results widget
    def _add_group(self, kind: str, results: builtins.list[SearchResult],
                   pal: Palette) -> None:
        """A bold heading with the count, the first results, and a "Show all" row."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QListWidgetItem

        from peptide_desk.search import KIND_LABELS
        from peptide_desk.ui.search_popup import MORE_ROLE

        label = KIND_LABELS[kind] if kind == "compare" else \
            f"{KIND_LABELS[kind]} ({len(results)})"
        head = QListWidgetItem(label)
        head.setFlags(Qt.ItemFlag.NoItemFlags)
        font = head.font()
        font.setBold(True)
        head.setFont(font)
        self.list.addItem(head)
        shown = results if kind == self.expanded else results[:PER_GROUP]
        for r in shown:
            self.list.addItem(_result_item(r, pal))
        if len(shown) < len(results):
            more = QListWidgetItem(f"Show all {len(results)} {KIND_LABELS[kind].lower()} …")
            more.setData(MORE_ROLE, kind)
            self.list.addItem(more)

    def _search_original(self, _link: str) -> None:
        self._no_correct = True
        self.run(self.edit.text())

    def _place_popup(self) -> None:
        from PySide6.QtCore import QPoint

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
        from PySide6.QtCore import Qt

        row = start
        while 0 <= row < self.list.count():
            if self.list.item(row).flags() & Qt.ItemFlag.ItemIsEnabled:
                self.list.setCurrentRow(row)
                return
            row += step

    def _open_item(self, item: QListWidgetItem) -> None:
        from peptide_desk.ui.search_popup import MORE_ROLE, TARGET_ROLE

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
            self.opened_query = self.edit.text()
            self.activated.emit(target)
            self.edit.clear()  # the next search starts afresh (the page marks these words)

    def close_popup(self) -> None:
        if self.attached:
            self.popup.hide()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        from PySide6.QtCore import QEvent, Qt
        from PySide6.QtGui import QKeyEvent

        if obj is self.edit and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):  # (a KeyPress always arrives as one)
            key = event.key()
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


def _banner(resp: SearchResponse) -> str:
    """The line above the results: the correction made, the empty state, or the count."""
    if resp.corrected:
        return (f"Showing results for <b>{_esc(resp.corrected)}</b>. "
                f"<a href='orig'>Search instead for “{_esc(resp.query)}”</a>")
    if not resp.results:
        return (f"No results for “{_esc(resp.query)}”. Try fewer words, another spelling, "
                "or a brand or class name.")
    return f"{len(resp.results)} results"


def _result_item(r: SearchResult, pal: Palette) -> QListWidgetItem:
    """A result row: drawn from its HTML, announced and tooltipped with the badges' words."""
    from PySide6.QtCore import Qt
    from PySide6.QtWidgets import QListWidgetItem

    from peptide_desk.ui.search_popup import HTML_ROLE, TARGET_ROLE, result_html, result_words

    item = QListWidgetItem(r.title)
    item.setData(TARGET_ROLE, r.target)
    item.setData(HTML_ROLE, result_html(r, pal))
    item.setToolTip(result_words(r))
    item.setData(Qt.ItemDataRole.AccessibleTextRole, result_words(r))
    return item


def _esc(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
