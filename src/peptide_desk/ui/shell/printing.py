"""Print or export to PDF whatever the window shows, through the one print layout.

An article at the chosen tier, a substance page, a source table, a chart, the comparison
(the set the user chose) or any other page becomes a ``print_targets.PrintDoc`` and is laid
out by ``ui/print_layout.py``: charts drawn in place, a running header and "page N of M" on
every page, rows and boxes never split. Long documents show a cancellable progress dialog.
The window builds its :class:`PrintService` on first use, keeping QtPrintSupport off the
start.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QTextDocument
from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import QApplication, QMainWindow, QProgressDialog

from peptide_desk import print_targets
from peptide_desk.atomic import SaveError
from peptide_desk.links import parse_target
from peptide_desk.themes import palette, reading_css
from peptide_desk.ui import print_layout

if TYPE_CHECKING:
    from peptide_desk.navigation import History
    from peptide_desk.print_plan import Slide
    from peptide_desk.print_targets import PrintDoc
    from peptide_desk.records import SiteInfo
    from peptide_desk.store import Store
    from peptide_desk.ui.shell.page_stack import PageStack
    from peptide_desk.ui.shell.panels import Panels

#: documents with more blocks than this show the progress dialog at once
LONG_DOCUMENT = 40


def printer_for(doc: PrintDoc) -> QPrinter:
    """A printer set up as the PDF writer is: A4, 18 mm margins, screen resolution."""
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setResolution(round(print_layout.screen_dpi()))
    printer.setPageLayout(print_layout.page_layout(doc.landscape))
    printer.setDocName(doc.pdf_title)
    printer.setCreator("Peptide Desk")
    return printer


class PrintService:
    """Prints, or saves as PDF, whatever the window shows."""

    def __init__(self, window: QMainWindow, *, store: Store, site: SiteInfo, history: History,
                 stack: PageStack, panels: Panels) -> None:
        self.window, self.store, self.site = window, store, site
        self.history, self.stack, self.panels = history, stack, panels

    def print_doc(self) -> PrintDoc:
        """The printable document for the page in view."""
        compare = self.panels.compare_in_view()
        if compare is not None:
            return compare.print_doc()
        current = self.history.current
        target = parse_target(current.target if current else "view:home")
        reader = self.stack.reader_in_view()
        if reader is not None and reader.article is not None:
            return print_targets.article_doc(self.store, reader.article, reader.tier)
        sub = self.store.substance(target.ident) if target.scheme == "substance" else None
        if sub is not None:
            return print_targets.substance_doc(self.store, sub)
        table = self.store.table(target.ident) if target.scheme == "table" else None
        if table is not None:
            return print_targets.table_doc(self.store, table)
        chart = self.store.chart(target.ident) if target.scheme == "chart" else None
        if chart is not None:
            return print_targets.chart_doc(self.store, chart)
        page = print_targets.target_doc(self.store, current.target if current else "view:home")
        if page is not None:
            return page
        title = self.window.windowTitle().split(" — ")[0] or self.site.title
        return print_targets.page_doc(self.store, title, self.stack.doc.browser.toHtml(),
                                      (target.ident or target.scheme or "page").replace("/",
                                                                                        "-"))

    def document(self) -> tuple[QTextDocument, str]:
        """The page in view as one text document (its text, for checks), and a file stem."""
        doc = self.print_doc()
        text = QTextDocument()
        text.setDefaultStyleSheet(reading_css(palette("light"), print_layout.BASE_PT))
        text.setHtml(doc.html)
        return text, doc.stem

    def _progress(self, doc: PrintDoc) -> tuple[QProgressDialog, print_layout.Progress]:
        """A cancellable progress dialog, and the callback the layout reports to."""
        dialog = QProgressDialog("Laying out pages…", "Cancel", 0, 100, self.window)
        dialog.setWindowTitle("Printing")
        dialog.setWindowModality(Qt.WindowModality.WindowModal)
        dialog.setMinimumDuration(0 if len(doc.blocks) > LONG_DOCUMENT else 800)

        def report(done: int, total: int, what: str) -> bool:
            dialog.setLabelText(what)
            dialog.setMaximum(max(1, total))
            dialog.setValue(min(done, total))
            QApplication.processEvents()
            return not dialog.wasCanceled()

        return dialog, report

    def render(self, printer: QPrinter, doc: PrintDoc | None = None) -> int | None:
        """Lay out and print with a progress indicator; None when cancelled."""
        doc = doc or self.print_doc()
        dialog, report = self._progress(doc)
        try:
            return print_layout.render(self.store, doc, printer, report)
        except print_layout.Cancelled:
            self.window.statusBar().showMessage("Printing cancelled; nothing was printed.", 6000)
            return None
        finally:
            dialog.reset()
            dialog.deleteLater()  # released after use: none accumulate under the window

    def export_pdf(self, path: str | None = None) -> str | None:
        """Save the page in view as PDF; asks for a file name unless ``path`` is given."""
        return self.export_doc_pdf(self.print_doc(), path)

    def section_doc(self, anchor: str) -> PrintDoc | None:
        """One section of the article in view (with the references it cites), or None."""
        reader = self.stack.reader_in_view()
        if reader is None or reader.article is None:
            return None
        return print_targets.section_doc(self.store, reader.article, anchor)

    def export_section_pdf(self, path: str | None = None) -> str | None:
        """Save the section of the article in view (the one at the top) as PDF."""
        reader = self.stack.reader_in_view()
        doc = self.section_doc(reader.current_anchor()) if reader is not None else None
        if doc is None:
            self.window.statusBar().showMessage(
                "Open an article and scroll to a section to export it as PDF.", 6000)
            return None
        return self.export_doc_pdf(doc, path)

    def deck_handout(self, title: str, slides: Sequence[Slide],
                     path: str | None = None) -> str | None:
        """Save a deck hand-out as PDF: one page per slide (title, HTML, speaker notes),
        through the same layout as every other print-out (the deck builder plugs in here)."""
        return self.export_doc_pdf(print_targets.deck_doc(self.store, title, slides), path)

    def export_doc_pdf(self, doc: PrintDoc, path: str | None = None) -> str | None:
        """Save ``doc`` as PDF; asks for a file name unless ``path`` is given.

        The save flow asks (native dialog, the folder PDFs were last saved to) and tells: a
        one-sentence reason when the file cannot be written, else "Saved to …"."""
        from peptide_desk.ui import save_flow

        flow = save_flow.flow_for(self.window)
        if path is None:
            chosen = flow.ask_save_path(self.window, "pdf", f"{doc.stem}.pdf", "PDF (*.pdf)",
                                        "Export as PDF")
            if chosen is None:
                return None
            path = str(chosen)
        dialog, report = self._progress(doc)
        try:
            print_layout.write_pdf(self.store, doc, path, report)
        except print_layout.Cancelled:
            self.window.statusBar().showMessage("PDF export cancelled; nothing was saved.", 6000)
            return None
        except SaveError as exc:
            flow.tell_failure(self.window, str(exc))
            return None
        finally:
            dialog.reset()
            dialog.deleteLater()  # released after use: none accumulate under the window
        flow.tell_saved(self.window, [Path(path)])
        return path

    def print_current(self) -> None:
        """File → Print: the page in view, laid out as its PDF is."""
        doc = self.print_doc()
        printer = printer_for(doc)
        if self._ask(printer):
            self.render(printer, doc)

    def _ask(self, printer: QPrinter) -> bool:
        """The print dialog, released after use (none accumulate under the window)."""
        dialog = QPrintDialog(printer, self.window)
        dialog.setWindowTitle("Print")
        try:
            return dialog.exec() == QPrintDialog.DialogCode.Accepted
        finally:
            dialog.deleteLater()
