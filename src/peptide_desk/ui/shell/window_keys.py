"""Window-wide mouse and key handling, installed when the window completes: the mouse
side buttons go back and forward; typing on a page starts a search ("/" anywhere, any
letter on the home page). The keys are keymap's ``PAGE`` shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent

from peptide_desk import keymap

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from peptide_desk.ui.search_box import SearchBox


class WindowKeys(QObject):
    """Event filter on the application and on the window's page browsers."""

    def __init__(self, window: QWidget, browsers: tuple[QObject, ...], search: SearchBox, *,
                 back: Callable[[], None], forward: Callable[[], None],
                 at_home: Callable[[], bool]) -> None:
        """``at_home()``: the start page is shown, where any letter starts a search."""
        super().__init__(window)
        self.window, self.browsers, self.search = window, browsers, search
        self.back, self.forward, self.at_home = back, forward, at_home
        self.search_keys = set(keymap.keys("search-from-page"))

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and self.window.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                self.back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.forward()
                return True
        if etype == QEvent.Type.KeyPress and isinstance(event, QKeyEvent) \
                and obj in self.browsers:
            text = event.text()
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier)
            if plain and text in self.search_keys:
                self.search.focus()
                return True
            if plain and text.isprintable() and text.strip() and self.at_home():
                self.search.focus(text)
                return True
        return super().eventFilter(obj, event)
