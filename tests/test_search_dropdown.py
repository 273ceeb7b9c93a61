"""The search drop-down (pytest-qt, offscreen): status badges and the boxed-warning marker on
substance rows, the comparison row first and Enter opening it, and the correction line."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from peptide_desk.records import STATUS_LABELS
from peptide_desk.search import SearchService
from peptide_desk.store import connect_readonly
from peptide_desk.themes import PALETTES, THEMES, palette
from peptide_desk.ui.search_box import SearchBox
from peptide_desk.ui.search_popup import HTML_ROLE, TARGET_ROLE
from peptide_desk.ui.theme import qpalette

PAIR = "compare:semaglutide,tesamorelin"
BOXED = "⚠ Boxed warning"
SPAN_RE = re.compile(r"background-color:(#\w+); color:(#\w+);[^>]*>&nbsp;(.*?)&nbsp;</span>")


@pytest.fixture
def box(qtbot: QtBot, fixture_db: Path) -> Iterator[SearchBox]:
    conn = connect_readonly(fixture_db)
    host = QWidget()
    host.resize(900, 700)
    layout = QVBoxLayout(host)
    search = SearchBox(SimpleNamespace(search=SearchService(conn)), host)
    layout.addWidget(search)
    layout.addStretch()
    qtbot.addWidget(host)
    host.show()
    qtbot.waitExposed(host)
    search.attach()
    yield search
    conn.close()


def type_in(qtbot: QtBot, box: SearchBox, text: str) -> None:
    box.focus()
    qtbot.keyClicks(box.edit, text)
    qtbot.waitUntil(box.popup.isVisible)


def row(box: SearchBox, target: str) -> tuple[str, str, str]:
    """(HTML, accessible text, tooltip) of the row opening ``target``."""
    for i in range(box.list.count()):
        item = box.list.item(i)
        if item.data(TARGET_ROLE) == target:
            return (item.data(HTML_ROLE), item.data(Qt.ItemDataRole.AccessibleTextRole),
                    item.toolTip())
    raise AssertionError(f"no row for {target}")


def badges(html: str) -> list[tuple[str, str, str]]:
    return [(bg.upper(), fg.upper(), text) for bg, fg, text in SPAN_RE.findall(html)]


def test_SearchBox_substance_rows_show_status_and_boxed_warning(qtbot: QtBot,
                                                                box: SearchBox) -> None:
    box.set_palette(palette("light"))
    type_in(qtbot, box, "GLP-1")
    html, spoken, tip = row(box, "substance:semaglutide")
    light = PALETTES["light"].badges
    assert badges(html) == [(*light["approved"], "Approved"), (*light["warning"], BOXED)]
    assert spoken == ("Semaglutide, Approved, ⚠ Boxed warning: Risk of thyroid C-cell tumours, "
                      "GLP-1 receptor agonists")
    assert tip == spoken
    class_html, class_spoken, _ = row(box, "class:glp1-ra")
    assert badges(class_html) == [] and "Boxed warning" not in class_spoken


def test_SearchBox_a_substance_without_boxed_warning_has_no_marker(qtbot: QtBot,
                                                                   box: SearchBox) -> None:
    type_in(qtbot, box, "Egrifta")
    html, spoken, _ = row(box, "substance:tesamorelin")
    assert [text for _, _, text in badges(html)] == [STATUS_LABELS["approved-narrow"]]
    assert "Boxed warning" not in html and "Boxed warning" not in spoken
    assert "Approved — narrow indication" in spoken


@pytest.mark.parametrize("theme", THEMES)
def test_SearchBox_badges_use_the_page_colours_of_each_theme(qtbot: QtBot, box: SearchBox,
                                                             theme: str) -> None:
    """Same colours as the pages' badges; where a badge's colour is the page's (high
    contrast) its text is bracketed so it still stands apart: text is never lost."""
    pal = palette(theme)
    box.set_palette(pal)
    type_in(qtbot, box, "ozempic")
    found = badges(row(box, "substance:semaglutide")[0])
    bracket = pal.badges["approved"][0].lower() == pal.base.lower()
    label = "[Approved]" if bracket else "Approved"
    assert found[0] == (*(c.upper() for c in pal.badges["approved"]), label)
    assert found[1][2] == (f"[{BOXED}]" if bracket else BOXED)
    for bg, fg, _ in found:
        assert contrast(bg, fg) >= 4.5, (theme, bg, fg)


def test_SearchBox_reads_the_theme_from_the_application(qtbot: QtBot, box: SearchBox) -> None:
    app = QApplication.instance()
    old = app.palette()
    try:
        for theme in THEMES:
            app.setPalette(qpalette(palette(theme)))
            assert box.badge_palette().name == theme
    finally:
        app.setPalette(old)


def test_SearchBox_comparison_row_comes_first_and_Enter_opens_it(qtbot: QtBot,
                                                                  box: SearchBox) -> None:
    type_in(qtbot, box, "ozempic vs egrifta")
    assert box.list.item(0).text() == "Compare"
    assert box.list.currentItem().data(TARGET_ROLE) == PAIR
    assert "Compare Semaglutide and Tesamorelin side by side" in box.list.currentItem().data(
        HTML_ROLE)
    with qtbot.waitSignal(box.activated, timeout=2000) as opened:
        qtbot.keyClick(box.edit, Qt.Key.Key_Return)
    assert opened.args == [PAIR]
    assert not box.popup.isVisible()


def test_SearchBox_says_what_a_typo_was_corrected_to(qtbot: QtBot, box: SearchBox) -> None:
    type_in(qtbot, box, "tesamorellin")
    assert box.banner.isVisible()
    assert box.banner.text().startswith("Showing results for <b>tesamorelin</b>.")
    assert "Search instead for “tesamorellin”" in box.banner.text()
    assert box.list.currentItem().data(TARGET_ROLE) == "substance:tesamorelin"
    box.banner.linkActivated.emit("orig")  # "Search instead for …"
    assert not box.banner.text().startswith("Showing results for")


def test_SearchBox_says_the_corrected_comparison(qtbot: QtBot, box: SearchBox) -> None:
    type_in(qtbot, box, "ozempc vs egrifta ")
    assert box.banner.text().startswith("Showing results for <b>ozempic vs egrifta</b>.")
    assert box.list.currentItem().data(TARGET_ROLE) == PAIR


def test_MainWindow_Enter_on_the_comparison_opens_the_side_by_side(
        qtbot: QtBot, windows, fixture_db: Path) -> None:
    win = windows.open(fixture_db, restore=False)
    type_in(qtbot, win.search, "egrifta vs GLP-1 RAs")
    qtbot.keyClick(win.search.edit, Qt.Key.Key_Return)
    panels = win.panels
    qtbot.waitUntil(lambda: panels.compare is not None
                    and panels.compare.stack.currentWidget() is panels.compare.side)
    assert panels.compare is not None
    assert [r.name for r in panels.compare.side.rows] == ["Tesamorelin",
                                                          "GLP-1 receptor agonists"]
    assert win.current is not None
    assert win.current.target == "compare:tesamorelin,class:glp1-ra"


def contrast(a: str, b: str) -> float:
    """WCAG contrast ratio of two #RRGGBB colours."""
    def lum(colour: str) -> float:
        c = [int(colour.lstrip("#")[i:i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b_ = (x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4 for x in c)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b_
    hi, lo = sorted((lum(a), lum(b)), reverse=True)
    return (hi + 0.05) / (lo + 0.05)
