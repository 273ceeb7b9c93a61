"""A locked-down QTextBrowser for rendered pages (on the start path: keep imports light)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QTextBrowser, QToolTip, QWidget

if TYPE_CHECKING:
    from PySide6.QtCore import QUrl


class ContentBrowser(QTextBrowser):
    """Shows bundled HTML only: links are reported, never followed, and nothing is loaded.

    ``loadResource`` returns nothing for every URL, so a page can never pull a file,
    a remote image or any other resource from outside the bundle.
    """

    linkActivated = Signal(str)
    termHovered = Signal(str)  # glossary id under the mouse ("" when none)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setOpenLinks(False)
        self.setOpenExternalLinks(False)
        self.setReadOnly(True)  # and QTextBrowser's default TextBrowserInteraction flags
        self.anchorClicked.connect(lambda url: self.linkActivated.emit(url.toString()))
        self.highlighted.connect(self._hovered)
        self.definition_for = None  # callable(term_id) -> str | None, set by the owner
        self.document().setDocumentMargin(24)

    #: Comfortable reading measure, in average character widths.
    MEASURE_CHARS = 78

    def resizeEvent(self, event) -> None:
        """Keep lines near 70-80 characters by centring the text column."""
        super().resizeEvent(event)
        # The widget's own width, not viewport(): resolving that return type loads every
        # QtWidgets class on the first resize, which is on the way to the first paint.
        width = self.width() - 2 * self.frameWidth()
        measure = self.fontMetrics().averageCharWidth() * self.MEASURE_CHARS * 1.25
        side = int(max(0, (width - measure) / 2))
        if self.viewportMargins().left() != side:  # setting margins resizes: no loop
            self.setViewportMargins(side, 0, side, 0)

    def loadResource(self, kind: int, url: QUrl) -> object:
        """Refuse every resource: pages are self-contained text."""
        return None

    def setSource(self, url: QUrl, kind: object = None) -> None:
        """Never navigate by URL; the owner routes links."""
        self.linkActivated.emit(url.toString())

    def _hovered(self, url: QUrl | str) -> None:
        target = url if isinstance(url, str) else url.toString()
        if target.startswith("glossary:") and self.definition_for is not None:
            text = self.definition_for(target.split(":", 1)[1])
            if text:
                QToolTip.showText(self.cursor().pos(), text, self)
                return
        if target.startswith("ref:") and self.definition_for is not None:
            text = self.definition_for(target)
            if text:
                QToolTip.showText(self.cursor().pos(), text, self)
                return
        QToolTip.hideText()
