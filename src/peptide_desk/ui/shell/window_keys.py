"""Window-wide mouse and key handling, installed when the window completes: the mouse
side buttons go back and forward; typing on a page starts a search ("/" anywhere, any
letter on the home page); F6 and Shift+F6 move the focus from pane to pane. The keys are
keymap's ``PAGE`` and ``FOCUS`` shortcuts."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QKeyEvent, QKeySequence, QMouseEvent
from PySide6.QtWidgets import QApplication, QWidget

from peptide_desk import keymap

if TYPE_CHECKING:
    from peptide_desk.ui.search_box import SearchBox


class WindowKeys(QObject):
    """Event filter on the application and on the window's page browsers."""

    def __init__(self, window: QWidget, browsers: tuple[QObject, ...], search: SearchBox, *,
                 back: Callable[[], None], forward: Callable[[], None],
                 at_home: Callable[[], bool],
                 panes: Callable[[], list[QWidget]] | None = None) -> None:
        """``at_home()``: the start page is shown, where any letter starts a search;
        ``panes()``: the widgets F6 cycles through, in order (navigation, page, contents,
        notes; those hidden are skipped)."""
        super().__init__(window)
        self.window, self.browsers, self.search = window, browsers, search
        self.back, self.forward, self.at_home = back, forward, at_home
        self.panes = panes
        self.search_keys = set(keymap.keys("search-from-page"))
        self.pane_keys = {QKeySequence(k).toString(): step for k, step in (
            (keymap.key("focus-next-pane"), 1), (keymap.key("focus-previous-pane"), -1))}

    def cycle_panes(self, step: int) -> QWidget | None:
        """Focus the next (or previous) visible pane after the one holding the focus."""
        panes = [p for p in (self.panes() if self.panes else []) if p.isVisible()]
        if not panes:
            return None
        focus = QApplication.focusWidget()
        here = next((i for i, p in enumerate(panes)
                     if focus is not None and (focus is p or p.isAncestorOf(focus))), -1)
        if here < 0 and step < 0:
            here = 0
        target = panes[(here + step) % len(panes)]
        target.setFocus(Qt.FocusReason.OtherFocusReason)
        return target

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
                and isinstance(obj, QWidget) and obj.window() is self.window:
            step = self.pane_keys.get(QKeySequence(event.keyCombination()).toString())
            if step is not None and self.cycle_panes(step) is not None:
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


def first_focusable(widget: QWidget) -> QWidget:
    """The widget itself when it takes the focus from the keyboard, else the first visible
    descendant in its focus chain that does (a panel's table, a chart's plot)."""
    if widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
        return widget
    candidate = widget.nextInFocusChain()
    while candidate is not None and candidate is not widget:
        if (widget.isAncestorOf(candidate) and candidate.isVisible()
                and candidate.focusPolicy() & Qt.FocusPolicy.TabFocus):
            return candidate
        candidate = candidate.nextInFocusChain()
    return widget
