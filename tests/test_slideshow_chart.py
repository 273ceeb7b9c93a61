"""A chart slide at projector scale: the plot, its legend and the phase's text on one screen,
the text never below a text slide's readable minimum, whatever the screen (pytest-qt)."""

from __future__ import annotations

import pytest

from peptide_desk.decks import Deck, Slide
from peptide_desk.ui.slideshow import MIN_PT, MIN_PT_FLOOR, SlideShow, chart_zoom, scale_of

CHART = Slide("chart", "chart:gh-secretagogue-phases", "GH phases", phase=0)


def floor_pt(height: int) -> float:
    return max(MIN_PT_FLOOR, MIN_PT * scale_of(height))


def test_the_chart_zoom_keeps_its_type_at_the_readable_minimum_or_above() -> None:
    assert chart_zoom(1080) == 180 and chart_zoom(720) == 120
    for height in range(400, 2400, 7):  # 10 pt at 100%: zoom / 10 is the chart's type
        assert chart_zoom(height) / 10 >= min(30.0, floor_pt(height)) - 1e-9, height
        assert chart_zoom(height) <= 300  # the chart's largest (a 4K screen at ratio 2: 1080)


def shown_chart(qtbot, store, size: tuple[int, int]) -> SlideShow:
    show = SlideShow(store, Deck("C", (CHART,)), "high-contrast")
    qtbot.addWidget(show)
    show.resize(*size)
    show.start(full_screen=False)
    qtbot.waitExposed(show)
    show.relayout()
    chart = show.chart
    assert chart is not None and show.stack.currentWidget() is chart
    qtbot.waitUntil(lambda: chart.plot.height() > size[1] // 3)
    return show


def check_readable_on_one_screen(show: SlideShow, height: int) -> None:
    chart = show.chart
    assert chart is not None
    floor = floor_pt(height)
    for label in (chart.phase_label, chart.caveat, chart.banner):
        assert label.font().pointSizeF() >= floor - 0.05, label.objectName()
    assert chart.title.font().pointSizeF() > chart.phase_label.font().pointSizeF()
    assert all(label.text_font.pointSizeF() >= floor - 0.05 for _, label in chart.legend.items)
    assert "Phase 1 of 3" in chart.phase_label.text()
    body, viewport = chart.scroll_area.widget(), chart.scroll_area.viewport()
    assert body.height() <= viewport.height() + 4  # plot, legend, phase, caveat: one screen
    assert not chart.notes.isVisible() and not chart.tools.isVisible()


@pytest.mark.parametrize("size", [(1280, 720), (1366, 768), (1920, 1080)])
def test_plot_legend_and_phase_text_fit_one_screen_and_are_readable(qtbot, real_store,
                                                                    size) -> None:
    show = shown_chart(qtbot, real_store, size)
    chart = show.chart
    assert chart is not None
    # five series in two columns: three rows of legend, not five, under the plot
    qtbot.waitUntil(lambda: chart.legend.columnCount == 2)
    check_readable_on_one_screen(show, size[1])
    show.finish()


def test_a_show_moved_to_a_larger_screen_scales_its_chart(qtbot, real_store) -> None:
    show = shown_chart(qtbot, real_store, (1280, 720))
    chart = show.chart
    assert chart is not None and chart.zoom == 120
    show.resize(1920, 1080)
    qtbot.waitUntil(lambda: chart.zoom == 180)
    qtbot.waitUntil(lambda: chart.plot.height() > 1080 // 3)
    viewport = chart.scroll_area.viewport()
    qtbot.waitUntil(lambda: chart.scroll_area.widget().height() <= viewport.height() + 4)
    check_readable_on_one_screen(show, 1080)
    show.finish()
