"""Keyboard only (issue 14, item 3): F6 between panes, Tab from the first link in view, terms
and citations through Ctrl+L instead of a Tab stop each, a thick ring on the focused link in
every theme, Esc and navigation close the find bar, Ctrl+Enter accepts a dialog, one
mnemonic per menu entry, and an accessible name on every focusable widget of every view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QAccessible, QColor
from PySide6.QtWidgets import QApplication, QDialog, QMenu, QPlainTextEdit, QVBoxLayout, QWidget

from peptide_desk.themes import THEMES, palette
from peptide_desk.ui import focus_ring
from peptide_desk.ui.reader import is_quiet

if TYPE_CHECKING:
    from peptide_desk.ui.shell.main_window import MainWindow


@pytest.fixture
def active(window: MainWindow, qtbot: Any) -> MainWindow:
    """The window, active (key events go to its focus widget)."""
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def open_article(win: MainWindow, qtbot: Any) -> None:
    win.open_target(f"article:{win.store.articles()[0].id}")
    bar = win.reader.browser.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)


def press(qtbot: Any, key: Qt.Key, mods: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier
          ) -> None:
    widget = QApplication.focusWidget()
    assert widget is not None
    qtbot.keyClick(widget, key, mods)


def test_f6_cycles_navigation_page_contents_and_notes(active: MainWindow, qtbot: Any) -> None:
    win = active
    open_article(win, qtbot)
    win.nav.list.setFocus()
    order = [win.reader.browser, win.contents.sections, win.contents.notes, win.nav.list]
    for expected in order:
        press(qtbot, Qt.Key.Key_F6)
        qtbot.waitUntil(lambda e=expected: QApplication.focusWidget() is e)
    for expected in reversed(order[:-1]):
        press(qtbot, Qt.Key.Key_F6, Qt.KeyboardModifier.ShiftModifier)
        qtbot.waitUntil(lambda e=expected: QApplication.focusWidget() is e)


def test_f6_reaches_a_panel_and_skips_hidden_panes(active: MainWindow, qtbot: Any) -> None:
    win = active
    win.open_target("view:compare")
    win.nav.list.setFocus()
    press(qtbot, Qt.Key.Key_F6)
    assert win.panels.compare is not None
    qtbot.waitUntil(lambda: win.panels.compare.isAncestorOf(QApplication.focusWidget()))
    press(qtbot, Qt.Key.Key_F6)  # the contents pane is hidden beside a panel
    qtbot.waitUntil(lambda: QApplication.focusWidget() is win.nav.list)


def first_plain_link_below(browser: Any, y: float) -> tuple[float, str]:
    """(top, target) of the first link that is not a term or citation below ``y``."""
    doc = browser.document()
    block = doc.begin()
    while block.isValid():
        top = doc.documentLayout().blockBoundingRect(block).top()
        it = block.begin()
        while top > y and not it.atEnd():
            href = it.fragment().charFormat().anchorHref()
            if href and not is_quiet(href):
                return top, href
            it += 1
        block = block.next()
    raise AssertionError("no plain link below")


def test_tab_starts_at_the_first_link_in_view_and_skips_terms(active: MainWindow,
                                                               qtbot: Any) -> None:
    win = active
    open_article(win, qtbot)
    reader = win.reader
    browser = reader.browser
    bar = browser.verticalScrollBar()
    top, href = first_plain_link_below(browser, bar.maximum() / 3)
    reader.set_scroll_position(int(top) - 3 * browser.fontMetrics().height())
    start = bar.value()
    win.nav.list.setFocus()
    browser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: browser.selected_href() != "")
    assert browser.selected_href() == href, "the first plain link in view, not the article's"
    assert abs(bar.value() - start) < browser.viewport().height()
    seen = []
    for _ in range(6):
        if not browser.hasFocus():
            break
        seen.append(browser.selected_href())
        press(qtbot, Qt.Key.Key_Tab)
    assert seen and not any(is_quiet(h) for h in seen if h)


def test_ctrl_l_lists_the_terms_and_citations_of_the_section(active: MainWindow,
                                                             qtbot: Any) -> None:
    win = active
    open_article(win, qtbot)
    reader = win.reader
    assert reader.article is not None
    qtbot.waitUntil(lambda: reader.current_anchor() != "")
    links: list[tuple[str, str]] = []
    for section in reader.article.sections:
        reader.scroll_to(section.anchor)
        if reader.current_anchor() == section.anchor and reader.section_links():
            links = reader.section_links()
            break
    assert links
    assert all(is_quiet(href) for href, _text in links)
    menu = reader.choose_section_link()
    assert isinstance(menu, QMenu) and len(menu.actions()) == len(links)
    target = links[0][0]
    menu.actions()[0].trigger()  # the keyboard is on that term or citation now
    menu.close()
    assert reader.browser.hasFocus() and reader.browser.selected_href() == target


@pytest.mark.parametrize("theme", THEMES)
def test_a_focused_link_has_a_thick_ring_in_every_theme(windows: Any, real_db: Any,
                                                        qtbot: Any, theme: str) -> None:
    win = windows.open(real_db)
    win.set_theme(theme)
    win.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is win)
    open_article(win, qtbot)
    browser = win.reader.browser
    browser.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: focus_ring.focused_link(browser) is not None)
    cursor = focus_ring.focused_link(browser)
    assert cursor is not None
    rect = focus_ring.link_rects(browser, cursor)[0]
    image = browser.viewport().grab().toImage()
    ring = QColor(palette(theme).focus_ring)
    width = focus_ring.ring_width()
    assert width >= 3
    # a vertical run of ring-coloured pixels just left of the link, as wide as the ring
    x0 = rect.left() - width
    hits = sum(1 for x in range(x0 - 1, x0 + width + 1) for y in range(rect.top(), rect.bottom())
               if 0 <= x < image.width() and 0 <= y < image.height()
               and _near(QColor(image.pixel(x, y)), ring))
    assert hits >= rect.height(), f"ring pixels: {hits}"


def _near(a: QColor, b: QColor) -> bool:
    return abs(a.red() - b.red()) + abs(a.green() - b.green()) + abs(a.blue() - b.blue()) < 60


def test_esc_closes_the_find_bar_and_so_does_navigation(active: MainWindow,
                                                        qtbot: Any) -> None:
    win = active
    open_article(win, qtbot)
    bar = win.reader.find_bar
    for focus in ("field", "text"):
        bar.open_bar()
        qtbot.keyClicks(bar.edit, "insulin")
        qtbot.waitUntil(lambda: bool(win.reader.browser.extraSelections()))
        if focus == "text":
            win.reader.browser.setFocus()
        press(qtbot, Qt.Key.Key_Escape)
        qtbot.waitUntil(lambda: not bar.isVisible())
        assert win.reader.browser.extraSelections() == []
    bar.open_bar()
    qtbot.keyClicks(bar.edit, "insulin")
    win.open_target("substance:semaglutide")
    assert not bar.isVisible() and win.reader.browser.extraSelections() == []
    doc_bar = win.doc.find_bar
    doc_bar.open_bar()
    qtbot.keyClicks(doc_bar.edit, "semaglutide")
    press(qtbot, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not doc_bar.isVisible())
    assert win.doc.browser.extraSelections() == []


def test_esc_is_left_alone_while_the_find_bar_is_closed(active: MainWindow,
                                                        qtbot: Any) -> None:
    assert not active.reader.find_bar.escape.isEnabled()
    assert not active.doc.find_bar.escape.isEnabled()


def test_ctrl_enter_accepts_a_dialog_even_from_a_text_field(qtbot: Any) -> None:
    from peptide_desk.ui.shell.dialogs import accept_keys

    for key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
        dlg = QDialog()
        qtbot.addWidget(dlg)
        edit = QPlainTextEdit(dlg)
        QVBoxLayout(dlg).addWidget(edit)
        accept_keys(dlg)
        dlg.show()
        qtbot.waitExposed(dlg)
        dlg.activateWindow()
        edit.setFocus()
        qtbot.waitUntil(edit.hasFocus)
        qtbot.keyClick(edit, key, Qt.KeyboardModifier.ControlModifier)
        assert dlg.result() == QDialog.DialogCode.Accepted
        assert edit.toPlainText() == ""


def _mnemonic(text: str) -> str | None:
    clean = text.replace("&&", "")
    at = clean.find("&")
    return clean[at + 1].lower() if 0 <= at < len(clean) - 1 else None


def _walk(menu: QMenu, where: str) -> list[str]:
    """Duplicate mnemonics in ``menu`` and its submenus."""
    seen: dict[str, str] = {}
    problems = []
    for action in menu.actions():
        if action.isSeparator() or not action.isVisible():
            continue
        letter = _mnemonic(action.text())
        if letter is not None:
            if letter in seen:
                problems.append(f"{where}: '{seen[letter]}' and '{action.text()}' share "
                                f"'{letter}'")
            seen[letter] = action.text()
        if action.menu() is not None:
            problems += _walk(action.menu(), f"{where} › {action.text()}")
    return problems


def test_no_menu_has_two_entries_with_one_mnemonic(window: MainWindow) -> None:
    problems = _walk(window.menuBar(), "menu bar")  # type: ignore[arg-type]
    for menu in window.menus.values():
        problems += _walk(menu, menu.title())
    problems += _walk(window.appearance_menu, "Aa")
    assert problems == []


def accessible_name(widget: QWidget) -> str:
    """What AT-SPI reads out for ``widget`` (its accessible interface's name)."""
    iface = QAccessible.queryAccessibleInterface(widget)
    return iface.text(QAccessible.Text.Name).strip() if iface is not None else ""


def unnamed_focusable(win: QWidget) -> list[str]:
    return [f"{type(w).__name__} {w.objectName()!r}" for w in win.findChildren(QWidget)
            if w.isVisible() and w.focusPolicy() & Qt.FocusPolicy.TabFocus
            and not accessible_name(w)]


def test_every_focusable_widget_of_every_view_has_a_name(window: MainWindow) -> None:
    store = window.store
    targets = ["view:home", f"article:{store.articles()[0].id}", "substance:semaglutide",
               f"class:{store.classes()[0].id}", "view:compare",
               *(f"chart:{c}" for c, _t in store.chart_ids()),
               *(f"view:{v}" for v in ("charts", "glossary", "references", "bookmarks",
                                       "history", "library", "tables", "decks"))]
    problems = []
    for target in targets:
        window.open_target(target)
        problems += [f"{target}: {p}" for p in unnamed_focusable(window)]
    assert window.panels.compare is not None
    window.open_target("view:compare")
    window.panels.compare.compare_items(["semaglutide", "tirzepatide"])
    problems += [f"side by side: {p}" for p in unnamed_focusable(window)]
    window.search.focus("GLP-1")
    problems += [f"search: {p}" for p in unnamed_focusable(window)]
    assert not problems, "\n".join(problems)


def test_the_chart_describes_its_series_and_phases(window: MainWindow) -> None:
    window.open_target("chart:gh-secretagogue-phases")
    chart = window.panels.chart
    assert chart is not None and chart.spec is not None
    for widget in (chart, chart.plot, chart.notes):
        assert accessible_name(widget)
    description = chart.plot.accessibleDescription()
    for series in chart.spec.series:
        assert series.legend in description
    for band in chart.spec.phases:
        assert band.name in description
