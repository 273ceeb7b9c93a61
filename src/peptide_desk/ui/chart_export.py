"""Chart images for export and the clipboard: the plot with its title, caveat and sources.

An exported chart travels without the panel around it, so the image carries the title, the
"Schematic — not measured data" banner, the highlighted phase, the population caveat and the
sources; nothing on it may claim more than the panel does.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetricsF, QImage, QPainter

from peptide_desk import __version__, charts
from peptide_desk.atomic import write_with
from peptide_desk.themes import palette
from peptide_desk.ui.chart_items import font

if TYPE_CHECKING:
    from PySide6.QtCore import QIODevice

    from peptide_desk.charts import ChartSpec
    from peptide_desk.records import Reference
    from peptide_desk.ui.chart_view import ChartView

Block = tuple[QRectF, str, QFont, str]
MARGIN = 16.0


def _spec(view: ChartView) -> ChartSpec:
    if view.spec is None:
        raise ValueError("no chart is shown, so there is nothing to export")
    return view.spec


def _refs(view: ChartView) -> list[Reference]:
    return [r for r in (view.store.reference(k) for k in _spec(view).chart.refs) if r]


def schematic_note(spec: ChartSpec) -> str:
    """'Schematic — not measured data', naming the schematic series when some are measured."""
    if spec.banner:
        return spec.banner
    names = [s.name for s in spec.series if not s.measured]
    return (f"Schematic series (not measured data): {', '.join(names)}" if names else "")


def _texts(view: ChartView) -> tuple[list[tuple[str, QFont, str]], list[tuple[str, QFont, str]]]:
    """Text blocks drawn above and below the plot."""
    spec, pal = _spec(view), palette(view.theme)
    sc = spec.scale
    above = [(spec.title, font(sc.title_pt, True), pal.text)]
    note = schematic_note(spec)
    if note:
        above.append((note, font(sc.font_pt, True), pal.text))
    below = [(charts.phase_caption(spec.chart, view.stepper.current, hint=False),
              font(sc.small_pt), pal.text),
             (spec.caveat, font(sc.small_pt), pal.text),
             (charts.sources_line(_refs(view)), font(sc.small_pt), pal.muted)]
    return above, [b for b in below if b[0]]


def layout(view: ChartView, captions: bool = True) -> tuple[list[Block], QRectF, float]:
    """Where each text block and the plot go, in widget pixels; and the total height.

    Without ``captions`` only the title, the schematic note and the plot are laid out (print
    sets the phase key, caveat and sources as text beneath)."""
    width = float(view.plot.width())
    flags = int(Qt.TextFlag.TextWordWrap)
    above, below = _texts(view)
    if not captions:
        below = []
    y, blocks, plot_rect = 12.0, [], QRectF()
    for group in (above, None, below):
        if group is None:
            plot_rect = QRectF(0, y, width, float(view.plot.height()))
            y += plot_rect.height() + 8
            continue
        for text, fnt, colour in group:
            box = QRectF(MARGIN, 0, width - 2 * MARGIN, 1e5)
            need = QFontMetricsF(fnt).boundingRect(box, flags, text)
            blocks.append((QRectF(MARGIN, y, width - 2 * MARGIN, need.height()), text, fnt,
                           colour))
            y += need.height() + 6
    return blocks, plot_rect, y + 8


def figure_size(view: ChartView) -> QSize:
    """Size of an exported image in widget pixels (the plot plus its captions)."""
    _, plot_rect, height = layout(view)
    return QSize(int(plot_rect.width()), round(height))


def paint_figure(view: ChartView, painter: QPainter, captions: bool = True) -> None:
    """Paint the figure on any device: a QImage for PNG/clipboard, a QSvgGenerator for SVG,
    a page being printed (``captions`` False: the page sets them as text)."""
    blocks, plot_rect, height = layout(view, captions)
    painter.fillRect(QRectF(0, 0, plot_rect.width(), height), QColor(palette(view.theme).base))
    view.clear_ring()  # the hover ring belongs to the screen, not to the figure
    view.plot.render(painter, plot_rect, view.plot.viewport().rect())
    for rect, text, fnt, colour in blocks:
        painter.setFont(fnt)
        painter.setPen(QColor(colour))
        painter.drawText(rect, int(Qt.TextFlag.TextWordWrap), text)


def figure_image(view: ChartView, scale: int) -> QImage:
    """The figure at ``scale`` times screen density (lines, markers and text all scale)."""
    image = QImage(figure_size(view) * scale, QImage.Format.Format_ARGB32)
    image.setDevicePixelRatio(scale)
    # the screen's dots per inch, so point sizes lay out exactly as they do on screen
    image.setDotsPerMeterX(round(view.logicalDpiX() / 0.0254))
    image.setDotsPerMeterY(round(view.logicalDpiY() / 0.0254))
    image.fill(QColor(palette(view.theme).base))
    painter = QPainter(image)
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
    view.set_pen_scale(scale)  # Qt does not widen cosmetic pens on dense images
    try:
        paint_figure(view, painter)
    finally:
        painter.end()
        view.set_pen_scale(1.0)
    for key, value in provenance(view).items():
        image.setText(key, value)
    return image


def provenance(view: ChartView) -> dict[str, str]:
    """Title, sources and the schematic note, for PNG text chunks and SVG <desc>."""
    spec = _spec(view)
    site = view.store.site()
    fields = {"Title": spec.title,
              "Description": " ".join(t for t in (schematic_note(spec), spec.caveat) if t),
              "Source": charts.sources_line(_refs(view)),
              "Software": f"Peptide Desk {__version__}, content as of {site.content_as_of}"}
    return {k: v for k, v in fields.items() if v}


def save_png(view: ChartView, path: str | Path, scale: int = 2) -> QSize:
    """Write the figure as PNG, all or nothing (:class:`~peptide_desk.atomic.SaveError`)."""
    image = figure_image(view, scale)
    # the stubs type the format as bytes; PySide6 accepts only a str here
    write_with(path, lambda tmp: image.save(str(tmp), "PNG"))  # type: ignore[call-overload]
    return image.size()


def save_svg(view: ChartView, path: str | Path) -> None:
    """Write the figure as SVG, all or nothing (:class:`~peptide_desk.atomic.SaveError`)."""
    write_with(path, lambda tmp: write_svg(view, tmp))


def svg_markup(view: ChartView) -> str:
    """The figure as SVG text, for an HTML hand-out to carry inline."""
    from PySide6.QtCore import QBuffer, QIODevice

    buffer = QBuffer()
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    write_svg(view, buffer)
    buffer.close()
    text = bytes(buffer.data().data()).decode("utf-8")
    return text[text.find("<svg"):] if "<svg" in text else text


def write_svg(view: ChartView, path: str | Path | QIODevice) -> None:
    """The figure as an SVG drawing: lines, markers and text stay vectors."""
    from PySide6.QtCore import QIODevice
    from PySide6.QtSvg import QSvgGenerator

    size = figure_size(view)
    gen = QSvgGenerator()
    if isinstance(path, QIODevice):
        gen.setOutputDevice(path)
    else:
        gen.setFileName(str(path))
    gen.setSize(size)
    gen.setViewBox(QRectF(0, 0, size.width(), size.height()))
    gen.setResolution(int(view.logicalDpiX()))
    meta = provenance(view)
    gen.setTitle(meta["Title"])
    gen.setDescription(" ".join(meta.get(k, "") for k in ("Description", "Source", "Software")))
    painter = QPainter(gen)
    try:
        paint_figure(view, painter)
    finally:
        painter.end()
