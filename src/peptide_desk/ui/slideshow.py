"""The slide show (F5 with a deck): each slide fills the screen at projector scale, a clicker
steps through it, B/./W cover it, and a presenter view shows what comes next.

Text slides are laid out once per screen size (``ui/slideshow_layout.py``): the largest type
that fits without scrolling, never below a readable minimum; what still does not fit
continues on following screens planned like printed pages (no line or table row is cut, a
continued table repeats its header row, a heading stays with what follows). A chart slide is
the chart view itself, stepped through its phases before the next slide. Where the show is
(slide, part, phase) is ``decks.Run``; this module only draws it. Keys are keymap's
``PRESENTING`` shortcuts, read by an event filter on the application while the show is
open, so a focused child never eats one.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, QPointF, QRectF, QSize, QSizeF, Qt, QTimer, Signal
from PySide6.QtGui import (
    QColor,
    QGuiApplication,
    QImage,
    QKeyEvent,
    QKeySequence,
    QPainter,
    QPixmap,
    QTextDocument,
)
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QLabel,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import keymap
from peptide_desk.decks import Deck, Run, Step, elapsed_text, slide_steps
from peptide_desk.page_parts import esc
from peptide_desk.slide_pages import SlideContent, slide_content, slide_css, slide_markup
from peptide_desk.themes import Palette, palette, reading_css
from peptide_desk.ui.browser import LockedBrowser
from peptide_desk.ui.cover import BLACK, WHITE, Cover
from peptide_desk.ui.slideshow_layout import TextLayout

if TYPE_CHECKING:
    from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent, QScreen

    from peptide_desk.store import Store
    from peptide_desk.ui.chart_view import ChartView

#: Body text at a 1080-pixel-high slide, in points: the largest tried and the readable
#: minimum; both scale with the slide's height (never below MIN_PT_FLOOR).
MAX_PT, MIN_PT, MIN_PT_FLOOR = 34.0, 18.0, 12.0
MARGIN_X, MARGIN_Y = 0.05, 0.04  # of the slide's width and height


def qt_keys(command: str) -> set[int]:
    """The Qt key codes of a keymap command (``"PgDown"`` → ``Qt.Key_PageDown``)."""
    return {QKeySequence(k)[0].key().value  # type: ignore[index]
            for k in keymap.keys(command)}


def scale_of(height: int) -> float:
    """How much larger than at 1080 pixels high the slide's type is."""
    return max(1, height) / 1080


def chart_zoom(height: int) -> int:
    """The chart view's zoom on a slide ``height`` pixels high (180% at 1080): its text
    (10 pt at 100%) never smaller than a text slide's readable minimum at that height."""
    floor = max(MIN_PT_FLOOR, MIN_PT * scale_of(height)) * 10  # the zoom that gives it
    return min(300, max(math.ceil(floor / 10) * 10, math.ceil(180 * scale_of(height) / 10) * 10))


def chart_css(zoom: int) -> str:
    """The chart slide's text at the chart's own type size: the application's style sheet
    would hold its labels at the window's (it overrides ``setFont``); the title larger."""
    from peptide_desk.charts import scale_for

    sc = scale_for(zoom)
    return (f"QLabel {{ font-size: {sc.font_pt}pt; }} "
            f"QLabel#chartTitle {{ font-size: {sc.title_pt}pt; }}")


class SlideCanvas(QWidget):
    """Paints the text screen the show is on (or any other, for the presenter view)."""

    def __init__(self, show: SlideShow) -> None:
        super().__init__(show)
        self.show_ = show
        self.setAttribute(Qt.WidgetAttribute.WA_OpaquePaintEvent)
        self.setAccessibleName("Slide")

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        self.show_.paint_step(painter, self.show_.run.step, self.size())
        painter.end()


class SlideShow(QWidget):
    """A deck presented full screen (a window of its own, so the main window stays exactly
    as it was). ``moved`` after every step; ``finished`` when Esc ends it."""

    moved = Signal()
    finished = Signal()

    def __init__(self, store: Store, deck: Deck, theme: str,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent, Qt.WindowType.Window)
        self.store, self.deck, self.theme = store, deck, theme
        self.pal: Palette = palette(theme)
        self.setWindowTitle(f"{deck.name} — presenting")
        self.setObjectName("slideShow")
        self.contents: list[SlideContent] = [
            slide_content(store, s, self.pal, theme, references=False) for s in deck.slides]
        self.layouts: dict[int, TextLayout] = {}
        self._laid_for = QSize()
        self.run = Run([Step(0)], len(deck.slides))
        self.cover: Cover | None = None
        self.presenter: PresenterView | None = None
        self.chart: ChartView | None = None
        self.started = time.monotonic()
        self._ended = False
        self._keys = {name: qt_keys(f"present-{name}") for name in (
            "next", "previous", "first", "last", "jump", "black", "white", "leave",
            "presenter")}
        self._build()
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def _build(self) -> None:
        self.setAutoFillBackground(True)
        self.setStyleSheet(f"#slideShow {{ background-color: {self.pal.base}; }} "
                           f"QLabel#slideCounter {{ color: {self.pal.muted}; }}")
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.stack = QStackedWidget(self)
        self.canvas = SlideCanvas(self)
        self.stack.addWidget(self.canvas)
        outer.addWidget(self.stack, 1)
        self.counter = QLabel(self)
        self.counter.setObjectName("slideCounter")
        self.counter.setAlignment(Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        self.counter.setAccessibleName("Slide counter")
        outer.addWidget(self.counter)

    # --- starting and ending --------------------------------------------------------------
    def start(self, screen: QScreen | None = None, full_screen: bool = True) -> None:
        """Show on ``screen`` (full screen), or at the current size for a test."""
        if screen is not None:
            self.setScreen(screen)
            self.setGeometry(screen.geometry())
        if full_screen:
            self.showFullScreen()
        else:
            self.show()
        self.relayout()
        self.activateWindow()
        self.setFocus(Qt.FocusReason.OtherFocusReason)

    def finish(self) -> None:
        """End the show: the presenter view closes, the window the show came from is
        back as it was."""
        self.close()  # closeEvent does the rest

    def closeEvent(self, event: QCloseEvent) -> None:
        """Esc, or the window closed another way: stop reading keys, say it is over."""
        super().closeEvent(event)
        if self._ended:
            return
        self._ended = True
        app = QApplication.instance()
        if app is not None:
            app.removeEventFilter(self)
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
        self.finished.emit()

    # --- layout -----------------------------------------------------------------------------
    def text_area(self, size: QSize) -> tuple[QPointF, QSizeF]:
        """Where a text slide's body goes inside a screen of ``size``."""
        mx, my = size.width() * MARGIN_X, size.height() * MARGIN_Y
        return QPointF(mx, my), QSizeF(size.width() - 2 * mx, size.height() - 2 * my)

    def _css(self, pt: float) -> str:
        return reading_css(self.pal, pt) + slide_css(pt)

    def relayout(self) -> None:
        """Lay every text slide out for the screen and rebuild the steps, staying on the
        slide (and phase) shown."""
        size = self.stack.size()
        if size == self._laid_for or size.isEmpty():
            self.show_step()
            return
        self._laid_for = QSize(size)
        scale = scale_of(self.height())
        zoom = chart_zoom(self.height())
        if self.chart is not None and self.chart.zoom != zoom:  # another screen's size
            self.chart.setStyleSheet(chart_css(zoom))
            self.chart.set_zoom(zoom)
            _slide_only(self.chart)
        self.counter.setStyleSheet(f"font-size: {max(11.0, 16 * scale):.1f}pt; "
                                   f"padding: 0 {int(size.width() * MARGIN_X)}px "
                                   f"{int(8 * scale)}px 0;")
        _origin, area = self.text_area(size)
        max_pt, min_pt = MAX_PT * scale, max(MIN_PT_FLOOR, MIN_PT * scale)
        steps: list[Step] = []
        for i, content in enumerate(self.contents):
            if content.chart:
                slide = self.deck.slides[i]
                steps += slide_steps(i, phase=slide.phase, phases=content.phases)
                continue
            self.layouts[i] = TextLayout(self._html_for(i), self._css, area, max_pt, min_pt)
            steps += slide_steps(i, parts=self.layouts[i].parts)
        here = self.run.step
        run = Run(steps, len(self.contents))
        same = [n for n, s in enumerate(steps) if s.slide == here.slide]
        exact = [n for n in same if steps[n].phase == here.phase and steps[n].part == here.part]
        run.index = (exact or same or [0])[0]
        self.run = run
        self.show_step()

    def _html_for(self, index: int) -> Callable[[float], str]:
        """The slide's HTML at a type size (a comparison's table carries its own size)."""
        content, slide = self.contents[index], self.deck.slides[index]
        if slide.kind == "compare" and not content.missing:
            return lambda pt: slide_markup(
                slide_content(self.store, slide, self.pal, self.theme, pt).html)
        html = slide_markup(content.html)
        return lambda _pt: html

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        QTimer.singleShot(0, self.relayout)

    # --- drawing ----------------------------------------------------------------------------
    def paint_step(self, painter: QPainter, step: Step, size: QSize) -> None:
        """Draw ``step`` on a screen of ``size`` (the canvas, or a presenter preview)."""
        painter.fillRect(QRectF(0, 0, size.width(), size.height()), QColor(self.pal.base))
        layout = self.layouts.get(step.slide)
        origin, area = self.text_area(size)
        if layout is not None:
            if area != layout.size:  # a preview of another size: scale the slide's layout
                painter.save()
                painter.scale(size.width() / max(1, self.stack.width()),
                              size.height() / max(1, self.stack.height()))
                origin, _ = self.text_area(self.stack.size())
                layout.paint(painter, step.part, origin)
                painter.restore()
            else:
                layout.paint(painter, step.part, origin)
            return
        content = self.contents[step.slide]  # a chart step that is not on screen: its card
        from peptide_desk import charts

        chart = self.store.chart(content.chart)
        caption = charts.phase_caption(chart, step.phase, hint=False) if chart else ""
        doc = QTextDocument()
        pt = MAX_PT * scale_of(size.height())
        font = doc.defaultFont()
        font.setPointSizeF(pt * 0.7)
        doc.setDefaultFont(font)
        doc.setDefaultStyleSheet(self._css(pt))
        doc.setHtml(slide_markup(f"{content.html}<p>{esc(caption)}</p>"))
        doc.setTextWidth(area.width())
        painter.save()
        painter.translate(origin)
        doc.drawContents(painter, QRectF(QPointF(0, 0), area))
        painter.restore()

    def show_step(self) -> None:
        """Put the run's current screen on the slide and say where the show is."""
        step = self.run.step
        content = self.contents[step.slide] if self.contents else None
        if content is not None and content.chart:
            view = self._chart_view()
            if view.chart is None or view.chart.id != content.chart:
                view.show_chart(content.chart)
                _slide_only(view)
            from peptide_desk.charts import PhaseStepper

            view.stepper = PhaseStepper(step.phases, step.phase)
            view.step_phase(0)
            self.stack.setCurrentWidget(view)
            QTimer.singleShot(0, self._fit_chart_legend)
        else:
            self.stack.setCurrentWidget(self.canvas)
            layout = self.layouts.get(step.slide)
            if layout is not None:  # what a screen reader says of the slide
                self.canvas.setAccessibleDescription(layout.doc.toPlainText()[:2000])
            self.canvas.update()
        self.counter.setText(self.run.counter())
        self.moved.emit()

    def _fit_chart_legend(self) -> None:
        """The legend's columns for the plot's width once the slide is laid out (the view
        fits them when its viewport resizes, before the plot has its final width), so the
        legend takes as few rows of the screen as it can."""
        from peptide_desk.ui.chart_items import fit_legend

        view = self.chart
        if view is not None and self.stack.currentWidget() is view:
            fit_legend(view.legend, view.plot.width() - 24)

    def _chart_view(self) -> ChartView:
        """The chart view of chart slides, built on the first one (it loads pyqtgraph)."""
        if self.chart is None:
            from peptide_desk.ui.chart_view import ChartView

            zoom = chart_zoom(self.height())
            self.chart = ChartView(self.store, self.theme, zoom, self)
            self.chart.setStyleSheet(chart_css(zoom))  # readable from the back row
            self.chart.tools.hide()
            # a slide never scrolls (the view fits itself to within a couple of pixels)
            for bar in (Qt.Orientation.Vertical, Qt.Orientation.Horizontal):
                policy = Qt.ScrollBarPolicy.ScrollBarAlwaysOff
                if bar == Qt.Orientation.Vertical:
                    self.chart.scroll_area.setVerticalScrollBarPolicy(policy)
                else:
                    self.chart.scroll_area.setHorizontalScrollBarPolicy(policy)
            self.chart.setFocusPolicy(Qt.FocusPolicy.NoFocus)
            self.stack.addWidget(self.chart)
        return self.chart

    def preview(self, step: Step | None, size: QSize) -> QImage:
        """An image of ``step`` at ``size`` (the presenter view's current and next)."""
        image = QImage(size, QImage.Format.Format_RGB32)
        image.fill(QColor(self.pal.base))
        if step is None:
            return image
        if step == self.run.step and self.stack.currentWidget() is not self.canvas:
            shot = self.stack.grab().toImage()
            return shot.scaled(size, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.TextAntialiasing)
        self.paint_step(painter, step, size)
        painter.end()
        return image

    # --- keys -----------------------------------------------------------------------------
    def _mine(self, obj: QObject) -> bool:
        """A key for the show: typed in its window or in its presenter view."""
        return isinstance(obj, QWidget) and obj.window() in (self, self.presenter)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if event.type() != QEvent.Type.KeyPress or not isinstance(event, QKeyEvent) \
                or not self._mine(obj):
            return False
        return self.key(event)

    def key(self, event: QKeyEvent) -> bool:
        """One clicker or keyboard key; True when the show used it."""
        if self.cover is not None:  # the next key only lifts the cover
            self.cover.lift()
            return True
        if event.modifiers() & (Qt.KeyboardModifier.ControlModifier
                                | Qt.KeyboardModifier.AltModifier):
            return False
        k, text, keys = event.key(), event.text(), self._keys
        if k in keys["leave"]:
            self.finish()
        elif k in keys["black"] or k in keys["white"]:
            self.blank(BLACK if k in keys["black"] else WHITE)
        elif k in keys["next"]:
            self.run.go(1)
        elif k in keys["previous"]:
            self.run.go(-1)
        elif k in keys["first"]:
            self.run.home()
        elif k in keys["last"]:
            self.run.end()
        elif text.isdigit() and len(text) == 1:
            self.run.type_digit(text)
        elif k in keys["jump"] or k in (Qt.Key.Key_Return.value, Qt.Key.Key_Enter.value):
            self.run.enter()
        elif k in keys["presenter"]:
            self.toggle_presenter()
        else:
            return False
        if self.isVisible():
            self.show_step()
        return True

    def blank(self, colour: str) -> Cover:
        """Cover the slide (one cover at a time; the next key lifts it)."""
        if self.cover is None:
            self.cover = Cover(self, colour)
            self.cover.lifted.connect(self._lifted)
        return self.cover

    def _lifted(self) -> None:
        self.cover = None

    # --- presenter view ----------------------------------------------------------------------
    def toggle_presenter(self, screen: QScreen | None = None) -> PresenterView | None:
        """Open (on ``screen``, maximised) or close the presenter view."""
        if self.presenter is not None:
            self.presenter.close()
            self.presenter = None
            return None
        self.presenter = PresenterView(self)
        if screen is not None:
            self.presenter.setScreen(screen)
            self.presenter.setGeometry(screen.availableGeometry())
            self.presenter.showMaximized()
        else:
            self.presenter.resize(1100, 700)
            self.presenter.show()
        self.presenter.refresh()
        return self.presenter


def _slide_only(view: ChartView) -> None:
    """What a chart slide leaves out (the view shows them again with every render)."""
    view.notes.hide()  # references scroll below a chart: not on a slide
    view.readout.hide()  # "hover over a point…": no mouse on a projector


def present(store: Store, deck: Deck, theme: str, origin: QWidget) -> SlideShow:
    """Start a show of ``deck``: with two screens the slides go to the one ``origin`` is not
    on and the presenter view to ``origin``'s; with one, the presenter view opens with P."""
    show = SlideShow(store, deck, theme, origin)
    screens = QGuiApplication.screens()
    here = origin.screen()
    others = [s for s in screens if s is not here]
    if others:
        show.start(others[0])
        show.toggle_presenter(here)
    else:
        show.start(here)
    return show


class PresenterView(QWidget):
    """The laptop's view of a show: the current and the next slide, the speaker notes, the
    slide counter and the time since the show started."""

    def __init__(self, show: SlideShow) -> None:
        super().__init__(show, Qt.WindowType.Window)
        self.show_ = show
        self.setWindowTitle(f"Presenter view — {show.deck.name}")
        self.setObjectName("presenterView")
        pal = show.pal
        self.setStyleSheet(f"#presenterView {{ background-color: {pal.base}; }} "
                           f"#presenterView QLabel {{ color: {pal.text}; }} "
                           f"#presenterView QLabel[slideImage=\"true\"] {{ border: 2px solid "
                           f"{pal.border}; }} #presenterView QLabel#presenterInfo "
                           "{ font-size: 16pt; font-weight: 700; }")
        self.setAutoFillBackground(True)
        grid = QVBoxLayout(self)
        row = QHBoxLayout()
        self.current = self._image("Current slide")
        self.next = self._image("Next slide")
        for label, image, stretch in (("Now", self.current, 3), ("Next", self.next, 2)):
            column = QVBoxLayout()
            column.addWidget(QLabel(label, self))
            column.addWidget(image, 1)
            row.addLayout(column, stretch)
        grid.addLayout(row, 3)
        info = QHBoxLayout()
        self.counter = QLabel(self)
        self.counter.setObjectName("presenterInfo")
        self.counter.setAccessibleName("Slide counter")
        self.clock = QLabel(self)
        self.clock.setObjectName("presenterInfo")
        self.clock.setAccessibleName("Elapsed time")
        info.addWidget(self.counter, 1)
        info.addWidget(self.clock)
        grid.addLayout(info)
        self.notes = LockedBrowser(self)
        self.notes.setAccessibleName("Speaker notes")
        self.notes.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        grid.addWidget(self.notes, 2)
        self.timer = QTimer(self, interval=1000)
        self.timer.timeout.connect(self._tick)
        self.timer.start()
        show.moved.connect(self.refresh)
        self._tick()

    def _image(self, name: str) -> QLabel:
        label = QLabel(self)
        label.setAccessibleName(name)
        label.setProperty("slideImage", True)
        label.setMinimumSize(160, 90)
        label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        return label

    def _tick(self) -> None:
        self.clock.setText(elapsed_text(time.monotonic() - self.show_.started))

    def refresh(self) -> None:
        """Show where the show is now and what comes next."""
        run = self.show_.run
        width = max(160, self.current.width())
        size = QSize(width, width * 9 // 16)
        self.current.setPixmap(QPixmap.fromImage(self.show_.preview(run.step, size)))
        nxt = run.next_step
        nsize = QSize(max(160, self.next.width()), max(160, self.next.width()) * 9 // 16)
        if nxt is None:
            self.next.setPixmap(QPixmap())
            self.next.setText("End of the deck")
        else:
            self.next.setPixmap(QPixmap.fromImage(self.show_.preview(nxt, nsize)))
        self.counter.setText(run.counter())
        slide = self.show_.deck.slides[run.step.slide] if self.show_.deck.slides else None
        notes = slide.notes if slide is not None else ""
        self.notes.setPlainText(notes or "No speaker notes for this slide.")
