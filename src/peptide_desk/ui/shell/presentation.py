"""Presentation mode (F5): full screen, large type, keyboard only; B/W blank the screen.

The window owns one :class:`Presenter`, built when it completes; ``Presenter.active`` is
the one flag the rest of the window asks. Keys are those of ``keymap`` (``PRESENTING``).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QApplication, QMainWindow, QWidget

from peptide_desk import keymap

if TYPE_CHECKING:
    from PySide6.QtGui import QMouseEvent

    from peptide_desk.ui.search_box import SearchBox
    from peptide_desk.ui.shell.page_stack import PageStack

PRESENT_ZOOM_BONUS = 60
BLACK, WHITE = "#000000", "#FFFFFF"


def _texts(command: str) -> set[str]:
    """The characters a presenting key types (``B`` → ``"b"``)."""
    return {k.lower() for k in keymap.keys(command)}


class Zoom(Protocol):
    """The window's zoom, raised while presenting and put back after."""

    zoom: int

    def set_zoom(self, percent: int, persist: bool = True) -> None: ...


class BlankScreen(QWidget):
    """A black or white cover; any key or click removes it."""

    def __init__(self, parent: QWidget, colour: str) -> None:
        super().__init__(parent)
        self.setStyleSheet(f"background: {colour};")
        self.setAutoFillBackground(True)
        self.setGeometry(parent.rect())
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.show()
        self.raise_()
        self.setFocus()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        self.deleteLater()

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self.deleteLater()


class Presenter(QObject):
    """Enters and leaves presentation mode and, while it is on, reads its keys (an event
    filter on the application)."""

    def __init__(self, window: QMainWindow, zoom: Zoom, *, toolbar: QWidget, nav: QWidget,
                 contents: QWidget, search: SearchBox, stack: PageStack) -> None:
        super().__init__(window)
        self.window, self.zoom = window, zoom
        self.toolbar, self.nav, self.contents = toolbar, nav, contents
        self.search, self.stack = search, stack
        self.active = False
        self._before = (100, False, True)  # zoom, maximised, navigation shown
        self._black, self._white = _texts("present-black"), _texts("present-white")
        app = QApplication.instance()
        if app is not None:
            app.installEventFilter(self)

    def toggle(self) -> None:
        """Enter or leave presentation mode, restoring the previous zoom and layout."""
        win = self.window
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
        if not isinstance(event, QKeyEvent) or self.search.edit.hasFocus():
            return False
        key, text = event.key(), event.text().lower()
        if key == Qt.Key.Key_Escape:  # keymap "present-leave"
            self.toggle()
            return True
        if text in self._black:
            BlankScreen(self.window, BLACK)
            return True
        if text in self._white:
            BlankScreen(self.window, WHITE)
            return True
        if self.stack.reader_in_view() is not None and key in (Qt.Key.Key_Left,
                                                               Qt.Key.Key_Right):
            self.step_section(1 if key == Qt.Key.Key_Right else -1)  # "present-step"
            return True
        return False
