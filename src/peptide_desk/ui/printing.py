"""Print or export to PDF: an article at the chosen tier, a substance page, or the page in view.

Every print-out carries its references and the disclaimer (pages.print_* compose them).
"""

from __future__ import annotations

from PySide6.QtCore import QMarginsF, Qt
from PySide6.QtGui import QPageLayout, QPageSize, QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QFileDialog, QProgressDialog

from peptide_desk import pages
from peptide_desk.themes import palette, reading_css


def print_document(win) -> tuple[QTextDocument, str]:
    """The printable document for the page in view, and a file-name stem."""
    light = palette("light")
    doc = QTextDocument()
    doc.setDefaultStyleSheet(reading_css(light, 10.5))
    target = win.current.target if win.current else "view:home"
    scheme, _, rest = target.partition(":")
    ident = rest.partition("#")[0]
    if win.stack.currentWidget() is win.reader and win.reader.article is not None:
        art = win.reader.article
        doc.setHtml(pages.print_article_html(win.store, art, win.reader.tier, light))
        return doc, f"{art.id}-{win.reader.tier}"
    if scheme == "substance":
        sub = win.store.substance(ident)
        doc.setHtml(pages.print_substance_html(win.store, sub, light))
        return doc, sub.id
    doc.setHtml(win.doc.browser.toHtml() + f"<hr><p>{win.site.disclaimer_short}</p>")
    return doc, (ident or scheme or "page").replace("/", "-")


def _printer(mode: QPrinter.PrinterMode = QPrinter.PrinterMode.HighResolution) -> QPrinter:
    printer = QPrinter(mode)
    printer.setPageLayout(QPageLayout(QPageSize(QPageSize.PageSizeId.A4),
                                      QPageLayout.Orientation.Portrait,
                                      QMarginsF(18, 18, 18, 18), QPageLayout.Unit.Millimeter))
    return printer


def render(win, printer: QPrinter) -> None:
    """Lay out and print with a progress indicator (cancellable before painting)."""
    progress = QProgressDialog("Preparing the document…", "Cancel", 0, 3, win)
    progress.setWindowTitle("Printing")
    progress.setWindowModality(Qt.WindowModality.WindowModal)
    progress.setMinimumDuration(0)
    progress.setValue(0)
    QApplication.processEvents()
    doc, _stem = print_document(win)
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


def export_pdf(win, path: str | None = None) -> str | None:
    """Save the page in view as PDF; asks for a file name unless ``path`` is given."""
    if path is None:
        _doc, stem = print_document(win)
        path, _ = QFileDialog.getSaveFileName(win, "Export as PDF", f"{stem}.pdf", "PDF (*.pdf)")
        if not path:
            return None
    printer = _printer()
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(path)
    render(win, printer)
    win.statusBar().showMessage(f"Saved {path}", 6000)
    return path


def print_current(win) -> None:
    printer = _printer()
    if win._compare is not None and win.stack.currentWidget() is win._compare:
        dialog = QPrintDialog(printer, win)
        if dialog.exec() == QPrintDialog.DialogCode.Accepted:
            win._compare.print_view(printer)
        return
    dialog = QPrintDialog(printer, win)
    dialog.setWindowTitle("Print")
    if dialog.exec() == QPrintDialog.DialogCode.Accepted:
        render(win, printer)
