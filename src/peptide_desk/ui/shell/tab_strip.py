"""Tabs in the window: the strip of their titles above the page (shown with two or more)
and the commands on them. Each tab has its own place and Back/Forward history
(``peptide_desk.tabs``); the window's one History is always the active tab's.

Ctrl+T opens a new tab at the start page, Ctrl+W closes the active one (never the last),
Ctrl+Tab and Ctrl+Shift+Tab switch; Ctrl+click, Ctrl+Enter or a middle click on a link opens
it in a new tab (``ui/popover.py`` reports those). Built when the window completes.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QTabBar, QWidget

from peptide_desk.navigation import HOME, History, Place
from peptide_desk.tabs import TabSet, TabState, restored

#: A tab's title is cut to this many characters (the full title is its tooltip).
TITLE_CHARS = 32


class TabStrip:
    """The tab bar and the tab commands, bound to the window's History.

    ``here()`` is the place shown now (None before the first), ``show(place)`` shows a tab's
    place without recording a visit, ``open_target(target)`` navigates, ``say(text)`` is
    the status bar."""

    def __init__(self, parent: QWidget, history: History, *,
                 here: Callable[[], Place | None], show: Callable[[Place], None],
                 open_target: Callable[[str], object], say: Callable[[str], None]) -> None:
        self.history, self.here, self.show_place = history, here, show
        self.open_target, self.say = open_target, say
        self.tabs = TabSet()
        self.titles: list[str] = ["Home"]
        self.bar = QTabBar(parent)
        self.bar.setObjectName("tabStrip")
        self.bar.setAccessibleName("Tabs")
        self.bar.setTabsClosable(True)
        self.bar.setDocumentMode(True)
        self.bar.setExpanding(False)
        self.bar.setElideMode(Qt.TextElideMode.ElideRight)
        self.bar.setUsesScrollButtons(True)
        self.bar.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Ctrl+Tab switches; F6 skips it
        self.bar.addTab("Home")
        self.bar.currentChanged.connect(self.switch)
        self.bar.tabCloseRequested.connect(self.close)
        self.bar.hide()

    # --- commands -----------------------------------------------------------------------
    def new_tab(self, target: str = HOME) -> None:
        """Open ``target`` in a new tab after the active one, and make it active."""
        self.tabs.leave(self.history, self.here())
        at = self.tabs.add()
        self.titles.insert(at, "New tab")
        self._quietly(lambda: self.bar.insertTab(at, "New tab"))
        self.tabs.activate(at, self.history)  # empty: nothing to go back to
        self._quietly(lambda: self.bar.setCurrentIndex(at))
        self._fit()
        self.open_target(target)

    def close(self, index: int | None = None) -> None:
        """Close tab ``index`` (the active one by default); the last tab stays open."""
        at = self.tabs.index if index is None else index
        if len(self.tabs) <= 1:
            self.say("This is the only tab; it stays open.")
            return
        was_active = self.tabs.remove(at)
        del self.titles[at]
        self._quietly(lambda: self.bar.removeTab(at))
        self._quietly(lambda: self.bar.setCurrentIndex(self.tabs.index))
        self._fit()
        if was_active:
            self._show_state(self.tabs.activate(self.tabs.index, self.history))

    def switch(self, index: int) -> None:
        """Make tab ``index`` active, where it was left."""
        if index == self.tabs.index or not 0 <= index < len(self.tabs):
            return
        self.tabs.leave(self.history, self.here())
        state = self.tabs.activate(index, self.history)
        self._quietly(lambda: self.bar.setCurrentIndex(index))
        self._show_state(state)

    def next(self) -> None:
        self.switch(self.tabs.step(1))

    def previous(self) -> None:
        self.switch(self.tabs.step(-1))

    def set_title(self, title: str) -> None:
        """The active tab shows ``title`` (the page it shows)."""
        self.titles[self.tabs.index] = title
        short = title if len(title) <= TITLE_CHARS else title[:TITLE_CHARS - 1] + "…"
        self.bar.setTabText(self.tabs.index, short)
        self.bar.setTabToolTip(self.tabs.index, title)

    # --- session ------------------------------------------------------------------------
    def saved(self) -> dict[str, Any]:
        """Every tab's place (and title) for the next start."""
        self.tabs.leave(self.history, self.here())
        data = self.tabs.saved()
        kept = [t for t, s in zip(self.titles, self.tabs.states, strict=True)
                if s.current is not None]
        for entry, title in zip(data["tabs"], kept, strict=True):
            entry["title"] = title
        return data

    def restore_saved(self, value: Any, exists: Callable[[str], bool]) -> None:
        """Reopen the tabs of a saved ``tabs`` setting (``saved()``); what cannot be opened
        any more is dropped (``tabs.restored``)."""
        places, active = restored(value, exists)
        entries = value.get("tabs", []) if isinstance(value, dict) else []
        titles = {e.get("target"): str(e.get("title", "")) for e in entries
                  if isinstance(e, dict) and isinstance(e.get("target"), str)}
        self.restore(places, active, [titles.get(p.target, "") for p in places])

    def restore(self, places: list[Place], active: int, titles: list[str]) -> None:
        """Reopen saved tabs; the active one is the place the window already shows."""
        if len(places) < 2:
            return
        self.tabs.states = [TabState(p) for p in places]
        self.tabs.index = active
        load_live = self.history.current
        self.titles = [t or p.target for t, p in zip(titles, places, strict=True)]

        def rebuild() -> None:
            while self.bar.count():
                self.bar.removeTab(0)
            for title in self.titles:
                self.bar.addTab(title[:TITLE_CHARS])
            self.bar.setCurrentIndex(active)
        self._quietly(rebuild)
        if load_live is None:  # nothing shown yet: show the active tab's place
            self._show_state(self.tabs.activate(active, self.history))
        self._fit()

    # --- helpers ------------------------------------------------------------------------
    def _show_state(self, state: TabState) -> None:
        self.show_place(state.current if state.current is not None else Place(HOME))

    def _quietly(self, change: Callable[[], object]) -> None:
        """Change the bar without it reporting the change back as a user's switch."""
        self.bar.blockSignals(True)
        try:
            change()
        finally:
            self.bar.blockSignals(False)

    def _fit(self) -> None:
        self.bar.setVisible(len(self.tabs) > 1)

    def visible_when(self, room: bool) -> None:
        """Shown with two or more tabs, unless the window is presenting."""
        self.bar.setVisible(room and len(self.tabs) > 1)
