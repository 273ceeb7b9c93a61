"""Chart data prepared for drawing (pure: no Qt): data, phases, ticks, styles, readouts."""

from __future__ import annotations

import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from peptide_desk import charts
from peptide_desk.charts import MINUS, PhaseStepper, prepare
from peptide_desk.records import Chart, Phase, Series
from peptide_desk.store import Store
from peptide_desk.themes import MARKERS, PALETTES, THEMES

FIXTURE_CHARTS = Path(__file__).parent / "fixtures" / "content" / "charts.toml"
REAL_CHARTS = Path(__file__).parents[1] / "resources" / "content" / "charts.toml"


def content_charts(path: Path) -> list[dict]:
    """The [[chart]] tables exactly as written in the content source."""
    with path.open("rb") as fh:
        return tomllib.load(fh)["chart"]


def make_chart(series: tuple[Series, ...], phases: tuple[Phase, ...] = (),
               y_label: str = "Change", y_unit: str = "%") -> Chart:
    return Chart("c", "A chart", "a", "weeks", y_label, y_unit, "Adults in one trial.",
                 ("r1",), "", phases, series)


MEASURED = Series("Drug 2 mg", "measured", "%", ((0.0, 0.0), (26.0, -15.2)), ("r1",), "")
PLACEBO = Series("Placebo", "measured", "%", ((0.0, 0.0), (26.0, 5.0)), ("r1",), "")
SHAPE = Series("Glucose", "schematic", "", ((0.0, 0.0), (4.0, 0.3), (26.0, -0.1)), ("r1",), "")
PHASES = (Phase("Start", 0, 4, "First weeks."), Phase("Later", 4, 26, "Months 2-6."))


def test_prepared_points_equal_content_source(store: Store) -> None:
    for raw in content_charts(FIXTURE_CHARTS):
        spec = prepare(store.chart(raw["id"]))
        assert [s.name for s in spec.series] == [s["name"] for s in raw["series"]]
        for style, src in zip(spec.series, raw["series"], strict=True):
            assert list(zip(style.xs, style.ys, strict=True)) == [tuple(p) for p in src["points"]]


def test_phase_bands_equal_phase_definitions(store: Store) -> None:
    for raw in content_charts(FIXTURE_CHARTS):
        spec = prepare(store.chart(raw["id"]))
        assert [(b.name, b.start, b.end, b.description) for b in spec.phases] == [
            (p["name"], p["start"], p["end"], p["description"]) for p in raw["phase"]]
        assert [b.number for b in spec.phases] == list(range(1, len(raw["phase"]) + 1))


def test_real_charts_plot_exactly_their_content(real_db: Path) -> None:
    real = Store(real_db)
    raw = content_charts(REAL_CHARTS)
    assert sorted(cid for cid, _ in real.chart_ids()) == sorted(c["id"] for c in raw)
    for src in raw:
        spec = prepare(real.chart(src["id"]))
        assert [list(zip(s.xs, s.ys, strict=True)) for s in spec.series] == [
            [tuple(p) for p in s["points"]] for s in src["series"]]
        assert [(b.start, b.end) for b in spec.phases] == [
            (p["start"], p["end"]) for p in src.get("phase", [])]


def test_schematic_series_dashed_unmarked_and_labelled() -> None:
    spec = prepare(make_chart((MEASURED, SHAPE, PLACEBO)))
    measured, shape, placebo = spec.series
    assert shape.legend == "Glucose (schematic)" and shape.marker is None
    assert shape.dash != "solid"
    assert measured.legend == "Drug 2 mg" and measured.dash == "solid"
    assert measured.marker == MARKERS[0] and placebo.marker == MARKERS[2]


def test_schematic_series_get_distinct_dashes() -> None:
    shapes = tuple(Series(f"S{i}", "schematic", "", ((0.0, 0.0), (1.0, 1.0)), (), "")
                   for i in range(5))
    dashes = [s.dash for s in prepare(make_chart(shapes)).series]
    assert len(set(dashes)) == 5 and "solid" not in dashes


@pytest.mark.parametrize("theme", THEMES)
def test_series_colours_come_from_the_theme(theme: str) -> None:
    spec = prepare(make_chart((MEASURED, SHAPE, PLACEBO)), theme)
    assert [s.colour for s in spec.series] == list(PALETTES[theme].series[:3])
    assert [b.fill for b in prepare(make_chart((MEASURED,), PHASES), theme).phases] == list(
        PALETTES[theme].phases[:2])


def test_highlight_fills_differ_only_in_opacity() -> None:
    band = prepare(make_chart((MEASURED,), PHASES)).phases[0]
    assert band.fill[:7] == band.strong_fill[:7] == band.faint_fill[:7]
    alpha = [int(c[7:9], 16) for c in (band.faint_fill, band.fill, band.strong_fill)]
    assert alpha == sorted(alpha) and len(set(alpha)) == 3


def test_y_axis_label() -> None:
    assert charts.y_label(make_chart((SHAPE,))) == "Relative change (schematic)"
    assert charts.y_label(make_chart((MEASURED,))) == "Change (%)"
    assert charts.y_label(make_chart((MEASURED,), y_unit="")) == "Change"
    assert prepare(make_chart((SHAPE,))).y_ticks == ((0.0, "baseline"),)
    assert prepare(make_chart((MEASURED,))).y_ticks is None
    assert prepare(make_chart((SHAPE,))).banner == "Schematic — not measured data"
    assert prepare(make_chart((MEASURED,))).banner == ""


def test_caveat_prefixed_with_population() -> None:
    assert prepare(make_chart((MEASURED,))).caveat == "Population: Adults in one trial."


def test_default_view_covers_points_phases_and_baseline() -> None:
    (x_lo, x_hi), (y_lo, y_hi) = charts.default_ranges(make_chart((MEASURED, PLACEBO), PHASES))
    assert x_lo < 0 and x_hi > 26
    assert y_lo < -15.2 and y_hi > 5.0
    (_, _), (y_lo, y_hi) = charts.default_ranges(make_chart((
        Series("Up", "measured", "%", ((0.0, 2.0), (4.0, 3.0)), (), ""),)))
    assert y_lo < 0 < y_hi  # the baseline is always in view


def test_short_span_ticks_are_weeks_only() -> None:
    ticks = charts.time_ticks(-0.5, 25.5)
    assert [t.value for t in ticks][:3] == [0.0, 4.0, 8.0]
    assert all("\n" not in t.label for t in ticks)


def test_medium_span_ticks_carry_months() -> None:
    ticks = charts.time_ticks(-2, 78)
    assert [t.value for t in ticks] == [0, 13, 26, 39, 52, 65, 78]
    assert ticks[0].label == "0"
    assert ticks[2].label == "26\n6 months"
    assert ticks[4].label == "52\n12 months"


def test_long_span_ticks_carry_years() -> None:
    ticks = charts.time_ticks(-5, 265)
    assert [t.value for t in ticks] == [0, 52, 104, 156, 208, 260]
    assert ticks[1].label == "52\n1 year" and ticks[5].label == "260\n5 years"


def test_key_week_replaces_a_crowding_tick() -> None:
    ticks = charts.time_ticks(-1.6, 41.6, keys=(40.0,))
    assert [t.value for t in ticks] == [0, 13, 26, 40]
    assert ticks[-1].label == "40\n9.2 months"
    assert [t.value for t in charts.time_ticks(-2, 80, keys=(72.0,))][-2:] == [52, 72]


def test_fewer_ticks_when_few_fit() -> None:
    assert len(charts.time_ticks(0, 78, max_ticks=3)) < len(charts.time_ticks(0, 78))
    assert [t.value for t in charts.time_ticks(0, 260, max_ticks=3)] == [0, 104, 208]
    assert charts.time_ticks(5, 5) == [] and charts.time_ticks(float("nan"), 1) == []


def test_no_ticks_before_week_zero() -> None:
    assert min(t.value for t in charts.time_ticks(-30, 30)) == 0


def test_numbers_use_true_minus_and_no_trailing_zeros() -> None:
    assert charts.fmt_number(-15.2) == f"{MINUS}15.2"
    assert charts.fmt_number(-10) == f"{MINUS}10"
    assert charts.fmt_number(-0.001) == "0"
    assert charts.fmt_change(10.0, "%") == "+10%"
    assert charts.fmt_change(-1.9, "percentage points") == f"{MINUS}1.9 percentage points"
    assert charts.fmt_tick(-1, 1) == f"{MINUS}1.0" and charts.fmt_tick(-0.0, 1) == "0.0"


def test_point_readout_measured() -> None:
    chart = make_chart((MEASURED, PLACEBO), PHASES)
    style = prepare(chart).series[0]
    assert charts.point_readout(chart, style, 26.0, -15.2) == (
        f"Drug 2 mg: {MINUS}15.2% at week 26 (month 6) · Later")


def test_point_readout_schematic_gives_direction_not_a_number() -> None:
    chart = make_chart((SHAPE,), PHASES)
    style = prepare(chart).series[0]
    text = charts.point_readout(chart, style, 4.0, 0.3)
    assert text == ("Glucose (schematic): above baseline (illustrative shape, not a "
                    "measurement) at week 4 (month 0.9) · Start")
    assert "0.3" not in text


def test_boundary_point_belongs_to_the_phase_it_ends() -> None:
    chart = make_chart((MEASURED,), PHASES)
    assert charts.phase_at(chart, 4).name == "Start"
    assert charts.phase_at(chart, 0).name == "Start"
    assert charts.phase_at(chart, 4.5).name == "Later"
    assert charts.phase_at(chart, 30) is None


def test_cursor_readout() -> None:
    chart = make_chart((MEASURED,), PHASES)
    assert charts.cursor_readout(chart, 12.4) == "Week 12 (month 2.8) · Later"
    assert charts.cursor_readout(chart, -3) == "Before the start of treatment"


def test_phase_stepping() -> None:
    s = PhaseStepper(2)
    assert s.current is None
    s = s.step(1)
    assert s.current == 0
    assert s.step(1).step(1).step(1).current == 1  # stops at the last phase
    assert s.step(-1).current is None  # Left from phase 1 returns to the overview
    assert PhaseStepper(0).step(1).current is None


def test_phase_caption() -> None:
    chart = make_chart((MEASURED,), PHASES)
    assert charts.phase_caption(chart, 1) == (
        "Phase 2 of 2 · Later (weeks 4–26): Months 2-6.")
    overview = charts.phase_caption(chart, None)
    assert "1 Start (weeks 0–4)" in overview and "Left/Right" in overview
    assert "Left/Right" not in charts.phase_caption(chart, None, hint=False)
    assert charts.phase_caption(make_chart((MEASURED,)), None) == ""


def test_sizes_grow_with_zoom_and_high_contrast() -> None:
    base, big = charts.scale_for(100), charts.scale_for(200)
    assert big.line_width == 2 * base.line_width and big.font_pt == 2 * base.font_pt
    assert big.marker_size > base.marker_size
    assert charts.scale_for(100, "high-contrast").line_width > base.line_width
    assert charts.scale_for(1000) == charts.scale_for(300)  # clamped like the app zoom
    spec = prepare(make_chart((MEASURED,)), zoom=200)
    assert spec.series[0].width == big.line_width


def test_sources_and_notes_name_every_reference(store: Store) -> None:
    chart = store.chart("gh-secretagogue-phases")
    refs = [(k, store.reference(k)) for k in chart.refs]
    line = charts.sources_line([r for _, r in refs if r])
    assert line.startswith("Sources: ") and "2003" in line
    html = charts.notes_html(prepare(chart), [*refs, ("missing", None)], PALETTES["light"])
    for key, ref in refs:
        assert f"href='ref:{key}'" in html
        assert ref.status_label in html
    assert "missing (not in the reference list)" in html


def test_notes_escape_content() -> None:
    shape = Series("A<b>", "schematic", "", ((0.0, 0.0),), (), "x < y & z")
    html = charts.notes_html(prepare(make_chart((shape,))), [], PALETTES["dark"])
    assert "A&lt;b&gt; (schematic)" in html and "x &lt; y &amp; z" in html


def test_charts_module_imports_no_qt_numpy() -> None:
    code = ("import sys, peptide_desk.charts; "
            "print(','.join(m for m in ('PySide6', 'pyqtgraph', 'numpy') "
            "if m in sys.modules))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True)
    assert out.stdout.strip() == ""


def test_nearest_point_within_limit_only() -> None:
    spec = prepare(make_chart((MEASURED, PLACEBO)))

    def to_screen(x: float, y: float) -> tuple[float, float]:
        return x * 10, -y * 10  # 10 px per unit, y up

    style, x, y = charts.nearest_point(list(spec.series), to_screen, (262.0, -48.0), 10)
    assert (style.name, x, y) == ("Placebo", 26.0, 5.0)
    assert charts.nearest_point(list(spec.series), to_screen, (100.0, 100.0), 10) is None
    assert charts.nearest_point([spec.series[0]], to_screen, (262.0, -48.0), 10) is None
