"""Where the reader is and has been (no Qt): places, back/forward history, the reading state,
and the rules for which places take a bookmark or a note, which are remembered, which can be
restored, and what they are called.

The window keeps one :class:`History` and one :class:`Reading` and asks these functions; it
decides nothing about targets itself. Light enough for the start path (``links``, ``typing``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import NamedTuple

from peptide_desk import APP_NAME
from peptide_desk.links import is_content, is_internal, make_target, parse_target

HOME = "view:home"
#: Pages (outside the reader) that a bookmark can point at; an article bookmark points at
#: the section in view instead.
PAGE_SCHEMES: tuple[str, ...] = ("substance", "class", "glossary", "ref", "table", "chart")
#: Everything a bookmark can point at.
BOOKMARK_SCHEMES: tuple[str, ...] = ("article", *PAGE_SCHEMES)
#: Notes attach to article sections and substances only (they are shown there).
NOTE_SCHEMES: tuple[str, ...] = ("article", "substance")


class Place(NamedTuple):
    """A target and the scroll position it was left at."""

    target: str
    scroll: int = 0


class Reading:
    """How pages are read now: the tier articles open at, and whether "How this was checked"
    is open on substance and class pages. Shared by the window and its router."""

    __slots__ = ("checks_open", "tier")

    def __init__(self, tier: str) -> None:
        self.tier = tier
        self.checks_open = False

    def toggle_checks(self) -> None:
        self.checks_open = not self.checks_open


class History:
    """The place shown and the back and forward stacks around it."""

    def __init__(self) -> None:
        self.current: Place | None = None
        self.back: list[Place] = []
        self.forward: list[Place] = []

    def show(self, target: str) -> None:
        """``target`` is now the place shown (its scroll is read when it is left)."""
        self.current = Place(target)

    def leave_for(self, target: str, here: Callable[[], Place]) -> None:
        """Going to ``target`` by a link: remember ``here()`` unless it is the same page."""
        if self.current is not None and self.current.target != target:
            self.back.append(here())
            self.forward.clear()

    @property
    def can_go_back(self) -> bool:
        return bool(self.back) and self.current is not None

    @property
    def can_go_forward(self) -> bool:
        return bool(self.forward) and self.current is not None

    def go_back(self, here: Place) -> Place:
        """The place to show going back from ``here`` (check :attr:`can_go_back` first)."""
        self.forward.append(here)
        return self.back.pop()

    def go_forward(self, here: Place) -> Place:
        """The place to show going forward from ``here`` (check :attr:`can_go_forward`)."""
        self.back.append(here)
        return self.forward.pop()


def needs_lookup(target: str) -> bool:
    """A content record must exist before its target opens; the app's pages always do."""
    return is_content(target)


def restorable(target: str, exists: Callable[[str], bool]) -> bool:
    """Whether the place saved at the last exit can be opened again."""
    return is_internal(target) and (not needs_lookup(target) or exists(target))


def remembered(target: str) -> bool:
    """Whether opening ``target`` goes into the visit history (the app's views do not)."""
    return parse_target(target).scheme != "view"


def section_place(article_id: str, article_title: str, anchor: str,
                  section_title: str) -> tuple[str, str]:
    """(target, title) of the article section in view; the article itself without one."""
    title = f"{article_title} — {section_title}" if section_title else article_title
    return make_target("article", article_id, anchor), title


def page_place(target: str, title: str) -> tuple[str, str] | None:
    """(target, title) of a page outside the reader, or None when it takes no bookmark."""
    return (target, title) if parse_target(target).scheme in PAGE_SCHEMES else None


def can_bookmark(target: str) -> bool:
    return parse_target(target).scheme in BOOKMARK_SCHEMES


def can_note(target: str) -> bool:
    return parse_target(target).scheme in NOTE_SCHEMES


def window_title(page_title: str) -> str:
    """The window's title while ``page_title`` is shown."""
    return f"{page_title} — {APP_NAME}" if page_title else APP_NAME
