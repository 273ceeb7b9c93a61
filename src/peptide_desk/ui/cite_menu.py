"""Copy a citation of the place in view, or a link that opens the app there.

The Edit menu and the pages' context menus (the reader's and the document view's) offer
"Copy Citation" in each style of ``cite.STYLES`` and "Copy Link to This Place"; the text
comes from ``cite`` (no Qt) and goes to the clipboard as plain text, and the status bar says
what was copied. In the reader, the context menu cites the section under the mouse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from functools import partial

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QAction, QGuiApplication
from PySide6.QtWidgets import QMainWindow, QMenu, QTextBrowser

from peptide_desk import cite
from peptide_desk.navigation import section_place
from peptide_desk.ui.reader import ArticleReader

#: (target, title) of a place, or None where nothing can be cited (navigation.section_place).
Place = tuple[str, str] | None
#: The place a context menu at a point of the view is about.
PlaceAt = Callable[[QPoint], Place]
COPY_LINK = "Copy Link to This Place"
COPY_ADDRESS = "Copy Link Address"


def citation_label(style_label: str) -> str:
    """The menu text of one style's item."""
    return f"Copy Citation ({style_label})"


class Citing:
    """Copies citations and links of the window's place in view (or of a given place)."""

    def __init__(self, window: QMainWindow, here: Callable[[], Place],
                 content_as_of: Callable[[], str]) -> None:
        self.window, self.here, self.content_as_of = window, here, content_as_of
        self.today: Callable[[], dt.date] = dt.date.today  # fixed in tests

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


def context_menu(browser: QTextBrowser, citing: Citing, pos: QPoint,
                 place_at: PlaceAt | None = None) -> QMenu:
    """The browser's own menu (Copy, Select All, …) followed by the citation items."""
    menu = browser.createStandardContextMenu(pos)
    menu.setParent(browser, menu.windowFlags())
    menu.setObjectName("pageContextMenu")
    _link_item(menu, cite.link_address(browser.anchorAt(pos)), citing)
    menu.addSeparator()
    citing.add_items(menu, place_at(pos) if place_at is not None else citing.here())
    return menu


def install_context_menu(browser: QTextBrowser, citing: Citing,
                         place_at: PlaceAt | None = None) -> None:
    """Give ``browser`` the context menu with the citation items."""
    browser.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)

    def show(pos: QPoint) -> None:
        menu = context_menu(browser, citing, pos, place_at)
        menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        menu.popup(browser.viewport().mapToGlobal(pos))

    browser.customContextMenuRequested.connect(show)
