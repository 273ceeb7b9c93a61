"""Chart panel on pyqtgraph: phase bands, series, legend, hover readout, phase stepping, export.

Imported only when the first chart is requested (pyqtgraph and numpy cost ~0.4 s to load).
What is drawn comes from ``peptide_desk.charts``; this module only turns it into items.
"""

from __future__ import annotations

import html

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QPointF, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QGuiApplication, QImage, QPainter
from PySide6.QtWidgets import (
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import charts
from peptide_desk.charts import ChartSpec, PhaseBand, PhaseStepper
from peptide_desk.themes import palette

DASH_STYLES = {"solid": Qt.PenStyle.SolidLine, "dash": Qt.PenStyle.DashLine,
               "dot": Qt.PenStyle.DotLine, "dashdot": Qt.PenStyle.DashDotLine,
               "dashdotdot": Qt.PenStyle.DashDotDotLine}
HOVER_PX = 14
EXPORT_SCALE = 2
STEP_KEYS = {Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1, Qt.Key.Key_Right: 1,
             Qt.Key.Key_PageDown: 1}


def _font(pt: float, bold: bool = False) -> QFont:
    font = QFont()
    font.setPointSizeF(pt)
    font.setBold(bold)
    return font


class TimeAxis(pg.AxisItem):
    """Bottom axis in weeks, with months or years on a second line for long spans."""

    def __init__(self) -> None:
        super().__init__("bottom")
        self._labels: dict[float, str] = {}

    def tickValues(self, minVal, maxVal, size):
        ticks = charts.time_ticks(minVal, maxVal)
        self._labels = {t.value: t.label for t in ticks}
        step = ticks[1].value - ticks[0].value if len(ticks) > 1 else 1.0
        return [(step, [t.value for t in ticks])]

    def tickStrings(self, values, scale, spacing):
        return [self._labels.get(v, charts.fmt_number(v)) for v in values]


class PhaseStrip(pg.GraphicsWidget):
    """Numbered, labelled phase cells above the plot, aligned with the bands below."""

    def __init__(self, vb: pg.ViewBox) -> None:
        super().__init__()
        self.vb = vb
        self.bands: tuple[PhaseBand, ...] = ()
        self.highlight: int | None = None
        self.font = _font(10)
        self.colours = ("#000000", "#666666", "#0000FF")
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
            lit = self.highlight == band.index
            fill = band.strong_fill if lit else band.fill
            p.fillRect(rect, _qcolor(fill))
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
                p.setPen(pg.mkPen(accent, width=2))
                p.drawRect(rect.adjusted(1, 1, -1, -1))


def _qcolor(hexa: str) -> QColor:
    """``#RRGGBBAA`` (the themes' notation) as a QColor."""
    colour = QColor(hexa[:7])
    if len(hexa) == 9:
        colour.setAlpha(int(hexa[7:9], 16))
    return colour


class ChartView(QWidget):
    """One chart with its caveat, references and series notes beneath it."""

    linkActivated = Signal(str)

    def __init__(self, store, theme: str = "light", zoom: int = 100, parent=None) -> None:
        super().__init__(parent)
        self.store, self.theme, self.zoom = store, theme, zoom
        self.chart = None
        self.spec: ChartSpec | None = None
        self.items: list[pg.PlotDataItem] = []
        self.regions: list[pg.LinearRegionItem] = []
        self.hidden: set[str] = set()
        self.stepper = PhaseStepper(0)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()

    # --- construction ---------------------------------------------------------------------
    def _button(self, text: str, tip: str, slot) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.clicked.connect(slot)
        self.tools.addWidget(button)
        return button

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.tools = QHBoxLayout()
        self.tools.setContentsMargins(8, 6, 8, 0)
        outer.addLayout(self.tools)
        self.prev_btn = self._button("◀ Previous phase", "Previous phase (Left)",
                                     lambda: self.step_phase(-1))
        self.next_btn = self._button("Next phase ▶", "Next phase (Right)",
                                     lambda: self.step_phase(1))
        self._button("Reset view", "Show the whole chart again", self.reset_view)
        self.series_btn = self._button("Series", "Show or hide series", lambda: None)
        self.series_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.series_menu = QMenu(self.series_btn)
        self.series_btn.setMenu(self.series_menu)
        self.tools.addStretch(1)
        self._button("Export PNG…", "Save the chart as a PNG image at twice screen resolution",
                     self._ask_png)
        self._button("Export SVG…", "Save the chart as an SVG drawing", self._ask_svg)
        self._button("Copy image", "Copy the chart to the clipboard", self.copy_image)
        self.scroll = QScrollArea(self)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self.scroll, 1)
        body = QWidget()
        body.setObjectName("chartBody")
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(16, 8, 16, 16)
        self.title = self._label("chartTitle")
        self.banner = self._label("chartBanner")
        self.readout = self._label("chartReadout", wrap=False)
        self.plot = pg.PlotWidget(axisItems={"bottom": TimeAxis()}, enableMenu=False)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body.addWidget(self.plot, 1)
        self.phase_label = self._label("chartPhase")
        self.caveat = self._label("chartCaveat")
        self.notes = self._label("chartNotes")
        self.notes.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                           | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.notes.linkActivated.connect(self.linkActivated.emit)
        self.body.addStretch(0)
        self.scroll.setWidget(body)
        self._setup_plot()

    def _label(self, name: str, wrap: bool = True) -> QLabel:
        label = QLabel(self)
        label.setObjectName(name)
        label.setWordWrap(wrap)
        label.setTextFormat(Qt.TextFormat.RichText if name == "chartNotes"
                            else Qt.TextFormat.PlainText)
        self.body.addWidget(label)
        return label

    def _setup_plot(self) -> None:
        pi = self.plot.getPlotItem()
        pi.hideButtons()
        pi.setMenuEnabled(False)
        self.vb = pi.getViewBox()
        self.legend = pg.LegendItem(horSpacing=18, verSpacing=2)
        pi.layout.addItem(self.legend, 4, 0, 1, 3)
        self.strip = PhaseStrip(self.vb)
        pi.layout.removeItem(pi.getAxis("top"))
        pi.layout.addItem(self.strip, 1, 1)
        self.strip.setParentItem(pi)
        self.ring = pg.ScatterPlotItem(size=20, brush=None)
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.legend.sigSampleClicked.connect(self._legend_toggled)
        self.plot.installEventFilter(self)

    # --- public API ------------------------------------------------------------------------
    def show_chart(self, chart_id: str) -> bool:
        """Show one chart from the store; False (and an explanation) when it does not exist."""
        chart = self.store.chart(chart_id)
        if chart is None:
            self.title.setText("Chart not found")
            self.caveat.setText(f"There is no chart '{chart_id}'; open the Charts list instead.")
            return False
        self.chart, self.hidden = chart, set()
        self.stepper = PhaseStepper(len(chart.phases))
        self._render(keep_view=False)
        return True

    def set_theme(self, name: str) -> None:
        self.theme = name
        self._render(keep_view=True)

    def set_zoom(self, percent: int) -> None:
        self.zoom = percent
        self._render(keep_view=True)

    def step_phase(self, delta: int) -> None:
        """Highlight the previous/next phase and show its description (teaching)."""
        self.stepper = self.stepper.step(delta)
        self._show_phase()

    def reset_view(self) -> None:
        if self.spec is not None:
            self.vb.setRange(xRange=self.spec.x_range, yRange=self.spec.y_range, padding=0)

    def series_items(self) -> dict[str, pg.PlotDataItem]:
        return {s.name: item for s, item in zip(self.spec.series, self.items, strict=True)} \
            if self.spec else {}

    def set_series_visible(self, name: str, visible: bool) -> None:
        item = self.series_items().get(name)
        if item is not None:
            item.setVisible(visible)
            self._legend_toggled(item)

    # --- drawing ---------------------------------------------------------------------------
    def _render(self, keep_view: bool) -> None:
        if self.chart is None:
            self._style_widgets()
            return
        view = self.vb.viewRange() if keep_view and self.spec is not None else None
        self.spec = spec = charts.prepare(self.chart, self.theme, self.zoom)
        pal = palette(self.theme)
        self._style_widgets()
        self._style_plot(spec, pal)
        self._add_items(spec, pal)
        self.title.setText(spec.title)
        self.banner.setText(spec.banner)
        self.banner.setVisible(bool(spec.banner))
        self.caveat.setText(spec.caveat)
        self.notes.setText(self._notes_html(spec, pal))
        self._set_readout()
        self._show_phase()
        if view is None:
            self.reset_view()
        else:
            self.vb.setRange(xRange=view[0], yRange=view[1], padding=0)

    def _style_plot(self, spec: ChartSpec, pal) -> None:
        sc = spec.scale
        self.plot.setBackground(pal.base)
        for name, label in (("left", spec.y_label), ("bottom", spec.x_label)):
            axis = self.plot.getAxis(name)
            axis.setPen(pg.mkPen(pal.text, width=sc.axis_width))
            axis.setTextPen(pg.mkPen(pal.text))
            axis.setStyle(tickFont=_font(sc.font_pt), tickTextOffset=int(4 + sc.font_pt / 3))
            axis.setLabel(label, color=pal.text, **{"font-size": f"{sc.font_pt}pt"})
        self.plot.showGrid(x=True, y=True, alpha=0.35 if pal.name == "high-contrast" else 0.22)
        x_lo, x_hi = spec.x_range
        y_lo, y_hi = spec.y_range
        self.vb.setLimits(xMin=x_lo - (x_hi - x_lo), xMax=x_hi + (x_hi - x_lo),
                          yMin=y_lo - 2 * (y_hi - y_lo), yMax=y_hi + 2 * (y_hi - y_lo))
        self.strip.configure(spec.phases, _font(sc.font_pt), pal.text, pal.muted, pal.accent)

    def _add_items(self, spec: ChartSpec, pal) -> None:
        pi = self.plot.getPlotItem()
        pi.clear()
        self.legend.clear()
        self.legend.setLabelTextColor(pal.text)
        self.legend.setLabelTextSize(f"{spec.scale.font_pt}pt")
        self.regions = []
        for band in spec.phases:
            region = pg.LinearRegionItem((band.start, band.end), movable=False,
                                         brush=_qcolor(band.fill), pen=pg.mkPen(None))
            region.setHoverBrush(_qcolor(band.fill))
            region.setZValue(-20)
            pi.addItem(region)
            self.regions.append(region)
        pi.addItem(pg.InfiniteLine(0, angle=0, movable=False,
                                   pen=pg.mkPen(pal.muted, width=spec.scale.axis_width)))
        self.items = [self._series_item(s, pal) for s in spec.series]
        for style, item in zip(spec.series, self.items, strict=True):
            pi.addItem(item)
            item.setVisible(style.name not in self.hidden)
            self.legend.addItem(item, html.escape(style.legend))
        for sample, label in self.legend.items:
            label.mouseClickEvent = sample.mouseClickEvent
        self.ring.setPen(pg.mkPen(pal.text, width=max(2.0, spec.scale.axis_width * 2)))
        self.ring.setSize(spec.scale.marker_size * 2.4)
        self.ring.setData([], [])
        pi.addItem(self.ring)
        self._fit_legend()
        self._fill_series_menu()

    def _series_item(self, style, pal) -> pg.PlotDataItem:
        pen = pg.mkPen(style.colour, width=style.width, style=DASH_STYLES[style.dash])
        item = pg.PlotDataItem(list(style.xs), list(style.ys), pen=pen, antialias=True,
                               symbol=style.marker, symbolSize=style.marker_size,
                               symbolBrush=style.colour,
                               symbolPen=pg.mkPen(pal.base, width=1.5) if style.marker else None,
                               name=style.legend)
        item.scatter.opts["useCache"] = False  # vector markers in SVG exports
        return item

    def _fit_legend(self) -> None:
        """As many legend columns as the plot width allows."""
        if not self.legend.items:
            return
        widest = max(label.boundingRect().width() for _, label in self.legend.items) + 46
        self.legend.setColumnCount(max(1, min(3, int(max(1, self.plot.width() - 80) // widest))))

    def _fill_series_menu(self) -> None:
        self.series_menu.clear()
        for style, item in zip(self.spec.series, self.items, strict=True):
            action = self.series_menu.addAction(style.legend)
            action.setCheckable(True)
            action.setChecked(item.isVisible())
            action.toggled.connect(lambda on, n=style.name: self.set_series_visible(n, on))

    def _legend_toggled(self, item) -> None:
        """Remember hidden series across theme/zoom changes; keep the menu in step."""
        for style, it in zip(self.spec.series, self.items, strict=True):
            if it is item:
                (self.hidden.discard if item.isVisible() else self.hidden.add)(style.name)
        for action, it in zip(self.series_menu.actions(), self.items, strict=True):
            action.blockSignals(True)
            action.setChecked(it.isVisible())
            action.blockSignals(False)
        for sample, _ in self.legend.items:
            sample.update()

    def _show_phase(self) -> None:
        if self.spec is None:
            return
        index = self.stepper.index
        for band, region in zip(self.spec.phases, self.regions, strict=True):
            fill = band.fill if index is None else (band.strong_fill if band.index == index
                                                    else band.faint_fill)
            region.setBrush(_qcolor(fill))
            region.setHoverBrush(_qcolor(fill))
            region.update()
        self.strip.highlight = index
        self.strip.update()
        self.phase_label.setText(charts.phase_caption(self.spec.chart, index))
        self.phase_label.setVisible(bool(self.spec.phases))
        has = bool(self.spec.phases)
        self.prev_btn.setEnabled(has and index is not None)
        self.next_btn.setEnabled(has and index != len(self.spec.phases) - 1)

    def _notes_html(self, spec: ChartSpec, pal) -> str:
        """Series notes and the chart's references with their verification status."""
        out = []
        notes = [(s.legend, s.note) for s in spec.series if s.note]
        if notes:
            out.append("<p><b>About the series</b></p><ul style='margin-left:12px'>")
            out += [f"<li><b>{html.escape(n)}</b>: {html.escape(t)}</li>" for n, t in notes]
            out.append("</ul>")
        out.append("<p><b>References</b></p><ol style='margin-left:12px'>")
        for key in spec.chart.refs:
            ref = self.store.reference(key)
            if ref is None:
                out.append(f"<li>{html.escape(key)} (not in the reference list)</li>")
                continue
            bg, fg = pal.badges.get(ref.status, (pal.alt_base, pal.text))
            out.append(f"<li><a style='color:{pal.link}' href='ref:{html.escape(key)}'>"
                       f"{html.escape(ref.citation)}</a> <span style='background-color:{bg};"
                       f"color:{fg}'>&nbsp;{html.escape(ref.status_label)}&nbsp;</span></li>")
        out.append("</ol>")
        return "".join(out)

    def _style_widgets(self) -> None:
        p, sc = palette(self.theme), charts.scale_for(self.zoom, self.theme)
        rule = max(3, p.focus_width + 1)
        self.setStyleSheet(f"""
QWidget#chartBody, QScrollArea {{ background: {p.base}; }}
QWidget#chartBody QLabel {{ color: {p.text}; font-size: {sc.font_pt}pt; }}
QLabel#chartTitle {{ font-size: {sc.title_pt}pt; font-weight: bold; }}
QLabel#chartBanner {{ font-weight: bold; color: {p.text}; background: {p.caveat_bg};
    border-left: {rule}px solid {p.caveat_rule}; padding: 4px 8px; }}
QLabel#chartReadout {{ color: {p.muted}; }}
QLabel#chartPhase {{ background: {p.chart_bg}; border-left: {rule}px solid {p.chart_rule};
    padding: 6px 8px; }}
QLabel#chartCaveat {{ background: {p.caveat_bg}; border-left: {rule}px solid {p.caveat_rule};
    padding: 6px 8px; }}
QLabel#chartNotes {{ font-size: {sc.small_pt}pt; }}
""")

    # --- interaction -----------------------------------------------------------------------
    def _set_readout(self, text: str = "") -> None:
        self.readout.setText(text or "Hover over a point to read its value · drag to pan, "
                             "scroll to zoom · Left/Right steps through the phases")

    def _hover(self, pos) -> None:
        if self.spec is None:
            return
        strip_band = self.strip.band_at(self.strip.mapFromScene(pos).x()) \
            if self.strip.sceneBoundingRect().contains(pos) else None
        if strip_band is not None:
            self._set_readout(f"Phase {strip_band.number}: {strip_band.name} "
                              f"({strip_band.weeks}) · click to highlight")
            return
        if not self.vb.sceneBoundingRect().contains(pos):
            self.ring.setData([], [])
            self._set_readout()
            return
        best = None
        limit = HOVER_PX * max(1.0, self.zoom / 100)
        for style, item in zip(self.spec.series, self.items, strict=True):
            if not item.isVisible():
                continue
            for x, y in zip(style.xs, style.ys, strict=True):
                d = (self.vb.mapViewToScene(QPointF(x, y)) - pos).manhattanLength()
                if d <= limit and (best is None or d < best[0]):
                    best = (d, style, x, y)
        if best is None:
            self.ring.setData([], [])
            week = self.vb.mapSceneToView(pos).x()
            self._set_readout(charts.cursor_readout(self.spec.chart, week))
            return
        _, style, x, y = best
        self.ring.setData([x], [y])
        self._set_readout(charts.point_readout(self.spec.chart, style, x, y))

    def _clicked(self, event) -> None:
        """A click on a phase cell highlights that phase."""
        pos = event.scenePos()
        if self.strip.sceneBoundingRect().contains(pos):
            band = self.strip.band_at(self.strip.mapFromScene(pos).x())
            if band is not None:
                self.stepper = PhaseStepper(self.stepper.count, band.index)
                self._show_phase()

    def eventFilter(self, obj, event) -> bool:
        if obj is self.plot and event.type() == QEvent.Type.KeyPress \
                and event.key() in STEP_KEYS:
            self.step_phase(STEP_KEYS[event.key()])
            return True
        return super().eventFilter(obj, event)

    def keyPressEvent(self, event) -> None:
        if event.key() in STEP_KEYS:
            self.step_phase(STEP_KEYS[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        height = self.scroll.viewport().height()
        self.plot.setMinimumHeight(max(260, int(height * 0.66)))
        self._fit_legend()

    # --- export ----------------------------------------------------------------------------
    def _caption_blocks(self) -> list[tuple[str, QFont, str]]:
        """Text drawn around the plot in exports, so an image never loses its caveat."""
        spec, pal = self.spec, palette(self.theme)
        sc = spec.scale
        refs = [r for r in (self.store.reference(k) for k in spec.chart.refs) if r]
        before = [(spec.title, _font(sc.title_pt, True), pal.text)]
        if spec.banner:
            before.append((spec.banner, _font(sc.font_pt, True), pal.text))
        after = [(charts.phase_caption(spec.chart, self.stepper.index, hint=False),
                  _font(sc.small_pt), pal.text), (spec.caveat, _font(sc.small_pt), pal.text),
                 (charts.sources_line(refs), _font(sc.small_pt), pal.muted)]
        return before + [("", QFont(), "")] + [b for b in after if b[0]]

    def _paint_figure(self, painter: QPainter) -> None:
        blocks, plot_rect, height = self._layout_figure()
        painter.fillRect(QRectF(0, 0, plot_rect.width(), height), QColor(palette(self.theme).base))
        self.ring.setData([], [])
        self.plot.render(painter, plot_rect, self.plot.viewport().rect())
        for rect, text, font, colour in blocks:
            painter.setFont(font)
            painter.setPen(QColor(colour))
            painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)

    def _layout_figure(self) -> tuple[list[tuple[QRectF, str, QFont, str]], QRectF, float]:
        width = float(self.plot.width())
        y, blocks, plot_rect = 12.0, [], QRectF()
        flags = int(Qt.TextFlag.TextWordWrap)
        for text, font, colour in self._caption_blocks():
            if not text:
                plot_rect = QRectF(0, y, width, float(self.plot.height()))
                y += plot_rect.height() + 8
                continue
            need = QFontMetricsF(font).boundingRect(QRectF(16, 0, width - 32, 1e5), flags, text)
            blocks.append((QRectF(16, y, width - 32, need.height()), text, font, colour))
            y += need.height() + 6
        return blocks, plot_rect, y + 8

    def figure_size(self) -> QSize:
        """Size of an exported image in widget pixels (the plot plus its captions)."""
        _, plot_rect, height = self._layout_figure()
        return QSize(int(plot_rect.width()), round(height))

    def figure_image(self, scale: int = EXPORT_SCALE) -> QImage:
        size = self.figure_size()
        image = QImage(size * scale, QImage.Format.Format_ARGB32)
        image.setDotsPerMeterX(int(self.logicalDpiX() / 0.0254 * scale))
        image.setDotsPerMeterY(int(self.logicalDpiY() / 0.0254 * scale))
        image.fill(QColor(palette(self.theme).base))
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        painter.scale(scale, scale)
        self._paint_figure(painter)
        painter.end()
        return image

    def export_png(self, path) -> QSize:
        """Save the chart at twice screen resolution; returns the image size in pixels."""
        image = self.figure_image(EXPORT_SCALE)
        if not image.save(str(path), "PNG"):
            raise OSError(f"could not write {path}")
        return image.size()

    def export_svg(self, path) -> None:
        """Save the chart as an SVG drawing (lines and text stay vectors)."""
        from PySide6.QtSvg import QSvgGenerator

        size = self.figure_size()
        gen = QSvgGenerator()
        gen.setFileName(str(path))
        gen.setSize(size)
        gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
        gen.setResolution(int(self.logicalDpiX()))
        gen.setTitle(self.spec.title if self.spec else "Chart")
        gen.setDescription(self.spec.caveat if self.spec else "")
        painter = QPainter(gen)
        self._paint_figure(painter)
        painter.end()

    def copy_image(self) -> None:
        QGuiApplication.clipboard().setImage(self.figure_image(EXPORT_SCALE))
        self._set_readout("Copied the chart image to the clipboard")

    def _ask_png(self) -> None:
        self._ask("PNG image (*.png)", "png", self.export_png)

    def _ask_svg(self) -> None:
        self._ask("SVG drawing (*.svg)", "svg", self.export_svg)

    def _ask(self, filt: str, ext: str, save) -> None:
        if self.spec is None:
            return
        path, _ = QFileDialog.getSaveFileName(self, "Export chart", f"{self.spec.chart.id}.{ext}",
                                              filt)
        if path:
            save(path)
            self._set_readout(f"Saved {path}")
