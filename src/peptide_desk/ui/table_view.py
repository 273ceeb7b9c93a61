"""Source tables: one table with its provenance (DataTableView) and the index of all (TablesIndex).

The page itself (rows, sources, verification, correction) is table_pages.table_html.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QFont
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QStyleOptionViewItem,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.records import DataTable
from peptide_desk.store import Store
from peptide_desk.table_pages import table_html, table_not_found_html
from peptide_desk.themes import PALETTES, palette, reading_css
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.compare_table import COLUMN_ROLE, CellDelegate, Index
from peptide_desk.ui.theme import app_theme, app_zoom, clamp_zoom, reading_pt

TARGET_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 10


class DataTableView(QWidget):
    """One source table with its provenance; links are reported through ``linkActivated``."""

    linkActivated = Signal(str)

    def __init__(self, store: Store, theme: str | None = None, zoom: int | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        #: without an explicit theme/zoom the view follows the application's at each show
        self.follow_app = theme is None and zoom is None
        self.theme = theme if theme in PALETTES else app_theme()
        self.zoom = clamp_zoom(zoom) if zoom else app_zoom()
        self.table: DataTable | None = None
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName("Source table")
        self.browser.MEASURE_CHARS = 1000  # tables use the full width
        self.browser.linkActivated.connect(self.linkActivated)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.browser)
        self._apply_css()

    def show_table(self, table_id: str) -> bool:
        """Show the table ``table_id``; says so in the page when it does not exist."""
        if self.follow_app and (app_theme(), app_zoom()) != (self.theme, self.zoom):
            self.theme, self.zoom = app_theme(), app_zoom()
            self._apply_css()
        self.table = self.store.table(table_id)
        if self.table is None:
            self.browser.setHtml(table_not_found_html(table_id))
            return False
        self.browser.setHtml(table_html(self.store, self.table, palette(self.theme)))
        return True

    def text(self) -> str:
        return self.browser.toPlainText()

    def set_theme(self, name: str) -> None:
        self.follow_app = False
        self.theme = name if name in PALETTES else "light"
        self._refresh()

    def set_zoom(self, percent: int) -> None:
        self.follow_app = False
        self.zoom = clamp_zoom(percent)
        self._refresh()

    def _apply_css(self) -> None:
        css = reading_css(palette(self.theme), reading_pt(self.zoom))
        self.browser.document().setDefaultStyleSheet(css)

    def _refresh(self) -> None:
        self._apply_css()
        if self.table is not None:
            self.show_table(self.table.id)


class TreeWrapDelegate(CellDelegate):
    """Word-wrapped titles in a tree: the width left after the branch indentation."""

    def _width(self, option: QStyleOptionViewItem, index: Index) -> int:
        tree = self.parent()
        assert isinstance(tree, QTreeView)
        depth = 1 if index.parent().isValid() else 0
        return tree.columnWidth(index.column()) - tree.indentation() * (depth + 1)


class TablesIndex(QWidget):
    """Every table grouped under its article, filtered as you type; opens ``table:ID``."""

    linkActivated = Signal(str)

    def __init__(self, store: Store, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        title = QLabel("Tables from the articles", self)
        title.setObjectName("paneTitle")
        self.filter = QLineEdit(self)
        self.filter.setPlaceholderText("Filter tables by title, column or cell text…")
        self.filter.setAccessibleName("Filter tables")
        self.filter.setClearButtonEnabled(True)
        self.filter.textChanged.connect(self.apply_filter)
        self.tree = QTreeWidget(self)
        self.tree.setAccessibleName("Tables by article")
        self.tree.setHeaderLabels(["Table", "Rows", "Correction"])
        self.tree.setWordWrap(True)
        self.tree.setUniformRowHeights(False)
        self.tree.setItemDelegateForColumn(0, TreeWrapDelegate(self.tree))
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self.tree.doItemsLayout)
        self.tree.header().sectionResized.connect(lambda *_: self._relayout.start())
        self.tree.itemActivated.connect(self._open)
        self.tree.itemClicked.connect(self._clicked)
        self.empty = QLabel(self)
        self.empty.setWordWrap(True)
        self.empty.hide()
        layout = QVBoxLayout(self)
        layout.addWidget(title)
        layout.addWidget(self.filter)
        layout.addWidget(self.empty)
        layout.addWidget(self.tree, 1)
        self._fill()

    def _fill(self) -> None:
        titles = {a.id: a.title for a in self.store.articles()}
        groups: dict[str, QTreeWidgetItem] = {}
        for tid, _title, article_id in self.store.table_ids():
            table = self.store.table(tid)
            if table is None:
                continue
            parent = groups.get(article_id)
            if parent is None:
                name = titles.get(article_id, article_id)
                parent = QTreeWidgetItem(self.tree, [name])
                parent.setData(0, TARGET_ROLE, f"article:{article_id}")
                parent.setData(0, SEARCH_ROLE, name.casefold())
                parent.setData(0, COLUMN_ROLE, "name")  # drawn bold
                font = QFont(parent.font(0))
                font.setBold(True)
                parent.setFont(0, font)
                for col in (1, 2):  # a screen reader names every cell, even an empty one
                    parent.setData(col, Qt.ItemDataRole.AccessibleTextRole, f"{name}: article")
                groups[article_id] = parent
            item = QTreeWidgetItem(parent, [table.title, str(len(table.rows)),
                                            "Corrected" if table.correction else ""])
            item.setData(0, TARGET_ROLE, f"table:{tid}")
            item.setToolTip(0, table.caption or table.title)
            if table.correction:
                item.setToolTip(2, table.correction)
            else:
                item.setData(2, Qt.ItemDataRole.AccessibleTextRole, "No correction")
            words = [table.title, table.caption, table.correction, *table.columns,
                     *(c for r in table.rows for c in r.cells)]
            item.setData(0, SEARCH_ROLE, " ".join(words).casefold())
        self.tree.expandAll()
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for col in (1, 2):
            header.setSectionResizeMode(col, QHeaderView.ResizeMode.ResizeToContents)

    def _groups(self) -> list[QTreeWidgetItem]:
        """The article headings (the tree's top level)."""
        tops = (self.tree.topLevelItem(i) for i in range(self.tree.topLevelItemCount()))
        return [g for g in tops if g is not None]

    def table_items(self) -> list[QTreeWidgetItem]:
        return [it for g in self._groups() for it in _children(g)]

    def visible_tables(self) -> list[str]:
        """Ids of the tables the filter leaves, in order."""
        return [str(it.data(0, TARGET_ROLE)).partition(":")[2] for g in self._groups()
                if not g.isHidden() for it in _children(g) if not it.isHidden()]

    def apply_filter(self, text: str = "") -> None:
        """Keep tables whose words (or whose article's title) contain every typed word."""
        words = (text or self.filter.text()).casefold().split()
        shown = 0
        for group in self._groups():
            group_hit = all(w in str(group.data(0, SEARCH_ROLE)) for w in words)
            visible = 0
            for child in _children(group):
                hit = group_hit or all(w in str(child.data(0, SEARCH_ROLE)) for w in words)
                child.setHidden(not hit)
                visible += hit
            group.setHidden(visible == 0)
            shown += visible
        self.empty.setText("No table matches these words. Clear the filter to see all tables.")
        self.empty.setVisible(shown == 0)

    def _clicked(self, item: QTreeWidgetItem, column: int = 0) -> None:
        """A click opens a table; an article heading opens on Enter or double-click."""
        if item.parent() is not None:
            self._open(item, column)

    def _open(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        target = item.data(0, TARGET_ROLE)
        if target:
            self.linkActivated.emit(str(target))


def _children(item: QTreeWidgetItem) -> list[QTreeWidgetItem]:
    kids = (item.child(j) for j in range(item.childCount()))
    return [k for k in kids if k is not None]
