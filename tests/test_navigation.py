"""navigation.py: places, back/forward history, the reading state and the rules for bookmarks,
notes, visits, restoring and titles (no Qt)."""

from __future__ import annotations

import pytest

from peptide_desk import APP_NAME
from peptide_desk.navigation import (
    HOME,
    History,
    Place,
    Reading,
    can_bookmark,
    can_note,
    needs_lookup,
    page_place,
    remembered,
    restorable,
    section_place,
    window_title,
)


def visit(history: History, target: str, scroll: int = 0) -> None:
    """Follow a link to ``target`` from wherever ``history`` is, left at ``scroll``."""
    here = history.current
    history.leave_for(target, lambda: Place(here.target if here else "", scroll))
    history.show(target)


def test_History_starts_nowhere_and_cannot_move() -> None:
    history = History()
    assert history.current is None
    assert not history.can_go_back and not history.can_go_forward
    history.leave_for("view:home", lambda: pytest.fail("nothing to leave"))
    assert history.back == []


def test_History_back_and_forward_keep_scroll_positions() -> None:
    history = History()
    history.show(HOME)
    visit(history, "substance:semaglutide", scroll=0)
    visit(history, "glossary:igf-1", scroll=120)
    assert history.back == [Place(HOME, 0), Place("substance:semaglutide", 120)]
    assert history.can_go_back and not history.can_go_forward
    place = history.go_back(Place("glossary:igf-1", 40))
    assert place == Place("substance:semaglutide", 120)
    history.show(place.target)
    assert history.forward == [Place("glossary:igf-1", 40)]
    place = history.go_forward(Place("substance:semaglutide", 130))
    assert place == Place("glossary:igf-1", 40)
    assert history.back[-1] == Place("substance:semaglutide", 130)


def test_History_a_new_link_clears_forward_and_the_same_page_is_not_a_step() -> None:
    history = History()
    history.show(HOME)
    visit(history, "substance:semaglutide")
    history.show(history.go_back(Place("substance:semaglutide")).target)
    assert history.can_go_forward
    visit(history, HOME)  # the page shown again: no step, forward kept
    assert history.back == [] and history.can_go_forward
    visit(history, "view:library")
    assert history.back == [Place(HOME)] and not history.can_go_forward


def test_Reading_toggles_the_checks_disclosure() -> None:
    reading = Reading("fundamentals")
    assert reading.tier == "fundamentals" and reading.checks_open is False
    reading.toggle_checks()
    assert reading.checks_open is True
    reading.toggle_checks()
    assert reading.checks_open is False


def test_only_content_records_are_looked_up() -> None:
    assert needs_lookup("substance:x") and needs_lookup("article:a#b")
    assert not needs_lookup("view:home") and not needs_lookup("compare:a,b")


@pytest.mark.parametrize(("target", "exists", "ok"), [
    ("view:home", False, True),
    ("compare:semaglutide,tesamorelin", False, True),
    ("substance:semaglutide", True, True),
    ("substance:gone", False, False),
    ("article:a#gone", False, False),
    ("file:///etc/passwd", True, False),
    ("https://example.org", True, False),
    ("", True, False),
])
def test_restorable(target: str, exists: bool, ok: bool) -> None:
    assert restorable(target, lambda _t: exists) is ok


def test_the_apps_views_are_not_remembered_as_visits() -> None:
    assert not remembered("view:history") and not remembered(HOME)
    assert remembered("substance:x") and remembered("compare:a,b") and remembered("chart:c")


def test_bookmarks_go_to_sections_and_record_pages_notes_to_sections_and_substances() -> None:
    for target in ("article:a#s", "substance:x", "class:c", "glossary:g", "ref:r",
                   "table:t", "chart:c"):
        assert can_bookmark(target), target
    for target in ("view:home", "view:bookmarks", "compare:a,b", "https://x.org"):
        assert not can_bookmark(target), target
    assert can_note("article:a#s") and can_note("substance:x")
    assert not can_note("class:c") and not can_note("glossary:g")


def test_place_titles() -> None:
    assert section_place("a", "Article", "dosing", "Dosing") == ("article:a#dosing",
                                                                  "Article — Dosing")
    assert section_place("a", "Article", "", "") == ("article:a", "Article")
    assert page_place("substance:x", "Semaglutide") == ("substance:x", "Semaglutide")
    assert page_place("view:library", "Library") is None
    assert page_place("article:a", "Article") is None  # outside the reader: no section
    assert window_title("Semaglutide") == f"Semaglutide — {APP_NAME}"
    assert window_title("") == APP_NAME
