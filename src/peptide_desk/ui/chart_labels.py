"""Text around the chart plot: wrapping labels that remember their heights, boxed captions,
the references and caveat view, and the helpers that colour and size them."""

from __future__ import annotations

import math

from PySide6.QtCore import QRect, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFontMetricsF,
    QPainter,
    QPaintEvent,
    QPalette,
    QResizeEvent,
    QShowEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QFrame, QLabel, QSizePolicy, QWidget

from peptide_desk import charts
from peptide_desk.themes import Palette
from peptide_desk.ui.browser import LockedBrowser
from peptide_desk.ui.chart_items import font


class WrapLabel(QLabel):
    """A word-wrapped label that remembers its height for each width it was asked about.

    While the panel is shown and sized, its layouts ask each wrapped label for its height at
    the same few widths again and again, and QLabel lays the text out afresh for every
    question (for rich text, a whole document layout each time).
    """

    def __init__(self, parent: QWidget, rich: bool = False) -> None:
        super().__init__(parent)
        self.setWordWrap(True)
        self.setTextFormat(Qt.TextFormat.RichText if rich else Qt.TextFormat.PlainText)
        self._heights: dict[tuple[int, str, str, int, int, int, int, int], int] = {}
        #: what ``fit_to_texts`` last fitted this label to (its minimum height stands)
        self.fitted_for: tuple[object, ...] | None = None

    def heightForWidth(self, width: int) -> int:
        m = self.contentsMargins()
        key = (width, self.text(), self.font().key(), self.logicalDpiY(),
               m.left(), m.top(), m.right(), m.bottom())
        height = self._heights.get(key)
        if height is None:
            if len(self._heights) > 64:
                self._heights.clear()
            height = self._heights[key] = super().heightForWidth(width)
        return height


class BoxLabel(WrapLabel):
    """A wrapped label on a tinted background with a coloured rule on its left (caveat box).

    Painted directly rather than through a style sheet: a widget style sheet would re-polish
    the whole panel each time it is shown, which costs more than the plot itself.
    """

    def __init__(self, parent: QWidget, rich: bool = False) -> None:
        super().__init__(parent, rich)
        self._box: tuple[str, str, int] | None = None

    def set_box(self, background: str, rule: str, width: int) -> None:
        if self._box == (background, rule, width):
            return
        self._box = (background, rule, width)
        self.setContentsMargins(width + 8, 6, 8, 6)
        self.update()

    def paintEvent(self, event: QPaintEvent) -> None:
        if self._box is not None:
            background, rule, width = self._box
            painter = QPainter(self)
            painter.fillRect(self.rect(), QColor(background))
            painter.fillRect(QRect(0, 0, width, self.height()), QColor(rule))
            painter.end()
        super().paintEvent(event)


def set_colours(widget: QWidget, text: str, background: str | None = None) -> None:
    """Text (and optionally background) colour through the palette, not a style sheet."""
    pal = widget.palette()
    pal.setColor(QPalette.ColorRole.WindowText, QColor(text))
    pal.setColor(QPalette.ColorRole.Text, QColor(text))
    if background is not None:
        pal.setColor(QPalette.ColorRole.Window, QColor(background))
        widget.setAutoFillBackground(True)
    widget.setPalette(pal)


def style_labels(p: Palette, sc: charts.Scale, backgrounds: tuple[QWidget, ...],
                 labels: tuple[QWidget, ...], readout: QLabel,
                 boxes: tuple[BoxLabel, BoxLabel, BoxLabel]) -> None:
    """Colours and fonts of the text around the plot; banner, phase and caveat boxes."""
    for widget in backgrounds:
        set_colours(widget, p.text, p.base)
    for label in (*labels, boxes[0]):
        set_colours(label, p.text)
        label.setFont(font(sc.font_pt))
    set_colours(readout, p.muted)
    readout.setFont(font(sc.font_pt))
    # room for two lines, so the plot does not jump as the readout changes length
    readout.setMinimumHeight(round(QFontMetricsF(font(sc.font_pt)).lineSpacing() * 2.2))
    rule = max(3, p.focus_width + 1)
    for box, (background, colour) in zip(boxes, ((p.caveat_bg, p.caveat_rule),
                                                (p.chart_bg, p.chart_rule),
                                                (p.caveat_bg, p.caveat_rule)), strict=True):
        box.set_box(background, colour, rule)


class NotesView(LockedBrowser):
    """Series notes and references: links emit ``linkActivated`` (the one browser policy:
    nothing loaded, links never followed); as tall as its text.

    A text browser lays its document out once per width, where a word-wrapped rich-text
    label lays it out for every size the layout asks about.
    """

    def __init__(self, parent: QWidget) -> None:
        super().__init__(parent)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.setStyleSheet("QTextBrowser { border: none; background: transparent; }")
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)
        self.document().setDocumentMargin(0)
        self.html = ""
        self._fit_pending = False

    def set_html(self, text: str) -> None:
        self.html = text
        self.setHtml(text)
        # hidden, its width is not yet known: laying the text out now would be wasted work
        # (the first show sends a resize, and showEvent catches a chart changed while hidden)
        if self.isVisible():
            self._fit()
        else:
            self._fit_pending = True

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._fit()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._fit_pending:
            self._fit()

    def wheelEvent(self, event: QWheelEvent) -> None:
        event.ignore()  # never scrolls itself: the panel around it does

    def _fit(self) -> None:
        self._fit_pending = False
        doc = self.document()
        doc.setTextWidth(self.viewport().width())
        height = math.ceil(doc.size().height()) + 2
        if height != self.height():
            self.setFixedHeight(height)


def set_shown(widget: QWidget, on: bool) -> None:
    """Show or hide ``widget``; "show" only undoes an earlier hide.

    ``show()`` polishes a widget even while its window is hidden, and a panel polished
    before the window takes it in is polished all over again when it is taken in.
    """
    if not on:
        widget.hide()
    elif widget.isHidden() and widget.testAttribute(Qt.WidgetAttribute.WA_WState_ExplicitShowHide):
        widget.show()


def fit_to_texts(label: WrapLabel, width: int, texts: list[str]) -> None:
    """A wrapped label tall enough for the longest of ``texts`` at ``width`` pixels."""
    margins = label.contentsMargins()
    inner = width - margins.left() - margins.right()
    key = (inner, margins.top(), margins.bottom(), label.font().key(), label.logicalDpiY(),
           *texts)
    if label.fitted_for == key:  # the panel is resized far more often than its texts or
        return  # fonts change
    label.fitted_for = key
    metrics = QFontMetricsF(label.font())
    box = QRectF(0, 0, inner, 1e5)
    tallest = max(metrics.boundingRect(box, int(Qt.TextFlag.TextWordWrap), t).height()
                  for t in texts)
    label.setMinimumHeight(round(tallest) + margins.top() + margins.bottom() + 2)
