"""Copy a citation of the place in view, or a link that opens the app there.

The Edit menu and the pages' context menus (the reader's and the document view's) offer
"Copy Citation" in each style of ``cite.STYLES`` and "Copy Link to This Place"; the text
comes from ``cite`` (no Qt) and goes to the clipboard as plain text, and the status bar says
what was copied. In the reader, the context menu cites the section under the mouse.
The same menus, and those of the chart and the side-by-side comparison, offer "Add to
Deck": the section under the mouse at its tier, the chart at its phase, the page's table,
substance summary or comparison (``decks.slide_for``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial
from typing import TYPE_CHECKING

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QTextBrowser

from peptide_desk import cite
from peptide_desk.decks import slide_for
from peptide_desk.links import make_target
from peptide_desk.navigation import section_place
from peptide_desk.ui.reader import ArticleReader

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from peptide_desk.decks import Slide

#: (target, title) of a place, or None where nothing can be cited (navigation.section_place).
Place = tuple[str, str] | None
#: The place a context menu at a point of the view is about.
PlaceAt = Callable[[QPoint], Place]
COPY_LINK = "Copy Link to This Place"
COPY_ADDRESS = "Copy Link Address"
ADD_TO_DECK = "Add to Deck"
NOT_A_SLIDE = ("Only a section, table, chart, substance or side-by-side comparison can be a "
               "slide.")
#: The slide a context menu at a point of the view would add (None: nothing there can be).
SlideAt = Callable[[QPoint], "Slide | None"]


def citation_label(style_label: str) -> str:
    """The menu text of one style's item."""
    return f"Copy Citation ({style_label})"


class Citing:
    """Copies citations and links of the window's place in view (or of a given place)."""

    def __init__(self, window: QMainWindow, here: Callable[[], Place],
                 content_as_of: Callable[[], str]) -> None:
        self.window, self.here, self.content_as_of = window, here, content_as_of
        self.today: Callable[[], dt.date] = dt.date.today  # fixed in tests
        #: the slide of the place in view, and what adds a slide to the current deck (set by
        #: the window; without them the menus have no "Add to Deck")
        self.slide_here: Callable[[], Slide | None] | None = None
        self.add_slide: Callable[[Slide | None], object] | None = None

    def citable(self, place: Place = None) -> cite.Citable | None:
        """The place (default: the one in view) as something to cite, or None."""
        place = place if place is not None else self.here()
        return None if place is None else cite.citable(place[0], place[1],
                                                       self.content_as_of())

    def copy_citation(self, style: str, place: Place = None) -> str:
        """Put the citation in ``style`` on the clipboard; returns it ('' when none)."""
        found = self.citable(place)
        if found is None:
            return self._say(cite.NOT_CITABLE, "")
        text = cite.citation(found, style, self.today())
        label = dict(cite.STYLES).get(style, style)
        return self._say(f"Copied the {label} citation of {found.title}.", text)

    def copy_link(self, place: Place = None) -> str:
        """Put the ``peptide-desk://`` link of the place on the clipboard; returns it."""
        found = self.citable(place)
        if found is None:
            return self._say(cite.NOT_CITABLE, "")
        return self._say(f"Copied the link to {found.title}: {found.link}", found.link)

    def copy_address(self, address: str) -> str:
        """Put a link's address on the clipboard (context menu on a link)."""
        return self._say(f"Copied the link address: {address}", address)

    def _say(self, message: str, text: str) -> str:
        if text:
            QGuiApplication.clipboard().setText(text)
        self.window.statusBar().showMessage(message, 6000)
        return text

    def add_items(self, menu: QMenu, place: Place = None) -> None:
        """The copy items for ``place`` (default: the place in view when chosen)."""
        enabled = self.citable(place) is not None
        for style, label in cite.STYLES:
            action = menu.addAction(citation_label(label), partial(self.copy_citation, style,
                                                                   place))
            action.setEnabled(enabled)
            action.setObjectName(f"copy-citation-{style}")
        link = menu.addAction(COPY_LINK, partial(self.copy_link, place))
        link.setEnabled(enabled)
        link.setObjectName("copy-link")
        if not enabled:
            for action in menu.actions()[-len(cite.STYLES) - 1:]:
                action.setToolTip(cite.NOT_CITABLE)


def add_deck_item(menu: QMenu, citing: Citing, slide: Slide | None) -> QAction | None:
    """"Add to Deck" for ``slide`` (disabled, with why, when the place cannot be a slide)."""
    add = citing.add_slide
    if add is None:
        return None
    action = menu.addAction(ADD_TO_DECK, lambda: add(slide))
    action.setObjectName("add-to-deck")
    action.setEnabled(slide is not None)
    if slide is None:
        action.setToolTip(NOT_A_SLIDE)
    return action


def _slide_here(citing: Citing) -> Slide | None:
    return citing.slide_here() if citing.slide_here is not None else None


def _link_item(menu: QMenu, address: str, citing: Citing) -> None:
    """Qt's "Copy Link Location" would copy an internal target ("ref:key"), which means
    nothing outside the app: in its place, the link's address (``cite.link_address``)."""
    qt_item = next((a for a in menu.actions() if a.objectName() == "link-copy"), None)
    if qt_item is not None:
        menu.removeAction(qt_item)
    if not address:
        return
    item = QAction(COPY_ADDRESS, menu)
    item.setObjectName("copy-link-address")
    item.triggered.connect(lambda _checked=False: citing.copy_address(address))
    actions = menu.actions()
    if len(actions) > 1:
        menu.insertAction(actions[1], item)  # right after "Copy"
    else:
        menu.addAction(item)


def reader_place_at(reader: ArticleReader) -> PlaceAt:
    """In the reader, a context menu is about the section under the mouse."""
    def place_at(pos: QPoint) -> Place:
        article = reader.article
        if article is None:
            return None
        anchor = reader.anchor_at(pos.y())
        section = next((s.title for s in article.sections if s.anchor == anchor), "")
        return section_place(article.id, article.title, anchor, section)

    return place_at


def reader_slide_at(reader: ArticleReader) -> SlideAt:
    """In the reader, "Add to Deck" adds the section under the mouse at the reader's tier
    (above the first heading: the first section at that tier)."""
    def slide_at(pos: QPoint) -> Slide | None:
        article = reader.article
        if article is None:
            return None
        at_tier = article.sections_for(reader.tier)
        anchor = reader.anchor_at(pos.y()) or (at_tier[0].anchor if at_tier else "")
        title = next((s.title for s in article.sections if s.anchor == anchor), article.title)
        return slide_for(make_target("article", article.id, anchor), title, tier=reader.tier)

    return slide_at


def context_menu(browser: QTextBrowser, citing: Citing, pos: QPoint,
                 place_at: PlaceAt | None = None, slide_at: SlideAt | None = None) -> QMenu:
    """The browser's own menu (Copy, Select All, …), "Add to Deck", the citation items."""
    menu = browser.createStandardContextMenu(pos)
    menu.setParent(browser, menu.windowFlags())
    menu.setObjectName("pageContextMenu")
    _link_item(menu, cite.link_address(browser.anchorAt(pos)), citing)
    if citing.add_slide is not None:
        menu.addSeparator()
        add_deck_item(menu, citing, slide_at(pos) if slide_at is not None
                      else _slide_here(citing))
    menu.addSeparator()
    citing.add_items(menu, place_at(pos) if place_at is not None else citing.here())
    return menu


def install_context_menu(browser: QTextBrowser, citing: Citing,
                         place_at: PlaceAt | None = None,
                         slide_at: SlideAt | None = None) -> None:
    """Give ``browser`` the context menu with the citation items and "Add to Deck"."""
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = context_menu(browser, citing, pos, place_at, slide_at)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(browser.viewport().mapToGlobal(pos))

    browser.customContextMenuRequested.connect(show)


def panel_menu(panel: QWidget, citing: Citing) -> QMenu:
    """A panel that is no text page (a chart, the side-by-side comparison): the citation
    items and "Add to Deck" for the place in view (the chart at its current phase)."""
    menu = QMenu(panel)
    menu.setObjectName("pageContextMenu")
    if add_deck_item(menu, citing, _slide_here(citing)) is not None:
        menu.addSeparator()
    citing.add_items(menu, citing.here())
    return menu


def install_panel_menu(panel: QWidget, citing: Citing) -> None:
    """Give ``panel`` (and the children that have no menu of their own) that menu."""
    panel.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = panel_menu(panel, citing)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(panel.mapToGlobal(pos))

    panel.customContextMenuRequested.connect(show)
