"""How a chart answers the pointer and the keyboard (the base of ChartView): the hover
readout and ring, clicks on phase bands, and Left/Right (PageUp/PageDown) phase stepping."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pyqtgraph as pg
from PySide6.QtCore import QEvent, QObject, QPointF, Qt
from PySide6.QtGui import QKeyEvent, QWheelEvent
from PySide6.QtWidgets import QScrollArea, QWidget

from peptide_desk import charts
from peptide_desk.charts import ChartSpec, PhaseStepper
from peptide_desk.themes import Palette, palette

if TYPE_CHECKING:
    from pyqtgraph.GraphicsScene.mouseEvents import MouseClickEvent

    from peptide_desk.ui.chart_items import ChartPlot, PhaseStrip
    from peptide_desk.ui.chart_labels import WrapLabel

HOVER_PX = 14
#: From this zoom on (a projector, presenting) the readout's hint is one short line.
LARGE_ZOOM = 200
STEP_KEYS: dict[int, int] = {Qt.Key.Key_Left: -1, Qt.Key.Key_PageUp: -1,
                             Qt.Key.Key_Right: 1, Qt.Key.Key_PageDown: 1}


class ChartInteraction(QWidget):
    """Pointer and key handling of ChartView; uses its plot, spec, ring and readout."""

    # what ChartView builds and this class reads (the interface between the two)
    spec: ChartSpec | None
    theme: str
    zoom: int
    plot: ChartPlot
    vb: pg.ViewBox
    strip: PhaseStrip
    readout: WrapLabel
    scroll_area: QScrollArea
    items: list[pg.PlotDataItem]
    stepper: PhaseStepper
    ring: pg.ScatterPlotItem | None

    def step_phase(self, delta: int) -> None:
        """Highlight the previous/next phase (ChartView draws it)."""
        raise NotImplementedError

    def _show_phase(self) -> None:
        raise NotImplementedError

    def _fit_height(self) -> None:
        raise NotImplementedError

    def _style_ring(self, spec: ChartSpec, pal: Palette) -> None:
        assert self.ring is not None
        self.ring.setPen(pg.mkPen(pal.text, width=max(2.0, spec.scale.axis_width * 2)))
        self.ring.setSize(spec.scale.marker_size * 2.4)
        self.ring.setData([], [])

    def _set_ring(self, xs: list[float], ys: list[float]) -> None:
        """Ring the hovered point (the ring is made the first time a point is hovered)."""
        if self.ring is None:
            if not xs or self.spec is None:
                return
            self.ring = pg.ScatterPlotItem(size=20, brush=None)
            self._style_ring(self.spec, palette(self.theme))
            self.plot.getPlotItem().addItem(self.ring)
        self.ring.setData(xs, ys)

    def clear_ring(self) -> None:
        """No hover ring (it belongs to the screen, not to an exported figure)."""
        self._set_ring([], [])

    def _set_readout(self, text: str = "") -> None:
        """A value or a message; else the hint, kept to one short line at projector scale
        (where every line of it would come out of the plot)."""
        phases = self.spec is not None and bool(self.spec.phases)
        if not text and self.zoom >= LARGE_ZOOM:
            text = "Left/Right: phases · wheel: zoom the plot" if phases else \
                "Wheel: zoom the plot"
        elif not text:
            text = "Hover over a point to read its value · drag to pan, scroll to zoom"
            if phases:
                text += " · Left/Right steps through the phases"
        self.readout.setText(text)

    def _hover(self, pos: QPointF) -> None:
        if self.spec is None:
            return
        strip_band = self.strip.band_at(self.strip.mapFromScene(pos).x()) \
            if self.strip.sceneBoundingRect().contains(pos) else None
        if strip_band is not None:
            self._set_readout(f"Phase {strip_band.number}: {strip_band.name} "
                              f"({strip_band.weeks}) · click to highlight")
            return
        if not self.vb.sceneBoundingRect().contains(pos):
            self._set_ring([], [])
            self._set_readout()
            return
        shown = [s for s, item in zip(self.spec.series, self.items, strict=True)
                 if item.isVisible()]

        def to_screen(x: float, y: float) -> tuple[float, float]:
            point = self.vb.mapViewToScene(QPointF(x, y))
            return point.x(), point.y()

        best = charts.nearest_point(shown, to_screen, (pos.x(), pos.y()),
                                    HOVER_PX * max(1.0, self.zoom / 100))
        if best is None:
            self._set_ring([], [])
            week = self.vb.mapSceneToView(pos).x()
            self._set_readout(charts.cursor_readout(self.spec.chart, week))
            return
        style, x, y = best
        self._set_ring([x], [y])
        self._set_readout(charts.point_readout(self.spec.chart, style, x, y))

    def _clicked(self, event: MouseClickEvent) -> None:
        """A click on a phase cell highlights that phase."""
        pos = event.scenePos()
        if self.strip.sceneBoundingRect().contains(pos):
            band = self.strip.band_at(self.strip.mapFromScene(pos).x())
            if band is not None:
                self.stepper = PhaseStepper(self.stepper.phases, band.position)
                self._show_phase()

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.scroll_area.viewport() and event.type() == QEvent.Type.Resize:
            self._fit_height()
        if obj is self.scroll_area.viewport() and event.type() == QEvent.Type.Wheel \
                and isinstance(event, QWheelEvent) and self._over_plot(event):
            return True  # the plot zoomed (or is at its limit): the page does not scroll
        if obj is self.plot and event.type() == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent) and event.key() in STEP_KEYS:
            self.step_phase(STEP_KEYS[event.key()])
            return True
        return super().eventFilter(obj, event)

    def _over_plot(self, event: QWheelEvent) -> bool:
        """The wheel turned over the plot (the event came up from it, unused or not)."""
        at = self.plot.mapFrom(self.scroll_area.viewport(), event.position().toPoint())
        return self.plot.rect().contains(at)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in STEP_KEYS:
            self.step_phase(STEP_KEYS[event.key()])
            event.accept()
            return
        super().keyPressEvent(event)
