"""A locked-down QTextBrowser for rendered pages (on the start path: keep imports light)."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QSize, Signal
from PySide6.QtGui import QFont, QFontMetricsF, QPaintEvent, QResizeEvent
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl


class LockedBrowser(QTextBrowser):
    """The one policy of every text browser in the app: shows the HTML it is given, nothing
    more. Links are reported through ``linkActivated``, never followed; the owner routes them
    (``links.link_kind``: internal targets open, https asks first, other schemes are blocked).

    ``loadResource`` returns nothing for every URL, so a page can never pull a local file,
    a remote image or any other resource; ``setSource`` and ``doSetSource`` (what Qt calls to
    navigate: a click with openLinks on, backward, forward, reload) never load a URL either.
    Every QTextBrowser in ui/ derives from this class (tests/test_browser_policy.py).
    """

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)  # and QTextBrowser's default TextBrowserInteraction flags
        self.setSearchPaths([])
        self.anchorClicked.connect(self._anchor_clicked)

    def _anchor_clicked(self, url: QUrl) -> None:
        """A link was clicked or activated by key: report it to the owner."""
        self.linkActivated.emit(url.toString())

    def loadResource(self, kind: int, url: QUrl | str) -> object:
        """Refuse every resource: pages are self-contained text."""
        return None

    def setSource(self, url: QUrl | str, kind: object = None) -> None:
        """Never navigate by URL; the owner routes links."""
        self.linkActivated.emit(url if isinstance(url, str) else url.toString())

    def doSetSource(self, url: QUrl | str, kind: object = None) -> None:
        """Qt's own navigation (history, reload): report, never load."""
        self.linkActivated.emit(url if isinstance(url, str) else url.toString())


class ContentBrowser(LockedBrowser):
    """The reading view of pages: the locked-down policy plus a reading measure and link
    tooltips (glossary definitions, citations)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.highlighted.connect(self._hovered)
        #: Set by the owner: the tooltip text for a link target (None: no tooltip).
        self.definition_for: Callable[[str], str | None] | None = None
        #: Set by the owner (ui/popover.py): handles a link itself (True) instead of
        #: reporting it, e.g. a citation that opens a popover; hover tooltips are then off.
        self.link_hook: Callable[[str], bool] | None = None
        self.document().setDocumentMargin(24)

    #: Comfortable reading measure, in average character widths of the reading font.
    MEASURE_CHARS = 84  # ~80 characters a line; the widest article table fits
    #: Point size of the body text (the window sets it with the zoom); None: the widget font.
    reading_pt: float | None = None

    def set_reading_pt(self, points: float) -> None:
        self.reading_pt = points
        self._fit_measure()

    def resizeEvent(self, event: QResizeEvent) -> None:
        """Keep lines near the measure by centring the text column."""
        super().resizeEvent(event)
        self._fit_measure()

    def _fit_measure(self) -> None:
        # The widget's own width, not viewport(): resolving that return type loads every
        # QtWidgets class on the first resize, which is on the way to the first paint.
        width = self.width() - 2 * self.frameWidth()
        if self.reading_pt is None:
            char = self.fontMetrics().averageCharWidth() * 1.25
        else:
            font = QFont(self.font())
            font.setPointSizeF(self.reading_pt)
            char = QFontMetricsF(font).averageCharWidth()
        side = int(max(0, (width - char * self.MEASURE_CHARS) / 2))
        if self.viewportMargins().left() != side:  # setting margins resizes: no loop
            self.setViewportMargins(side, 0, side, 0)
            # the viewport changed, but QTextEdit is not told: lay the text out again (it
            # does so only for a resize whose width differs from the old one)
            QTextBrowser.resizeEvent(self, QResizeEvent(self.size(), QSize(-1, -1)))

    def paintEvent(self, event: QPaintEvent) -> None:
        """The text, then a thick ring around a link focused from the keyboard."""
        super().paintEvent(event)
        if self.hasFocus() and self.textCursor().hasSelection():  # not on the start path
            from peptide_desk.ui import focus_ring

            focus_ring.paint(self)

    #: Overflow (px) too small to scroll: a rounding of the layout, not wider content.
    SLACK_PX = 3

    def hide_slack_scrollbar(self) -> None:
        """No horizontal scrollbar for a pixel or two of rounding (called once the window
        completes: the Qt enums it needs stay off the start path)."""
        self.horizontalScrollBar().rangeChanged.connect(self._fit_hbar)
        self._fit_hbar(0, self.horizontalScrollBar().maximum())

    def _fit_hbar(self, _low: int, high: int) -> None:
        from PySide6.QtCore import Qt

        policy = (Qt.ScrollBarPolicy.ScrollBarAlwaysOff if high <= self.SLACK_PX
                  else Qt.ScrollBarPolicy.ScrollBarAsNeeded)
        if self.horizontalScrollBarPolicy() != policy:
            self.setHorizontalScrollBarPolicy(policy)

    def _anchor_clicked(self, url: QUrl) -> None:
        """The owner's hook first (a popover), else report the link."""
        if self.link_hook is None or not self.link_hook(url.toString()):
            super()._anchor_clicked(url)

    def _hovered(self, url: QUrl | str) -> None:
        if self.link_hook is not None:  # the popovers show what a tooltip would
            return
        target = url if isinstance(url, str) else url.toString()
        text = self.definition_for(target) if self.definition_for is not None else None
        if text:  # a glossary term or a reference: its definition or citation
            QToolTip.showText(self.cursor().pos(), text, self)
        else:
            QToolTip.hideText()
