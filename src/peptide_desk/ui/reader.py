"""The article reader: tier selector, rendered text, find in page, reading-position tracking."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QEvent, QObject, QPoint, Qt, QTimer, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent, QKeySequence, QShortcut, QTextBlock, QTextCursor
from PySide6.QtWidgets import QButtonGroup, QLabel, QMenu, QPushButton, QVBoxLayout, QWidget

from peptide_desk import keymap
from peptide_desk.records import TIER_LABELS, TIERS, Article
from peptide_desk.ui import reading_mark
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.find_bar import FindBar
from peptide_desk.ui.fit import FlowLayout
from peptide_desk.ui.reading_mark import Mark

#: Links that take no Tab stop of their own (a term, a citation): Ctrl+L lists them.
QUIET_SCHEMES = ("glossary:", "ref:")


def is_quiet(href: str) -> bool:
    """A glossary term or a citation: many per paragraph, reached through the chooser."""
    return href.startswith(QUIET_SCHEMES)


class ReaderBrowser(ContentBrowser):
    """The article text for the keyboard: Tab starts at the first link in view, and steps
    over glossary terms and citations (each would otherwise be a Tab stop)."""

    def focusInEvent(self, event: QFocusEvent) -> None:
        reason = event.reason()
        super().focusInEvent(event)
        if reason in (Qt.FocusReason.TabFocusReason, Qt.FocusReason.BacktabFocusReason):
            forward = reason == Qt.FocusReason.TabFocusReason
            # once the focus change is complete (inside it, Qt's step to a link can fail)
            QTimer.singleShot(0, lambda: self.start_in_view(forward) if self.hasFocus()
                              else None)

    def start_in_view(self, forward: bool = True) -> None:
        """Put the text cursor at the top (or bottom) of the view, then go to the next link
        from there: the first link a reader sees, not the first of the article."""
        inset = int(self.document().documentMargin()) + 2  # inside the text, not its margin
        corner = QPoint(inset, inset) if forward else QPoint(inset,
                                                             self.viewport().height() - inset)
        cursor = self.cursorForPosition(corner)
        # a one-character selection there: Qt steps to the next link from a selection, but
        # from the start of the document when there is none
        cursor.movePosition(QTextCursor.MoveOperation.PreviousCharacter
                            if forward else QTextCursor.MoveOperation.NextCharacter,
                            QTextCursor.MoveMode.KeepAnchor)
        value = self.verticalScrollBar().value()
        self.setTextCursor(cursor)
        self.verticalScrollBar().setValue(value)
        self.focusNextPrevChild(forward)

    def focusNextPrevChild(self, next: bool) -> bool:
        """Like QTextBrowser, but terms and citations are passed over."""
        moved = super().focusNextPrevChild(next)
        for _ in range(2000):  # an article has far fewer links than this
            if not (moved and self.hasFocus() and is_quiet(self.selected_href())):
                break
            moved = super().focusNextPrevChild(next)
        return moved

    def selected_href(self) -> str:
        """The link the text cursor has selected ("" for none)."""
        cursor = self.textCursor()
        if not cursor.hasSelection():
            return ""
        probe = QTextCursor(cursor)
        probe.setPosition(min(cursor.anchor(), cursor.position()) + 1)
        return probe.charFormat().anchorHref()

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
        self._anchors: list[tuple[QTextBlock, str]] = []
        self._anchor_cache: dict[tuple[str, str, int], list[tuple[int, str]]] = {}
        self._current = ""
        #: The user's tier while a section opened from search shows a higher one (else None).
        self.raised_from: str | None = None
        self.tier_bar = QWidget(self)
        self.tier_bar.setObjectName("tierBar")
        bar = FlowLayout(self.tier_bar)  # wraps at high zoom instead of widening the window
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
        self.meta = QLabel(self)
        self.meta.setObjectName("muted")
        self.meta.setWordWrap(True)
        bar.addWidget(self.meta)
        self.tier_group.idClicked.connect(lambda i: self.set_tier(TIERS[i]))
        self.browser = ReaderBrowser(self)
        self.browser.setAccessibleName("Article text")
        self.browser.setAccessibleDescription(
            f"Tab: links in view; {keymap.key('section-links')}: the terms and citations of "
            "this section")
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
        layout.addWidget(self.tier_bar)
        layout.addWidget(self.notice)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.browser, 1)
        self.browser.verticalScrollBar().valueChanged.connect(self._track)
        self.browser.verticalScrollBar().valueChanged.connect(self._scrolled)
        self._mark: Mark | None = None  # the first visible block, kept across relayouts
        self._moved = False  # scrolled since the mark was read
        self._reapply = QTimer(self, singleShot=True, interval=0)
        self._reapply.timeout.connect(self._settled)
        self.browser.installEventFilter(self)
        for key in keymap.keys("section-links"):
            QShortcut(QKeySequence(key), self, self.choose_section_link,
                      context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
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
            self._moved = True

    def _render(self) -> None:
        assert self.article is not None
        key = (self.article.id, self.tier)
        if self._reuse_html and self._html[0] == key:
            html = self._html[1]  # a zoom step: the same text, only laid out again
        else:
            html = self._article_html(self.article, self.tier)
            self._html = (key, html)
        self._reuse_html = False
        self.browser.setHtml(html)
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

    _html: tuple[tuple[str, str], str] = (("", ""), "")  # (article id, tier), its HTML
    _reuse_html = False

    def drop_text(self, same_html: bool = False) -> None:
        """Empty the text before a restyle that renders it again (a zoom step, a theme):
        else the old text is laid out again at the new font and measure, then replaced.
        ``same_html`` (a zoom step: colours, notes and marks unchanged) lets the next render
        of this article and tier reuse its HTML."""
        self._anchors = []
        self._reuse_html = same_html
        self.browser.document().clear()

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
        keep, mark = self._current, self.position()
        self.tier = tier
        self._set_tier_buttons(tier)
        self._render()
        visible = {s.anchor for s in self.article.sections_for(tier)}
        if keep in visible:  # the same block when the section has it, else the section
            near = reading_mark.anchor_block(self.browser.document(), keep)
            if mark is not None and reading_mark.find(self.browser.document(), mark, near):
                self.set_position(mark, near)
            else:
                self.scroll_to(keep)
        self.tierChanged.emit(tier)

    def _set_tier_buttons(self, tier: str) -> None:
        btn = self.tier_group.button(TIERS.index(tier))
        if btn is not None:
            btn.setChecked(True)

    # --- position ----------------------------------------------------------------------
    def _index_anchors(self) -> None:
        """The block of every section anchor, scanned once per article and tier (the same
        text redrawn at another zoom or theme has the same blocks; their heights are read as
        the reader scrolls, so a relayout needs no new scan)."""
        doc = self.browser.document()
        key = (self.article.id if self.article else "", self.tier, doc.blockCount())
        numbers = self._anchor_cache.get(key)
        if numbers is None:
            numbers = []
            block: QTextBlock = doc.begin()
            while block.isValid():
                it = block.begin()
                while not it.atEnd():
                    frag = it.fragment()
                    if frag.isValid():
                        numbers.extend((block.blockNumber(), name)
                                       for name in frag.charFormat().anchorNames())
                    it += 1
                block = block.next()
            self._anchor_cache[key] = numbers
        self._anchors = [(doc.findBlockByNumber(n), name) for n, name in numbers]
        self._track()

    def scroll_to(self, anchor: str) -> None:
        """Bring a section's heading to the top, and keep it there while the window settles
        (side panes folding, a zoom step): a search hit shows its heading."""
        self.browser.scrollToAnchor(anchor)
        self._mark, self._near, self._moved = reading_mark.take(self.browser), -1, False
        self._reapply.start()
        self._track()

    # --- the reading position across relayouts ------------------------------------------
    _near = -1

    def position(self) -> Mark | None:
        """The first visible block (what a zoom step, theme change or presenting keeps)."""
        self._take_if_moved()
        return self._mark

    def _take_if_moved(self) -> None:
        """Read the first visible block when the reader has scrolled since the last read
        (a hit test: done when needed, not on every scroll step)."""
        if self._moved:
            self._moved = False
            self._mark, self._near = reading_mark.take(self.browser), -1

    def set_position(self, mark: Mark | None, near: int = -1) -> None:
        """Bring ``mark``'s block back to the top, now and once the layout has settled."""
        if mark is None:
            return
        self._mark, self._near, self._moved = mark, near, False
        self._restore_mark()
        self._reapply.start()

    def first_visible_text(self) -> str:
        """The text of the first block in view."""
        return reading_mark.first_visible(self.browser).text()

    def _settled(self) -> None:
        """The layout has settled: the marked block back on top."""
        self._restore_mark()

    def _restore_mark(self) -> None:
        if reading_mark.restore(self.browser, self._mark, self._near):
            self._track()

    def _scrolled(self, _value: int) -> None:
        """The reader moved: remember the new first visible block (not while a relayout is
        being undone)."""
        if not self._reapply.isActive():
            self._moved = True

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if obj is self.browser and event.type() == QEvent.Type.Resize:
            if not self._reapply.isActive():
                self._take_if_moved()  # before the text reflows (the old layout still holds)
            self._reapply.start()  # then put the same block back on top
        return False

    # --- terms and citations -----------------------------------------------------------
    def section_links(self) -> list[tuple[str, str]]:
        """(target, text) of the terms and citations in the section in view, in order."""
        return [(href, text) for href, text, _start, _end in self._section_link_spans()]

    def _section_link_spans(self) -> list[tuple[str, str, int, int]]:
        """(target, text, start, end) of each term and citation of the section in view."""
        doc = self.browser.document()
        start = max(0, reading_mark.anchor_block(doc, self._current)) if self._current else 0
        names = {s.anchor for s in self.article.sections} if self.article else set()
        found: list[tuple[str, str, int, int]] = []
        block: QTextBlock = doc.findBlockByNumber(start)
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                fmt = frag.charFormat()
                if block.blockNumber() > start and names & set(fmt.anchorNames()):
                    return found  # the next section begins
                href, text = fmt.anchorHref(), frag.text().strip()
                if is_quiet(href) and all((h, t) != (href, text) for h, t, *_ in found):
                    found.append((href, text, frag.position(), frag.position() + frag.length()))
                it += 1
            block = block.next()
        return found

    def focus_link(self, start: int, end: int) -> None:
        """Select the link between ``start`` and ``end`` and give the text the focus, as Tab
        would: Enter then does what it does on any link (its preview, or opening it)."""
        cursor = QTextCursor(self.browser.document())
        cursor.setPosition(start)
        cursor.setPosition(end, QTextCursor.MoveMode.KeepAnchor)
        self.browser.setTextCursor(cursor)
        self.browser.setFocus(Qt.FocusReason.OtherFocusReason)

    def _link_label(self, href: str, text: str) -> str:
        """"Term: insulin resistance", "Citation 3: Frías et al. 2021" (from the tooltip)."""
        if href.startswith("glossary:"):
            return f"Term: {text}"
        about = self.browser.definition_for(href) if self.browser.definition_for else None
        short = (about or "").split("\n")[0].strip()
        if len(short) > 80:
            short = short[:79] + "…"
        return f"Citation {text}: {short}" if short else f"Citation {text}"

    def choose_section_link(self) -> QMenu | None:
        """A small menu of the section's terms and citations (they take no Tab stop):
        choosing one puts the keyboard on it, where Enter works as on any link."""
        links = self._section_link_spans()
        if not links:
            self.meta.setToolTip("No terms or citations in this section")
            return None
        menu = QMenu(self)
        menu.setAccessibleName("Terms and citations in this section")
        for href, text, start, end in links:
            action = menu.addAction(self._link_label(href, text))
            action.triggered.connect(lambda _c=False, a=start, b=end: self.focus_link(a, b))
        menu.popup(self.browser.mapToGlobal(QPoint(24, 24)))
        return menu

    def current_anchor(self) -> str:
        return self._current

    def anchor_at(self, view_y: int) -> str:
        """The anchor of the section at ``view_y`` pixels down the visible text (where a
        context menu was asked for)."""
        top = self.browser.verticalScrollBar().value() + view_y
        current = self._anchors[0][1] if self._anchors else ""
        layout = self.browser.document().documentLayout()
        for block, name in self._anchors:
            if layout.blockBoundingRect(block).top() <= top:
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
        self._reapply.stop()  # this position wins over a section being held in view
        self.browser.verticalScrollBar().setValue(value)
        self._moved = True
        self._track()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Escape and self.find_bar.isVisible():
            self.find_bar.close_bar()
            return
        super().keyPressEvent(event)
