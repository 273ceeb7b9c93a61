"""50,000 bookmarks and 20,000 notes open their pages at once (issue 17, item 9; a 98 s
freeze before). Asserted on work done, not on time: the page holds a bounded number of rows
and is the same size whatever the count, and SQLite is asked for only the rows shown."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from peptide_desk import list_pages
from peptide_desk.list_pages import BOOKMARKS_SHOWN, NOTES_SHOWN, bookmarks_html, history_html
from peptide_desk.userdata import UserData
from scale_data import stocked


class Rows:
    """Counts the rows SQLite hands to Python (through the connection's row factory)."""

    def __init__(self, data: UserData) -> None:
        self.n = 0
        data.conn.row_factory = self._count

    def _count(self, _cursor: object, row: tuple[object, ...]) -> tuple[object, ...]:
        self.n += 1
        return row


@pytest.fixture(scope="module")
def big(tmp_path_factory: pytest.TempPathFactory) -> UserData:
    data = stocked(tmp_path_factory.mktemp("big"), 50_000, 20_000)
    yield data
    data.close()


def test_bookmarks_page_work_is_bounded(big: UserData, tmp_path: Path) -> None:
    rows = Rows(big)
    page = bookmarks_html(big)
    # the rows fetched: those shown plus two counts, not 70,000
    assert rows.n == BOOKMARKS_SHOWN + NOTES_SHOWN + 2
    assert page.count("<li>") == BOOKMARKS_SHOWN
    assert len(re.findall(r"<p><a href='article:", page)) == NOTES_SHOWN
    assert "Showing the 300 newest of 50,000 bookmarks" in page
    assert "Showing the 100 newest of 20,000 notes" in page
    assert "Bookmark 49999" in page and "Note 19999" in page  # the newest come first
    assert "Bookmark 0<" not in page
    small = stocked(tmp_path / "small", BOOKMARKS_SHOWN, NOTES_SHOWN)
    small_page = bookmarks_html(small)
    small.close()
    # the same work at 50,000 as at 300: the page's size does not grow with the count
    assert len(page) < len(small_page) * 1.05 + 500
    assert len(page) < 400_000


def test_long_notes_are_cut_on_the_page(big: UserData) -> None:
    page = bookmarks_html(big)
    note = page[page.index("Note 19999"):]
    note = note[:note.index("</p>")]
    assert len(note) < list_pages.NOTE_CHARS_SHOWN * 2 and note.endswith(" …")


def test_history_page_is_bounded(tmp_path: Path) -> None:
    data = UserData(tmp_path)
    for i in range(600):
        data.record_visit(f"article:a{i}", f"A{i}")
    rows = Rows(data)
    page = history_html(data)
    assert page.count("<li>") == list_pages.HISTORY_SHOWN == rows.n
    data.close()
