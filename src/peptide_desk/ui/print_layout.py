"""The print layout: measures each block, asks ``print_plan.plan`` for the pages, paints them.

Every print-out and PDF goes through :func:`render`: the page's blocks (``print_targets``)
are laid out one QTextDocument each at the page's width; a chart block is drawn in place by
the chart view's own painter (vector paths, the light palette whatever the theme) with its
phase key, caveat and sources set as text beneath. Each page carries the running header
(title, tier, content date) and "page N of M". The device works at screen resolution, so
points, pixels and the chart's widget coordinates are one unit; PDF stays vector.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QMarginsF, QPointF, QRectF, QSizeF, Qt
from PySide6.QtGui import (
    QAbstractTextDocumentLayout,
    QColor,
    QFont,
    QGuiApplication,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPalette,
    QPdfWriter,
    QPen,
    QPicture,
    QTextDocument,
    QTextTable,
)

from peptide_desk import __version__, charts, print_plan
from peptide_desk.atomic import atomic_path
from peptide_desk.pdf_info import DocInfo, set_info, xmp_packet
from peptide_desk.print_plan import CHART, PAGE_BREAK, TABLE, Block, Measured, Slice
from peptide_desk.themes import palette, reading_css

if TYPE_CHECKING:
    from peptide_desk.print_targets import PrintDoc
    from peptide_desk.store import Store
    from peptide_desk.ui.chart_view import ChartView

#: (done, total, what) -> False to cancel
Progress = Callable[[int, int, str], bool]
BASE_PT = 10.5
MARGIN_MM = 18.0
CHART_ASPECT = 0.72  # plot height / width on paper
SLACK = 2.5  # px: a block or row edge lies this close to a break at most


class Cancelled(Exception):
    """The user cancelled a long print-out; nothing was written."""


def screen_dpi() -> float:
    """The resolution QTextDocument and widgets turn points into pixels with."""
    screen = QGuiApplication.primaryScreen()
    return float(screen.logicalDotsPerInchY()) if screen is not None else 96.0


def page_layout(landscape: bool = False) -> QPageLayout:
    """A4 with 18 mm margins: what every print-out and PDF uses."""
    orient = (QPageLayout.Orientation.Landscape if landscape
              else QPageLayout.Orientation.Portrait)
    return QPageLayout(QPageSize(QPageSize.PageSizeId.A4), orient,
                       QMarginsF(MARGIN_MM, MARGIN_MM, MARGIN_MM, MARGIN_MM),
                       QPageLayout.Unit.Millimeter)


def _px(pt: float) -> int:
    return max(1, round(pt * screen_dpi() / 72))


@dataclass
class _Item:
    """A measured block: its document(s), the chart drawn above the text, its measure."""

    block: Block
    doc: QTextDocument
    measured: Measured
    chart_height: float = 0.0


@dataclass
class Layout:
    """A document laid out for pages ``width`` × ``height`` (content area, device units)."""

    store: Store
    width: float
    height: float
    items: list[_Item] = field(default_factory=list)
    pages: list[list[Slice]] = field(default_factory=list)
    _chart: ChartView | None = None

    # --- measuring -------------------------------------------------------------------------
    def text_doc(self, html: str) -> QTextDocument:
        """A fragment as a QTextDocument at the page's width, in the light reading style."""
        doc = QTextDocument()
        doc.setDocumentMargin(0)
        doc.setDefaultStyleSheet(reading_css(palette("light"), BASE_PT))
        doc.setHtml(html)
        doc.setTextWidth(self.width)
        return doc

    def measure(self, block: Block) -> _Item:
        """Height and allowed breaks of one block (lines, table rows, or none)."""
        if block.kind == PAGE_BREAK:
            return _Item(block, QTextDocument(), Measured(0.0, page_break=True))
        if block.kind == CHART:
            return self._measure_chart(block)
        doc = self.text_doc(block.html)
        height = doc.size().height()
        soft: list[float] = []
        if block.kind == TABLE:
            breaks, header = _row_breaks(doc, block.header_rows)
            soft = _block_breaks(doc)
        else:
            breaks, header = _block_breaks(doc), 0.0
        keep = block.kind in (print_plan.BOX, print_plan.HEADING, print_plan.RULE)
        after = doc.lastBlock().blockFormat().bottomMargin()  # not in the document's size
        return _Item(block, doc, Measured(height, tuple(breaks), header, keep,
                                          block.keep_with_next, soft_breaks=tuple(soft),
                                          space_after=after))

    def chart_view(self) -> ChartView:
        """One light-palette chart view, never on screen, sized to the page's width."""
        if self._chart is None:
            from peptide_desk.ui.chart_view import ChartView

            view = ChartView(self.store, "light", 100)
            view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
            width = round(self.width)
            view.resize(width + 40, round(width * CHART_ASPECT) + 400)
            view.show()
            self._chart = view
        return self._chart

    def _show_chart(self, chart_id: str) -> ChartView | None:
        view = self.chart_view()
        if not view.show_chart(chart_id):
            return None
        self._size_plot(view)
        return view

    def _size_plot(self, view: ChartView) -> None:
        """The plot at the page's width (a re-render lets the panel fit it to its screen)."""
        from peptide_desk.ui.chart_items import fit_legend  # pyqtgraph: with the first chart

        width = round(self.width)
        view.plot.setFixedSize(width, round(width * CHART_ASPECT))
        fit_legend(view.legend, width - 24)  # as the panel fits it to the plot
        layout = view.plot.getPlotItem().layout
        layout.invalidate()
        layout.activate()
        view.reset_view()

    def _measure_chart(self, block: Block) -> _Item:
        from peptide_desk.ui import chart_export

        view = self._show_chart(block.chart_id)
        if view is None or view.spec is None:
            doc = self.text_doc(f"<p>Chart “{block.chart_id}” is not in the bundled content."
                                "</p>")
            return _Item(block, doc, Measured(doc.size().height()))
        _, _, figure = chart_export.layout(view, captions=False)
        doc = self.text_doc(_chart_caption(self.store, view, block.html))
        height = figure + doc.size().height()
        return _Item(block, doc, Measured(height, (), 0.0, True), figure)

    # --- planning and painting ------------------------------------------------------------
    def lay_out(self, blocks: list[Block], progress: Progress | None = None) -> int:
        """Measure every block and plan the pages; returns the page count."""
        self.items = []
        for n, block in enumerate(blocks):
            if progress is not None and not progress(n, len(blocks), "Laying out pages…"):
                raise Cancelled
            self.items.append(self.measure(block))
        self.pages = print_plan.plan([i.measured for i in self.items], self.height)
        return len(self.pages)

    def paint_slice(self, painter: QPainter, s: Slice, x: float, y0: float) -> None:
        """Draw one slice of a block at page position (x, y0 + s.y)."""
        item = self.items[s.block]
        if s.header and item.measured.header:
            self._paint_doc(painter, item.doc, 0.0, item.measured.header,
                            QPointF(x, y0 + s.y - item.measured.header))
        if item.chart_height:
            painter.save()
            painter.translate(x, y0 + s.y - s.top)
            self._paint_chart(painter, item)
            painter.restore()
            self._paint_doc(painter, item.doc, 0.0, item.doc.size().height(),
                            QPointF(x, y0 + s.y - s.top + item.chart_height))
            return
        self._paint_doc(painter, item.doc, s.top, s.bottom, QPointF(x, y0 + s.y))

    def _paint_chart(self, painter: QPainter, item: _Item) -> None:
        from peptide_desk.ui import chart_export

        view = self._show_chart(item.block.chart_id)
        if view is None:
            return
        # recorded at screen resolution first: the chart's point-size fonts then keep their
        # size on a device of any resolution (the picture is replayed in layout units)
        device = painter.device()
        unit = painter.worldTransform().m11()  # device pixels per layout unit
        if unit != 1.0:  # the plot's pens are cosmetic: widths are in device pixels
            view.set_pen_scale(unit)
            self._size_plot(view)
        picture = QPicture()
        recorder = QPainter(picture)
        recorder.setRenderHint(QPainter.RenderHint.Antialiasing)
        try:
            chart_export.paint_figure(view, recorder, captions=False)
        finally:
            recorder.end()
            view.set_pen_scale(1.0)
        # drawPicture itself scales a picture from its resolution to the device's
        ratio = device.logicalDpiX() / picture.logicalDpiX() if device is not None else 1.0
        painter.save()
        painter.scale(1 / ratio, 1 / ratio)
        painter.drawPicture(QPointF(0, 0), picture)
        painter.restore()

    @staticmethod
    def _paint_doc(painter: QPainter, doc: QTextDocument, top: float, bottom: float,
                   at: QPointF) -> None:
        """Paint the band ``top``..``bottom`` of ``doc`` with its top at ``at``."""
        painter.save()
        painter.translate(at.x(), at.y() - top)
        clip = QRectF(-2, top, doc.textWidth() + 4, bottom - top)
        painter.setClipRect(clip)
        ctx = QAbstractTextDocumentLayout.PaintContext()
        # what is drawn at all: only the paragraphs and rows wholly inside the band (an
        # edge is a few pixels from the cut), so no text is in the file twice
        ctx.clip = clip.adjusted(0, SLACK if top > 0 else 0, 0, -SLACK)
        colours = QPalette()
        colours.setColor(QPalette.ColorRole.Text, QColor(palette("light").text))
        ctx.palette = colours
        doc.documentLayout().draw(painter, ctx)
        painter.restore()

    def close(self) -> None:
        if self._chart is not None:
            self._chart.close()
            self._chart.deleteLater()
            self._chart = None


def _chart_caption(store: Store, view: ChartView, box_html: str) -> str:
    """Text beneath a printed chart: its description, phase key, caveat and sources."""
    import html as _html
    import re

    spec = view.spec
    assert spec is not None
    chart = spec.chart
    refs = [r for r in (store.reference(k) for k in chart.refs) if r]
    desc = re.search(r'<p class="card-desc">(.*?)</p>', box_html, re.DOTALL)
    parts = [f'<p class="caption">{desc.group(1) if desc else _html.escape(chart.description)}'
             "</p>"]
    key = charts.phase_caption(chart, None, hint=False)
    if key:
        parts.append(f'<p class="caption">{_html.escape(key)}</p>')
    parts.append(f'<p class="caption"><b>Population:</b> {_html.escape(chart.caveat)}</p>')
    sources = charts.sources_line(refs)
    if sources:
        parts.append(f'<p class="caption">{_html.escape(sources)}</p>')
    return "".join(parts)


# --- where a block may break -----------------------------------------------------------------
def _block_breaks(doc: QTextDocument) -> list[float]:
    """Tops of every paragraph, list item and cell line but the first: a page may end there.

    Paragraphs are not split between lines: a page painted with a clip draws a paragraph
    that crosses its edge in full, and its text would be in the PDF twice."""
    layout = doc.documentLayout()
    tops: set[float] = set()
    block = doc.begin()
    while block.isValid():
        tops.add(round(layout.blockBoundingRect(block).top(), 2))
        block = block.next()
    return sorted(t for t in tops if t > 0.5)


def _tables(doc: QTextDocument) -> list[QTextTable]:
    return [f for f in doc.rootFrame().childFrames() if isinstance(f, QTextTable)]


def _row_breaks(doc: QTextDocument, header_rows: int) -> tuple[list[float], float]:
    """Boundaries between table rows (no break inside a row), and the header band height."""
    tables = _tables(doc)
    if not tables:
        return _block_breaks(doc), 0.0
    table, layout = tables[0], doc.documentLayout()
    tops, bottoms = [], []
    for r in range(table.rows()):
        top, bottom = 1e12, 0.0
        for c in range(table.columns()):
            cell = table.cellAt(r, c)
            first = layout.blockBoundingRect(cell.firstCursorPosition().block())
            last = layout.blockBoundingRect(cell.lastCursorPosition().block())
            top, bottom = min(top, first.top()), max(bottom, last.bottom())
        tops.append(top)
        bottoms.append(bottom)
    bounds = [(bottoms[r - 1] + tops[r]) / 2 for r in range(1, table.rows())]
    header = bounds[header_rows - 1] if 0 < header_rows <= len(bounds) else 0.0
    return [b for b in bounds if b > header + 0.5], header


# --- the page frame ---------------------------------------------------------------------------
def _frame_font(pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPixelSize(_px(pt))
    font.setBold(bold)
    return font


def _band() -> float:
    """Height of the running header and of the footer, rule included."""
    return _px(8.5) * 2.4


def paint_frame(painter: QPainter, doc: PrintDoc, number: int, total: int, width: float,
                height: float) -> None:
    """The running header (title · tier · content date) and 'page N of M' at the foot."""
    pal = palette("light")
    band = _band()
    painter.save()
    painter.setFont(_frame_font(8.5))
    painter.setPen(QColor(pal.muted))
    head = QRectF(0, 0, width, band * 0.7)
    left = int(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
    right = int(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
    metrics = painter.fontMetrics()
    side = doc.frame.header_right()
    room = round(width - metrics.horizontalAdvance(side) - _px(8.5) * 2)
    painter.drawText(head, left, metrics.elidedText(doc.frame.title, Qt.TextElideMode.ElideRight,
                                                   max(room, round(width * 0.3))))
    painter.drawText(head, right, side)
    painter.setPen(QPen(QColor(pal.border), 1))
    painter.drawLine(QPointF(0, band * 0.8), QPointF(width, band * 0.8))
    foot = QRectF(0, height - band * 0.7, width, band * 0.7)
    painter.drawLine(QPointF(0, height - band * 0.8), QPointF(width, height - band * 0.8))
    painter.setPen(QColor(pal.muted))
    painter.drawText(foot, left, f"Peptide Desk {__version__} · educational reference, "
                                  "not medical advice")
    painter.drawText(foot, right, print_plan.page_label(number, total))
    painter.restore()


def render(store: Store, doc: PrintDoc, device: QPagedPaintDevice,
           progress: Progress | None = None, *, resolution: int | None = None) -> int:
    """Lay out ``doc`` on ``device`` (a QPdfWriter or QPrinter) and paint every page.

    The device must already have its page layout. Its resolution is set to ``resolution``
    (default :func:`screen_dpi`, where points, pixels and the chart's widget units agree);
    a device at another resolution (a printer that refuses it) is drawn on scaled.
    Returns the number of pages; raises :class:`Cancelled` when ``progress`` says so."""
    set_resolution = getattr(device, "setResolution", None)
    if set_resolution is not None:
        set_resolution(resolution or round(screen_dpi()))
    unit = device.logicalDpiX() / screen_dpi()  # device pixels per layout unit
    rect = device.pageLayout().paintRectPixels(device.logicalDpiX())
    width, height = rect.width() / unit, rect.height() / unit
    band = _band()
    lay = Layout(store, width, height - 2 * band)
    try:
        total = lay.lay_out(list(doc.blocks), progress)
        painter = QPainter(device)
        if not painter.isActive():
            raise OSError("the printer or file could not be opened for drawing")
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
            painter.scale(unit, unit)
            ranges = device.pageRanges()  # the print dialog's "pages 2-4, 7"; empty: all
            started = False
            for n, page in enumerate(lay.pages, 1):
                if not ranges.isEmpty() and not ranges.contains(n):
                    continue
                if progress is not None and not progress(n, total, f"Page {n} of {total}…"):
                    raise Cancelled
                if started:
                    device.newPage()
                started = True
                paint_frame(painter, doc, n, total, width, height)
                for s in page:
                    lay.paint_slice(painter, s, 0.0, band)
        except Cancelled:
            abort = getattr(device, "abort", None)  # a printer: drop the job, print nothing
            if abort is not None:
                abort()
            raise
        finally:
            if painter.isActive():
                painter.end()
        return total
    finally:
        lay.close()


def doc_info(store: Store, doc: PrintDoc) -> DocInfo:
    """The PDF's information dictionary for ``doc``: title, subject, content date."""
    from PySide6 import __version__ as qt_version

    return DocInfo(title=doc.pdf_title, subject=doc.subject,
                   date=doc.frame.content_date or store.site().content_as_of,
                   producer=f"Peptide Desk {__version__} (Qt {qt_version})")


def write_pdf(store: Store, doc: PrintDoc, path: str | Path,
              progress: Progress | None = None) -> int:
    """Write ``doc`` as a PDF at ``path``, all or nothing; returns the page count.

    Raises :class:`~peptide_desk.atomic.SaveError` (one sentence) or :class:`Cancelled`."""
    info = doc_info(store, doc)
    with atomic_path(path) as tmp:
        writer = QPdfWriter(str(tmp))
        writer.setResolution(round(screen_dpi()))
        writer.setPageLayout(page_layout(doc.landscape))
        writer.setTitle(info.title)
        writer.setCreator(info.creator)
        writer.setAuthor(info.author)
        writer.setDocumentXmpMetadata(xmp_packet(info))
        pages = render(store, doc, writer, progress)
        del writer  # the file is complete once the writer is gone
        tmp.write_bytes(set_info(tmp.read_bytes(), info))
    return pages


def content_size(landscape: bool = False) -> QSizeF:
    """The content area of a page (inside margins, header and footer), in device units."""
    rect = page_layout(landscape).paintRectPixels(round(screen_dpi()))
    return QSizeF(rect.width(), rect.height() - 2 * _band())
