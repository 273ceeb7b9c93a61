"""Charts on a projector (issue 14, item 5): at presentation scale the plot, its legend and
the phase description are on the first screen; the highlighted phase keeps its name however
narrow its cell; the wheel over the plot zooms the plot only, never the page."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication

if TYPE_CHECKING:
    from peptide_desk.ui.chart_view import ChartView
    from peptide_desk.ui.shell.main_window import MainWindow

PHASES = "chart:gh-secretagogue-phases"


def chart_of(win: MainWindow, qtbot: Any) -> ChartView:
    win.open_target(PHASES)
    chart = win.panels.chart
    assert chart is not None
    qtbot.waitUntil(lambda: chart.plot.height() > 0)
    return chart


def wheel(widget: Any, steps: int) -> None:
    """Turn the wheel over the middle of ``widget`` (positive: away from the user)."""
    centre = QPointF(widget.rect().center())
    event = QWheelEvent(centre, QPointF(widget.mapToGlobal(centre.toPoint())), QPoint(0, 0),
                        QPoint(0, 120 * steps), Qt.MouseButton.NoButton,
                        Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase, False)
    QApplication.sendEvent(widget, event)


def test_the_wheel_over_the_plot_zooms_the_plot_not_the_page(windows: Any, real_db: Any,
                                                             qtbot: Any) -> None:
    win = windows.open(real_db, size=(1280, 720))
    win.set_zoom(200)
    chart = chart_of(win, qtbot)
    page = chart.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: page.maximum() > 0)
    page.setValue(min(page.maximum(), 40))
    before_page, before_view = page.value(), chart.vb.viewRange()
    wheel(chart.plot.viewport(), 2)
    assert page.value() == before_page
    assert chart.vb.viewRange() != before_view
    for _ in range(40):  # out to the plot's limits, and past them
        wheel(chart.plot.viewport(), -3)
    assert page.value() == before_page
    win.set_zoom(100)


def test_presenting_keeps_plot_legend_and_phase_on_the_first_screen(windows: Any, real_db: Any,
                                                                    qtbot: Any) -> None:
    win = windows.open(real_db, size=(1280, 720))
    chart = chart_of(win, qtbot)
    win.toggle_presenting()
    chart.step_phase(1)
    chart.step_phase(1)
    port = chart.scroll_area.viewport()
    qtbot.waitUntil(lambda: chart.phase_label.isVisible())
    qtbot.wait(1)
    chart.scroll_area.verticalScrollBar().setValue(0)
    for part in (chart.title, chart.plot, chart.phase_label):
        top_left = part.mapTo(port, QPoint(0, 0))
        assert top_left.y() >= 0
        assert top_left.y() + part.height() <= port.height(), type(part).__name__
    legend = chart.legend.mapRectToScene(chart.legend.boundingRect())
    assert legend.bottom() <= chart.plot.height()
    win.toggle_presenting()


def test_the_highlighted_phase_keeps_its_name(windows: Any, real_db: Any, qtbot: Any) -> None:
    win = windows.open(real_db, size=(900, 720))
    win.set_zoom(300)
    chart = chart_of(win, qtbot)
    assert chart.spec is not None
    first = chart.spec.phases[0]
    chart.step_phase(1)  # phase 1: the narrowest cell
    chart.plot.grab()
    assert chart.strip.spread_label == f"{first.number}  {first.name}"
    win.set_zoom(100)

