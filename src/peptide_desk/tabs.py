"""Tabs, each with its own place and Back/Forward history (no Qt).

The window keeps one live :class:`navigation.History` (the active tab's); switching tabs
stores its state in the tab left and loads the state of the tab chosen, so everything that
holds the window's History (printing, the router) always sees the active tab's. Tabs are
saved at exit as their places (``saved``) and restored at the next start (``restored``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, NamedTuple

from peptide_desk.navigation import History, Place

#: The most tabs restored at a start (a damaged or hand-edited setting cannot open more).
MAX_TABS = 30


class TabState(NamedTuple):
    """A tab's place and the Back and Forward stacks around it."""

    current: Place | None = None
    back: tuple[Place, ...] = ()
    forward: tuple[Place, ...] = ()


def snapshot(history: History, here: Place | None) -> TabState:
    """The live history's state, with the place shown at ``here`` (its scroll now)."""
    return TabState(here if here is not None else history.current, tuple(history.back),
                    tuple(history.forward))


def load(history: History, state: TabState) -> None:
    """Make ``state`` the live history (the caller then shows ``state.current``)."""
    history.current = state.current
    history.back = list(state.back)
    history.forward = list(state.forward)


class TabSet:
    """The open tabs in order and which one is active; the active tab's state is live in
    the window's History, so its entry here is stale until :meth:`leave` stores it."""

    def __init__(self) -> None:
        self.states: list[TabState] = [TabState()]
        self.index = 0

    def __len__(self) -> int:
        return len(self.states)

    def leave(self, history: History, here: Place | None) -> None:
        """Store the active tab's live state before another tab becomes active."""
        self.states[self.index] = snapshot(history, here)

    def add(self, after: int | None = None) -> int:
        """A new, empty tab after ``after`` (the active one by default); its index."""
        at = (self.index if after is None else after) + 1
        self.states.insert(at, TabState())
        return at

    def activate(self, index: int, history: History) -> TabState:
        """Make tab ``index`` active and load its state into ``history``."""
        self.index = index
        load(history, self.states[index])
        return self.states[index]

    def remove(self, index: int) -> bool:
        """Close tab ``index`` (never the last one). True when it was the active tab: the
        tab now at :attr:`index` must then be activated (its state is not live yet)."""
        if len(self.states) <= 1:
            return False
        del self.states[index]
        was_active = index == self.index
        if index < self.index:
            self.index -= 1
        elif was_active:
            self.index = min(index, len(self.states) - 1)
        return was_active

    def step(self, delta: int) -> int:
        """The index ``delta`` tabs away from the active one, wrapping around."""
        return (self.index + delta) % len(self.states)

    def saved(self) -> dict[str, Any]:
        """What the next start reopens: every tab's place and which is active."""
        places = [{"target": s.current.target, "scroll": s.current.scroll}
                  for s in self.states if s.current is not None]
        return {"tabs": places, "active": min(self.index, max(len(places) - 1, 0))}


def restored(value: Any, exists: Callable[[str], bool]) -> tuple[list[Place], int]:
    """The places of a saved tab setting that can still be opened, and the active index;
    anything malformed is dropped (a bad setting never breaks a start)."""
    if not isinstance(value, dict) or not isinstance(value.get("tabs"), list):
        return [], 0
    places: list[Place] = []
    for entry in value["tabs"][:MAX_TABS]:
        if not isinstance(entry, dict):
            continue
        target, scroll = entry.get("target"), entry.get("scroll", 0)
        if isinstance(target, str) and exists(target):
            ok = isinstance(scroll, int) and not isinstance(scroll, bool) and scroll >= 0
            places.append(Place(target, scroll if ok else 0))
    active = value.get("active", 0)
    if not isinstance(active, int) or isinstance(active, bool) or not 0 <= active < len(places):
        active = 0
    return places, active
