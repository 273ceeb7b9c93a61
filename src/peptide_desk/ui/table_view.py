"""Source tables: one table with its provenance (DataTableView) and the index of all (TablesIndex).

The page's parts come from table_pages: its head and references as HTML (two small text
browsers), its rows (``table_grid``) in a QTableView over ``TableRowsModel``, painted by
``TableRowDelegate``: a table of thousands of rows opens at once, where one HTML document
took seconds to lay out. Row heights are measured only for the rows scrolled into view.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QAbstractTableModel,
    QModelIndex,
    QObject,
    QPointF,
    QRect,
    QSize,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QLabel,
    QLineEdit,
    QSplitter,
    QStyle,
    QStyleOptionViewItem,
    QTableView,
    QTreeView,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.records import DataTable
from peptide_desk.store import Store
from peptide_desk.table_pages import (
    NO_REFERENCE,
    Grid,
    GridRow,
    Source,
    references_html,
    table_grid,
    table_head_html,
    table_not_found_html,
)
from peptide_desk.themes import PALETTES, palette, reading_css
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.compare_table import COLUMN_ROLE, CellDelegate, Index, text_layout
from peptide_desk.ui.theme import (
    app_theme,
    app_zoom,
    clamp_zoom,
    qpalette,
    reading_pt,
    ui_pt,
)

TARGET_ROLE = Qt.ItemDataRole.UserRole
SEARCH_ROLE = Qt.ItemDataRole.UserRole + 10
SOURCES_ROLE = Qt.ItemDataRole.UserRole + 11
#: The narrowest each kind of column gets at 100% zoom (a source's badge must fit).
MIN_WIDTHS = {"cell": 110, "sources": 190, "note": 150}
#: How many rows the widths of the table's own columns are judged by.
WIDTH_SAMPLE = 200


def share(room: float, weights: list[float], minimums: list[float]) -> list[float]:
    """``room`` shared in proportion to ``weights``, none below its minimum (the others
    give way); the minimums alone when they do not fit."""
    widths = list(minimums)
    free = set(range(len(weights)))
    while free:
        left = room - sum(widths[i] for i in range(len(widths)) if i not in free)
        total = sum(weights[i] for i in free) or 1.0
        below = {i for i in free if left * weights[i] / total < minimums[i]}
        if not below:
            for i in free:
                widths[i] = left * weights[i] / total
            break
        free -= below  # held at their minimum; share again among the rest
    return widths


def fit_header_height(header: QHeaderView, zoom: int) -> None:
    """The header tall enough for its titles wrapped to their columns (none clipped)."""
    model = header.model()
    if model is None:
        return
    font = QFont(header.font())
    font.setBold(True)
    metrics = QFontMetrics(font)
    pad = max(2, round(4 * zoom / 100))
    tallest = metrics.height()
    for i in range(header.count()):
        width = max(10, header.sectionSize(i) - 2 * pad - 6)
        text = str(model.headerData(i, Qt.Orientation.Horizontal))
        rect = metrics.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, text)
        tallest = max(tallest, rect.height())
    header.setFixedHeight(tallest + 2 * pad + 8)


class TableRowsModel(QAbstractTableModel):
    """The rows of one source table (``table_pages.Grid``): text, link and sources per cell."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.grid = Grid((), (), False)

    def set_grid(self, grid: Grid) -> None:
        self.beginResetModel()
        self.grid = grid
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.grid.columns)

    def kind(self, col: int) -> str:
        """'cell', 'sources' or 'note': what column ``col`` holds."""
        own = len(self.grid.columns) - 1 - self.grid.notes
        return "cell" if col < own else "sources" if col == own else "note"

    def text(self, row: GridRow, col: int) -> str:
        kind = self.kind(col)
        if kind == "sources":
            return "; ".join(s.plain for s in row.sources) or NO_REFERENCE
        return row.note if kind == "note" else (row.cells[col] if col < len(row.cells) else "")

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row, col = self.grid.rows[index.row()], index.column()
        kind = self.kind(col)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self.text(row, col)
        if role == TARGET_ROLE:  # where Enter or a click on the cell leads
            if kind == "sources":
                return row.sources[0].target if row.sources else None
            return row.link or None if col == 0 else None
        if role == SOURCES_ROLE:
            return row.sources if kind == "sources" else None
        if role == Qt.ItemDataRole.ToolTipRole:
            if kind == "sources" and row.sources:
                return "Opens the reference: " + "; ".join(s.plain for s in row.sources)
            return f"Opens {row.link}" if col == 0 and row.link else None
        if role == COLUMN_ROLE:
            return kind
        return None

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole,
                Qt.ItemDataRole.AccessibleTextRole):
            return self.grid.columns[section]
        if orientation == Qt.Orientation.Vertical and role == Qt.ItemDataRole.DisplayRole:
            return str(section + 1)
        return None


class TableRowDelegate(CellDelegate):
    """Wrapped cells; a linked first cell in the link colour; each source as its short
    citation (a link) over its verification badge, which carries its text."""

    def _sources(self, index: Index) -> tuple[Source, ...]:
        found = index.data(SOURCES_ROLE)
        return found if isinstance(found, tuple) else ()

    def _source_blocks(self, sources: tuple[Source, ...], font: QFont, width: int
                       ) -> list[tuple[Source, float, float]]:
        """(source, citation height, badge height) for each source, in a column ``width``."""
        pad, inner = self._pad(), width - 2 * self._pad()
        return [(s, text_layout(s.citation, font, inner)[1],
                 text_layout(s.label, font, inner - 2 * pad)[1] + 2 * pad) for s in sources]

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        sources = self._sources(index)
        if not sources:
            return super().sizeHint(option, index)
        pad, width = self._pad(), self._width(option, index)
        blocks = self._source_blocks(sources, option.font, width)
        height = sum(c + b + pad for _s, c, b in blocks) + pad
        return QSize(width, int(height + pad + 1))

    def source_at(self, option: QStyleOptionViewItem, index: Index, y: int) -> Source | None:
        """The source drawn at height ``y`` in the cell (a click opens that one)."""
        sources = self._sources(index)
        top, pad = float(option.rect.y() + self._pad()), self._pad()
        for source, cite, badge in self._source_blocks(sources, option.font,
                                                       self._width(option, index)):
            top += cite + badge + pad
            if y < top:
                return source
        return sources[-1] if sources else None

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        sources = self._sources(index)
        linked = index.column() == 0 and bool(index.data(TARGET_ROLE))
        if not sources and not linked:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        if opt.widget is not None:
            opt.widget.style().drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter,
                                           opt.widget)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        link = opt.palette.highlightedText().color() if selected else QColor(self.pal.link)
        pad = self._pad()
        x, y, w = opt.rect.x() + pad, float(opt.rect.y() + pad), opt.rect.width() - 2 * pad
        painter.save()
        painter.setClipRect(opt.rect)
        font = QFont(opt.font)
        font.setUnderline(True)
        if linked:
            layout = text_layout(str(index.data(Qt.ItemDataRole.DisplayRole)), font, w)[0]
            painter.setPen(link)
            layout.draw(painter, QPointF(x, y))
        for source in sources:
            layout, height, _ = text_layout(source.citation, font, w)
            painter.setPen(link)
            layout.draw(painter, QPointF(x, y))
            y = self._badge_for(painter, source, opt.font, x, y + height, w, pad) + pad
        painter.restore()

    def _badge_for(self, painter: QPainter, source: Source, font: QFont, x: float, y: float,
                   w: float, pad: int) -> float:
        from peptide_desk.compare import Cell

        return self._badge(painter, Cell(source.label, badge=source.status), font, x, y, w, pad)


class TableRowsView(QTableView):
    """The rows: Enter or a click on a link or a source opens it; row heights are measured
    for the rows in view only (all of them would take seconds for thousands)."""

    targetActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setMouseTracking(True)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectItems)
        self.setAlternatingRowColors(True)
        self.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        self.verticalHeader().hide()
        header = self.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                   | Qt.TextFlag.TextWordWrap)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.sized: set[int] = set()  # rows whose height fits their text
        self._pressed_y = 0  # where the last click was: which source it chose
        self._size_timer = QTimer(self, singleShot=True, interval=0)
        self._size_timer.timeout.connect(self.size_rows_in_view)
        self.verticalScrollBar().valueChanged.connect(lambda _v: self._size_timer.start())
        self.clicked.connect(self._clicked)
        self.activated.connect(self._open)

    def forget_heights(self) -> None:
        """Widths or fonts changed: measure again as rows come into view."""
        self.sized.clear()
        self._size_timer.start()

    def size_rows_in_view(self) -> None:
        """Fit the height of each row in view (and a screen beyond) to its text, once."""
        model = self.model()
        if model is None or model.rowCount() == 0:
            return
        first = max(0, self.rowAt(0))
        height = self.viewport().height()
        last = self.rowAt(height)
        last = model.rowCount() - 1 if last < 0 else last
        for row in range(first, min(model.rowCount(), last + 1 + (last - first) + 1)):
            if row not in self.sized:
                self.sized.add(row)
                self.resizeRowToContents(row)
        if self.rowAt(height) != last:  # rows shrank or grew: more may be in view now
            self._size_timer.start()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._size_timer.start()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self._open(self.currentIndex())
            return
        super().keyPressEvent(event)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._pressed_y = int(event.position().y())
        super().mousePressEvent(event)

    def _open(self, index: QModelIndex) -> None:
        target = index.data(TARGET_ROLE)
        if target:
            self.targetActivated.emit(str(target))

    def _clicked(self, index: QModelIndex) -> None:
        """A click on a linked first cell or on a source opens it, as a link in a page does."""
        delegate = self.itemDelegate()
        sources = index.data(SOURCES_ROLE)
        if sources and isinstance(delegate, TableRowDelegate):
            option = QStyleOptionViewItem()
            self.initViewItemOption(option)
            option.rect = self.visualRect(index)
            source = delegate.source_at(option, index, self._pressed_y)
            if source is not None:
                self.targetActivated.emit(source.target)
            return
        if index.column() == 0:
            self._open(index)


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
        self.browser = ContentBrowser(self)  # the head: title, article, caption, correction
        self.browser.setAccessibleName("Source table")
        self.browser.MEASURE_CHARS = 1000  # tables use the full width
        self.browser.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        self.browser.linkActivated.connect(self.linkActivated)
        self.model = TableRowsModel(self)
        self.rows = TableRowsView(self)
        self.rows.setAccessibleName("Rows of the table")
        self.delegate = TableRowDelegate(self.rows)
        self.rows.setItemDelegate(self.delegate)
        self.rows.setModel(self.model)
        self.rows.targetActivated.connect(self.linkActivated)
        self.references = ContentBrowser(self)
        self.references.setAccessibleName("References of the table")
        self.references.MEASURE_CHARS = 1000
        self.references.linkActivated.connect(self.linkActivated)
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.rows)
        self.splitter.addWidget(self.references)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setChildrenCollapsible(False)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.browser)
        layout.addWidget(self.splitter, 1)
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self._fit)
        self._apply_css()

    def show_table(self, table_id: str) -> bool:
        """Show the table ``table_id``; says so in the page when it does not exist."""
        if self.follow_app and (app_theme(), app_zoom()) != (self.theme, self.zoom):
            self.theme, self.zoom = app_theme(), app_zoom()
            self._apply_css()
        self.table = self.store.table(table_id)
        if self.table is None:
            self.browser.setHtml(table_not_found_html(table_id))
            self.model.set_grid(Grid((), (), False))
            self.splitter.hide()
            self._fit_timer.start()
            return False
        self.browser.setHtml(table_head_html(self.store, self.table))
        self.model.set_grid(table_grid(self.store, self.table))
        self.references.setHtml(references_html(self.store, self.table,
                                                palette(self.theme)))
        self.references.setVisible(bool(self.references.toPlainText().strip()))
        self.splitter.show()
        self.rows.scrollToTop()
        self._widths()
        self.rows.forget_heights()
        self.rows.size_rows_in_view()
        self._fit_timer.start()
        return True

    def text(self) -> str:
        """The page as plain text: head, header row, every row (tab-separated), references."""
        grid = self.model.grid
        lines = [self.browser.toPlainText()]
        if grid.columns:
            lines.append("\t".join(grid.columns))
            lines += ["\t".join(cells) for cells in grid.plain_rows()]
            lines.append(self.references.toPlainText())
        return "\n".join(lines)

    def set_theme(self, name: str) -> None:
        self.follow_app = False
        self.theme = name if name in PALETTES else "light"
        self._refresh()

    def set_zoom(self, percent: int) -> None:
        self.follow_app = False
        self.zoom = clamp_zoom(percent)
        self._refresh()

    def _apply_css(self) -> None:
        pal = palette(self.theme)
        css = reading_css(pal, reading_pt(self.zoom))
        for browser in (self.browser, self.references):
            browser.document().setDefaultStyleSheet(css)
        self.delegate.set_appearance(pal, self.zoom)
        self.rows.setPalette(qpalette(pal))  # its theme, even when not the application's
        font = QFont(self.rows.font())
        font.setPointSizeF(ui_pt(self.zoom))
        self.rows.setFont(font)

    def _refresh(self) -> None:
        self._apply_css()
        if self.table is not None:
            self.show_table(self.table.id)

    def _widths(self) -> None:
        """Every column gets a share of the width by how long its texts are (read from the
        first rows only: it stays quick), never less than its minimum; no sideways scroll
        unless the minimums alone do not fit."""
        scale = self.zoom / 100
        kinds = [self.model.kind(c) for c in range(self.model.columnCount())]
        room = (self.rows.width() - 2 * self.rows.frameWidth() - 1  # less the scroll bar, always
                - self.rows.verticalScrollBar().sizeHint().width())
        sample = self.model.grid.plain_rows(WIDTH_SAMPLE)
        weights = [min(120.0, 8.0 + sum(len(r[c]) for r in sample) / max(1, len(sample)))
                   for c in range(len(kinds))]
        minimums = [MIN_WIDTHS[k] * scale for k in kinds]
        for col, width in enumerate(share(room, weights, minimums)):
            self.rows.setColumnWidth(col, int(width))
        fit_header_height(self.rows.horizontalHeader(), self.zoom)

    def _fit(self) -> None:
        """The head as tall as its text; the rows above the references, no taller than they
        need to be."""
        doc = self.browser.document()
        doc.setTextWidth(self.browser.viewport().width())
        self.browser.setFixedHeight(min(int(doc.size().height()) + 2 * self.browser.frameWidth(),
                                        max(80, self.height() // 3)))
        if self.splitter.isVisible() and self.references.isVisible():
            header = self.rows.horizontalHeader().height()
            rows = sum(self.rows.rowHeight(r) for r in range(min(self.model.rowCount(), 60)))
            total = self.splitter.height()
            wanted = min(header + rows + 2 * self.rows.frameWidth() + 4, int(total * 0.75))
            self.splitter.setSizes([wanted, total - wanted])

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.table is not None:
            self._widths()
            self.rows.forget_heights()
        self._fit_timer.start()


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
