""""Add to Deck" in the pages' context menus: the reader's section under the mouse at its
tier, a chart at its phase, a table, a substance's summary, the side-by-side comparison
(pytest-qt, offscreen)."""

from __future__ import annotations

from PySide6.QtCore import QPoint
from PySide6.QtWidgets import QMenu
from pytestqt.qtbot import QtBot

from peptide_desk.ui.cite_menu import (
    ADD_TO_DECK,
    NOT_A_SLIDE,
    context_menu,
    panel_menu,
    reader_place_at,
    reader_slide_at,
)

ARTICLE = "peptides-insulin-resistance-diabetes"


def deck_item(menu: QMenu):
    (item,) = [a for a in menu.actions() if a.objectName() == "add-to-deck"]
    assert item.text() == ADD_TO_DECK
    return item


def slides(window) -> list[tuple[str, str, str, int | None]]:
    deck = window.user.decks.current()
    assert deck is not None
    return [(s.kind, s.target, s.tier, s.phase) for s in deck.slides]


def test_reader_menu_adds_the_section_under_the_mouse_at_its_tier(qtbot: QtBot,
                                                                 window) -> None:
    window.open_target(f"article:{ARTICLE}#progression-to-diabetes")
    window.set_tier("intermediate")
    reader = window.reader
    qtbot.waitUntil(lambda: reader.current_anchor() == "progression-to-diabetes")
    pos = QPoint(40, 60)
    anchor = reader.anchor_at(pos.y())
    assert anchor
    menu = context_menu(reader.browser, window.citing, pos, reader_place_at(reader),
                        reader_slide_at(reader))
    names = [a.objectName() for a in menu.actions()]
    assert names[-3:] == ["copy-citation-vancouver", "copy-citation-ama", "copy-link"]
    item = deck_item(menu)
    assert item.isEnabled()
    item.trigger()
    assert slides(window) == [("section", f"article:{ARTICLE}#{anchor}", "intermediate",
                               None)]
    assert "slide 1" in window.statusBar().currentMessage()


def test_the_substance_page_menu_adds_its_summary(qtbot: QtBot, window) -> None:
    window.open_target("substance:semaglutide")
    menu = context_menu(window.doc.browser, window.citing, QPoint(20, 20))
    deck_item(menu).trigger()
    assert slides(window) == [("substance", "substance:semaglutide", "", None)]
    assert window.user.decks.current().slides[0].title == "Semaglutide"


def test_the_chart_menu_adds_the_chart_at_its_current_phase(qtbot: QtBot, window) -> None:
    window.open_target("chart:gh-secretagogue-phases")
    chart = window.panels.chart
    chart.step_phase(1)
    chart.step_phase(1)
    assert chart.contextMenuPolicy().name == "CustomContextMenu"
    deck_item(panel_menu(chart, window.citing)).trigger()
    assert slides(window) == [("chart", "chart:gh-secretagogue-phases", "", 1)]


def test_the_table_and_side_by_side_menus_add_them(qtbot: QtBot, window) -> None:
    window.open_target("table:clinical-trial-summary")
    table = window.panels.table
    deck_item(context_menu(table.browser, window.citing, QPoint(10, 10))).trigger()
    window.open_target("compare:semaglutide,tirzepatide")
    side = window.panels.compare.side
    assert side.contextMenuPolicy().name == "CustomContextMenu"
    deck_item(panel_menu(side, window.citing)).trigger()
    assert slides(window) == [("table", "table:clinical-trial-summary", "", None),
                              ("compare", "compare:semaglutide,tirzepatide", "", None)]


def test_where_nothing_can_be_a_slide_the_item_says_why(qtbot: QtBot, window) -> None:
    window.open_target("view:glossary")
    item = deck_item(context_menu(window.doc.browser, window.citing, QPoint(10, 10)))
    assert not item.isEnabled() and item.toolTip() == NOT_A_SLIDE
    assert window.user.decks.current() is None


def test_a_right_click_on_the_plot_or_the_side_by_side_table_asks_for_the_menu(
        qtbot: QtBot, window) -> None:
    """The children have no menu of their own: the event reaches the panel's."""
    from PySide6.QtGui import QContextMenuEvent
    from PySide6.QtWidgets import QApplication, QTableWidget

    window.open_target("chart:gh-secretagogue-phases")
    chart = window.panels.chart
    asked: list[object] = []
    chart.customContextMenuRequested.connect(asked.append)
    plot = chart.plot.viewport()
    QApplication.sendEvent(plot, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(60, 60), plot.mapToGlobal(QPoint(60, 60))))
    assert asked
    window.open_target("compare:semaglutide,tirzepatide")
    side = window.panels.compare.side
    side.customContextMenuRequested.connect(asked.append)
    table = side.findChild(QTableWidget)
    cells = table.viewport()
    QApplication.sendEvent(cells, QContextMenuEvent(
        QContextMenuEvent.Reason.Mouse, QPoint(20, 20), cells.mapToGlobal(QPoint(20, 20))))
    assert len(asked) == 2
    for menu in window.findChildren(QMenu, "pageContextMenu"):
        menu.close()
