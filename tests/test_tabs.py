"""Tabs: Ctrl+T, Ctrl+W, Ctrl+Tab / Ctrl+Shift+Tab, Ctrl+click and middle click open a link
in a new tab; each tab keeps its own place and Back/Forward; tabs come back at the next
start with their places (issue 18, item 5)."""

from __future__ import annotations

from PySide6.QtCore import Qt

from test_main_window import press
from test_popover import link_point

ARTICLE = "article:gh-peptides-insulin-sensitivity"


def titles(win) -> list[str]:
    return [win.tab_strip.bar.tabText(i) for i in range(win.tab_strip.bar.count())]


def test_new_close_and_switch_by_keys(qtbot, window) -> None:
    strip = window.tab_strip
    window.open_target("substance:tesamorelin")
    assert strip.bar.isHidden()  # one tab: no strip
    press(window, "Ctrl+T")
    assert len(strip.tabs) == 2 and strip.tabs.index == 1 and not strip.bar.isHidden()
    assert window.current.target == "view:home"
    window.open_target("glossary:igf-1")
    assert titles(window) == ["Tesamorelin", "IGF-1"]
    press(window, "Ctrl+Tab")
    assert window.current.target == "substance:tesamorelin" and strip.tabs.index == 0
    press(window, "Ctrl+Shift+Tab")
    assert window.current.target == "glossary:igf-1"
    press(window, "Ctrl+Tab")
    press(window, "Ctrl+Tab")  # wraps around
    assert window.current.target == "glossary:igf-1"
    press(window, "Ctrl+W")
    assert len(strip.tabs) == 1 and window.current.target == "substance:tesamorelin"
    assert strip.bar.isHidden()
    press(window, "Ctrl+W")  # the last tab stays
    assert len(strip.tabs) == 1 and "only tab" in window.statusBar().currentMessage()


def test_each_tab_has_its_own_history_and_place(qtbot, window) -> None:
    window.open_target("substance:tesamorelin")
    window.open_target(ARTICLE)
    reader = window.reader
    reader.browser.verticalScrollBar().setValue(1500)
    place = reader.scroll_position()
    window.new_tab()
    window.open_target("glossary:igf-1")
    window.open_target("class:glp1-ra") if window.store.drug_class("glp1-ra") else \
        window.open_target("substance:semaglutide")
    second = window.current.target
    window.go_back()
    assert window.current.target == "glossary:igf-1"
    window.tab_strip.switch(0)
    assert window.current.target.startswith(ARTICLE) and reader.scroll_position() == place
    window.go_back()
    assert window.current.target == "substance:tesamorelin"
    window.tab_strip.switch(1)
    assert window.current.target == "glossary:igf-1"
    window.go_forward()
    assert window.current.target == second


def test_ctrl_click_and_middle_click_open_links_in_new_tabs(qtbot, window) -> None:
    window.open_target(ARTICLE)
    reader = window.reader.browser
    pos, href = link_point(reader, "glossary:")
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos)
    assert len(window.tab_strip.tabs) == 2 and window.current.target == href
    window.tab_strip.switch(0)
    assert window.current.target.startswith(ARTICLE)  # the article tab kept its place
    pos, href = link_point(reader, "ref:", 1)
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.MiddleButton, pos=pos)
    assert len(window.tab_strip.tabs) == 3 and window.current.target == href
    assert window.tab_strip.tabs.index == 1  # opened next to the tab it came from


def test_tabs_are_restored_with_their_places(qtbot, windows, real_db) -> None:
    win = windows.open(real_db)
    win.open_target(ARTICLE)
    win.reader.browser.verticalScrollBar().setValue(2000)
    kept_scroll = win.reader.scroll_position()
    win.new_tab()
    win.open_target("substance:tesamorelin")
    win.new_tab()
    win.open_target("glossary:igf-1")
    win.tab_strip.switch(1)
    windows.close(win)
    again = windows.open(real_db)
    strip = again.tab_strip
    assert len(strip.tabs) == 3 and strip.tabs.index == 1
    assert again.current.target == "substance:tesamorelin"
    assert titles(again)[1:] == ["Tesamorelin", "IGF-1"]
    strip.switch(0)
    assert again.current.target.startswith(ARTICLE)
    assert again.reader.scroll_position() == kept_scroll
    strip.switch(2)
    assert again.current.target == "glossary:igf-1"


def test_search_compare_and_charts_work_in_the_active_tab(qtbot, window) -> None:
    window.open_target("substance:tesamorelin")
    window.new_tab()
    window.open_target("view:compare")
    assert window.stack.currentWidget() is window.panels.compare
    chart = window.store.chart_ids()[0][0]
    window.open_target(f"chart:{chart}")
    window.tab_strip.switch(0)
    assert window.current.target == "substance:tesamorelin"
    assert window.stack.currentWidget() is window.stack.doc
    window.tab_strip.switch(1)
    assert window.current.target == f"chart:{chart}"
    assert window.stack.currentWidget() is window.panels.chart
