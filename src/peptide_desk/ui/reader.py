"""The article reader: tier selector, rendered text, find in page, reading-position tracking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent, QTextBlock
from PySide6.QtWidgets import QButtonGroup, QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from peptide_desk.records import TIER_LABELS, TIERS, Article
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.find_bar import FindBar

TIER_BUTTONS = (("fundamentals", "Fundamentals", "Ctrl+1"),
                ("intermediate", "+ Intermediate", "Ctrl+2"),
                ("academic", "+ Academic", "Ctrl+3"))


class ArticleReader(QWidget):
    """Shows one article at a chosen tier; reports links, tier and the section in view."""

    linkActivated = Signal(str)
    tierChanged = Signal(str)
    sectionChanged = Signal(str)  # anchor of the section at the top of the view

    def __init__(self, render: Callable[[Article, str], str],
                 parent: QWidget | None = None) -> None:
        """``render(article, tier) -> html`` comes from the logic layer (pages.py)."""
        super().__init__(parent)
        # not ``self.render``: that would hide QWidget.render (paint into a device)
        self._article_html = render
        self.article: Article | None = None
        self.tier = "academic"
        self._anchors: list[tuple[float, str]] = []
        self._current = ""
        #: The user's tier while a section opened from search shows a higher one (else None).
        self.raised_from: str | None = None
        bar = QHBoxLayout()
        bar.setContentsMargins(12, 8, 12, 4)
        self.tier_group = QButtonGroup(self)
        self.tier_group.setExclusive(True)
        label = QLabel("Reading level:", self)
        label.setObjectName("muted")
        bar.addWidget(label)
        for i, (_tier, text, key) in enumerate(TIER_BUTTONS):
            btn = QPushButton(text, self)
            btn.setCheckable(True)
            btn.setToolTip(f"Show {text.strip('+ ')} ({key})")
            btn.setAccessibleName(f"Tier: {text.strip('+ ')}")
            btn.setAccessibleDescription("Shows this tier and the ones before it")
            self.tier_group.addButton(btn, i)
            bar.addWidget(btn)
        bar.addStretch(1)
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        bar.addWidget(self.meta)
        self.tier_group.idClicked.connect(lambda i: self.set_tier(TIERS[i]))
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName("Article text")
        self.browser.linkActivated.connect(self.linkActivated)
        self.find_bar = FindBar(self.browser, self)
        self.notice = QLabel(self)  # "Showing the Academic tier for this section …"
        self.notice.setObjectName("muted")
        self.notice.setWordWrap(True)
        self.notice.setContentsMargins(12, 0, 12, 4)
        self.notice.hide()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addLayout(bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.browser, 1)
        self.browser.verticalScrollBar().valueChanged.connect(self._track)
        self._relayout = QTimer(self, singleShot=True, interval=0)
        self._relayout.timeout.connect(self._index_anchors)
        # a new width (window, zoom, panes) moves every section: index them again, so the
        # contents highlight follows wheel, keys and find at any width
        self.browser.document().documentLayout().documentSizeChanged.connect(
            lambda _size: self._relayout.start())

    # --- showing --------------------------------------------------------------------------
    def show_article(self, article: Article, tier: str, anchor: str | None = None) -> None:
        """Render ``article`` at ``tier`` and scroll to ``anchor``; a section of a higher tier
        raises the tier for this article only, and the notice says so."""
        chosen = tier
        if anchor:
            sec = next((s for s in article.sections if s.anchor == anchor), None)
            if sec is not None and TIERS.index(sec.tier) > TIERS.index(tier):
                tier = sec.tier
        self._show_raised(chosen if tier != chosen else None, tier)
        self.article = article
        self._set_tier_buttons(tier)
        self.tier = tier
        self._render()
        if anchor:
            self._index_anchors()  # now: the section in view is known at once (a tab or
            self.scroll_to(anchor)  # the session saved right after keeps it)
        else:
            self.browser.verticalScrollBar().setValue(0)

    def _render(self) -> None:
        assert self.article is not None
        self.browser.setHtml(self._article_html(self.article, self.tier))
        self.meta.setText(f"Content as of {self.article.as_of} · "
                          f"{self.article.minutes_for(self.tier)} min read")
        self._anchors = []
        self._relayout.start()  # index section positions after the first paint
        if self.find_bar.isVisible():
            self.find_bar.highlight_all(self.find_bar.edit.text())

    def _show_raised(self, chosen: str | None, shown: str) -> None:
        """Say when the tier shown is not the user's (``chosen``), and that theirs stays."""
        self.raised_from = chosen
        if chosen is not None:
            self.notice.setText(f"Showing the {TIER_LABELS[shown]} tier for this section; "
                                f"other articles still open at {TIER_LABELS[chosen]}.")
        self.notice.setVisible(chosen is not None)

    def rerender(self) -> None:
        """Render the article again where the reader is (a note or bookmark changed)."""
        if self.article is not None:
            scroll = self.scroll_position()
            self._render()
            self._index_anchors()  # now, so the section in view does not change meanwhile
            self.set_scroll_position(scroll)

    def set_tier(self, tier: str) -> None:
        """Change the reading tier, keeping the reader at the same section when it remains."""
        if self.article is not None and tier == self.tier and self.raised_from is not None:
            self._show_raised(None, tier)  # the user chose the tier shown: it is theirs now
            self.tierChanged.emit(tier)
            return
        if self.article is None or tier == self.tier:
            self._set_tier_buttons(self.tier)
            return
        self._show_raised(None, tier)
        keep = self._current
        self.tier = tier
        self._set_tier_buttons(tier)
        self._render()
        visible = {s.anchor for s in self.article.sections_for(tier)}
        if keep in visible:
            self.scroll_to(keep)
        self.tierChanged.emit(tier)

    def _set_tier_buttons(self, tier: str) -> None:
        btn = self.tier_group.button(TIERS.index(tier))
        if btn is not None:
            btn.setChecked(True)

    # --- position ----------------------------------------------------------------------
    def _index_anchors(self) -> None:
        """Vertical position of every section anchor in the laid-out document."""
        doc = self.browser.document()
        layout = doc.documentLayout()
        found: list[tuple[float, str]] = []
        block: QTextBlock = doc.begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                if frag.isValid():
                    for name in frag.charFormat().anchorNames():
                        found.append((layout.blockBoundingRect(block).top(), name))
                it += 1
            block = block.next()
        self._anchors = found
        self._track()

    def scroll_to(self, anchor: str) -> None:
        self.browser.scrollToAnchor(anchor)
        self._track()

    def current_anchor(self) -> str:
        return self._current

    def anchor_at(self, view_y: int) -> str:
        """The anchor of the section at ``view_y`` pixels down the visible text (where a
        context menu was asked for)."""
        top = self.browser.verticalScrollBar().value() + view_y
        current = self._anchors[0][1] if self._anchors else ""
        for y, name in self._anchors:
            if y <= top:
                current = name
            else:
                break
        return current

    def _track(self, *_args: object) -> None:
        current = self.anchor_at(48)
        if current != self._current:
            self._current = current
            self.sectionChanged.emit(current)

    def scroll_position(self) -> int:
        return self.browser.verticalScrollBar().value()

    def set_scroll_position(self, value: int) -> None:
        self.browser.verticalScrollBar().setValue(value)
        self._track()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
            return
        super().keyPressEvent(event)
