"""Text slides that do not fit one screen: screens planned like printed pages, so a table
row never straddles two screens and a continued table repeats its header (pytest-qt)."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSizeF

from peptide_desk.decks import Deck, Slide
from peptide_desk.print_plan import TABLE
from peptide_desk.slide_pages import slide_css
from peptide_desk.themes import palette, reading_css
from peptide_desk.ui.slideshow import SlideShow
from peptide_desk.ui.slideshow_layout import TextLayout, slide_blocks

ROWS = 24


def long_table() -> str:
    body = "".join(
        f"<tr><td><p>Row {n} begins</p><p>{'a finding of the trial ' * (3 + n % 4)}</p>"
        f"<p>Row {n} ends</p></td><td>{'comparator ' * (n % 5 + 1)}</td></tr>"
        for n in range(ROWS))
    return (f'<p class="h2">Trial results</p><table class="data"><thead><tr><th>Finding</th>'
            f"<th>Comparator</th></tr></thead><tbody>{body}</tbody></table>"
            "<p>What the table leaves out.</p>")


def css(pt: float) -> str:
    return reading_css(palette("high-contrast"), pt) + slide_css(pt)


def check_rows_whole(layout: TextLayout) -> None:
    """Every table slice starts and ends between rows; a continued one repeats the header."""
    for screen in layout.screens or []:
        for piece in screen:
            _doc, measured = layout.blocks[piece.block]
            if measured.header == 0.0:  # not a table with a header band
                continue
            bounds = {0.0, measured.height, *measured.breaks}
            assert any(abs(piece.top - b) < 0.01 for b in bounds) or piece.top == \
                measured.header, piece
            assert any(abs(piece.bottom - b) < 0.01 for b in bounds), piece
            assert piece.header == (piece.top > measured.header + 0.5), piece


def test_a_table_row_never_straddles_two_screens(qapp) -> None:
    layout = TextLayout(lambda _pt: long_table(), css, QSizeF(900, 420), 22.0, 14.0)
    assert layout.pt == 14.0 and layout.parts >= 3
    check_rows_whole(layout)
    seen: dict[int, int] = {}
    for part in range(layout.parts):
        text = layout.screen_text(part)
        assert "Finding" in text  # the header row on every screen the table is on
        for n in range(ROWS):
            begins, ends = f"Row {n} begins" in text, f"Row {n} ends" in text
            assert begins == ends, f"row {n} split on screen {part + 1}"
            if begins:
                seen[n] = seen.get(n, 0) + 1
    assert seen == dict.fromkeys(range(ROWS), 1)  # each row once, whole
    assert "What the table leaves out." in layout.screen_text(layout.parts - 1)


def test_a_heading_stays_with_the_table_and_a_fitting_slide_is_one_screen(qapp) -> None:
    blocks = slide_blocks(long_table())
    assert blocks[0].keep_with_next and blocks[1].kind == TABLE and blocks[1].header_rows == 1
    layout = TextLayout(lambda _pt: long_table(), css, QSizeF(900, 420), 22.0, 14.0)
    assert [p.block for p in layout.screens[0]][:2] == [0, 1]
    short = TextLayout(lambda _pt: "<p>One line.</p>", css, QSizeF(900, 420), 22.0, 14.0)
    assert short.parts == 1 and short.screens is None and short.pt == 22.0


@pytest.mark.parametrize("size", [(1280, 720), (1920, 1080)])
def test_the_real_table_slide_keeps_its_rows_whole(qtbot, real_store, size) -> None:
    deck = Deck("T", (Slide("table", "table:clinical-trial-summary", "Key study results"),
                      Slide("compare", "compare:semaglutide,tirzepatide", "S · T")))
    shown = SlideShow(real_store, deck, "high-contrast")
    qtbot.addWidget(shown)
    shown.resize(*size)
    shown.start(full_screen=False)
    qtbot.waitExposed(shown)
    shown.relayout()
    table = shown.layouts[0]
    assert table.parts > 1
    check_rows_whole(table)
    assert sum(p.bottom - p.top for s in table.screens for p in s) >= sum(
        m.height for _, m in table.blocks) - 1  # nothing left out
    shown.finish()


def test_on_screen_a_table_leaves_its_reference_list_to_the_handout(real_store) -> None:
    from peptide_desk.slide_pages import slide_content

    table = Slide("table", "table:clinical-trial-summary", "Key study results")
    pal = palette("high-contrast")
    page = slide_content(real_store, table, pal, "high-contrast").html  # the hand-out's
    shown = slide_content(real_store, table, pal, "high-contrast", references=False).html
    assert "<h2>References</h2>" in page and "<h2>References</h2>" not in shown
    assert shown and page.startswith(shown)  # the rows, with their Sources column, stay
    assert "Sources</th>" in shown
    compare = Slide("compare", "compare:semaglutide,tirzepatide", "S · T")
    assert '</table><p class="after-table" ' in slide_content(
        real_store, compare, pal, "high-contrast").html  # the caption clears the table
