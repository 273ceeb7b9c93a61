"""Compare view: substances or classes in one table, with provenance on every cell.

The rows, filters, sort keys, side-by-side flags and export text come from
peptide_desk.compare; this module arranges widgets and renders exports.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QMimeData, QModelIndex, QRect, Qt, QTimer, Signal
from PySide6.QtGui import QColor, QFont, QImage, QPageLayout, QPainter, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QButtonGroup,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import compare
from peptide_desk.compare import ALL_COLUMNS, COLUMNS, KIND_LABELS, Filter, Row
from peptide_desk.records import EVIDENCE_LABELS, STATUS_LABELS
from peptide_desk.store import Store
from peptide_desk.themes import PALETTES, palette, reading_css
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.compare_side import SideBySidePanel
from peptide_desk.ui.compare_table import (
    WIDTHS,
    CellDelegate,
    ComparisonModel,
    ComparisonProxyModel,
    FrozenTableView,
)
from peptide_desk.ui.theme import clamp_zoom, qpalette, reading_pt, stylesheet, ui_pt

__all__ = ["CompareView", "ComparisonModel", "ComparisonProxyModel", "FrozenTableView"]
SLIDE = (1920, 1080)
SLIDE_MARGIN = 40
SLIDE_FONT_PX = (24, 22, 20, 18, 16, 15, 14)  # largest first; 14 px is the readable floor
PROVENANCE_HINT = "<p>Select a cell to see its references and their verification status.</p>"


class CompareView(QWidget):
    """Table of substances or classes; filters, column chooser, side by side and exports."""

    linkActivated = Signal(str)

    def __init__(self, store: Store, theme: str = "light", zoom: int = 100,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store = store
        self.theme = theme if theme in PALETTES else "light"
        self.zoom = clamp_zoom(zoom)
        self.kind = "substance"
        self.hidden: set[str] = set()
        self._rows: dict[str, list[Row]] = {}
        self.model = ComparisonModel(store.reference, self)
        self.proxy = ComparisonProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self._resize_timer = QTimer(self, singleShot=True, interval=0)
        self._resize_timer.timeout.connect(self._resize_rows)
        self._build_table()
        self._build_toolbar()
        self._build_pages()
        self.show_kind("substance")
        self._apply_appearance()

    # --- construction ------------------------------------------------------------------
    def _build_table(self) -> None:
        self.table = FrozenTableView(self)
        self.table.setAccessibleName("Comparison table")
        self.delegate = CellDelegate(self.table)
        self.table.setModel(self.proxy)
        self.table.setItemDelegate(self.delegate)
        self.table.setWordWrap(True)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(0, Qt.SortOrder.AscendingOrder)
        self.table.setMouseTracking(True)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setSelectionMode(FrozenTableView.SelectionMode.ExtendedSelection)
        header = self.table.horizontalHeader()
        header.setSectionsMovable(True)
        header.setTextElideMode(Qt.TextElideMode.ElideNone)
        for h in (header, self.table.frozen.horizontalHeader()):
            h.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                  | Qt.TextFlag.TextWordWrap)
            h.setTextElideMode(Qt.TextElideMode.ElideNone)
        header.sectionMoved.connect(self._keep_name_first)
        header.sectionResized.connect(lambda *_: self._resize_timer.start())
        self.table.rowActivated.connect(self._open_row)
        self.table.selectionModel().currentChanged.connect(self._show_provenance)
        self.table.selectionModel().selectionChanged.connect(lambda *_: self._update_actions())
        self.proxy.layoutChanged.connect(self._resize_timer.start)
        self.provenance = ContentBrowser(self)
        self.provenance.setAccessibleName("References of the selected cell")
        self.provenance.linkActivated.connect(self.linkActivated)

    def _build_toolbar(self) -> None:
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QToolButton] = {}
        for kind, label in (("substance", "Substances"), ("class", "Classes")):
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(f"One row per {kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.show_kind(k))
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
        self.count_label = QLabel(self)
        self.columns_button = QToolButton(self)
        self.columns_button.setText("Columns")
        self.columns_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.columns_menu = QMenu(self)
        self.column_actions = {}
        for col in COLUMNS:
            action = self.columns_menu.addAction(col.header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, c=col.id: self.set_column_visible(c, on))
            self.column_actions[col.id] = action
        self.columns_menu.addSeparator()
        self.columns_menu.addAction("Show all columns", self.show_all_columns)
        self.columns_button.setMenu(self.columns_menu)
        self.compare_button = QPushButton("Compare selected", self)
        self.compare_button.clicked.connect(self.compare_selected)
        self.export_button = QToolButton(self)
        self.export_button.setText("Export")
        self.export_button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        menu = QMenu(self)
        menu.addAction("Save as CSV…", self._ask_csv)
        menu.addAction("Save as PNG image (16:9 slide)…", self._ask_png)
        menu.addAction("Copy as rich text (HTML)", self.copy_html)
        menu.addAction("Print…", self._ask_print)
        self.export_button.setMenu(menu)
        self.class_combo = self._combo("Filter by class", "Any class",
                                       [(c.id, c.name) for c in self.store.classes()])
        self.status_combo = self._combo("Filter by regulatory status", "Any status",
                                        list(STATUS_LABELS.items()))
        self.evidence_combo = self._combo("Filter by evidence level", "Any evidence level",
                                          list(EVIDENCE_LABELS.items()))
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Filter rows by any word…")
        self.text_filter.setAccessibleName("Filter rows by text")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda _t: self.apply_filter())
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.clicked.connect(self.clear_filters)

    def _combo(self, name: str, any_label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.addItem(any_label, "")
        for ident, label in items:
            combo.addItem(label, ident)
        combo.currentIndexChanged.connect(lambda _i: self.apply_filter())
        return combo

    def _build_pages(self) -> None:
        row1 = QHBoxLayout()
        for button in self.kind_buttons.values():
            row1.addWidget(button)
        row1.addWidget(self.count_label, 1)
        for w in (self.columns_button, self.compare_button, self.export_button):
            row1.addWidget(w)
        row2 = QHBoxLayout()
        for w in (self.class_combo, self.status_combo, self.evidence_combo):
            row2.addWidget(w)
        row2.addWidget(self.text_filter, 1)
        row2.addWidget(self.clear_button)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.provenance)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        table_page = QWidget(self)
        page = QVBoxLayout(table_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addLayout(row1)
        page.addLayout(row2)
        page.addWidget(self.empty_label)
        page.addWidget(self.splitter, 1)
        self.side = SideBySidePanel(self.store.reference, self)
        self.side.linkActivated.connect(self.linkActivated)
        self.side.closed.connect(self.show_table)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(table_page)
        self.stack.addWidget(self.side)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.stack)

    # --- rows, filters, columns -------------------------------------------------------------
    def rows_for(self, kind: str) -> list[Row]:
        if kind not in self._rows:
            self._rows[kind] = compare.build_rows(self.store, kind)
        return self._rows[kind]

    def show_kind(self, kind: str) -> None:
        """Switch between one row per substance and one row per class."""
        self.kind = kind if kind in KIND_LABELS else "substance"
        self.kind_buttons[self.kind].setChecked(True)
        self.model.set_rows(self.rows_for(self.kind), self.kind)
        self.column_actions["class"].setText(compare.header_for("class", self.kind))
        self._apply_columns()
        self.apply_filter()

    def current_filter(self) -> Filter:
        return Filter(self.class_combo.currentData() or "", self.status_combo.currentData() or "",
                      self.evidence_combo.currentData() or "", self.text_filter.text())

    def apply_filter(self) -> None:
        self.proxy.set_filter(self.current_filter())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        label = KIND_LABELS[self.kind]
        self.count_label.setText(f"Showing {shown} of {total} {label}")
        self.empty_label.setText(f"No {label} match these filters. Choose “Clear filters” to "
                                 f"see all {total}.")
        self.empty_label.setVisible(shown == 0)
        self.clear_button.setEnabled(self.proxy.filter.active)
        self._resize_rows()
        self._update_actions()

    def clear_filters(self) -> None:
        for combo in (self.class_combo, self.status_combo, self.evidence_combo):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.text_filter.blockSignals(True)
        self.text_filter.clear()
        self.text_filter.blockSignals(False)
        self.apply_filter()

    def set_column_visible(self, cid: str, visible: bool) -> None:
        """Show or hide one column (the name column always stays)."""
        if cid == "name":
            return
        (self.hidden.discard if visible else self.hidden.add)(cid)
        self.column_actions[cid].setChecked(visible)
        self.table.setColumnHidden(self._col(cid), not visible)
        self._resize_timer.start()

    def show_all_columns(self) -> None:
        for cid in list(self.hidden):
            self.set_column_visible(cid, True)

    @staticmethod
    def _col(cid: str) -> int:
        return next(i for i, c in enumerate(ALL_COLUMNS) if c.id == cid)

    def _apply_columns(self) -> None:
        """Widths scaled to the zoom, and the chosen columns hidden (after a model reset)."""
        for i, col in enumerate(ALL_COLUMNS):
            self.table.setColumnWidth(i, round(WIDTHS[col.id] * self.zoom / 100))
            self.table.setColumnHidden(i, col.id in self.hidden)
        self.table.sync_frozen()

    def _keep_name_first(self, logical: int, _old: int, _new: int) -> None:
        header = self.table.horizontalHeader()
        if header.visualIndex(0) != 0:
            header.moveSection(header.visualIndex(0), 0)

    def visible_columns(self) -> list[str]:
        """Shown columns in their on-screen order (name first)."""
        header = self.table.horizontalHeader()
        logical = [header.logicalIndex(v) for v in range(header.count())]
        return [ALL_COLUMNS[i].id for i in logical if not header.isSectionHidden(i)]

    def _fit_header(self) -> None:
        """Header tall enough for wrapped titles (no clipping at any zoom)."""
        header = self.table.horizontalHeader()
        font = QFont(header.font())
        font.setBold(True)
        metrics = type(header.fontMetrics())(font)
        pad = max(2, round(4 * self.zoom / 100))
        tallest = metrics.height()
        for i in range(header.count()):
            if header.isSectionHidden(i):
                continue
            width = max(10, header.sectionSize(i) - 2 * pad - metrics.height() - 6)
            text = str(self.model.headerData(i, Qt.Orientation.Horizontal))
            rect = metrics.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, text)
            tallest = max(tallest, rect.height())
        header.setFixedHeight(tallest + 2 * pad + 8)

    def _resize_rows(self) -> None:
        self._fit_header()
        self.table.resizeRowsToContents()
        self.table.sync_frozen()

    # --- selection, provenance, navigation ---------------------------------------------------
    def _show_provenance(self, index: QModelIndex, _prev: QModelIndex | None = None) -> None:
        if not index.isValid():
            self.provenance.setHtml(PROVENANCE_HINT)
            return
        row = self.proxy.row_at(index.row())
        cid = ALL_COLUMNS[index.column()].id
        heading = f"{row.name} — {compare.header_for(cid, self.kind)}"
        self.provenance.setHtml(compare.provenance_html(heading, row.cell(cid),
                                                        self.store.reference, self.theme))

    def _open_row(self, index: QModelIndex) -> None:
        if index.isValid():
            self.linkActivated.emit(self.proxy.row_at(index.row()).target)

    def selected_rows(self) -> list[Row]:
        """Rows with at least one selected cell, in table order."""
        rows = sorted({i.row() for i in self.table.selectionModel().selectedIndexes()})
        return [self.proxy.row_at(r) for r in rows]

    def _update_actions(self) -> None:
        n = len(self.selected_rows())
        self.compare_button.setEnabled(2 <= n <= 4)
        self.compare_button.setToolTip(
            "Show the selected rows side by side" if 2 <= n <= 4 else
            "Select 2 to 4 rows (Ctrl+click their names) to compare them side by side")

    def compare_selected(self) -> bool:
        return self._show_side(self.selected_rows())

    def compare_items(self, ids: list[str]) -> bool:
        """Side by side for 2-4 ids ("semaglutide", "substance:x" or "class:y")."""
        return self._show_side(compare.find_rows(self.store, ids)[:4])

    def _show_side(self, rows: list[Row]) -> bool:
        if not 2 <= len(rows) <= 4:
            return False
        self.side.show_rows(rows)
        self.stack.setCurrentWidget(self.side)
        self.side.table.setFocus()
        return True

    def show_table(self) -> None:
        self.stack.setCurrentIndex(0)
        self.table.setFocus()

    # --- appearance ------------------------------------------------------------------------
    def set_theme(self, name: str) -> None:
        self.theme = name if name in PALETTES else "light"
        self._apply_appearance()

    def set_zoom(self, percent: int) -> None:
        self.zoom = clamp_zoom(percent)
        self._apply_appearance()

    def _apply_appearance(self) -> None:
        pal = palette(self.theme)
        self.setPalette(qpalette(pal))
        self.setStyleSheet(stylesheet(pal, self.zoom))
        font = QFont(self.font())
        font.setPointSizeF(ui_pt(self.zoom))
        self.setFont(font)
        self.delegate.set_appearance(pal, self.zoom)
        self.side.set_appearance(pal, self.zoom)
        self.provenance.document().setDefaultStyleSheet(reading_css(pal, reading_pt(self.zoom)))
        self._show_provenance(self.table.currentIndex())
        self._apply_columns()
        self._resize_rows()

    # --- exports -------------------------------------------------------------------------------
    def current_view(self) -> tuple[list[Row], list[str]]:
        """The rows (filtered, in sort order) and the visible columns, as on screen."""
        return self.proxy.visible_rows(), self.visible_columns()

    def _caption(self, extra: str = "") -> str:
        site = self.store.site()
        header = self.table.horizontalHeader()
        col = ALL_COLUMNS[header.sortIndicatorSection()].id if header.sortIndicatorSection() >= 0 \
            else "name"
        order = ("descending" if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                 else "ascending")
        parts = [f"Filter: {self.proxy.filter.describe()}.",
                 f"Sorted by {compare.header_for(col, self.kind).lower()} ({order}).",
                 f"Content as of {site.content_as_of}.", extra, site.disclaimer_short]
        return " ".join(p for p in parts if p)

    def title(self) -> str:
        return f"Peptide Desk — {KIND_LABELS[self.kind]} compared"

    def view_html(self, theme: str = "light", font_pt: float = 10.0) -> str:
        rows, cols = self.current_view()
        return compare.to_html(rows, cols, self.kind, title=self.title(),
                               caption=self._caption(), theme=theme, font_pt=font_pt)

    def export_csv(self, path: str | Path) -> Path:
        """Save the current view as CSV (UTF-8 with a byte-order mark, for spreadsheets)."""
        rows, cols = self.current_view()
        out = Path(path)
        out.write_text(compare.to_csv(rows, cols, self.kind), encoding="utf-8-sig")
        return out

    def copy_html(self) -> QMimeData:
        """Put the current view on the clipboard as HTML (documents) and tab-separated text."""
        rows, cols = self.current_view()
        mime = QMimeData()
        mime.setHtml(self.view_html())
        mime.setText(compare.to_tsv(rows, cols, self.kind))
        QApplication.clipboard().setMimeData(mime)
        return mime

    def slide_image(self) -> QImage:
        """The current view drawn on a 1920×1080 image, as large as fits (14 px at least)."""
        rows, cols = self.current_view()
        width, height = SLIDE[0] - 2 * SLIDE_MARGIN, SLIDE[1] - 2 * SLIDE_MARGIN
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setTextWidth(width)

        def fits(shown: list[Row], px: int, compact: bool, note: str = "") -> bool:
            cap = self._caption(note)
            doc.setHtml(compare.to_html(shown, cols, self.kind, title=self.title(),
                                        caption=cap, theme=self.theme, font_pt=px * 0.75,
                                        compact=compact))
            return doc.size().height() <= height

        done = any(fits(rows, px, compact) for compact in (False, True)
                   for px in SLIDE_FONT_PX)
        count = len(rows)
        while not done and count > 1:
            count -= 1
            note = (f"Rows 1–{count} of {len(rows)} shown, regulator details shortened; hide "
                    "columns or filter to fit the rest.")
            done = fits(rows[:count], SLIDE_FONT_PX[-1], True, note)
        image = QImage(SLIDE[0], SLIDE[1], QImage.Format.Format_RGB32)
        image.fill(QColor(palette(self.theme).base))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(SLIDE_MARGIN, SLIDE_MARGIN)
        doc.drawContents(painter)
        painter.end()
        return image

    def export_png(self, path: str | Path) -> Path:
        out = Path(path)
        if not self.slide_image().save(str(out), "PNG"):
            raise OSError(f"Could not write {out}")
        return out

    def print_view(self, printer: QPrinter) -> None:
        """Print the current view (light colours, badges as text) on ``printer``."""
        doc = QTextDocument()
        doc.setHtml(self.view_html(font_pt=8.5))
        doc.setPageSize(printer.pageRect(QPrinter.Unit.Point).size())
        doc.print_(printer)

    # --- dialogs behind the Export menu -------------------------------------------------------
    def _ask_path(self, title: str, name: str, pattern: str) -> str:
        path, _ = QFileDialog.getSaveFileName(self, title, name, pattern)
        return path

    def _ask_csv(self) -> None:
        if path := self._ask_path("Save as CSV", f"compare-{self.kind}.csv", "CSV (*.csv)"):
            self.export_csv(path)

    def _ask_png(self) -> None:
        if path := self._ask_path("Save as PNG image", f"compare-{self.kind}.png",
                                  "PNG image (*.png)"):
            self.export_png(path)

    def _ask_print(self) -> None:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setPageOrientation(QPageLayout.Orientation.Landscape)
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle("Print comparison")
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            self.print_view(printer)
