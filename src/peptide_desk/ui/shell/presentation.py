"""Presenting (F5): the current deck as a slide show, or, with no deck, the page in view
full screen with large type; B/./W cover the screen until the next key.

The window owns one :class:`Presenter`, built when it completes; ``Presenter.active`` (a
page presented) and ``Presenter.show`` (a deck's slide show, ``ui/slideshow.py``, loaded on
first use) are what the rest of the window asks. Keys are those of ``keymap``
(``PRESENTING``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from peptide_desk import keymap
from peptide_desk.ui.cover import BLACK, WHITE, Cover

if TYPE_CHECKING:
    from peptide_desk.decks import Deck
    from peptide_desk.store import Store
    from peptide_desk.ui.search_box import SearchBox
    from peptide_desk.ui.shell.page_stack import PageStack
    from peptide_desk.ui.slideshow import SlideShow

PRESENT_ZOOM_BONUS = 60


def _texts(command: str) -> set[str]:
    """The characters a presenting key types (``B`` → ``"b"``)."""
    return {k.lower() for k in keymap.keys(command)}


class Zoom(Protocol):
    """The window's zoom, raised while presenting and put back after."""

    zoom: int

    def set_zoom(self, percent: int, persist: bool = True) -> None: ...


class Presenter(QObject):
    """Enters and leaves presentation mode and, while it is on, reads its keys (an event
    filter on the application)."""

    def __init__(self, window: QMainWindow, zoom: Zoom, *, toolbar: QWidget, nav: QWidget,
                 contents: QWidget, search: SearchBox, stack: PageStack,
                 store: Store | None = None, deck: Callable[[], Deck | None] | None = None,
                 theme: Callable[[], str] | None = None) -> None:
        """``deck()`` is the current deck (F5 shows it when it has slides); ``theme()`` the
        theme its slides are drawn in."""
        super().__init__(window)
        self.window, self.zoom = window, zoom
        self.toolbar, self.nav, self.contents = toolbar, nav, contents
        self.search, self.stack = search, stack
        self.store, self.deck, self.theme = store, deck, theme
        self.active = False
        self.cover: Cover | None = None
        self.show: SlideShow | None = None
        self._focus: QWidget | None = None
        self._before = (100, False, True)  # zoom, maximised, navigation shown
        self._black, self._white = _texts("present-black"), _texts("present-white")
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    @property
    def presenting(self) -> bool:
        """A page or a deck is being presented."""
        return self.active or self.show is not None

    def toggle(self) -> None:
        """Present the current deck (when it has slides) or the page in view, or stop."""
        if self.show is not None:
            self.show.finish()
            return
        deck = self.deck() if self.deck is not None and not self.active else None
        if deck is not None and deck.slides and self.store is not None:
            self.present_deck(deck)
            return
        self.toggle_page()

    def present_deck(self, deck: Deck) -> SlideShow:
        """Start the slide show of ``deck``; Esc there brings back this window as it was."""
        from peptide_desk.ui.slideshow import present

        assert self.store is not None
        self._focus = QApplication.focusWidget()
        theme = self.theme() if self.theme is not None else "high-contrast"
        self.show = present(self.store, deck, theme, self.window)
        self.show.finished.connect(self._show_finished)
        return self.show

    def _show_finished(self) -> None:
        self.show = None
        self.window.activateWindow()
        focus, self._focus = self._focus, None
        try:
            if focus is not None and focus.isVisible():
                focus.setFocus()
        except RuntimeError:  # the widget that had focus is gone
            pass

    def blank(self, colour: str) -> Cover:
        """Cover the presented page until the next key or click (one cover at a time)."""
        if self.cover is None:
            self.cover = Cover(self.window, colour)
            self.cover.lifted.connect(self._lifted)
        return self.cover

    def _lifted(self) -> None:
        self.cover = None

    def toggle_page(self) -> None:
        """Enter or leave presenting the page, restoring the previous zoom and layout."""
        win = self.window
        if self.cover is not None:
            self.cover.lift()
        if not self.active:
            self.active = True
            self._before = (self.zoom.zoom, win.isMaximized(), self.nav.isVisible())
            for widget in (self.nav, self.contents, self.toolbar, win.menuBar(),
                           win.statusBar()):
                widget.hide()
            win.showFullScreen()
            self.zoom.set_zoom(self.zoom.zoom + PRESENT_ZOOM_BONUS, persist=False)
            win.statusBar().showMessage("Presenting — Esc leaves, B/W blank the screen")
        else:
            self.active = False
            zoom, maximised, nav = self._before
            for widget in (self.toolbar, win.menuBar(), win.statusBar()):
                widget.show()
            self.nav.setVisible(nav)
            if maximised:
                win.showMaximized()
            else:
                win.showNormal()
            self.zoom.set_zoom(zoom)

    def step_section(self, step: int) -> None:
        """Move the reader to the previous or next section."""
        reader = self.stack.reader_in_view()
        if reader is None or reader.article is None:
            return
        anchors = [s.anchor for s in reader.article.sections_for(reader.tier)]
        current = reader.current_anchor()
        index = anchors.index(current) if current in anchors else -1
        index = max(0, min(len(anchors) - 1, index + step))
        reader.scroll_to(anchors[index])

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        if not self.active or event.type() != QEvent.Type.KeyPress:
            return False
        if not isinstance(event, QKeyEvent) or not isinstance(obj, QWidget) \
                or obj.window() is not self.window:
            return False
        if self.cover is not None:  # the next key only lifts the cover
            self.cover.lift()
            return True
        if self.search.edit.hasFocus():
            return False
        key, text = event.key(), event.text().lower()
        if key == Qt.Key.Key_Escape:  # keymap "present-leave"
            self.toggle_page()
            return True
        if text in self._black:
            self.blank(BLACK)
            return True
        if text in self._white:
            self.blank(WHITE)
            return True
        if self.stack.reader_in_view() is not None and key in (Qt.Key.Key_Left,
                                                               Qt.Key.Key_Right):
            # keymap "present-next" / "present-previous": on a page, the next section
            self.step_section(1 if key == Qt.Key.Key_Right else -1)
            return True
        return False
