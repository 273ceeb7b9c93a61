"""The page planner and the HTML splitter behind every print-out and PDF (no Qt)."""

from __future__ import annotations

import itertools

import pytest

from peptide_desk.pdf_info import DocInfo, PdfInfoError, pdf_date, read_info, set_info
from peptide_desk.print_plan import (
    BOX,
    CHART,
    HEADING,
    PAGE_BREAK,
    TABLE,
    TEXT,
    Block,
    Measured,
    PageFrame,
    Slice,
    deck_blocks,
    page_label,
    plan,
    split_html,
)

PAGE = 100.0


def placed(pages: list[list[Slice]], block: int) -> list[tuple[int, Slice]]:
    return [(n, s) for n, page in enumerate(pages) for s in page if s.block == block]


def check_fits(pages: list[list[Slice]], blocks: list[Measured]) -> None:
    """Every block is placed whole, in order, and no page overflows."""
    for page in pages:
        for s in page:
            assert s.y + (s.bottom - s.top) <= PAGE + 0.5
    for i, m in enumerate(blocks):
        parts = [s for _, s in placed(pages, i)]
        if m.page_break:
            continue
        assert parts[0].top == 0 and parts[-1].bottom == m.height
        assert all(a.bottom == b.top for a, b in itertools.pairwise(parts))


def test_table_rows_never_split_and_the_header_repeats() -> None:
    # header 10, then rows of 12: boundaries at 22, 34, 46, ...
    rows = tuple(10.0 + 12 * k for k in range(2, 15))
    table = Measured(10 + 12 * 15, breaks=(10.0, *rows), header=10.0)
    blocks = [Measured(50.0), table]
    pages = plan(blocks, PAGE)
    check_fits(pages, blocks)
    parts = placed(pages, 1)
    assert len(parts) >= 3
    for _, s in parts[:-1]:
        assert s.bottom in rows  # every page ends between two rows
    for _n, s in parts[1:]:
        assert s.header and s.y == 10.0  # continued: header band above the rows
    assert not parts[0][1].header


def test_the_header_is_never_left_alone() -> None:
    table = Measured(200.0, breaks=(10.0, 30.0, 60.0, 90.0, 120.0), header=10.0)
    pages = plan([Measured(85.0), table], PAGE)
    first = placed(pages, 1)[0]
    assert first[0] == 1  # header plus first row do not fit under the 85: a new page


def test_heading_is_kept_with_the_block_after_it() -> None:
    blocks = [Measured(80.0), Measured(8.0, keep_with_next=True),
              Measured(30.0, breaks=(15.0, 20.0))]
    pages = plan(blocks, PAGE)
    check_fits(pages, blocks)
    (page_h, _), = placed(pages, 1)
    assert page_h == 1 and placed(pages, 2)[0][0] == 1


def test_a_run_of_headings_stays_together() -> None:
    blocks = [Measured(70.0), Measured(8.0, keep_with_next=True),
              Measured(8.0, keep_with_next=True), Measured(40.0)]
    pages = plan(blocks, PAGE)
    assert {placed(pages, i)[0][0] for i in (1, 2, 3)} == {1}


def test_a_box_that_fits_a_page_is_never_split() -> None:
    box = Measured(60.0, breaks=(15.0, 30.0, 45.0), keep_together=True)
    blocks = [Measured(70.0), box, Measured(20.0)]
    pages = plan(blocks, PAGE)
    check_fits(pages, blocks)
    assert len(placed(pages, 1)) == 1 and placed(pages, 1)[0][0] == 1


def test_a_box_taller_than_a_page_breaks_where_it_may() -> None:
    box = Measured(150.0, breaks=(40.0, 80.0, 120.0), keep_together=True)
    pages = plan([box], PAGE)
    assert [s.bottom for _, s in placed(pages, 0)] == [80.0, 150.0]


def test_a_text_block_moves_down_only_to_its_first_break() -> None:
    text = Measured(60.0, breaks=(20.0, 40.0))
    pages = plan([Measured(70.0), text], PAGE)
    parts = placed(pages, 1)
    assert parts[0] == (0, Slice(1, 0.0, 20.0, 70.0))
    assert parts[1][0] == 1


def test_something_with_no_break_taller_than_a_page_is_cut_at_the_page() -> None:
    pages = plan([Measured(250.0)], PAGE)
    assert [s.bottom for _, s in placed(pages, 0)] == [100.0, 200.0, 250.0]


def test_a_row_taller_than_a_page_breaks_between_its_paragraphs() -> None:
    table = Measured(260.0, breaks=(10.0, 230.0), header=10.0, soft_breaks=(60.0, 95.0, 150.0))
    pages = plan([table], PAGE)
    assert [s.bottom for _, s in placed(pages, 0)] == [95.0, 150.0, 230.0, 260.0]
    assert [s.header for _, s in placed(pages, 0)] == [False, True, True, True]


def test_page_break_starts_a_new_page_but_never_an_empty_one() -> None:
    blocks = [Measured(page_break=True, height=0.0), Measured(10.0),
              Measured(page_break=True, height=0.0), Measured(10.0)]
    pages = plan(blocks, PAGE)
    assert len(pages) == 2 and pages[0][0].block == 1 and pages[1][0].block == 3


def test_gap_between_blocks() -> None:
    pages = plan([Measured(40.0), Measured(40.0), Measured(40.0)], PAGE, gap=5)
    assert [s.y for s in pages[0]] == [0.0, 45.0] and pages[1][0].y == 0.0


def test_space_after_a_block_separates_it_but_never_pushes_it_down() -> None:
    pages = plan([Measured(40.0, space_after=10.0), Measured(40.0, space_after=10.0),
                  Measured(45.0)], PAGE)
    assert [s.y for s in pages[0]] == [0.0, 50.0]  # 40 + 40 + 10 fits: space below is free
    assert pages[1][0].y == 0.0


def test_a_page_with_no_room_is_refused() -> None:
    with pytest.raises(ValueError):
        plan([Measured(1.0)], 0)


def test_split_html_classifies_blocks() -> None:
    html = ('<a name="s1"></a><h2 id="s1">Section</h2>\n<p>Text</p>\n'
            '<p class="table-title">Table: T</p>'
            '<table class="data"><thead><tr><th>A</th></tr></thead><tbody><tr><td>1</td></tr>'
            '</tbody></table>\n'
            '<table class="box evidence"><tr><td>box</td></tr></table>'
            '<table class="box chart"><tr><td><p class="card-desc">D</p>'
            '<p class="card-open"><a href="chart:c1">Open the interactive chart ›</a></p>'
            "</td></tr></table><ul><li>x</li></ul><hr>loose text")
    blocks = split_html(html)
    assert [b.kind for b in blocks] == [HEADING, TEXT, TEXT, TABLE, BOX, CHART, TEXT, "rule",
                                        TEXT]
    assert blocks[0].html.startswith('<a name="s1">') and blocks[0].keep_with_next
    assert blocks[2].keep_with_next  # a table's title stays with its table
    assert blocks[3].header_rows == 1
    assert blocks[5].chart_id == "c1" and "interactive" not in blocks[5].html
    assert blocks[-1].html == "<p>loose text</p>"


def test_lead_ins_and_run_in_headings_stay_with_what_follows() -> None:
    blocks = split_html("<p>It acts in several places <sup>[1]</sup>:</p><ul><li>a</li></ul>"
                        "<p><b>About the series</b></p><p>Plain: not a lead-in.</p>")
    assert [b.keep_with_next for b in blocks] == [True, False, True, False]


def test_header_rows_from_a_first_row_of_th_only() -> None:
    with_head = split_html('<table class="data"><tr><th>A</th><th>B</th></tr>'
                           "<tr><td>1</td><td>2</td></tr></table>")
    row_heads = split_html('<table class="data"><tr><th>A</th><td>1</td></tr></table>')
    assert with_head[0].header_rows == 1 and row_heads[0].header_rows == 0


def test_deck_blocks_put_each_slide_on_a_page_with_its_notes() -> None:
    blocks = deck_blocks([("One", "<p>a</p>", "say <this>"), ("Two", "<p>b</p>", "")])
    kinds = [b.kind for b in blocks]
    assert kinds == [HEADING, TEXT, BOX, PAGE_BREAK, HEADING, TEXT]
    assert "Slide 1: One" in blocks[0].html and "say &lt;this&gt;" in blocks[2].html
    cut = deck_blocks([("Chart", [Block(CHART, chart_id="c1")], "")])
    assert [b.kind for b in cut] == [HEADING, CHART]  # blocks go in as they are


def test_page_frame_and_label() -> None:
    frame = PageFrame("Title", "Academic", "2026-05-01")
    assert frame.header_line() == "Title · Academic tier · content as of 2026-05-01"
    assert PageFrame("T").header_line() == "T"
    assert page_label(3, 26) == "page 3 of 26"


MINIMAL_PDF = (b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
               b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
               b"3 0 obj\n<< /Producer (x) >>\nendobj\n"
               b"xref\n0 4\n0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n"
               b"0000000111 00000 n \ntrailer\n<< /Size 4 /Root 1 0 R /Info 3 0 R >>\n"
               b"startxref\n148\n%%EOF\n")


def test_set_info_appends_an_update_with_every_field() -> None:
    info = DocInfo("Insulin — résumé", "Article, Academic tier", "2026-05-01")
    out = set_info(MINIMAL_PDF, info)
    assert out.startswith(MINIMAL_PDF)  # an incremental update: nothing before is changed
    assert b"/Prev 148" in out
    assert read_info(out) == {"Title": "Insulin — résumé", "Author": "Peptide Desk",
                              "Subject": "Article, Academic tier", "Creator": "Peptide Desk",
                              "CreationDate": "D:20260501000000Z",
                              "ModDate": "D:20260501000000Z"}
    xref = int(out.rsplit(b"startxref\n", 1)[1].split(b"\n")[0])
    assert out[xref:].startswith(b"xref\n")
    obj = int(out[xref:].split(b"\n")[4][:10])
    assert out[obj:].startswith(b"3 0 obj")


def test_set_info_refuses_what_is_not_a_pdf() -> None:
    with pytest.raises(PdfInfoError):
        set_info(b"not a pdf", DocInfo("t", "s", "2026-01-01"))
    with pytest.raises(PdfInfoError):
        pdf_date("soon")
