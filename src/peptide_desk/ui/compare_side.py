"""Side-by-side comparison of 2-4 substances or classes: attributes as rows.

Attributes run in the table's order (regulators, evidence, then Safety: the boxed warning and
key contraindications near the top). Attributes whose values differ are highlighted and marked
"≠ … differs" in their header, so the difference never rests on colour alone.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from PySide6.QtCore import QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QCheckBox,
    QHeaderView,
    QLabel,
    QMenu,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import __version__, compare, compare_export
from peptide_desk.compare import Attribute, Row
from peptide_desk.compare_export import DIFF_MARK, Provenance
from peptide_desk.records import Reference
from peptide_desk.themes import Palette, palette, reading_css
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.compare_table import CELL_ROLE, COLUMN_ROLE, ROW_ROLE, CellDelegate
from peptide_desk.ui.fit import FlowLayout
from peptide_desk.ui.theme import reading_pt

__all__ = ["DIFF_MARK", "SIDE_EXPORTS", "SideBySidePanel"]
#: The side-by-side view's Export menu: (key, label); CompareView runs them.
SIDE_EXPORTS: tuple[tuple[str, str], ...] = (
    ("csv", "Save as CSV…"),
    ("csv-strict", "Save as CSV (strict, sources in a sidecar)…"),
    ("html-file", "Save as HTML page…"),
    ("print", "Print…"),
)


class SideBySidePanel(QWidget):
    """Transposed table of the chosen items; selecting a cell shows its references."""

    linkActivated = Signal(str)
    closed = Signal()
    splitMoved = Signal()
    exportRequested = Signal(str)  # a SIDE_EXPORTS key

    def __init__(self, lookup: Callable[[str], Reference | None],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.lookup = lookup
        self.pal: Palette = palette("light")
        self.zoom = 100
        self.rows: list[Row] = []
        self.attributes: list[Attribute] = []
        self.title = QLabel(self)
        self.title.setObjectName("paneTitle")
        self.title.setWordWrap(True)
        self.back = QPushButton("Back to table", self)
        self.back.setToolTip("Return to the comparison table (Esc)")
        self.back.clicked.connect(self.closed)
        self.only_diff = QCheckBox("Only attributes that differ", self)
        self.only_diff.toggled.connect(self._apply_only_diff)
        self.legend = QLabel(f"Attributes whose values differ are marked “{DIFF_MARK} differs”; "
                             "values no other item shares are highlighted. Double-click a value "
                             "to open its page.", self)
        self.legend.setObjectName("muted")
        self.legend.setWordWrap(True)
        self.table = QTableWidget(self)
        self.table.setAccessibleName("Side-by-side comparison")
        self.table.setWordWrap(True)
        self.delegate = CellDelegate(self.table)
        self.table.setItemDelegate(self.delegate)
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.horizontalHeader().sectionResized.connect(lambda *_: self._schedule())
        self.table.currentCellChanged.connect(lambda r, c, *_: self._show_provenance(r, c))
        self.table.doubleClicked.connect(self._open)
        self.provenance = ContentBrowser(self)
        self.provenance.setAccessibleName("References of the selected cell")
        self.provenance.MEASURE_CHARS = 1000  # use the panel's full width
        self.provenance.linkActivated.connect(self.linkActivated)
        self._timer = QTimer(self, singleShot=True, interval=0)
        self._timer.timeout.connect(self.table.resizeRowsToContents)
        QShortcut(QKeySequence(Qt.Key.Key_Escape), self, self.closed.emit,
                  context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        top_line = QWidget(self)  # wraps at high zoom instead of widening the window
        top = FlowLayout(top_line)
        top.addWidget(self.back)
        top.addWidget(self.title)
        top.addWidget(self.only_diff)
        top.addWidget(self._export_button())
        self.splitter = split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.table)
        split.addWidget(self.provenance)
        split.setStretchFactor(0, 4)
        split.setStretchFactor(1, 1)
        split.splitterMoved.connect(lambda *_: self.splitMoved.emit())
        layout = QVBoxLayout(self)
        layout.addWidget(top_line)
        layout.addWidget(self.legend)
        layout.addWidget(split, 1)

    def set_appearance(self, pal: Palette, zoom: int) -> None:
        self.pal, self.zoom = pal, zoom
        self.delegate.set_appearance(pal, zoom)
        self.provenance.document().setDefaultStyleSheet(reading_css(pal, reading_pt(zoom)))
        if self.rows:
            self.show_rows(self.rows)

    def show_rows(self, rows: Sequence[Row]) -> None:
        """Fill the table with ``rows`` (2-4) as columns and attributes as rows."""
        self.rows = list(rows)
        self.attributes = compare.side_by_side(self.rows)
        names = " · ".join(r.name for r in self.rows)
        ndiff = sum(a.differs for a in self.attributes)
        self.title.setText(f"Side by side: {names} — {ndiff} of {len(self.attributes)} "
                           "attributes differ")
        self.table.clear()
        self.table.setColumnCount(len(self.rows) + 1)
        self.table.setRowCount(len(self.attributes))
        self.table.setHorizontalHeaderLabels(["Attribute", *(r.name for r in self.rows)])
        for r, attr in enumerate(self.attributes):
            self.table.setItem(r, 0, self._label_item(attr))
            for c, cell in enumerate(attr.cells, start=1):
                item = self._item(attr, cell, self.rows[c - 1], attr.unique[c - 1])
                self.table.setItem(r, c, item)
        self._fit_columns()
        self._apply_only_diff(self.only_diff.isChecked())
        self._schedule()
        self.provenance.setHtml(compare.PROVENANCE_HINT)

    @staticmethod
    def label(attr: Attribute) -> str:
        """The attribute's name, with a text marker when the values differ."""
        return compare_export.attribute_label(attr)

    # --- exports (CompareView writes the files) -------------------------------------------------
    def _export_button(self) -> QToolButton:
        button = QToolButton(self)
        button.setText("Export")
        button.setToolTip("Export the items side by side, as shown")
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(button)
        for key, text in SIDE_EXPORTS:
            menu.addAction(text, partial(self.exportRequested.emit, key))
        button.setMenu(menu)
        self.export_button = button
        return button

    def shown_attributes(self) -> list[Attribute]:
        """The attributes on screen (all, or only those that differ), in order."""
        return [a for i, a in enumerate(self.attributes) if not self.table.isRowHidden(i)]

    def export_provenance(self, content_as_of: str, disclaimer: str) -> Provenance:
        """What a saved file of the side-by-side view says about itself."""
        shown = self.shown_attributes()
        only = "only attributes that differ" if self.only_diff.isChecked() else "none"
        names = " · ".join(r.name for r in self.rows)
        return Provenance(f"Peptide Desk — side by side: {names}", content_as_of, __version__,
                          "side by side", only, "",
                          f"{len(shown)} of {len(self.attributes)} attributes", disclaimer)

    def view_html(self, prov: Provenance, theme: str = "light", font_pt: float = 10.0) -> str:
        """The view as a self-contained HTML page, with its provenance and sources."""
        return compare_export.side_html(self.rows, self.shown_attributes(), prov, self.lookup,
                                        theme=theme, font_pt=font_pt)

    def _label_item(self, attr: Attribute) -> QTableWidgetItem:
        cell = compare.Cell(attr.header, detail=f"{DIFF_MARK} differs" if attr.differs else "")
        item = QTableWidgetItem(self.label(attr))
        item.setData(CELL_ROLE, cell)
        item.setData(COLUMN_ROLE, "name")
        if attr.differs:
            item.setBackground(QBrush(QColor(self.pal.mark)))
            item.setForeground(QBrush(QColor(self.pal.mark_text)))
        return item

    def _fit_columns(self) -> None:
        """A fixed attribute column; the items share the rest of the width."""
        header = self.table.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Fixed)
        self.table.setColumnWidth(0, round(210 * self.zoom / 100))
        for c in range(1, self.table.columnCount()):
            header.setSectionResizeMode(c, QHeaderView.ResizeMode.Stretch)

    def _item(self, attr: Attribute, cell: compare.Cell, row: Row,
              unique: bool) -> QTableWidgetItem:
        item = QTableWidgetItem(cell.plain)
        item.setData(CELL_ROLE, cell)
        item.setData(COLUMN_ROLE, attr.column.id)
        item.setData(ROW_ROLE, row)
        item.setToolTip(compare.provenance_text(cell, self.lookup))
        if attr.differs and unique:
            item.setBackground(QBrush(QColor(self.pal.mark)))
            item.setForeground(QBrush(QColor(self.pal.mark_text)))
        return item

    def _apply_only_diff(self, only: bool) -> None:
        for i, attr in enumerate(self.attributes):
            self.table.setRowHidden(i, only and not attr.differs)

    def _schedule(self) -> None:
        self._timer.start()

    def _show_provenance(self, r: int, c: int) -> None:
        if not (0 <= r < len(self.attributes) and 1 <= c <= len(self.rows)):
            self.provenance.setHtml(compare.PROVENANCE_HINT)
            return
        attr = self.attributes[r]
        heading = f"{self.rows[c - 1].name} — {attr.header}"
        self.provenance.setHtml(compare.provenance_html(heading, attr.cells[c - 1],
                                                        self.lookup, self.pal.name))

    def _open(self, index: QModelIndex) -> None:
        if 1 <= index.column() <= len(self.rows):
            self.linkActivated.emit(self.rows[index.column() - 1].target)
