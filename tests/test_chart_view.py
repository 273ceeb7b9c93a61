"""The chart panel as a reader uses it (pytest-qt, offscreen): data, bands, legend, keys, export."""

from __future__ import annotations

import html
import math
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QGuiApplication, QImage
from PySide6.QtWidgets import QApplication, QLabel, QVBoxLayout, QWidget

from peptide_desk.records import Chart
from peptide_desk.store import Store
from peptide_desk.themes import PALETTES
from peptide_desk.ui.chart_view import ChartView

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def view(qtbot, store: Store) -> ChartView:
    widget = ChartView(store, "light", 100)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    qtbot.waitExposed(widget)
    assert widget.show_chart(store.chart_ids()[0][0])
    return widget


def first_chart(store: Store) -> Chart:
    chart = store.chart(store.chart_ids()[0][0])
    assert chart is not None
    return chart


def check_plotted(widget: ChartView, chart: Chart) -> None:
    """Every series item holds exactly the content's points; every band is one phase."""
    assert len(widget.items) == len(chart.series)
    for item, series in zip(widget.items, chart.series, strict=True):
        xs, ys = item.getData()
        assert list(xs) == series.xs and list(ys) == series.ys
        measured = series.kind == "measured"
        assert (item.opts["symbol"] is not None) == measured
        assert (item.opts["pen"].style() == Qt.PenStyle.SolidLine) == measured
    assert [r.getRegion() for r in widget.regions] == [(p.start, p.end) for p in chart.phases]


def test_ChartView_plots_every_fixture_chart_exactly(view: ChartView, store: Store) -> None:
    for cid, _ in store.chart_ids():
        assert view.show_chart(cid)
        chart = store.chart(cid)
        check_plotted(view, chart)
        legend = [label.text for _, label in view.legend.items]
        assert legend == [s.name + (" (schematic)" if s.kind == "schematic" else "")
                          for s in chart.series]


def test_ChartView_plots_every_real_chart_exactly(qtbot, real_db: Path) -> None:
    real = Store(real_db)
    widget = ChartView(real)
    qtbot.addWidget(widget)
    widget.resize(1000, 800)
    widget.show()
    for cid, _ in real.chart_ids():
        assert widget.show_chart(cid)
        check_plotted(widget, real.chart(cid))
        assert widget.banner.isVisible() == real.chart(cid).is_schematic


def test_ChartView_caveat_references_and_schematic_banner(view: ChartView, store: Store) -> None:
    chart = first_chart(store)
    assert view.caveat.text() == f"Population: {chart.caveat}"
    for key in chart.refs:
        assert f"href='ref:{key}'" in view.notes.html
        assert f'href="ref:{key}"' in view.notes.toHtml()
        assert store.reference(key).status_label in view.notes.toPlainText()
    assert view.banner.isVisible() == chart.is_schematic
    assert html.escape(chart.title) in view.title.text()


def test_ChartView_reference_link_is_forwarded(qtbot, view: ChartView, store: Store) -> None:
    key = first_chart(store).refs[0]
    with qtbot.waitSignal(view.linkActivated) as blocker:
        view.notes.linkActivated.emit(f"ref:{key}")
    assert blocker.args == [f"ref:{key}"]


def test_ChartView_unknown_chart_says_so(view: ChartView, store: Store) -> None:
    assert view.show_chart("no-such-chart") is False
    assert "Chart not found" in view.title.text()
    assert view.items == [] and view.legend.items == []  # nothing left of the last chart
    assert view.show_chart(first_chart(store).id)  # and the next chart shows normally
    assert view.notes.isVisible() and len(view.items) == len(first_chart(store).series)


def test_ChartView_legend_click_toggles_series(qtbot, view: ChartView) -> None:
    sample, _ = view.legend.items[0]
    item = view.items[0]
    centre = sample.mapToScene(sample.boundingRect().center())
    point = view.plot.mapFromScene(centre)
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not item.isVisible())
    assert not view.series_menu.actions()[0].isChecked()
    view.set_theme("dark")  # hidden series stay hidden across a theme change
    assert not view.items[0].isVisible()
    view.series_menu.actions()[0].trigger()  # and the Series menu brings it back
    assert view.items[0].isVisible()


def test_ChartView_legend_label_click_toggles_too(qtbot, view: ChartView) -> None:
    _, label = view.legend.items[-1]
    point = view.plot.mapFromScene(label.mapToScene(label.boundingRect().center()))
    qtbot.mouseClick(view.plot.viewport(), Qt.MouseButton.LeftButton, pos=point)
    qtbot.waitUntil(lambda: not view.items[-1].isVisible())


def test_ChartView_left_right_step_through_phases(qtbot, view: ChartView, store: Store) -> None:
    chart = first_chart(store)
    assert len(chart.phases) >= 2
    view.plot.setFocus()
    qtbot.keyClick(view.plot, Qt.Key.Key_Right)
    assert view.stepper.current == 0
    assert chart.phases[0].description in view.phase_label.text()
    alphas = [r.brush.color().alpha() for r in view.regions]
    assert alphas[0] == max(alphas) and alphas[0] > alphas[1]
    assert view.strip.highlight == 0
    qtbot.keyClick(view.plot, Qt.Key.Key_Right)
    assert view.stepper.current == 1
    assert chart.phases[1].name in view.phase_label.text()
    qtbot.keyClick(view, Qt.Key.Key_Left)
    qtbot.keyClick(view, Qt.Key.Key_Left)
    assert view.stepper.current is None
    assert view.strip.highlight is None
    fills = [r.brush.color().alpha() for r in view.regions]
    assert fills == [int(b.fill[7:9], 16) for b in view.spec.phases]  # back to the overview


def test_ChartView_hover_reads_value_time_and_phase(view: ChartView, store: Store) -> None:
    chart = first_chart(store)
    index = next(i for i, s in enumerate(chart.series) if s.kind == "measured")
    x, y = chart.series[index].points[1]
    view.plot.scene().sigMouseMoved.emit(view.vb.mapViewToScene(QPointF(x, y)))
    text = view.readout.text()
    assert chart.series[index].name in text
    assert "week 1 (month 0.2)" in text
    assert chart.phases[0].name in text
    ring_x, ring_y = view.ring.getData()
    assert (list(ring_x), list(ring_y)) == ([x], [y])


def test_ChartView_reset_view_restores_range(view: ChartView) -> None:
    def flat() -> list[float]:
        return [v for axis in view.vb.viewRange() for v in axis]

    assert flat() == pytest.approx([*view.spec.x_range, *view.spec.y_range])
    view.vb.scaleBy((0.5, 0.5))
    assert flat() != pytest.approx([*view.spec.x_range, *view.spec.y_range])
    view.reset_view()
    assert flat() == pytest.approx([*view.spec.x_range, *view.spec.y_range])


def test_ChartView_export_png_is_twice_the_plot(tmp_path: Path, view: ChartView) -> None:
    path = tmp_path / "chart.png"
    size = view.export_png(path)
    assert path.read_bytes()[:8] == PNG_SIGNATURE
    image = QImage(str(path))
    assert (image.width(), image.height()) == (size.width(), size.height())
    assert size.width() == 2 * view.plot.width()
    assert size.height() > 2 * view.plot.height()  # plus title, caveat and sources
    assert size == 2 * view.figure_size()


def test_ChartView_export_svg_is_svg(tmp_path: Path, view: ChartView, store: Store) -> None:
    path = tmp_path / "chart.svg"
    view.export_svg(path)
    root = ET.parse(path).getroot()
    assert root.tag.endswith("svg")
    text = path.read_text(encoding="utf-8")
    assert first_chart(store).title in text
    assert "<image" not in text  # markers and lines stay vectors


def test_ChartView_copy_image(view: ChartView) -> None:
    view.copy_image()
    image = QGuiApplication.clipboard().image()
    assert not image.isNull()
    assert image.width() == 2 * view.plot.width()


@pytest.mark.parametrize("theme", ["light", "dark", "high-contrast"])
def test_ChartView_theme_colours(view: ChartView, theme: str) -> None:
    view.set_theme(theme)
    pal = PALETTES[theme]
    assert view.plot.backgroundBrush().color().name().upper() == pal.base.upper()
    for item, colour in zip(view.items, pal.series, strict=False):
        assert item.opts["pen"].color().name().upper() == colour.upper()


def test_ChartView_high_contrast_and_zoom_thicken_lines(view: ChartView) -> None:
    width = view.items[0].opts["pen"].widthF()
    view.set_theme("high-contrast")
    assert view.items[0].opts["pen"].widthF() > width
    hc = view.items[0].opts["pen"].widthF()
    view.set_zoom(200)
    assert view.items[0].opts["pen"].widthF() == pytest.approx(2 * hc)
    assert view.plot.getAxis("bottom").style["tickFont"].pointSizeF() == pytest.approx(20)


def test_ChartView_built_hidden_is_sized_once_shown(qtbot, store: Store) -> None:
    """Filled before it is shown (as the window does), the panel defers sizing, not content."""
    widget = ChartView(store)
    qtbot.addWidget(widget)
    assert widget.show_chart(store.chart_ids()[0][0])
    assert widget.notes.html and widget.caveat.text() and widget.legend.items
    polished = Qt.WidgetAttribute.WA_WState_Polished
    assert not any(w.testAttribute(polished) for w in (widget.title, widget.banner,
                                                       widget.caveat, widget.notes))
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 800)
    QVBoxLayout(host).addWidget(widget)
    host.show()
    qtbot.waitExposed(host)
    qtbot.waitUntil(lambda: widget.plot.isVisible())
    doc = widget.notes.document()
    assert widget.notes.height() == math.ceil(doc.size().height()) + 2
    assert doc.textWidth() == widget.notes.viewport().width()
    viewport = widget.scroll_area.viewport().height()
    assert widget.plot.minimumHeight() >= min(300, int(viewport * 0.45))
    assert widget.phase_label.minimumHeight() > widget.phase_label.fontMetrics().height()


def test_ChartView_changed_while_hidden_is_refitted_when_shown(qtbot, view: ChartView,
                                                               store: Store) -> None:
    view.hide()
    view.set_zoom(200)
    cid = store.chart_ids()[-1][0]
    view.show_chart(cid)
    assert view._fit_pending  # hidden: nothing measured against a size about to change
    view.show()
    qtbot.waitExposed(view)
    assert not view._fit_pending
    viewport = view.scroll_area.viewport().height()
    # 300 px × zoom at least, unless that would push the phase text off the first screen
    assert view.plot.minimumHeight() >= min(600, int(viewport * 0.45))
    doc = view.notes.document()
    assert doc.textWidth() == view.notes.viewport().width()
    assert view.notes.height() == math.ceil(doc.size().height()) + 2


def test_ChartView_hover_ring_is_made_on_first_hover(tmp_path: Path, view: ChartView,
                                                     store: Store) -> None:
    assert view.ring is None  # nothing to ring before the reader hovers a point
    view.export_png(tmp_path / "before.png")  # and exports do not need one
    chart = first_chart(store)
    x, y = next(s for s in chart.series if s.kind == "measured").points[0]
    view.plot.scene().sigMouseMoved.emit(view.vb.mapViewToScene(QPointF(x, y)))
    assert view.ring is not None and view.ring.scene() is view.plot.scene()
    assert [list(a) for a in view.ring.getData()] == [[x], [y]]
    view.set_theme("dark")  # kept, restyled, across a redraw
    assert view.ring.scene() is view.plot.scene() and len(view.ring.getData()[0]) == 0
    view.plot.scene().sigMouseMoved.emit(view.vb.mapViewToScene(QPointF(x, y)))
    view.clear_ring()
    assert len(view.ring.getData()[0]) == 0


def test_ChartView_phase_bands_span_the_view_and_light_up(view: ChartView) -> None:
    top, bottom = sorted(view.vb.viewRange()[1])
    for band, region in zip(view.spec.phases, view.regions, strict=True):
        rect = region.boundingRect()
        assert rect.top() == pytest.approx(top) and rect.bottom() == pytest.approx(bottom)
        assert (rect.left(), rect.right()) == pytest.approx((band.start, band.end))
        assert region.dataBounds(0) == (band.start, band.end) and region.dataBounds(1) is None
        assert region.edge.style() == Qt.PenStyle.NoPen
    view.step_phase(1)
    lit, *others = view.regions
    assert lit.edge.style() != Qt.PenStyle.NoPen
    assert lit.edge.color().name() == PALETTES["light"].accent.lower()
    assert all(r.edge.style() == Qt.PenStyle.NoPen for r in others)
    assert lit.boundingRect().left() < view.spec.phases[0].start  # room for the edge line


def test_WrapLabel_remembers_heights_but_follows_its_text(qtbot) -> None:
    from peptide_desk.ui.chart_labels import WrapLabel

    parent = QWidget()
    qtbot.addWidget(parent)
    label, plain = WrapLabel(parent), QLabel(parent)
    plain.setWordWrap(True)
    for text in ("short", "a much longer text that has to wrap onto several lines " * 4):
        label.setText(text)
        plain.setText(text)
        for width in (80, 200, 600, 200):
            assert label.heightForWidth(width) == plain.heightForWidth(width)
    label.setContentsMargins(10, 10, 10, 10)
    plain.setContentsMargins(10, 10, 10, 10)
    assert label.heightForWidth(200) == plain.heightForWidth(200)


def test_legend_labels_are_plain_text(qtbot, view: ChartView) -> None:
    from peptide_desk.ui.chart_items import LegendLabel

    label = LegendLabel("A & <b>B</b>", "#123456", 10)
    assert label.text == "A & <b>B</b>"  # shown literally, never as markup
    narrow = LegendLabel("A", "#123456", 10)
    assert label.text_width() > narrow.text_width() > 2 * LegendLabel.MARGIN
    _, first = view.legend.items[0]
    assert first.colour.upper() == PALETTES["light"].text.upper()
    view.set_zoom(200)
    _, first = view.legend.items[0]
    assert first.text_font.pointSizeF() == pytest.approx(20)


@pytest.mark.parametrize("shown_first", [True, False])
def test_ChartView_caveat_fits_the_first_screen(qtbot, store: Store, shown_first: bool) -> None:
    """However the panel was laid out before, the plot takes the height fitted for it."""
    host = QWidget()
    qtbot.addWidget(host)
    host.resize(1000, 800)
    layout = QVBoxLayout(host)
    host.show()
    qtbot.waitExposed(host)
    widget = ChartView(store)
    if shown_first:  # as the window does: the panel is shown, then given its chart
        layout.addWidget(widget)
        qtbot.waitUntil(widget.isVisible)
        widget.show_chart(store.chart_ids()[0][0])
    else:
        widget.show_chart(store.chart_ids()[0][0])
        layout.addWidget(widget)
    qtbot.waitUntil(lambda: widget.plot.height() == widget.plot.minimumHeight())
    QApplication.processEvents()  # whatever layout was still queued: the fit must hold
    assert widget.plot.height() == widget.plot.minimumHeight()
    assert widget.caveat.geometry().bottom() <= widget.scroll_area.viewport().height()
