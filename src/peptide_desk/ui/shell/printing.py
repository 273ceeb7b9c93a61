"""Print or export to PDF: an article at the chosen tier, a substance page, or the page in view.

Every print-out carries its references and the disclaimer (pages.print_* compose them). The
window builds its :class:`PrintService` on first use, keeping QtPrintSupport off the start.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QMainWindow, QProgressDialog

from peptide_desk import pages
from peptide_desk.links import parse_target
from peptide_desk.themes import palette, reading_css

if TYPE_CHECKING:
    from peptide_desk.navigation import History
    from peptide_desk.records import SiteInfo
    from peptide_desk.store import Store
    from peptide_desk.ui.shell.page_stack import PageStack
    from peptide_desk.ui.shell.panels import Panels


def _printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    return printer


class PrintService:
    """Prints, or saves as PDF, whatever the window shows."""

    def __init__(self, window: QMainWindow, *, store: Store, site: SiteInfo, history: History,
                 stack: PageStack, panels: Panels) -> None:
        self.window, self.store, self.site = window, store, site
        self.history, self.stack, self.panels = history, stack, panels

    def document(self) -> tuple[QTextDocument, str]:
        """The printable document for the page in view, and a file-name stem."""
        light = palette("light")
        doc = QTextDocument()
        doc.setDefaultStyleSheet(reading_css(light, 10.5))
        current = self.history.current
        target = parse_target(current.target if current else "view:home")
        reader = self.stack.reader_in_view()
        if reader is not None and reader.article is not None:
            art = reader.article
            doc.setHtml(pages.print_article_html(self.store, art, reader.tier, light))
            return doc, f"{art.id}-{reader.tier}"
        sub = self.store.substance(target.ident) if target.scheme == "substance" else None
        if sub is not None:
            doc.setHtml(pages.print_substance_html(self.store, sub, light))
            return doc, sub.id
        doc.setHtml(self.stack.doc.browser.toHtml()
                    + f"<hr><p>{self.site.disclaimer_short}</p>")
        return doc, (target.ident or target.scheme or "page").replace("/", "-")

    def render(self, printer: QPrinter) -> None:
        """Lay out and print with a progress indicator (cancellable before painting)."""
        progress = QProgressDialog("Preparing the document…", "Cancel", 0, 3, self.window)
        progress.setWindowTitle("Printing")
        progress.setWindowModality(Qt.WindowModality.WindowModal)
        progress.setMinimumDuration(0)
        try:
            self._render(printer, progress)
        finally:
            progress.deleteLater()

    def _render(self, printer: QPrinter, progress: QProgressDialog) -> None:
        progress.setValue(0)
        QApplication.processEvents()
        doc, _stem = self.document()
        progress.setValue(1)
        progress.setLabelText("Laying out pages…")
        QApplication.processEvents()
        if progress.wasCanceled():
            return
        doc.setPageSize(printer.pageRect(QPrinter.Unit.Point).size())
        progress.setValue(2)
        progress.setLabelText(f"Printing {doc.pageCount()} pages…")
        QApplication.processEvents()
        doc.print_(printer)
        progress.setValue(3)

    def export_pdf(self, path: str | None = None) -> str | None:
        """Save the page in view as PDF; asks for a file name unless ``path`` is given."""
        if path is None:
            _doc, stem = self.document()
            path, _ = QFileDialog.getSaveFileName(self.window, "Export as PDF", f"{stem}.pdf",
                                                  "PDF (*.pdf)")
            if not path:
                return None
        printer = _printer()
        printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
        printer.setOutputFileName(path)
        self.render(printer)
        self.window.statusBar().showMessage(f"Saved {path}", 6000)
        return path

    def print_current(self) -> None:
        """File → Print: the comparison prints its own table; anything else is laid out."""
        printer = _printer()
        compare = self.panels.compare_in_view()
        if compare is not None:
            if self._ask(printer):
                compare.print_view(printer)
            return
        if self._ask(printer):
            self.render(printer)

    def _ask(self, printer: QPrinter) -> bool:
        """The print dialog, released after use (none accumulate under the window)."""
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print")
        try:
            return dialog.exec() == QPrintDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
