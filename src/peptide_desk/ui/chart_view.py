"""Chart panel on pyqtgraph: phase bands, series, legend, hover readout, phase stepping, export.

Imported only when the first chart is requested (pyqtgraph and numpy cost ~0.4 s to load).
What is drawn comes from ``peptide_desk.charts``; this module only turns it into items.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

import pyqtgraph as pg
from PySide6.QtCore import QSize, Qt, Signal
from PySide6.QtGui import QAction, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QApplication,
    QLineEdit,
    QMenu,
    QScrollArea,
    QSizePolicy,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import charts
from peptide_desk.charts import ChartSpec, PhaseStepper
from peptide_desk.records import Chart
from peptide_desk.store import Store
from peptide_desk.themes import Palette, palette
from peptide_desk.ui.chart_interaction import ChartInteraction
from peptide_desk.ui.chart_items import (
    ChartLegend,
    ChartPlot,
    PhaseRegion,
    PhaseStrip,
    TimeAxis,
    ValueAxis,
    fit_legend,
    font,
    highlight_region,
    phase_region,
    series_item,
    style_axes,
)
from peptide_desk.ui.chart_labels import (
    BoxLabel,
    NotesView,
    WrapLabel,
    fit_to_texts,
    set_shown,
    style_labels,
)

EXPORT_SCALE = 2
L = TypeVar("L", bound=WrapLabel)


def describe(spec: ChartSpec) -> str:
    """What the plot shows, in words, for a screen reader: its series and its phases."""
    series = "; ".join(s.legend for s in spec.series)
    text = f"{spec.title}. Series: {series}."
    if spec.phases:
        phases = "; ".join(f"{b.number} {b.name} ({b.weeks})" for b in spec.phases)
        text += f" Phases: {phases}. Left and Right step through them."
    return text


class ChartView(ChartInteraction):
    """One chart with its caveat, references and series notes beneath it."""

    linkActivated = Signal(str)

    def __init__(self, store: Store, theme: str = "light", zoom: int = 100,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.store, self.theme, self.zoom = store, theme, zoom
        self.chart: Chart | None = None
        self.spec: ChartSpec | None = None
        self.items: list[pg.PlotDataItem] = []
        self.regions: list[PhaseRegion] = []
        self.hidden: set[str] = set()
        self.stepper = PhaseStepper(0)
        #: the plot's height is fitted to the panel once it is shown (hidden, sizes are moot)
        self._fit_pending = False
        #: line widths × this while an image is exported at higher density
        self.pen_scale = 1.0
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self._build()

    # --- construction ---------------------------------------------------------------------
    def _action(self, text: str, tip: str, slot: Callable[[], object]) -> QAction:
        action = self.tools.addAction(text)
        action.setToolTip(tip)
        action.triggered.connect(slot)
        return action

    def _menu_button(self, text: str, tip: str) -> QMenu:
        menu = QMenu(text, self)
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setMenu(menu)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        self.tools.addWidget(button)
        return menu

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        # a tool bar, so buttons that do not fit at high zoom move to its overflow menu
        self.tools = QToolBar("Chart", self)
        outer.addWidget(self.tools)
        self.prev_act = self._action("◀ Previous phase", "Previous phase (Left)",
                                     lambda: self.step_phase(-1))
        self.next_act = self._action("Next phase ▶", "Next phase (Right)",
                                     lambda: self.step_phase(1))
        self._action("Reset view", "Show the whole chart again", self.reset_view)
        self.series_menu = self._menu_button("Series", "Show or hide series")
        export = self._menu_button("Export", "Save or copy the chart as an image")
        for text, slot in (("Export PNG (2× resolution)…", self._ask_png),
                           ("Export SVG…", self._ask_svg), ("Copy image", self.copy_image)):
            export.addAction(text).triggered.connect(slot)
        self.scroll_area = QScrollArea(self)
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        outer.addWidget(self.scroll_area, 1)
        body = QWidget()
        body.setObjectName("chartBody")
        # into the scroll area while still empty: setWidget shows the body, which polishes it
        # and all its children, and the window re-polishes every polished child when it takes
        # the panel in; unpolished, they are polished once, when first shown
        self.scroll_area.setWidget(body)
        self._body = body
        self.body = QVBoxLayout(body)
        self.body.setContentsMargins(16, 8, 16, 16)
        self.title = self._label("chartTitle", rich=True)
        self.banner = self._box_label("chartBanner", rich=True)
        self.readout = self._label("chartReadout")
        self.plot = ChartPlot(body, axisItems={"bottom": TimeAxis(), "left": ValueAxis()},
                              enableMenu=False)
        self.plot.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.body.addWidget(self.plot, 1)
        self.phase_label = self._box_label("chartPhase")
        self.caveat = self._box_label("chartCaveat")
        self.notes = NotesView(body)
        self.body.addWidget(self.notes)
        self.notes.linkActivated.connect(self.linkActivated.emit)
        self.body.addStretch(0)
        self._setup_plot()
        self._name_parts()

    def _name_parts(self) -> None:
        """Names a screen reader says for every part that takes the focus."""
        self.setAccessibleName("Chart")
        self.scroll_area.setAccessibleName("Chart page")
        self.scroll_area.viewport().setAccessibleName("Chart page")
        self.plot.setAccessibleName("Plot")
        self.plot.viewport().setAccessibleName("Plot")
        self.notes.setAccessibleName("About the series")

    def _label(self, name: str, rich: bool = False) -> WrapLabel:
        return self._place(WrapLabel(self._body, rich), name)  # born in place: reparenting
        # is slow

    def _box_label(self, name: str, rich: bool = False) -> BoxLabel:
        return self._place(BoxLabel(self._body, rich), name)

    def _place(self, label: L, name: str) -> L:
        label.setObjectName(name)
        self.body.addWidget(label)
        return label

    def _setup_plot(self) -> None:
        pi = self.plot.getPlotItem()
        pi.hideButtons()
        for name in ("left", "bottom", "top", "right"):  # no SI prefixes: a label re-render
            pi.getAxis(name).enableAutoSIPrefix(False)  # on every range change otherwise
        pi.setMenuEnabled(False)
        self.vb = pi.getViewBox()
        self.legend = ChartLegend()
        pi.layout.addItem(self.legend, 4, 0, 1, 3)
        # the legend sits in the plot's layout, so it must scale with exports like the rest
        self.legend.setFlag(self.legend.GraphicsItemFlag.ItemIgnoresTransformations, False)
        self.legend.setSizePolicy(QSizePolicy.Policy.Maximum, QSizePolicy.Policy.Maximum)
        pi.layout.setAlignment(self.legend, Qt.AlignmentFlag.AlignLeft)
        self.strip = PhaseStrip(self.vb)
        pi.layout.removeItem(pi.getAxis("top"))
        pi.layout.addItem(self.strip, 1, 1)
        self.strip.setParentItem(pi)
        #: the hover ring around the nearest point, made at the first hover that needs it
        self.ring: pg.ScatterPlotItem | None = None
        self.plot.scene().sigMouseMoved.connect(self._hover)
        self.plot.scene().sigMouseClicked.connect(self._clicked)
        self.legend.sigSampleClicked.connect(self._legend_toggled)
        self.plot.installEventFilter(self)
        self.scroll_area.viewport().installEventFilter(self)

    # --- public API ------------------------------------------------------------------------
    def show_chart(self, chart_id: str) -> bool:
        """Show one chart from the store; False (and an explanation) when it does not exist."""
        chart = self.store.chart(chart_id)
        if chart is None:
            self._show_missing(chart_id)
            return False
        self.chart, self.hidden = chart, set()
        self.stepper = PhaseStepper(len(chart.phases))
        self._render(keep_view=False)
        # keyboard first (Left/Right step the phases), unless the reader is typing a search
        if self.isVisible() and not isinstance(QApplication.focusWidget(), QLineEdit):
            self.plot.setFocus(Qt.FocusReason.OtherFocusReason)
        return True

    def _show_missing(self, chart_id: str) -> None:
        """Say what happened and what to do next; leave nothing of the previous chart."""
        self.chart = self.spec = None
        self.items, self.regions = [], []
        self.plot.getPlotItem().clear()
        self.legend.clear()
        self.strip.configure((), self.strip.font, *self.strip.colours)
        for widget in (self.banner, self.phase_label, self.notes):
            widget.hide()
        self.title.setText("<b>Chart not found</b>")
        self.caveat.setText(f"There is no chart '{chart_id}'; open the Charts list instead.")

    def set_theme(self, name: str) -> None:
        self.theme = name
        self._render(keep_view=True)

    def set_zoom(self, percent: int) -> None:
        self.zoom = percent
        self._render(keep_view=True)

    def set_pen_scale(self, factor: float) -> None:
        """Widen every line by ``factor`` (for dense exports); the view range is kept."""
        if factor != self.pen_scale:
            self.pen_scale = factor
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
        self.spec = spec = charts.prepare(self.chart, self.theme, self.zoom, self.pen_scale)
        pal = palette(self.theme)
        self._style_widgets()
        self._style_plot(spec, pal)
        self._add_items(spec, pal)
        sc = spec.scale
        self.title.setText(f"<span style='font-size:{sc.title_pt}pt; font-weight:600'>"
                           f"{html.escape(spec.title)}</span>")
        self.setAccessibleName(f"Chart: {spec.title}")
        self.plot.setAccessibleName(f"Plot: {spec.title}")
        self.plot.setAccessibleDescription(describe(spec))
        self.banner.setText(f"<b>{html.escape(spec.banner)}</b>")
        set_shown(self.banner, bool(spec.banner))
        set_shown(self.notes, True)
        self.caveat.setText(spec.caveat)
        notes = charts.notes_html(spec, [(k, self.store.reference(k)) for k in spec.chart.refs],
                                  pal)
        self.notes.set_html(f"<div style='font-size:{sc.small_pt}pt'>{notes}</div>")
        self._set_readout()
        self._show_phase()
        self._fit_height()
        layout = self.plot.getPlotItem().layout
        layout.invalidate()  # a rebuilt legend parks itself at (0, 0) until the plot's
        layout.activate()  # layout places it again; do that now, not on the next event
        if view is None:
            self.reset_view()
        else:
            self.vb.setRange(xRange=view[0], yRange=view[1], padding=0)

    def _style_plot(self, spec: ChartSpec, pal: Palette) -> None:
        sc = spec.scale
        self.plot.setBackground(pal.base)
        style_axes(self.plot.getPlotItem(), spec, pal)
        x_lo, x_hi = spec.x_range
        y_lo, y_hi = spec.y_range
        self.vb.setLimits(xMin=x_lo - (x_hi - x_lo), xMax=x_hi + (x_hi - x_lo),
                          yMin=y_lo - 2 * (y_hi - y_lo), yMax=y_hi + 2 * (y_hi - y_lo))
        self.strip.configure(spec.phases, font(sc.font_pt), pal.text, pal.muted, pal.accent)
        self.strip.edge_width = 2 * sc.axis_width

    def _add_items(self, spec: ChartSpec, pal: Palette) -> None:
        pi = self.plot.getPlotItem()
        # the view range is set once the items are in: no auto-range pass per added item
        self.vb.disableAutoRange()
        pi.clear()
        self.legend.clear()
        self.legend.setLabelTextColor(pal.text)
        self.legend.setLabelTextSize(f"{spec.scale.font_pt}pt")
        self.regions = [phase_region(band) for band in spec.phases]
        for region in self.regions:
            pi.addItem(region)
        pi.addItem(pg.InfiniteLine(0, angle=0, movable=False,
                                   pen=pg.mkPen(pal.muted, width=spec.scale.axis_width)))
        self.items = [series_item(s, pal.base) for s in spec.series]
        for style, item in zip(spec.series, self.items, strict=True):
            pi.addItem(item)
            item.setVisible(style.name not in self.hidden)
            self.legend.addItem(item, style.legend)
        for (sample, label), style in zip(self.legend.items, spec.series, strict=True):
            sample.set_size(spec.scale.font_pt * 4.5, spec.scale.font_pt * 2)
            label.mouseClickEvent = sample.mouseClickEvent
            if style.name in self.hidden:
                label.setText(style.legend, color=pal.muted)
        if self.ring is not None:
            self._style_ring(spec, pal)
            pi.addItem(self.ring)
        self._fit_legend()
        self._fill_series_menu(spec)

    def _fit_legend(self) -> None:
        fit_legend(self.legend, self.plot.width() - 24)

    def _fill_series_menu(self, spec: ChartSpec) -> None:
        self.series_menu.clear()
        for style, item in zip(spec.series, self.items, strict=True):
            action = self.series_menu.addAction(style.legend)
            action.setCheckable(True)
            action.setChecked(item.isVisible())
            action.toggled.connect(lambda on, n=style.name: self.set_series_visible(n, on))

    def _legend_toggled(self, item: pg.PlotDataItem) -> None:
        """Remember hidden series across theme/zoom changes; keep legend and menu in step."""
        spec = self.spec
        if spec is None:  # no chart, no legend
            return
        pal = palette(self.theme)
        for style, it in zip(spec.series, self.items, strict=True):
            if it is item:
                (self.hidden.discard if item.isVisible() else self.hidden.add)(style.name)
        for action, it in zip(self.series_menu.actions(), self.items, strict=True):
            action.blockSignals(True)
            action.setChecked(it.isVisible())
            action.blockSignals(False)
        for (sample, label), style in zip(self.legend.items, spec.series, strict=True):
            label.setText(style.legend, color=pal.text if sample.item.isVisible() else pal.muted)
            sample.update()

    def _show_phase(self) -> None:
        if self.spec is None:
            return
        index = self.stepper.current
        edge = pg.mkPen(palette(self.theme).accent, width=self.spec.scale.axis_width * 2)
        for band, region in zip(self.spec.phases, self.regions, strict=True):
            highlight_region(region, band, index, edge)
        self.strip.highlight = index
        self.strip.update()
        self.phase_label.setText(charts.phase_caption(self.spec.chart, index))
        set_shown(self.phase_label, bool(self.spec.phases))
        has = bool(self.spec.phases)
        self.prev_act.setVisible(has)
        self.next_act.setVisible(has)
        self.prev_act.setEnabled(has and index is not None)
        self.next_act.setEnabled(has and index != len(self.spec.phases) - 1)

    def _style_widgets(self) -> None:
        style_labels(palette(self.theme), charts.scale_for(self.zoom, self.theme),
                     (self.scroll_area.viewport(), self._body),
                     (self.title, self.phase_label, self.caveat, self.notes), self.readout,
                     (self.banner, self.phase_label, self.caveat))

    # --- interaction -----------------------------------------------------------------------
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._fit_height()

    def _fit_height(self) -> None:
        """Plot, legend, phase description and caveat fill the first screen; notes scroll.
        Where they cannot all fit (a projector at presentation scale) the plot, its legend
        and the phase description still do, and the caveat scrolls below them."""
        if not self.isVisible():  # measured against a size about to change: wasted work
            self._fit_pending = True
            return
        self._fit_pending = False
        width = self.scroll_area.viewport().width() - 32
        self._fit_phase_label(width)
        core = [w for w in (self.title, self.banner, self.readout, self.phase_label)
                if not w.isHidden()]
        used = sum(max(w.heightForWidth(width), w.minimumHeight()) for w in core)
        caveat = 0 if self.caveat.isHidden() else max(self.caveat.heightForWidth(width),
                                                     self.caveat.minimumHeight())
        shown = len(core) + (0 if self.caveat.isHidden() else 1)
        spacing = self.body.spacing() * (shown + 1) + self.body.contentsMargins().top()
        viewport = self.scroll_area.viewport().height()
        # fonts, legend and axes grow with zoom: so must the plot, or its data area vanishes;
        # but never past what leaves the phase description on the first screen
        floor = min(int(300 * self.zoom / 100), int(viewport * 0.45))
        with_caveat = viewport - used - caveat - spacing - 8
        without = viewport - used - spacing - 8
        self.plot.setMinimumHeight(with_caveat if with_caveat >= floor else max(floor, without))
        self._fit_legend()

    def _fit_phase_label(self, width: int) -> None:
        """Tall enough for the longest phase description, so stepping never moves the plot."""
        if self.spec is not None and self.spec.phases:
            fit_to_texts(self.phase_label, width, [
                charts.phase_caption(self.spec.chart, i)
                for i in (None, *range(len(self.spec.phases)))])

    # --- export ----------------------------------------------------------------------------
    def figure_size(self) -> QSize:
        """Size of an exported figure in widget pixels (exports are twice this)."""
        from peptide_desk.ui import chart_export

        return chart_export.figure_size(self)

    def export_png(self, path: str | Path) -> QSize:
        """Save the chart at twice screen resolution; returns the image size in pixels."""
        from peptide_desk.ui import chart_export

        return chart_export.save_png(self, path, EXPORT_SCALE)  # all or nothing

    def export_svg(self, path: str | Path) -> None:
        """Save the chart as an SVG drawing (lines and text stay vectors)."""
        from peptide_desk.ui import chart_export

        chart_export.save_svg(self, path)  # all or nothing

    def copy_image(self) -> None:
        from peptide_desk.ui import chart_export

        if self.spec is None:  # "Chart not found": nothing to copy
            return

        QGuiApplication.clipboard().setImage(chart_export.figure_image(self, EXPORT_SCALE))
        self._set_readout("Copied the chart image to the clipboard")

    def _ask_png(self) -> None:
        self._ask("PNG image (*.png)", "png", self.export_png)

    def _ask_svg(self) -> None:
        self._ask("SVG drawing (*.svg)", "svg", self.export_svg)

    def _ask(self, filt: str, ext: str, save: Callable[[str], object]) -> None:
        """Ask where (the native dialog, in the folder charts were last saved to) and save
        all or nothing through the save flow, which says "Saved to …" or why not."""
        if self.spec is None:
            return
        from peptide_desk.ui import save_flow

        path = save_flow.ask_save_path(self, "chart", f"{self.spec.chart.id}.{ext}", filt,
                                       "Export chart")
        if path is not None:
            save_flow.save(self, path, lambda tmp: save(str(tmp)))
