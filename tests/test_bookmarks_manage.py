"""The Bookmarks page manages what was kept: rename, delete with Undo, sort; pages stay
bounded (tests/test_userdata_scale.py)."""

from __future__ import annotations

import re

from peptide_desk.list_pages import keep_link, parse_keep


def click(window, href: str) -> None:
    """A link on the page in view, as the browser reports it."""
    window.doc.browser.linkActivated.emit(href)


def page(window) -> str:
    return window.doc.browser.toPlainText()


def links(window) -> list[str]:
    return re.findall(r'href="([^"]+)"', window.doc.browser.toHtml())


def test_keep_links_round_trip() -> None:
    href = keep_link("rename", "article:a#b c")
    assert parse_keep(href) == ("rename", "article:a#b c")
    assert "#" not in href  # nothing the link parser would read as an anchor
    assert parse_keep("keep:nonsense/x") is None and parse_keep("article:a") is None


def test_rename_delete_undo_and_sort(qtbot, window) -> None:
    user = window.user
    user.add_bookmark("substance:tesamorelin", "Tesamorelin")
    user.add_bookmark("substance:semaglutide", "Semaglutide")
    user.add_bookmark("glossary:igf-1", "IGF-1")
    window.open_target("view:bookmarks")
    assert keep_link("rename", "substance:tesamorelin") in links(window)
    # rename
    window.kept.ask_name = lambda _parent, title: f"{title} (read for exam)"
    click(window, keep_link("rename", "substance:tesamorelin"))
    assert user.bookmark("substance:tesamorelin").title == "Tesamorelin (read for exam)"
    assert "Tesamorelin (read for exam)" in page(window)
    assert window.current.target == "view:bookmarks"  # commands stay on the page
    # a cancelled rename changes nothing
    window.kept.ask_name = lambda _parent, _title: None
    click(window, keep_link("rename", "substance:tesamorelin"))
    assert user.bookmark("substance:tesamorelin").title == "Tesamorelin (read for exam)"
    # delete, then undo
    created = user.bookmark("substance:semaglutide").created
    click(window, keep_link("delete", "substance:semaglutide"))
    assert not user.is_bookmarked("substance:semaglutide")
    assert "Deleted the bookmark “Semaglutide”. Undo" in page(window)
    click(window, keep_link("undo"))
    assert user.bookmark("substance:semaglutide").created == created  # back as it was
    assert "Undo" not in page(window)
    # sort A to Z, then newest first
    click(window, keep_link("sort", "title"))
    text = page(window)
    assert text.index("IGF-1") < text.index("Semaglutide") < text.index("Tesamorelin")
    assert "Sort: Newest first · A to Z" in text
    click(window, keep_link("sort", "newest"))
    text = page(window)
    assert text.index("IGF-1") < text.index("Tesamorelin")  # newest first


def test_undo_is_offered_only_until_the_page_is_left(window) -> None:
    window.user.add_bookmark("substance:tesamorelin", "Tesamorelin")
    window.open_target("view:bookmarks")
    click(window, keep_link("delete", "substance:tesamorelin"))
    assert "Undo" in page(window)
    window.open_target("view:library")
    window.open_target("view:bookmarks")
    assert "Undo" not in page(window)
    assert "No bookmarks yet" in page(window)
