"""Window-wide mouse and key handling, installed when the window completes: the mouse
side buttons go back and forward; typing on a page starts a search ("/" anywhere, any
letter on the home page)."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QMouseEvent


class WindowKeys(QObject):
    """Event filter on the application and on the window's two browsers."""

    def __init__(self, win) -> None:
        super().__init__(win)
        self.win = win

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        win = self.win
        etype = event.type()
        if etype == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and win.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                win.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                win.go_forward()
                return True
        if obj in (win.doc.browser, win.reader.browser) and etype == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier)
            if plain and text == "/":
                win.search.focus()
                return True
            if plain and text.isprintable() and text.strip() and win.current is not None \
                    and win.current.target == "view:home":
                win.search.focus(text)
                return True
        return super().eventFilter(obj, event)
