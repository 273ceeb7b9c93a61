"""Compare view: substances or classes in one table, with provenance on every cell.

The rows, filters, sort keys, side-by-side flags and export text come from
peptide_desk.compare; this module arranges widgets and renders exports.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QMimeData, QModelIndex, QObject, QRect, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QFont,
    QImage,
    QPageLayout,
    QPainter,
    QResizeEvent,
    QTextDocument,
)
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QApplication,
    QHeaderView,
    QLabel,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import __version__, atomic, compare, compare_export
from peptide_desk.compare import ALL_COLUMNS, KIND_LABELS, Row
from peptide_desk.store import Store
from peptide_desk.themes import PALETTES, Palette, palette, reading_css
from peptide_desk.ui import save_flow
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.compare_controls import SCOPE_SELECTED, CompareControls
from peptide_desk.ui.compare_side import SideBySidePanel
from peptide_desk.ui.compare_table import (
    WIDTHS,
    CellDelegate,
    ComparisonModel,
    ComparisonProxyModel,
    FrozenTableView,
)
from peptide_desk.ui.theme import clamp_zoom, qpalette, reading_pt, stylesheet, ui_pt

if TYPE_CHECKING:
    from peptide_desk.print_targets import PrintDoc

__all__ = ["CompareView", "ComparisonModel", "ComparisonProxyModel", "FrozenTableView"]
SLIDE = (1920, 1080)
SLIDE_MARGIN = 40
SLIDE_FONT_PX = (24, 22, 20, 18, 16, 15, 14)  # largest first; 14 px is the readable floor
WIDE_MEASURE = 1000  # characters: no centred reading column in panels
#: Below this height (in zoomed units: pixels at 100%) the view is "short": see is_short().
COMPACT_UNITS = 450
#: Row heights are capped so that at least this many rows are in view (a capped cell shows
#: its first lines and "…"; its tooltip and the references pane have all of it).
MIN_ROWS_SHOWN = 5
#: The kind of export whose last folder the save dialog remembers (table and side by side).
EXPORT_KIND = "comparison"
#: Export key → (dialog title, name filter, extension) of the exports saved to a file.
FILE_EXPORTS: dict[str, tuple[str, str, str]] = {
    "csv": ("Save comparison as CSV", "CSV (*.csv)", "csv"),
    "csv-strict": ("Save comparison as strict CSV (sources in a sidecar file)", "CSV (*.csv)",
                   "csv"),
    "html-file": ("Save comparison as HTML", "HTML page (*.html *.htm)", "html"),
    "png": ("Save comparison as PNG image", "PNG image (*.png)", "png"),
}


def extra_stylesheet(pal: Palette, zoom: int) -> str:
    """Grid lines and check boxes that stay visible in every theme and at every zoom."""
    box = round(14 * zoom / 100)
    return (f"QTableView {{ gridline-color: {pal.border}; }}\n"
            f"QCheckBox::indicator {{ width: {box}px; height: {box}px; }}\n")


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
        self._split_moved = False
        self._short: bool | None = None
        self._rows: dict[str, list[Row]] = {}
        self.model = ComparisonModel(store.reference, self)
        self.proxy = ComparisonProxyModel(self)
        self.proxy.setSourceModel(self.model)
        self._resize_timer = QTimer(self, singleShot=True, interval=0)
        self._resize_timer.timeout.connect(self._resize_rows)
        self._build_table()
        self._build_pages()
        self.table.viewport().installEventFilter(self)  # its height sets the row cap
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
        self.provenance.MEASURE_CHARS = WIDE_MEASURE  # use the panel's full width
        self.provenance.linkActivated.connect(self.linkActivated)

    def _build_pages(self) -> None:
        self.controls = CompareControls([(c.id, c.name) for c in self.store.classes()], self)
        self.controls.kindChosen.connect(self.show_kind)
        self.controls.filterChanged.connect(self.apply_filter)
        self.controls.columnToggled.connect(self.set_column_visible)
        self.controls.showAllColumns.connect(self.show_all_columns)
        self.controls.compareRequested.connect(self.compare_selected)
        self.controls.exportRequested.connect(self._export)
        self.empty_label = QLabel(self)
        self.empty_label.setWordWrap(True)
        self.empty_label.hide()
        self.splitter = QSplitter(Qt.Orientation.Vertical, self)
        self.splitter.addWidget(self.table)
        self.splitter.addWidget(self.provenance)
        self.splitter.setStretchFactor(0, 4)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.splitterMoved.connect(self._user_split)
        table_page = QWidget(self)
        page = QVBoxLayout(table_page)
        page.setContentsMargins(0, 0, 0, 0)
        page.addWidget(self.controls)
        page.addWidget(self.empty_label)
        page.addWidget(self.splitter, 1)
        self.side = SideBySidePanel(self.store.reference, self)
        self.side.linkActivated.connect(self.linkActivated)
        self.side.closed.connect(self.show_table)
        self.side.splitMoved.connect(self._user_split)
        self.side.exportRequested.connect(self._export)
        self.stack = QStackedWidget(self)
        self.stack.addWidget(table_page)
        self.stack.addWidget(self.side)
        self.outer = outer = QVBoxLayout(self)
        outer.setContentsMargins(8, 8, 8, 8)
        outer.addWidget(self.stack)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit_height()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() == QEvent.Type.Resize and obj is self.table.viewport():
            self._resize_timer.start()
        return False

    def is_short(self) -> bool:
        """Too little height (in zoomed units) for filters and references: the filters
        fold, the references pane closes and cells get less padding."""
        return self.height() * 100 / max(self.zoom, 1) < COMPACT_UNITS

    def _fit_height(self) -> None:
        short = self.is_short()
        self.controls.set_compact(short)
        margin = 2 if short else 8
        self.outer.setContentsMargins(margin, margin, margin, margin)
        if not self._split_moved:  # the table gets most of the height until the user decides
            share = 0.0 if short else 0.28
            for split in (self.splitter, self.side.splitter):
                split.setSizes([round(self.height() * (1 - share)),
                                round(self.height() * share)])
        if short != self._short:
            self._short = short
            self._resize_rows()
        self._resize_timer.start()

    def _user_split(self, *_args: int) -> None:
        self._split_moved = True

    # --- rows, filters, columns -------------------------------------------------------------
    def rows_for(self, kind: str) -> list[Row]:
        if kind not in self._rows:
            self._rows[kind] = compare.build_rows(self.store, kind)
        return self._rows[kind]

    def show_kind(self, kind: str) -> None:
        """Switch between one row per substance and one row per class."""
        self.kind = kind if kind in KIND_LABELS else "substance"
        self.controls.set_kind(self.kind)
        self.model.set_rows(self.rows_for(self.kind), self.kind)
        self._apply_columns()
        self.apply_filter()

    def apply_filter(self) -> None:
        self.proxy.set_filter(self.controls.current_filter())
        shown, total = self.proxy.rowCount(), self.model.rowCount()
        self.controls.show_count(shown, total, self.kind)
        self.empty_label.setText(f"No {KIND_LABELS[self.kind]} match these filters. Choose "
                                 f"“Clear filters” to see all {total}.")
        self.empty_label.setVisible(shown == 0)
        self._resize_rows()
        self.table.scrollToTop()  # the first row that matches is in view
        self._update_actions()

    def clear_filters(self) -> None:
        self.controls.clear()

    def set_column_visible(self, cid: str, visible: bool) -> None:
        """Show or hide one column (the name column always stays)."""
        if cid == "name":
            return
        (self.hidden.discard if visible else self.hidden.add)(cid)
        self.controls.column_actions[cid].setChecked(visible)
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
        pad = max(2, round(4 * self.zoom / 100 / (3 if self.is_short() else 1)))
        tallest = metrics.height()
        short = self.is_short()
        for h in (header, self.table.frozen.horizontalHeader()):
            wrap = Qt.AlignmentFlag(0) if short else Qt.TextFlag.TextWordWrap
            h.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter
                                  | wrap)
            h.setTextElideMode(Qt.TextElideMode.ElideRight if short
                               else Qt.TextElideMode.ElideNone)
        for i in range(header.count()):
            if header.isSectionHidden(i):
                continue
            width = max(10, header.sectionSize(i) - 2 * pad - metrics.height() - 6)
            text = str(self.model.headerData(i, Qt.Orientation.Horizontal))
            rect = metrics.boundingRect(QRect(0, 0, width, 10000), Qt.TextFlag.TextWordWrap, text)
            if not short:  # a short view keeps one line of titles (full in tooltips)
                tallest = max(tallest, rect.height())
        header.setFixedHeight(tallest + 2 * pad + 8)

    def _resize_rows(self) -> None:
        self._fit_header()
        self.delegate.compact = self.is_short()
        self.delegate.max_height = max(1, self.table.viewport().height() // MIN_ROWS_SHOWN - 1)
        # row by row from the cells: resizeRowsToContents would also ask the hidden row
        # numbers' header, whose zoomed padding is taller than a capped row
        header = self.table.verticalHeader()
        header.setMinimumSectionSize(1)
        for row in range(self.proxy.rowCount()):
            header.resizeSection(row, self.table.sizeHintForRow(row))
        self.table.sync_frozen()

    def rows_in_view(self) -> int:
        """How many rows are wholly in view (a short view keeps at least five)."""
        port = self.table.viewport().rect()
        return sum(1 for r in range(self.proxy.rowCount())
                   if port.contains(self.table.visualRect(self.proxy.index(r, 1))))

    # --- selection, provenance, navigation ---------------------------------------------------
    def _show_provenance(self, index: QModelIndex, _prev: QModelIndex | None = None) -> None:
        if not index.isValid():
            self.provenance.setHtml(compare.PROVENANCE_HINT)
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
        count = len(self.selected_rows())
        self.controls.set_compare_enabled(count)
        self.controls.set_selection(count)

    def compare_selected(self) -> bool:
        return self._show_side(self.selected_rows())

    def compare_items(self, ids: list[str]) -> bool:
        """Side by side for 2-4 ids ("semaglutide", "substance:x" or "class:y")."""
        return self._show_side(compare.find_rows(self.store, ids)[:compare.MAX_COMPARE])

    def _show_side(self, rows: list[Row]) -> bool:
        if not compare.comparable(len(rows)):
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
        self.setStyleSheet(stylesheet(pal, self.zoom) + extra_stylesheet(pal, self.zoom))
        font = QFont(self.font())
        font.setPointSizeF(ui_pt(self.zoom))
        self.setFont(font)
        self.delegate.set_appearance(pal, self.zoom)
        self.side.set_appearance(pal, self.zoom)
        self.provenance.document().setDefaultStyleSheet(reading_css(pal, reading_pt(self.zoom)))
        self._show_provenance(self.table.currentIndex())
        self.controls.set_zoom(self.zoom)
        self._apply_columns()
        self._fit_height()
        self._resize_rows()

    # --- exports -------------------------------------------------------------------------------
    def side_in_view(self) -> bool:
        """Whether the side-by-side view (the chosen set) is what the panel shows."""
        return self.stack.currentWidget() is self.side

    def current_view(self) -> tuple[list[Row], list[str]]:
        """The rows (filtered, in sort order; only the selected ones when the Export menu
        says so) and the visible columns, as on screen."""
        rows = (self.selected_rows() if self.controls.export_scope() == SCOPE_SELECTED
                else self.proxy.visible_rows())
        return rows, self.visible_columns()

    def _rows_line(self) -> str:
        """'4 of 21 substances' or '2 selected of 4 shown (21 substances)'."""
        shown, total = self.proxy.rowCount(), len(self.rows_for(self.kind))
        label = KIND_LABELS[self.kind]
        if self.controls.export_scope() == SCOPE_SELECTED:
            return f"{len(self.selected_rows())} selected of {shown} shown ({total} {label})"
        return f"{shown} of {total} {label}"

    def _order(self) -> str:
        """'name (ascending)': the table's sort, in words."""
        header = self.table.horizontalHeader()
        col = ALL_COLUMNS[header.sortIndicatorSection()].id if header.sortIndicatorSection() >= 0 \
            else "name"
        order = ("descending" if header.sortIndicatorOrder() == Qt.SortOrder.DescendingOrder
                 else "ascending")
        return f"{compare.header_for(col, self.kind).lower()} ({order})"

    def _caption(self, extra: str = "") -> str:
        site = self.store.site()
        chosen = (f"Rows: {self._rows_line()}." if self.controls.export_scope() == SCOPE_SELECTED
                  else "")
        parts = [f"Filter: {self.proxy.filter.describe()}.", chosen,
                 f"Sorted by {self._order()}.", f"Content as of {site.content_as_of}.", extra,
                 site.disclaimer_short]
        return " ".join(p for p in parts if p)

    def title(self) -> str:
        return f"Peptide Desk — {KIND_LABELS[self.kind]} compared"

    def export_provenance(self) -> compare_export.Provenance:
        """What a saved file of the view shown says about itself (content date, version,
        view, filters, sort, rows)."""
        site = self.store.site()
        if self.side_in_view():
            return self.side.export_provenance(site.content_as_of, site.disclaimer_short)
        return compare_export.Provenance(
            self.title(), site.content_as_of, __version__, "comparison table",
            self.proxy.filter.describe(), self._order(), self._rows_line(),
            site.disclaimer_short)

    def view_html(self, theme: str = "light", font_pt: float = 10.0) -> str:
        """The view shown as HTML for documents and print: the side-by-side set when it is
        in view, else the table (filtered rows, visible columns)."""
        if self.side_in_view():
            return self.side.view_html(self.export_provenance(), theme, font_pt)
        rows, cols = self.current_view()
        return compare_export.to_html(rows, cols, self.kind, title=self.title(),
                               caption=self._caption(), theme=theme, font_pt=font_pt)

    def csv_text(self, strict: bool = False) -> str:
        """The CSV of the view shown: provenance block (unless ``strict``), the rows and
        columns shown, and a Sources column."""
        prov, lookup = self.export_provenance(), self.store.reference
        if self.side_in_view():
            return compare_export.side_csv(self.side.rows, self.side.shown_attributes(), prov,
                                           lookup, strict=strict)
        rows, cols = self.current_view()
        return compare_export.sourced_csv(rows, cols, self.kind, prov, lookup, strict=strict)

    def sidecar_text(self, csv_name: str) -> str:
        """The provenance file beside a strict CSV of the view shown."""
        keys = (compare_export.side_keys(self.side.shown_attributes()) if self.side_in_view()
                else compare_export.table_keys(*self.current_view()))
        return compare_export.sidecar_text(self.export_provenance(), keys, self.store.reference,
                                           csv_name)

    def html_text(self) -> str:
        """The saved HTML page of the view shown, with its provenance and sources."""
        prov, lookup = self.export_provenance(), self.store.reference
        if self.side_in_view():
            return self.side.view_html(prov)
        rows, cols = self.current_view()
        return compare_export.sourced_html(rows, cols, self.kind, prov, lookup,
                                           caption=self._caption())

    def export_csv(self, path: str | Path, strict: bool = False) -> Path:
        """Save the view shown as CSV (UTF-8 with a byte-order mark, for spreadsheets), all
        or nothing; a strict CSV gets its sidecar. Raises atomic.SaveError."""
        out = atomic.write_bytes(path, self.csv_text(strict).encode("utf-8-sig"))
        if strict:
            side = out.with_name(compare_export.sidecar_name(out.name))
            atomic.write_text(side, self.sidecar_text(out.name))
        return out

    def copy_html(self) -> QMimeData:
        """Put the current view on the clipboard as HTML (documents) and tab-separated text."""
        rows, cols = self.current_view()
        mime = QMimeData()
        mime.setHtml(self.view_html())
        mime.setText(compare_export.to_tsv(rows, cols, self.kind))
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
            doc.setHtml(compare_export.to_html(shown, cols, self.kind, title=self.title(),
                                        caption=cap, theme=self.theme, font_pt=px * 0.75,
                                        compact=compact))
            return doc.size().height() <= height

        short = "Regulator details are left out to fit; the app and the CSV have them."
        done = any(fits(rows, px, False) for px in SLIDE_FONT_PX) or any(
            fits(rows, px, True, short) for px in SLIDE_FONT_PX)
        count = len(rows)
        while not done and count > 1:
            count -= 1
            note = (f"Rows 1–{count} of {len(rows)} shown; hide columns or filter to fit the "
                    f"rest. {short}")
            done = fits(rows[:count], SLIDE_FONT_PX[-1], True, note)
        image = QImage(SLIDE[0], SLIDE[1], QImage.Format.Format_RGB32)
        image.fill(QColor(palette(self.theme).base))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.translate(SLIDE_MARGIN, SLIDE_MARGIN)
        doc.drawContents(painter)
        painter.end()
        return image

    def _png_writer(self) -> Callable[[Path], object]:
        image = self.slide_image()
        # the stubs type the format as bytes; PySide6 accepts only a str here
        return lambda tmp: image.save(str(tmp), "PNG")  # type: ignore[call-overload]

    def export_png(self, path: str | Path) -> Path:
        """Save the slide image all or nothing; raises atomic.SaveError."""
        return atomic.write_with(path, self._png_writer())

    def print_doc(self) -> PrintDoc:
        """The comparison as the user chose it, for print: the side-by-side set, else the
        selected rows, else every row the filters show; the visible columns, in order."""
        from peptide_desk import print_targets

        rows, cols = self.current_view()
        if self.stack.currentWidget() is self.side and self.side.rows:
            rows = list(self.side.rows)
        elif self.selected_rows():
            rows = self.selected_rows()
        return print_targets.compare_doc(self.store, rows, cols, self.kind, self._caption())

    def print_view(self, printer: QPrinter) -> None:
        """Print the chosen set through the print layout (header row on every page)."""
        from peptide_desk.ui import print_layout

        doc = self.print_doc()
        printer.setPageLayout(print_layout.page_layout(doc.landscape))
        print_layout.render(self.store, doc, printer)

    # --- dialogs behind the Export menus ---------------------------------------------------------
    def file_stem(self) -> str:
        """The suggested file name of an export of the view shown (no extension)."""
        if self.side_in_view():
            return "compare-" + "-".join(r.id for r in self.side.rows)
        return f"compare-{self.kind}"

    def _export(self, key: str) -> None:
        """Ask for a file name (or a printer) and export the view shown (table or side by
        side) through the save flow: native dialog, all-or-nothing write, a message."""
        if key == "html":
            self.copy_html()
            return
        if key == "print":
            printer = QPrinter(QPrinter.PrinterMode.HighResolution)
            printer.setPageOrientation(QPageLayout.Orientation.Landscape)
            dialog = QPrintDialog(printer, self)
            dialog.setWindowTitle("Print comparison")
            if dialog.exec() == QPrintDialog.DialogCode.Accepted:
                self.print_view(printer)
            return
        title, name_filter, ext = FILE_EXPORTS[key]
        path = save_flow.ask_save_path(self, EXPORT_KIND, f"{self.file_stem()}.{ext}", name_filter,
                                       title)
        if path is None:
            return
        also: list[tuple[Path, save_flow.Writer]] = []
        if key == "csv-strict":
            side = path.with_name(compare_export.sidecar_name(path.name))
            also.append((side, save_flow.text_writer(self.sidecar_text(path.name))))
        writers: dict[str, Callable[[], save_flow.Writer]] = {
            "csv": lambda: save_flow.text_writer(self.csv_text(), "utf-8-sig"),
            "csv-strict": lambda: save_flow.text_writer(self.csv_text(True), "utf-8-sig"),
            "html-file": lambda: save_flow.text_writer(self.html_text()),
            "png": self._png_writer,
        }
        save_flow.save(self, path, writers[key](), also)
