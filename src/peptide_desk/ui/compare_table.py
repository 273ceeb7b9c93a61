"""Model, proxy, badge delegate and frozen-column table behind the compare view.

Every value comes from peptide_desk.compare rows; nothing here decides content.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import (
    QAbstractItemModel,
    QAbstractTableModel,
    QModelIndex,
    QPersistentModelIndex,
    QPointF,
    QRect,
    QRectF,
    QSize,
    QSortFilterProxyModel,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontMetricsF,
    QKeyEvent,
    QPainter,
    QPen,
    QResizeEvent,
    QTextLayout,
)
from PySide6.QtGui import QTextOption as _Opt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHeaderView,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableView,
    QWidget,
)

from peptide_desk import compare
from peptide_desk.badges import badge_colours
from peptide_desk.compare import ALL_COLUMNS, BADGE_COLUMNS, FULL_DETAIL, Cell, Filter, Row
from peptide_desk.records import Reference
from peptide_desk.themes import Palette, palette

CELL_ROLE = Qt.ItemDataRole.UserRole + 1
ROW_ROLE = Qt.ItemDataRole.UserRole + 2
COLUMN_ROLE = Qt.ItemDataRole.UserRole + 3
Index = QModelIndex | QPersistentModelIndex
#: Column widths at 100% zoom (pixels); long prose gets the wider columns.
#: Name, regulators, evidence and safety together fit a 1280 px window (about 1050 px of
#: table beside the navigation pane) without scrolling sideways.
WIDTHS = {"name": 170, "fda": 220, "ema": 220, "evidence": 150, "safety": 270, "class": 170,
          "mechanism": 250, "receptor": 170, "target_organs": 200, "route": 180,
          "dosing_frequency": 180, "insulin_effect": 280, "key_figure": 270, "off_label": 250}
PAD = 6


class ComparisonModel(QAbstractTableModel):
    """Rows of compare.py as a table: name first, then every compare.COLUMNS column."""

    def __init__(self, lookup: Callable[[str], Reference | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.kind = "substance"
        self.rows: list[Row] = []

    def set_rows(self, rows: Sequence[Row], kind: str) -> None:
        self.beginResetModel()
        self.rows, self.kind = list(rows), kind
        self.endResetModel()

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(ALL_COLUMNS)

    def column_id(self, col: int) -> str:
        return ALL_COLUMNS[col].id

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid():
            return None
        row = self.rows[index.row()]
        cid = ALL_COLUMNS[index.column()].id
        cell = row.cell(cid)
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return cell.plain
        if role == Qt.ItemDataRole.ToolTipRole:
            return compare.provenance_text(cell, self.lookup)
        return {CELL_ROLE: cell, ROW_ROLE: row, COLUMN_ROLE: cid}.get(role)

    def headerData(self, section: int, orientation: Qt.Orientation,
                   role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if orientation == Qt.Orientation.Horizontal and role in (
                Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return compare.header_for(ALL_COLUMNS[section].id, self.kind)
        return super().headerData(section, orientation, role)


class ComparisonProxyModel(QSortFilterProxyModel):
    """Filters with compare.matches and sorts with compare.sort_key (evidence by strength)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.filter = Filter()

    def set_filter(self, f: Filter) -> None:
        self.beginFilterChange()
        self.filter = f
        self.endFilterChange(QSortFilterProxyModel.Direction.Rows)

    def _source(self) -> ComparisonModel:
        model = self.sourceModel()
        assert isinstance(model, ComparisonModel)
        return model

    def filterAcceptsRow(self, source_row: int, source_parent: Index) -> bool:
        return compare.matches(self._source().rows[source_row], self.filter)

    def lessThan(self, left: Index, right: Index) -> bool:
        src = self._source()
        cid = src.column_id(left.column())
        return compare.sort_key(src.rows[left.row()], cid) < compare.sort_key(
            src.rows[right.row()], cid)

    def row_at(self, proxy_row: int) -> Row:
        return self._source().rows[self.mapToSource(self.index(proxy_row, 0)).row()]

    def visible_rows(self) -> list[Row]:
        return [self.row_at(r) for r in range(self.rowCount())]


def text_layout(text: str, font: QFont, width: float) -> tuple[QTextLayout, float, float]:
    """Wrapped layout (breaks inside a word only when it cannot fit): layout, height, width."""
    layout = QTextLayout(text.replace("\n", "\u2028"), font)
    opt = _Opt()
    opt.setWrapMode(_Opt.WrapMode.WrapAtWordBoundaryOrAnywhere)
    layout.setTextOption(opt)
    layout.beginLayout()
    y = widest = 0.0
    while True:
        line = layout.createLine()
        if not line.isValid():
            break
        line.setLineWidth(max(1.0, width))
        line.setPosition(QPointF(0, y))
        y += line.height()
        widest = max(widest, line.naturalTextWidth())
    layout.endLayout()
    return layout, y, widest


def draw_lines(painter: QPainter, layout: QTextLayout, at: QPointF, bottom: float,
               font: QFont) -> bool:
    """Draw the lines of ``layout`` that fit above ``bottom``; when some do not, end the last
    one drawn with "…" (a capped row never cuts a line in half). True: all were drawn."""
    shown = 0
    for i in range(layout.lineCount()):
        line = layout.lineAt(i)
        if at.y() + line.y() + line.height() > bottom + 1:
            break
        shown += 1
    if shown == layout.lineCount():
        layout.draw(painter, at)
        return True
    for i in range(shown - 1):
        layout.lineAt(i).draw(painter, at)
    if shown:  # the last line shown: the rest of the text, elided to its width
        last = layout.lineAt(shown - 1)
        rest = layout.text()[last.textStart():].replace("\u2028", " ")
        metrics = QFontMetricsF(font)
        painter.setFont(font)
        painter.drawText(QPointF(at.x(), at.y() + last.y() + last.ascent()),
                         metrics.elidedText(rest, Qt.TextElideMode.ElideRight, last.width()))
    return False


class CellDelegate(QStyledItemDelegate):
    """Word-wrapped cells; regulatory, evidence and boxed-warning cells as badges that carry
    their text (colour only reinforces it)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.pal: Palette = palette("light")
        self.zoom = 100
        #: A row's tallest height (a short view shows at least five rows); None: no cap.
        #: A capped cell shows its first lines and "…"; the tooltip and the references
        #: pane keep the whole text.
        self.max_height: int | None = None
        #: A short view: a quarter of the padding.
        self.compact = False

    def set_appearance(self, pal: Palette, zoom: int) -> None:
        self.pal, self.zoom = pal, zoom

    def _pad(self) -> int:
        """Cell padding, scaled with the zoom; a quarter of it when rows are capped."""
        pad = PAD * self.zoom / 100
        return max(2, round(pad / 4)) if self.compact else max(3, round(pad))

    def _width(self, option: QStyleOptionViewItem, index: Index) -> int:
        """The width paint() gets: the column less its grid line (else a line can wrap one
        word earlier when painted than when measured, and the cell's last line is clipped)."""
        view = option.widget if isinstance(option.widget, QTableView) else self.parent()
        if isinstance(view, QTableView):
            return view.columnWidth(index.column()) - (1 if view.showGrid() else 0)
        return max(option.rect.width(), 120)

    def _parts(self, index: Index, font: QFont) -> tuple[Cell, bool, QFont, QFont]:
        cell = index.data(CELL_ROLE)
        if not isinstance(cell, Cell):
            cell = Cell(str(index.data(Qt.ItemDataRole.DisplayRole) or ""))
        cid = index.data(COLUMN_ROLE) or ""
        is_badge = bool(cell.badge) and cid in BADGE_COLUMNS
        main = QFont(font)
        main.setBold(is_badge or cid == "name")
        detail = QFont(font)
        if not is_badge and cid not in FULL_DETAIL:
            detail.setItalic(True)
        return cell, is_badge, main, detail

    def sizeHint(self, option: QStyleOptionViewItem, index: Index) -> QSize:
        cell, is_badge, main, detail = self._parts(index, option.font)
        pad = self._pad()
        inner = self._width(option, index) - 2 * pad - (2 * pad if is_badge else 0)
        height = text_layout(cell.text, main, inner)[1] + (2 * pad if is_badge else 0)
        if cell.detail:
            height += pad + text_layout(cell.detail, detail, inner + (2 * pad if is_badge
                                                                       else 0))[1]
        height += 2 * pad + 1
        if self.max_height is not None:
            one_line = text_layout("X", main, inner)[1] + 2 * pad + 1
            height = max(min(height, self.max_height), one_line)
        return QSize(self._width(option, index), int(height))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: Index) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        opt.text = ""
        style = opt.widget.style() if opt.widget else None
        if style is not None:
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, opt.widget)
        cell, is_badge, main, detail = self._parts(index, opt.font)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        fg = index.data(Qt.ItemDataRole.ForegroundRole)
        text_colour = (opt.palette.highlightedText().color() if selected else
                       fg.color() if hasattr(fg, "color") else opt.palette.text().color())
        pad = self._pad()
        x, y, w = opt.rect.x() + pad, float(opt.rect.y() + pad), opt.rect.width() - 2 * pad
        painter.save()
        painter.setClipRect(opt.rect)
        if is_badge:
            y = self._badge(painter, cell, main, x, y, w, pad,
                            opt.rect.bottom() - pad if self.max_height is not None else None)
        else:
            layout, height, _ = text_layout(cell.text, main, w)
            painter.setPen(text_colour)
            bottom = opt.rect.bottom() - pad
            if not draw_lines(painter, layout, QPointF(x, y), bottom, main):
                painter.restore()
                return
            y += height
        if cell.detail:
            layout, _h, _ = text_layout(cell.detail, detail, w)
            painter.setPen(text_colour)
            draw_lines(painter, layout, QPointF(x, y + pad), opt.rect.bottom() - pad, detail)
        painter.restore()
        if opt.state & QStyle.StateFlag.State_HasFocus:
            self._focus_ring(painter, opt.rect)

    def _focus_ring(self, painter: QPainter, rect: QRect) -> None:
        """The focused cell in the accent colour, unlike the selection's fill."""
        width = max(2, self.pal.focus_width)
        painter.save()
        painter.setPen(QPen(QColor(self.pal.accent), width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRect(rect.adjusted(width // 2, width // 2, -(width + 1) // 2,
                                       -(width + 1) // 2))
        painter.restore()

    def _badge(self, painter: QPainter, cell: Cell, font: QFont, x: float, y: float, w: float,
               pad: int, bottom: float | None = None) -> float:
        """Rounded badge with its label (as many lines as fit above ``bottom``); returns the
        y below it."""
        bg, fg = badge_colours(self.pal, cell.badge)
        layout, height, widest = text_layout(cell.text, font, w - 2 * pad)
        if bottom is not None:
            fits = [i for i in range(layout.lineCount())
                    if layout.lineAt(i).y() + layout.lineAt(i).height() <= bottom - y - 2 * pad + 1]
            lines = max(1, len(fits))
            last = layout.lineAt(lines - 1)
            height = min(height, last.y() + last.height())
            pad = max(1, min(pad, int((bottom + pad - y - height) / 2)))  # a capped row
        rect = QRectF(x, y, min(w, widest + 2 * pad + 1), height + 2 * pad)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        border = QColor(fg) if self.pal.name == "high-contrast" else QColor(bg).darker(115)
        painter.setPen(QPen(border, 2 if self.pal.name == "high-contrast" else 1))
        painter.setBrush(QColor(bg))
        painter.drawRoundedRect(rect, pad, pad)
        painter.setPen(QColor(fg))
        draw_lines(painter, layout, QPointF(x + pad, y + pad), rect.bottom() - pad, font)
        return rect.bottom()


class FrozenTableView(QTableView):
    """A table whose first column stays put while the rest scrolls (Qt's frozen-column example).

    A second view (``frozen``) shows only column 0 over the left edge, sharing the model,
    the selection and the row heights of this one.
    """

    rowActivated = Signal(QModelIndex)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.frozen = QTableView(self)
        self.frozen.setObjectName("frozenColumn")
        self.frozen.setAccessibleName("Names (fixed column)")
        self.frozen.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.frozen.verticalHeader().hide()
        self.frozen.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.frozen.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.frozen.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.frozen.setWordWrap(True)
        self.viewport().stackUnder(self.frozen)
        self.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.horizontalHeader().sectionResized.connect(self._section_width)
        self.verticalHeader().sectionResized.connect(self._section_height)
        self.frozen.verticalScrollBar().valueChanged.connect(self.verticalScrollBar().setValue)
        self.verticalScrollBar().valueChanged.connect(self.frozen.verticalScrollBar().setValue)
        self.frozen.doubleClicked.connect(self.rowActivated)
        self.doubleClicked.connect(self.rowActivated)
        header = self.frozen.horizontalHeader()
        header.sectionClicked.connect(self._frozen_header_clicked)
        self.horizontalHeader().sortIndicatorChanged.connect(self._mirror_sort)

    def setModel(self, model: QAbstractItemModel | None) -> None:
        super().setModel(model)
        self.frozen.setModel(model)
        self.frozen.setSelectionModel(self.selectionModel())
        if model is not None:
            model.modelReset.connect(self.sync_frozen)
            model.layoutChanged.connect(self.sync_frozen)
        self.sync_frozen()

    def setItemDelegate(self, delegate: QStyledItemDelegate) -> None:  # type: ignore[override]
        super().setItemDelegate(delegate)
        self.frozen.setItemDelegate(delegate)

    def sync_frozen(self) -> None:
        """Show only column 0 in the frozen view, at this view's width and row heights."""
        model = self.model()
        if model is None:
            return
        for col in range(model.columnCount()):
            self.frozen.setColumnHidden(col, col != 0)
        self.frozen.setColumnWidth(0, self.columnWidth(0))
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        for row in range(model.rowCount()):
            self.frozen.setRowHeight(row, self.rowHeight(row))
        self.frozen.show()
        self._geometry()

    def _section_width(self, index: int, _old: int, new: int) -> None:
        if index == 0:
            self.frozen.setColumnWidth(0, new)
            self._geometry()

    def _section_height(self, index: int, _old: int, new: int) -> None:
        self.frozen.setRowHeight(index, new)

    def _geometry(self) -> None:
        fw = self.frameWidth()
        self.frozen.horizontalHeader().setFixedHeight(self.horizontalHeader().height())
        self.frozen.setGeometry(self.verticalHeader().width() + fw, fw,
                                self.columnWidth(0) + 1,
                                self.viewport().height() + self.horizontalHeader().height())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._geometry()

    def updateGeometries(self) -> None:
        super().updateGeometries()
        if hasattr(self, "frozen"):
            self._geometry()

    def moveCursor(self, action: QAbstractItemView.CursorAction,
                   modifiers: Qt.KeyboardModifier) -> QModelIndex:
        """Keep the current cell out from under the frozen column when moving left."""
        current = super().moveCursor(action, modifiers)
        if (action == QAbstractItemView.CursorAction.MoveLeft and current.column() > 0
                and self.visualRect(current).topLeft().x() < self.frozen.columnWidth(0)):
            bar = self.horizontalScrollBar()
            bar.setValue(bar.value() + self.visualRect(current).topLeft().x()
                         - self.frozen.columnWidth(0))
        return current

    def scrollTo(self, index: Index,
                 hint: QAbstractItemView.ScrollHint = QAbstractItemView.ScrollHint.EnsureVisible
                 ) -> None:
        if index.column() > 0:
            super().scrollTo(index, hint)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.rowActivated.emit(self.currentIndex())
            return
        super().keyPressEvent(event)

    def _frozen_header_clicked(self, section: int) -> None:
        header = self.horizontalHeader()
        ascending = Qt.SortOrder.AscendingOrder
        order = (Qt.SortOrder.DescendingOrder
                 if header.sortIndicatorSection() == section
                 and header.sortIndicatorOrder() == ascending else ascending)
        self.sortByColumn(section, order)

    def _mirror_sort(self, section: int, order: Qt.SortOrder) -> None:
        fh = self.frozen.horizontalHeader()
        fh.setSortIndicatorShown(section == 0)
        fh.setSortIndicator(section, order)
