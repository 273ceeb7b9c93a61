"""Chart data prepared from a ``records.Chart`` for the chart view (pure: no Qt, no numpy).

Records here are NamedTuples rather than frozen dataclasses: this module loads with the first
chart, and NamedTuples are four times cheaper to define.

Everything a reader sees on a chart is decided here so it can be tested without a display:
the time axis (weeks, with months or years once the span calls for it), the phase bands,
each series' colour, dash and marker, the axis labels, the hover readout, the phase
stepping used for teaching and the sizes that grow with the zoom level.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable
from typing import NamedTuple

from peptide_desk.badges import badge_html
from peptide_desk.records import Chart, Phase, Reference, Series
from peptide_desk.themes import DASHES, MARKERS, Palette, palette

WEEKS_PER_MONTH = 52 / 12
WEEKS_PER_YEAR = 52
#: Above this span (weeks) ticks carry month labels; above the next, year labels.
MONTH_LABELS_AFTER = 26
YEAR_LABELS_AFTER = 104
MAX_TICKS = 10

SCHEMATIC_Y_LABEL = "Relative change (schematic)"
SCHEMATIC_SUFFIX = " (schematic)"
SCHEMATIC_BANNER = "Schematic — not measured data"
SCHEMATIC_VALUE_NOTE = "illustrative shape, not a measurement"
#: Schematic series are never solid: solid lines are kept for measured data.
SCHEMATIC_DASHES: tuple[str, ...] = (*dict.fromkeys(d for d in DASHES if d != "solid"),
                                      "dashdotdot", "longdash")
MINUS = "\u2212"
Point = tuple[float, float]


# --- sizes --------------------------------------------------------------------------------
class Scale(NamedTuple):
    """Line widths (px) and font sizes (pt) for one theme at one zoom level."""

    line_width: float
    marker_size: float
    axis_width: float
    font_pt: float
    title_pt: float
    small_pt: float


def scale_for(zoom: int = 100, theme: str = "light", pen_scale: float = 1.0) -> Scale:
    """Sizes grow with zoom; high contrast draws thicker lines and larger markers.

    ``pen_scale`` widens lines only: Qt draws cosmetic pens in device pixels, so an image
    exported at twice the density needs twice the pen width to look the same.
    """
    f = max(50, min(300, int(zoom))) / 100
    heavy = 1.75 if theme == "high-contrast" else 1.0
    return Scale(line_width=round(2.0 * f * heavy * pen_scale, 2),
                 marker_size=round(11 * f * min(heavy, 1.3), 1),
                 axis_width=round(max(1.0, f * heavy) * pen_scale, 2), font_pt=round(10 * f, 1),
                 title_pt=round(13 * f, 1), small_pt=round(9 * f, 1))


# --- numbers and time -------------------------------------------------------------------
def fmt_number(value: float, digits: int = 1) -> str:
    """A short number with a true minus sign and no trailing zeros (-15.20 → −15.2)."""
    text = f"{round(value, digits):.{digits}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    if text == "-0":
        text = "0"
    return text.replace("-", MINUS)


def fmt_tick(value: float, digits: int) -> str:
    """An axis tick with a fixed number of decimals (−1.0, −0.5, 0.0), true minus sign."""
    text = f"{value:.{max(0, digits)}f}"
    if not text.lstrip("-").strip("0."):  # zero, possibly printed as "-0.0"
        text = text.lstrip("-")
    return text.replace("-", MINUS)


def fmt_change(value: float, unit: str) -> str:
    """A change from baseline with its sign and unit (+10%, −1.9 percentage points)."""
    text = fmt_number(value, 2)
    if value > 0 and text != "0":
        text = "+" + text
    if not unit:
        return text
    return f"{text}{unit}" if unit == "%" else f"{text} {unit}"


def week_text(week: float) -> str:
    """Time as 'week N (month M)', the wording of the hover readout."""
    return f"week {fmt_number(week)} (month {fmt_number(week / WEEKS_PER_MONTH)})"


def x_label(chart: Chart) -> str:
    """Bottom-axis title; the weeks are the unit of every chart in the content format."""
    return f"Time from start ({chart.x_unit or 'weeks'})"


class Tick(NamedTuple):
    value: float
    label: str


def _tick_step(span: float, max_ticks: int = MAX_TICKS) -> tuple[float, str]:
    """Tick spacing in weeks and the secondary unit ('' / 'month' / 'year') for a span.

    ``max_ticks`` is how many labels fit side by side (fewer at high zoom).
    """
    fits = max(2, max_ticks)
    if span > YEAR_LABELS_AFTER:
        years = max(1, math.ceil(span / WEEKS_PER_YEAR / fits))
        return WEEKS_PER_YEAR * years, "year"
    if span > MONTH_LABELS_AFTER:
        return next((s for s in (13.0, 26.0) if span / s <= fits), 52.0), "month"
    return next((s for s in (1.0, 2.0, 4.0, 8.0) if span / s <= fits), 13.0), ""


def tick_label(week: float, unit: str) -> str:
    """Week number, with months or years on a second line when the span is long."""
    text = fmt_number(week)
    if week == 0 or not unit:
        return text
    if unit == "month":
        months = fmt_number(week / WEEKS_PER_MONTH)
        return f"{text}\n{months} month" + ("" if months == "1" else "s")
    years = fmt_number(week / WEEKS_PER_YEAR)
    return f"{text}\n{years} year" + ("" if years == "1" else "s")


def time_ticks(lo: float, hi: float, keys: tuple[float, ...] = (),
               max_ticks: int = MAX_TICKS) -> list[Tick]:
    """Ticks (in weeks, from week 0 on) for the visible range ``lo``..``hi``.

    ``keys`` are weeks worth a tick of their own (a trial's last time point, such as
    week 40 or 72); a regular tick too close to one gives way to it.
    """
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return []
    step, unit = _tick_step(hi - lo, max_ticks)
    first = max(0, math.ceil(lo / step - 1e-9))
    last = math.floor(hi / step + 1e-9)
    values = [i * step for i in range(first, last + 1)]
    for key in keys:
        if lo <= key <= hi and key not in values:
            values = [v for v in values if abs(v - key) >= 0.6 * step or v == 0] + [key]
    return [Tick(v, tick_label(v, unit)) for v in sorted(values)]


def key_weeks(chart: Chart) -> tuple[float, ...]:
    """Weeks that deserve a tick: the last time point any series reports."""
    xs = [x for s in chart.series for x in s.xs]
    return (max(xs),) if xs else ()


#: Schematic charts have no scale: the only labelled value is the baseline.
SCHEMATIC_Y_TICKS: tuple[tuple[float, str], ...] = ((0.0, "baseline"),)


# --- series and phases ------------------------------------------------------------------
class SeriesStyle(NamedTuple):
    """How one series is drawn; ``xs``/``ys`` are exactly the content's points."""

    position: int
    name: str
    legend: str
    kind: str
    unit: str
    colour: str
    dash: str
    marker: str | None
    width: float
    marker_size: float
    xs: tuple[float, ...]
    ys: tuple[float, ...]
    note: str
    refs: tuple[str, ...]

    @property
    def measured(self) -> bool:
        return self.kind == "measured"


class PhaseBand(NamedTuple):
    """A shaded phase region: number, name, weeks and fills (normal and highlighted)."""

    position: int
    name: str
    start: float
    end: float
    description: str
    fill: str
    strong_fill: str
    faint_fill: str

    @property
    def number(self) -> int:
        return self.position + 1

    @property
    def weeks(self) -> str:
        return f"weeks {fmt_number(self.start)}–{fmt_number(self.end)}"


def series_style(chart: Chart, series: Series, index: int, theme: str, zoom: int,
                 pen_scale: float = 1.0) -> SeriesStyle:
    """Colour from the theme, dash and marker by kind: markers only on measured points."""
    pal, size = palette(theme), scale_for(zoom, theme, pen_scale)
    measured = series.kind == "measured"
    schematic_index = sum(1 for s in chart.series[:index] if s.kind != "measured")
    dash = "solid" if measured else SCHEMATIC_DASHES[schematic_index % len(SCHEMATIC_DASHES)]
    return SeriesStyle(
        position=index, name=series.name,
        legend=series.name if measured else series.name + SCHEMATIC_SUFFIX,
        kind=series.kind, unit=series.unit, colour=pal.series[index % len(pal.series)],
        dash=dash, marker=MARKERS[index % len(MARKERS)] if measured else None,
        width=size.line_width, marker_size=size.marker_size,
        xs=tuple(series.xs), ys=tuple(series.ys), note=series.note, refs=series.refs)


def _alpha(colour: str, alpha: int) -> str:
    """``#RRGGBB`` or ``#RRGGBBAA`` with a new alpha byte."""
    return f"{colour[:7]}{max(0, min(255, alpha)):02X}"


def phase_band(phase: Phase, index: int, theme: str) -> PhaseBand:
    """Fills cycle through the theme's phase colours; highlighting changes only opacity.

    The highlighted band is only a little stronger (its colour must not swallow a series
    drawn in the same hue); the contrast comes from fading the others.
    """
    fills = palette(theme).phases or ("#80808026",)
    fill = fills[index % len(fills)]
    base = int(fill[7:9], 16) if len(fill) == 9 else 0x26
    return PhaseBand(index, phase.name, phase.start, phase.end, phase.description, fill,
                     _alpha(fill, min(0x48, round(base * 1.8))), _alpha(fill, base // 3))


def y_label(chart: Chart) -> str:
    """'Relative change (schematic)' for schematic charts, else the label with its unit."""
    if chart.is_schematic:
        return SCHEMATIC_Y_LABEL
    return f"{chart.y_label} ({chart.y_unit})" if chart.y_unit else chart.y_label


def _padded(lo: float, hi: float, share: float, minimum: float) -> tuple[float, float]:
    pad = (hi - lo) * share if hi > lo else minimum
    return lo - pad, hi + pad


def default_ranges(chart: Chart) -> tuple[tuple[float, float], tuple[float, float]]:
    """The view a reset returns to: every point and phase, baseline (0) always included."""
    xs = [x for s in chart.series for x in s.xs] + [v for p in chart.phases
                                                     for v in (p.start, p.end)]
    ys = [y for s in chart.series for y in s.ys] + [0.0]
    x_lo, x_hi = min([0.0, *xs]), max([1.0, *xs])
    return _padded(x_lo, x_hi, 0.04, 1.0), _padded(min(ys), max(ys), 0.08, 0.5)


class ChartSpec(NamedTuple):
    """Everything the view draws for one chart, in one theme and zoom."""

    chart: Chart
    schematic: bool
    title: str
    x_label: str
    y_label: str
    banner: str
    caveat: str
    series: tuple[SeriesStyle, ...]
    phases: tuple[PhaseBand, ...]
    x_range: tuple[float, float]
    y_range: tuple[float, float]
    scale: Scale
    key_weeks: tuple[float, ...] = ()
    #: fixed value ticks (schematic charts), or None for the plot's own numeric ticks
    y_ticks: tuple[tuple[float, str], ...] | None = None


def prepare(chart: Chart, theme: str = "light", zoom: int = 100,
            pen_scale: float = 1.0) -> ChartSpec:
    """Turn content data into drawing instructions (never adds or smooths points)."""
    x_range, y_range = default_ranges(chart)
    return ChartSpec(
        chart=chart, schematic=chart.is_schematic, title=chart.title, x_label=x_label(chart),
        y_label=y_label(chart), banner=SCHEMATIC_BANNER if chart.is_schematic else "",
        caveat=caveat_text(chart),
        series=tuple(series_style(chart, s, i, theme, zoom, pen_scale)
                     for i, s in enumerate(chart.series)),
        phases=tuple(phase_band(p, i, theme) for i, p in enumerate(chart.phases)),
        x_range=x_range, y_range=y_range, scale=scale_for(zoom, theme, pen_scale),
        key_weeks=key_weeks(chart),
        y_ticks=SCHEMATIC_Y_TICKS if chart.is_schematic else None)


def caveat_text(chart: Chart) -> str:
    """The population caveat shown beneath every chart."""
    return f"Population: {chart.caveat}"


def phases_key(chart: Chart) -> str:
    """One line naming every phase with its weeks (the strip may show only numbers)."""
    return " · ".join(f"{i + 1} {p.name} ({phase_band(p, i, 'light').weeks})"
                      for i, p in enumerate(chart.phases))


# --- hover readout ----------------------------------------------------------------------
def phase_at(chart: Chart, week: float) -> Phase | None:
    """The phase a time belongs to; a point on a boundary belongs to the phase it ends."""
    for p in chart.phases:
        if p.start < week <= p.end:
            return p
    for p in chart.phases:
        if p.start <= week <= p.end:
            return p
    return None


def _with_phase(text: str, chart: Chart, week: float) -> str:
    phase = phase_at(chart, week)
    return f"{text} · {phase.name}" if phase else text


def point_readout(chart: Chart, style: SeriesStyle, x: float, y: float) -> str:
    """Hover text for one plotted point: series, value, time and phase."""
    if style.measured:
        value = fmt_change(y, style.unit)
    else:
        side = "above baseline" if y > 0 else "below baseline" if y < 0 else "at baseline"
        value = f"{side} ({SCHEMATIC_VALUE_NOTE})"
    return _with_phase(f"{style.legend}: {value} at {week_text(x)}", chart, x)


def nearest_point(series: list[SeriesStyle], to_screen: Callable[[float, float], Point],
                  cursor: Point, limit: float) -> tuple[SeriesStyle, float, float] | None:
    """The plotted point nearest the cursor on screen, if within ``limit`` pixels."""
    best: tuple[float, SeriesStyle, float, float] | None = None
    for style in series:
        for x, y in zip(style.xs, style.ys, strict=True):
            sx, sy = to_screen(x, y)
            d = abs(sx - cursor[0]) + abs(sy - cursor[1])
            if d <= limit and (best is None or d < best[0]):
                best = (d, style, x, y)
    return None if best is None else best[1:]


def cursor_readout(chart: Chart, week: float) -> str:
    """Hover text away from any point: the time under the cursor and its phase."""
    if week < 0:
        return "Before the start of treatment"
    return _with_phase(week_text(round(week)).capitalize(), chart, week)


# --- phase stepping (teaching) -----------------------------------------------------------
class PhaseStepper(NamedTuple):
    """Which phase is highlighted: ``current`` None shows the whole chart, else 0..phases-1."""

    phases: int
    current: int | None = None

    def step(self, delta: int) -> PhaseStepper:
        """Right (+1) from the overview goes to phase 1; Left from phase 1 back to it."""
        if self.phases == 0:
            return self
        now = -1 if self.current is None else self.current
        new = max(-1, min(self.phases - 1, now + delta))
        return PhaseStepper(self.phases, None if new < 0 else new)


def phase_caption(chart: Chart, index: int | None, hint: bool = True) -> str:
    """Text under the plot: the highlighted phase's description, or the key of phases."""
    if not chart.phases:
        return ""
    if index is None:
        return f"Phases: {phases_key(chart)}." + (" Left/Right steps through them." if hint
                                                   else "")
    p = chart.phases[index]
    weeks = phase_band(p, index, "light").weeks
    return f"Phase {index + 1} of {len(chart.phases)} · {p.name} ({weeks}): {p.description}"


# --- references ---------------------------------------------------------------------------
def sources_line(refs: list[Reference]) -> str:
    """One line naming a chart's sources ('Bramnert et al. 2003'), for exported images."""
    return "Sources: " + "; ".join(r.short_citation for r in refs) + "." if refs else ""


def notes_html(spec: ChartSpec, refs: list[tuple[str, Reference | None]], pal: Palette) -> str:
    """Series notes and the chart's references (linked, with verification status)."""
    out = []
    notes = [(s.legend, s.note) for s in spec.series if s.note]
    if notes:
        out.append("<p><b>About the series</b></p><ul style='margin-left:12px'>")
        out += [f"<li><b>{html.escape(n)}</b>: {html.escape(t)}</li>" for n, t in notes]
        out.append("</ul>")
    out.append("<p><b>References</b></p><ol style='margin-left:12px'>")
    for key, ref in refs:
        if ref is None:
            out.append(f"<li>{html.escape(key)} (not in the reference list)</li>")
            continue
        badge = badge_html(ref.status, ref.status_label, pal, wrap=True)
        out.append(f"<li><a style='color:{pal.link}' href='ref:{html.escape(key)}'>"
                   f"{html.escape(ref.citation)}</a> {badge}</li>")
    out.append("</ol>")
    return "".join(out)
