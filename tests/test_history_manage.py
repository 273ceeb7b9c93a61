"""History collapses Back/Forward revisits, lists pages by title (references by their
title), groups by day, deletes an entry and clears after asking."""

from __future__ import annotations

from peptide_desk.list_pages import keep_link
from test_bookmarks_manage import click, page


def test_back_and_forward_add_no_duplicates(window) -> None:
    window.open_target("substance:tesamorelin")
    window.open_target("glossary:igf-1")
    for _ in range(3):
        window.go_back()
        window.go_forward()
    targets = [v.target for v in window.user.history(50)]
    assert targets.count("substance:tesamorelin") == 1 and targets.count("glossary:igf-1") == 1


def test_history_page_collapses_groups_and_titles(window) -> None:
    ref = window.store.references()[0]
    window.open_target(f"ref:{ref.key}")
    window.open_target("substance:tesamorelin")
    window.open_target(f"ref:{ref.key}")  # a second visit by a link, the same day
    window.user.record_visit("substance:old", "Old title")  # no such page: title kept
    window.open_target("view:history")
    text = page(window)
    assert text.count(ref.title.rstrip(".")) == 1 and "2 visits" in text
    assert ref.short_citation not in text  # by title, not "author year"
    import time

    assert time.strftime("%Y-%m-%d") in text  # the day heading
    assert "Clear history…" in text


def test_old_entries_by_author_year_show_the_title_now(window) -> None:
    ref = window.store.references()[0]
    window.user.record_visit(f"ref:{ref.key}", ref.short_citation)  # as an older app did
    window.open_target("view:history")
    assert ref.title.rstrip(".") in page(window)


def test_delete_an_entry_and_clear_with_confirmation(window) -> None:
    window.open_target("substance:tesamorelin")
    window.open_target("glossary:igf-1")
    window.open_target("view:history")
    click(window, keep_link("forget", "glossary:igf-1"))
    assert [v.target for v in window.user.history()] == ["substance:tesamorelin"]
    asked = []
    window.kept.confirm_clear = lambda _parent: asked.append(1) or False
    click(window, keep_link("clear"))
    assert asked and window.user.count("history") == 1  # cancelled: nothing deleted
    window.kept.confirm_clear = lambda _parent: True
    click(window, keep_link("clear"))
    assert window.user.count("history") == 0
    assert "Nothing opened yet" in page(window)
