"""Pieces of the chart plot: time and value axes, phase bands and strip, series, legend
(the text widgets around the plot are in chart_labels)."""

from __future__ import annotations

import math

import pyqtgraph as pg
from pyqtgraph.graphicsItems.ScatterPlotItem import drawSymbol
from PySide6.QtCore import QPointF, QRectF, QSize, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

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

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(0, 0, self.overflow, 0)

    def tickValues(self, minVal: float, maxVal: float,
                   size: float) -> list[tuple[float, list[float]]]:
        fits = int(size / (self.label_width * 1.25)) if size > 0 else charts.MAX_TICKS
        ticks = charts.time_ticks(minVal, maxVal, self.keys, max_ticks=fits)
        self._labels = {t.value: t.label for t in ticks}
        step = ticks[1].value - ticks[0].value if len(ticks) > 1 else 1.0
        return [(step, [t.value for t in ticks])]

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        return [self._labels.get(v, charts.fmt_number(v)) for v in values]


class ValueAxis(pg.AxisItem):
    """Left axis: major ticks only, true minus signs; fixed labels for schematic charts."""

    def __init__(self) -> None:
        super().__init__("left")
        self.setStyle(maxTickLevel=0, maxTextLevel=0)

    def tickStrings(self, values: list[float], scale: float, spacing: float) -> list[str]:
        digits = max(0, -math.floor(math.log10(spacing))) if spacing > 0 else 1
        return [charts.fmt_tick(v, digits) for v in values]


class PhaseRegion(pg.GraphicsObject):
    """A phase's shaded band, fixed, across the plot's full height; accent edges when lit.

    One rectangle and at most two lines: pyqtgraph's LinearRegionItem brings two movable
    InfiniteLines with hover handling per band, none of which a fixed band uses.
    """

    def __init__(self, band: PhaseBand) -> None:
        super().__init__()
        self.region = (band.start, band.end)
        self.brush = QBrush(qcolor(band.fill))
        self.edge = QPen(Qt.PenStyle.NoPen)
        self._rect = QRectF()
        self.setZValue(-20)

    def getRegion(self) -> tuple[float, float]:
        """(start, end) in weeks, as LinearRegionItem reports it."""
        return self.region

    def set_style(self, brush: QBrush, edge: QPen) -> None:
        self.brush, self.edge = brush, edge
        self.prepareGeometryChange()  # the edges widen the bounds
        self.update()

    def dataBounds(self, axis: int, frac: float = 1.0,
                   orthoRange: tuple[float, float] | None = None) -> tuple[float, float] | None:
        return self.region if axis == 0 else None

    def boundingRect(self) -> QRectF:
        view = self.viewRect()  # the view box in data coordinates: the band spans its height
        if view is None:
            return QRectF()
        rect = QRectF(view)
        pad = 0.0
        if self.edge.style() != Qt.PenStyle.NoPen:
            pad = (self.pixelWidth() or 0.0) * (self.edge.widthF() + 1)
        rect.setLeft(self.region[0] - pad)
        rect.setRight(self.region[1] + pad)
        rect = rect.normalized()
        if rect != self._rect:
            self._rect = rect
            self.prepareGeometryChange()
        return rect

    def paint(self, p: QPainter, *args: object) -> None:
        view = self.viewRect()
        if view is None:
            return
        start, end = self.region
        top, bottom = view.top(), view.bottom()
        p.setPen(Qt.PenStyle.NoPen)
        p.setBrush(self.brush)
        p.drawRect(QRectF(QPointF(start, top), QPointF(end, bottom)).normalized())
        if self.edge.style() != Qt.PenStyle.NoPen:
            p.setPen(self.edge)
            for x in (start, end):
                p.drawLine(QPointF(x, top), QPointF(x, bottom))


def phase_region(band: PhaseBand) -> PhaseRegion:
    """A shaded, fixed band behind the series for one phase."""
    return PhaseRegion(band)


def highlight_region(region: PhaseRegion, band: PhaseBand, lit: int | None,
                     edge: QPen) -> None:
    """Phase ``lit`` keeps its colour and gets accent edges; the others fade (None: all plain)."""
    fill = band.fill if lit is None else band.strong_fill if band.position == lit \
        else band.faint_fill
    region.set_style(QBrush(qcolor(fill)),
                     edge if band.position == lit else QPen(Qt.PenStyle.NoPen))


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


class ChartPlot(pg.PlotWidget):
    """The plot widget, asking for the height ChartView fits it to (its minimum height).

    A graphics view's size hint is the size of its scene, that is the size it last had: a
    plot once stretched (say, laid out before the chart's texts were in) would keep asking
    for that height and push the phase description and caveat off the first screen.
    """

    def sizeHint(self) -> QSize:
        return QSize(super().sizeHint().width(), self.minimumHeight())


class PhaseStrip(pg.GraphicsWidget):
    """Numbered, labelled phase cells above the plot, aligned with the bands below."""

    def __init__(self, vb: pg.ViewBox) -> None:
        super().__init__()
        self.vb = vb
        self.bands: tuple[PhaseBand, ...] = ()
        self.highlight: int | None = None
        #: the last highlighted name drawn over the neighbouring cells (tests read it)
        self.spread_label = ""
        self.font = font(10)
        self.colours = ("#000000", "#666666", "#0000FF")
        self.edge_width = 2.0
        vb.sigXRangeChanged.connect(self._changed)
        vb.sigResized.connect(self._changed)

    def _changed(self, *_args: object) -> None:
        self.update()

    def configure(self, bands: tuple[PhaseBand, ...], font: QFont, text: str, muted: str,
                  accent: str) -> None:
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

    def paint(self, p: QPainter, *args: object) -> None:
        text, muted, accent = self.colours
        lines = QFontMetricsF(self.font).lineSpacing() * 2 + 1
        cells = self.cells()
        # the highlighted phase last: where its cell is too narrow for its name, the name
        # spreads over its neighbours rather than shrinking to a number
        cells.sort(key=lambda cell: self.highlight == cell[0].position)
        for band, rect in cells:
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
            full = f"{band.number}  {band.name}"
            for label in (full, str(band.number)):
                need = p.boundingRect(QRectF(0, 0, inner.width(), 1000), flags, label)
                if need.width() <= inner.width() + 0.5 and need.height() <= lines:
                    if lit and label != full:
                        self._spread(p, full, rect, qcolor(band.strong_fill))
                    else:
                        p.drawText(inner, flags, label)
                    break
            else:
                if lit:
                    self._spread(p, full, rect, qcolor(band.strong_fill))
            if lit:
                p.setPen(pg.mkPen(accent, width=self.edge_width))
                p.drawRect(rect.adjusted(1, 1, -1, -1))

    def _spread(self, p: QPainter, label: str, cell: QRectF, fill: QColor) -> None:
        """The highlighted phase's full name, centred on its cell over as much of the strip
        as it needs (it keeps its name however narrow its cell)."""
        area = QRectF(0, 0, self.size().width(), self.size().height())
        width = min(area.width(), QFontMetricsF(p.font()).horizontalAdvance(label) + 12)
        left = min(max(area.left(), cell.center().x() - width / 2), area.right() - width)
        box = QRectF(left, cell.top(), width, cell.height())
        p.fillRect(box, fill)
        p.drawText(box.adjusted(6, 2, -6, -2), Qt.AlignmentFlag.AlignCenter, label)
        self.spread_label = label


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

    def __init__(self, item: pg.PlotDataItem) -> None:
        super().__init__(item)
        self.set_size(40, 20)

    def set_size(self, width: float, height: float) -> None:
        self._size = (width, height)
        self.setFixedWidth(width)
        self.setFixedHeight(height)
        self.update()

    def boundingRect(self) -> QRectF:
        return QRectF(0, 0, *self._size)

    def paint(self, p: QPainter, *args: object) -> None:
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


class LegendLabel(pg.GraphicsWidget):
    """A legend entry's name: plain text drawn directly, in the legend's colour and size.

    pyqtgraph's LabelItem lays out a rich-text document for each entry, and the legend is
    rebuilt with every chart, theme and zoom change; that layout was most of its cost.
    """

    #: room around the text, as a QGraphicsTextItem's document margin, so entries sit as before
    MARGIN = 4.0

    def __init__(self, text: str, colour: str, pt: float) -> None:
        super().__init__()
        self.text = text
        self.colour = colour
        self.text_font = font(pt)
        self._ascent = 0.0
        self._fit()

    def setText(self, text: str, color: str | None = None) -> None:
        """New text (and colour), as ``LabelItem.setText(text, color=…)``."""
        self.text = text
        if color is not None:
            self.colour = color
        self._fit()

    def set_pt(self, pt: float) -> None:
        self.text_font = font(pt)
        self._fit()

    def text_width(self) -> float:
        """Width the entry needs, margins included."""
        return self.minimumWidth()

    def _fit(self) -> None:
        metrics = QFontMetricsF(self.text_font)
        self._ascent = metrics.ascent()
        width = metrics.horizontalAdvance(self.text) + 2 * self.MARGIN
        height = math.ceil(metrics.height()) + 2 * self.MARGIN
        self.setMinimumSize(width, height)
        self.setPreferredSize(width, height)
        self.updateGeometry()
        self.update()

    def paint(self, p: QPainter, *args: object) -> None:
        p.setFont(self.text_font)
        p.setPen(QColor(self.colour))
        p.drawText(QPointF(self.MARGIN, self.MARGIN + self._ascent), self.text)


class ChartLegend(pg.LegendItem):
    """pyqtgraph's legend (layout, columns, sample clicks) with plain-text entry labels."""

    def __init__(self) -> None:
        super().__init__(horSpacing=18, verSpacing=2, sampleType=LegendSample)
        self.text_colour = "#000000"
        self.text_pt = 10.0

    def setLabelTextColor(self, *args: object, **kwargs: object) -> None:
        self.text_colour = pg.mkColor(*args, **kwargs).name()
        for _, label in self.items:
            label.setText(label.text, color=self.text_colour)

    def setLabelTextSize(self, size: str) -> None:
        """Size as pyqtgraph takes it: ``"10pt"``."""
        self.text_pt = float(str(size).removesuffix("pt"))
        for _, label in self.items:
            label.set_pt(self.text_pt)

    def addItem(self, item: pg.PlotDataItem, name: str) -> None:
        label = LegendLabel(name, self.text_colour, self.text_pt)
        sample = item if isinstance(item, self.sampleType) else self.sampleType(item)
        sample.sigClicked.connect(self.sigSampleClicked)
        self.items.append((sample, label))
        self._addItemToLayout(sample, label)
        self.updateSize()


def fit_legend(legend: ChartLegend, room: float) -> None:
    """As many legend columns (up to 3) as ``room`` pixels allow; entries fill rows."""
    if not legend.items:
        return
    texts = [label.text_width() for _, label in legend.items]
    sample = legend.items[0][0].boundingRect().width() + 2 * 18

    def width(cols: int) -> float:
        return sum(sample + max(texts[c::cols]) for c in range(cols))

    fits = [n for n in (3, 2) if n <= len(texts) and width(n) <= room]
    legend.setColumnCount(fits[0] if fits else 1)

