"""Pieces of the chart panel: time and value axes, the phase strip, series items, boxed labels."""

from __future__ import annotations

import math

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QPainter, QPalette, QPen
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QTextBrowser, QWidget

from peptide_desk import charts
from peptide_desk.charts import ChartSpec, PhaseBand, SeriesStyle
from peptide_desk.themes import Palette

DASH_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
               "dot": Qt.PenStyle.DotLine, "dashdot": Qt.PenStyle.DashDotLine,
               "dashdotdot": Qt.PenStyle.DashDotDotLine}


def font(pt: float, bold: bool = False) -> QFont:
    """A copy of the default font at ``pt`` points."""
    font = QFont()
    font.setPointSizeF(pt)
    font.setBold(bold)
    return font


class TimeAxis(pg.AxisItem):
    """Bottom axis in weeks, with months or years on a second line for long spans."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self._labels: dict[float, str] = {}
        self.keys: tuple[float, ...] = ()
        #: width of the widest tick label in pixels, to choose how many fit
        self.label_width = 80.0
        #: room right of the plot where the last label may overflow (the plot's right margin)
        self.overflow = 0.0

    def boundingRect(self):
        return super().boundingRect().adjusted(0, 0, self.overflow, 0)

    def tickValues(self, minVal, maxVal, size):
        fits = int(size / (self.label_width * 1.25)) if size > 0 else charts.MAX_TICKS
        ticks = charts.time_ticks(minVal, maxVal, self.keys, max_ticks=fits)
        self._labels = {t.value: t.label for t in ticks}
        step = ticks[1].value - ticks[0].value if len(ticks) > 1 else 1.0
        return [(step, [t.value for t in ticks])]

    def tickStrings(self, values, scale, spacing):
        return [self._labels.get(v, charts.fmt_number(v)) for v in values]


class ValueAxis(pg.AxisItem):
    """Left axis: major ticks only, true minus signs; fixed labels for schematic charts."""

    def __init__(self) -> None:
        super().__init__("left")
        self.setStyle(maxTickLevel=0, maxTextLevel=0)

    def tickStrings(self, values, scale, spacing):
        digits = max(0, -math.floor(math.log10(spacing))) if spacing > 0 else 1
        return [charts.fmt_tick(v, digits) for v in values]


def phase_region(band: PhaseBand) -> pg.LinearRegionItem:
    """A shaded, fixed band behind the series for one phase."""
    region = pg.LinearRegionItem((band.start, band.end), movable=False,
                                 brush=qcolor(band.fill), pen=pg.mkPen(None))
    region.setHoverBrush(qcolor(band.fill))
    region.setZValue(-20)
    return region


def highlight_region(region: pg.LinearRegionItem, band: PhaseBand, lit: int | None,
                     edge: QPen) -> None:
    """Phase ``lit`` keeps its colour and gets accent edges; the others fade (None: all plain)."""
    fill = band.fill if lit is None else band.strong_fill if band.position == lit \
        else band.faint_fill
    region.setBrush(qcolor(fill))
    region.setHoverBrush(qcolor(fill))
    pen = edge if band.position == lit else pg.mkPen(None)
    for line in region.lines:
        line.setPen(pen)
        line.setHoverPen(pen)
    region.update()


def style_axes(pi: pg.PlotItem, spec: ChartSpec, pal: Palette) -> None:
    """Axis pens, fonts, titles and sizes: room for two-line time ticks and the widest value."""
    sc = spec.scale
    metrics = QFontMetricsF(font(sc.font_pt))
    for name, label in (("left", spec.y_label), ("bottom", spec.x_label)):
        axis = pi.getAxis(name)
        axis.setPen(pg.mkPen(pal.text, width=sc.axis_width))
        axis.setTextPen(pg.mkPen(pal.text))
        axis.setStyle(tickFont=font(sc.font_pt), tickTextOffset=int(4 + sc.font_pt / 3))
        axis.setLabel(label, color=pal.text, **{"font-size": f"{sc.font_pt}pt"})
    pi.showGrid(x=True, y=True, alpha=0.35 if pal.name == "high-contrast" else 0.22)
    bottom, left = pi.getAxis("bottom"), pi.getAxis("left")
    bottom.keys = spec.key_weeks
    bottom.overflow = round(sc.font_pt * 4.5)
    pi.layout.setContentsMargins(1, 1, bottom.overflow, 1)
    bottom.setHeight(round(metrics.lineSpacing() * 3.2 + 12))  # two-line ticks, then title
    bottom.label_width = metrics.horizontalAdvance("18 months")
    bottom.picture = None
    widest = "baseline" if spec.schematic else f"{charts.MINUS}000.0"
    left.setWidth(round(metrics.horizontalAdvance(widest) + metrics.lineSpacing() * 1.5 + 14))
    left.setTicks(None if spec.y_ticks is None else [list(spec.y_ticks)])


class PhaseStrip(pg.GraphicsWidget):
    """Numbered, labelled phase cells above the plot, aligned with the bands below."""

    def __init__(self, vb: pg.ViewBox) -> None:
        super().__init__()
        self.vb = vb
        self.bands: tuple[PhaseBand, ...] = ()
        self.highlight: int | None = None
        self.font = font(10)
        self.colours = ("#000000", "#666666", "#0000FF")
        self.edge_width = 2.0
        vb.sigXRangeChanged.connect(self._changed)
        vb.sigResized.connect(self._changed)

    def _changed(self, *_args) -> None:
        self.update()

    def configure(self, bands, font: QFont, text: str, muted: str, accent: str) -> None:
        self.bands, self.font, self.colours = bands, font, (text, muted, accent)
        height = 0.0 if not bands else QFontMetricsF(font).lineSpacing() * 2 + 10
        self.setMinimumHeight(height)
        self.setMaximumHeight(height)
        self.update()

    def cells(self) -> list[tuple[PhaseBand, QRectF]]:
        """Each band's cell in strip coordinates, clipped to the visible plot."""
        area = self.mapRectFromScene(self.vb.sceneBoundingRect())
        out = []
        for band in self.bands:
            left = self.mapFromScene(self.vb.mapViewToScene(QPointF(band.start, 0))).x()
            right = self.mapFromScene(self.vb.mapViewToScene(QPointF(band.end, 0))).x()
            left, right = max(left, area.left()), min(right, area.right())
            if right > left:
                out.append((band, QRectF(left, 0, right - left, self.size().height())))
        return out

    def band_at(self, x: float) -> PhaseBand | None:
        return next((b for b, r in self.cells() if r.left() <= x <= r.right()), None)

    def paint(self, p, *args) -> None:
        text, muted, accent = self.colours
        lines = QFontMetricsF(self.font).lineSpacing() * 2 + 1
        for band, rect in self.cells():
            lit = self.highlight == band.position
            fill = band.strong_fill if lit else band.fill
            p.fillRect(rect, qcolor(fill))
            font = QFont(self.font)
            font.setBold(lit)
            p.setFont(font)
            colour = text if self.highlight is None or lit else muted
            p.setPen(pg.mkPen(colour))
            inner = rect.adjusted(4, 2, -4, -2)
            flags = Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap
            for label in (f"{band.number}  {band.name}", str(band.number)):
                need = p.boundingRect(QRectF(0, 0, inner.width(), 1000), flags, label)
                if need.width() <= inner.width() + 0.5 and need.height() <= lines:
                    p.drawText(inner, flags, label)
                    break
            if lit:
                p.setPen(pg.mkPen(accent, width=self.edge_width))
                p.drawRect(rect.adjusted(1, 1, -1, -1))


def qcolor(hexa: str) -> QColor:
    """``#RRGGBBAA`` (the themes' notation) as a QColor."""
    colour = QColor(hexa[:7])
    if len(hexa) == 9:
        colour.setAlpha(int(hexa[7:9], 16))
    return colour


def series_item(style: SeriesStyle, outline: str) -> pg.PlotDataItem:
    """A series as drawn: its dash, and markers (outlined) only on measured points."""
    pen = pg.mkPen(style.colour, width=style.width)
    if style.dash == "longdash":
        pen.setDashPattern([6.0, 2.5])
    else:
        pen.setStyle(DASH_STYLES[style.dash])
    return pg.PlotDataItem(list(style.xs), list(style.ys), pen=pen, antialias=True,
                           symbol=style.marker, symbolSize=style.marker_size,
                           symbolBrush=style.colour,
                           symbolPen=pg.mkPen(outline, width=max(1.0, style.width * 0.6))
                           if style.marker else None,
                           name=style.legend, useCache=False)  # vector markers in SVG


class LegendSample(pg.ItemSample):
    """A legend sample wide enough to show the dash pattern; faded while the series is hidden.

    Clicking it (or its label) toggles the series, as pyqtgraph's own sample does.
    """

    def __init__(self, item) -> None:
        super().__init__(item)
        self.set_size(40, 20)

    def set_size(self, width: float, height: float) -> None:
        self._size = (width, height)
        self.setFixedWidth(width)
        self.setFixedHeight(height)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, p, *args) -> None:
        opts = self.item.opts
        p.setRenderHint(p.RenderHint.Antialiasing)
        if not self.item.isVisible():
            p.setOpacity(0.25)
        width, height = self._size
        p.setPen(pg.mkPen(opts["pen"]))
        p.drawLine(QPointF(2, height / 2), QPointF(width - 2, height / 2))
        if opts.get("symbol") is not None:
            p.translate(width / 2, height / 2)
            drawSymbol(p, opts["symbol"], opts["symbolSize"], pg.mkPen(opts["symbolPen"]),
                       pg.mkBrush(opts["symbolBrush"]))


class BoxLabel(QLabel):
    """A wrapped label on a tinted background with a coloured rule on its left (caveat box).

    Painted directly rather than through a style sheet: a widget style sheet would re-polish
    the whole panel each time it is shown, which costs more than the plot itself.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self._box: tuple[str, str, int] | None = None

    def set_box(self, background: str, rule: str, width: int) -> None:
        self._box = (background, rule, width)
        self.setContentsMargins(width + 8, 6, 8, 6)
        self.update()

    def paintEvent(self, event) -> None:
        if self._box is not None:
            background, rule, width = self._box
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor(background))
            painter.fillRect(QRect(0, 0, width, self.height()), QColor(rule))
            painter.end()
        super().paintEvent(event)


def set_colours(widget: QWidget, text: str, background: str | None = None) -> None:
    """Text (and optionally background) colour through the palette, not a style sheet."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(text))
    pal.setColor(QPalette.ColorRole.Text, QColor(text))
    if background is not None:
        pal.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(pal)


def style_labels(p: Palette, sc: charts.Scale, backgrounds: tuple[QWidget, ...],
                 labels: tuple[QLabel, ...], readout: QLabel,
                 boxes: tuple[BoxLabel, BoxLabel, BoxLabel]) -> None:
    """Colours and fonts of the text around the plot; banner, phase and caveat boxes."""
    for widget in backgrounds:
        set_colours(widget, p.text, p.base)
    for label in (*labels, boxes[0]):
        set_colours(label, p.text)
        label.setFont(font(sc.font_pt))
    set_colours(readout, p.muted)
    readout.setFont(font(sc.font_pt))
    # room for two lines, so the plot does not jump as the readout changes length
    readout.setMinimumHeight(round(QFontMetricsF(font(sc.font_pt)).lineSpacing() * 2.2))
    rule = max(3, p.focus_width + 1)
    for box, (background, colour) in zip(boxes, ((p.caveat_bg, p.caveat_rule),
                                                (p.chart_bg, p.chart_rule),
                                                (p.caveat_bg, p.caveat_rule)), strict=True):
        box.set_box(background, colour, rule)


class NotesView(QTextBrowser):
    """Series notes and references: links emit ``linkActivated``; as tall as its text.

    A text browser lays its document out once per width, where a word-wrapped rich-text
    label lays it out for every size the layout asks about.
    """

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTextBrowser { border: none; background: transparent; }")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.html = ""

    def set_html(self, text: str) -> None:
        self.html = text
        self.setHtml(text)
        self._fit()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._fit()

    def wheelEvent(self, event) -> None:
        event.ignore()  # never scrolls itself: the panel around it does

    def _fit(self) -> None:
        doc = self.document()
        doc.setTextWidth(self.viewport().width())
        height = math.ceil(doc.size().height()) + 2
        if height != self.height():
            self.setFixedHeight(height)


def fit_legend(legend: pg.LegendItem, room: float) -> None:
    """As many legend columns (up to 3) as ``room`` pixels allow; entries fill rows."""
    if not legend.items:
        return
    texts = [label.item.boundingRect().width() for _, label in legend.items]
    sample = legend.items[0][0].boundingRect().width() + 2 * 18

    def width(cols: int) -> float:
        return sum(sample + max(texts[c::cols]) for c in range(cols))

    fits = [n for n in (3, 2) if n <= len(texts) and width(n) <= room]
    legend.setColumnCount(fits[0] if fits else 1)


def fit_to_texts(label: QLabel, width: int, texts: list[str]) -> None:
    """A wrapped label tall enough for the longest of ``texts`` at ``width`` pixels."""
    margins = label.contentsMargins()
    inner = QRectF(0, 0, width - margins.left() - margins.right(), 1e5)
    metrics = QFontMetricsF(label.font())
    tallest = max(metrics.boundingRect(inner, int(Qt.TextFlag.TextWordWrap), t).height()
                  for t in texts)
    label.setMinimumHeight(round(tallest) + margins.top() + margins.bottom() + 2)
