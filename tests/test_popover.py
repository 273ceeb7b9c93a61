"""Popovers that keep the reader's place: citations and terms by mouse and by keyboard, the
popover wrapped and on screen (at 300% too), "Open" and Ctrl+click still navigate."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QRect, QSize, Qt
from PySide6.QtGui import QTextCursor

from peptide_desk.link_previews import has_preview, mark_target, preview
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.popover import POPOVER_CHARS, place_popover

ARTICLE = "article:gh-peptides-insulin-sensitivity"


def link_cursor(browser: ContentBrowser, prefix: str, nth: int = 0) -> QTextCursor:
    """A cursor selecting the ``nth`` link whose href starts with ``prefix``."""
    doc = browser.document()
    block, seen = doc.begin(), 0
    while block.isValid():
        it = block.begin()
        while not it.atEnd():
            frag = it.fragment()
            if frag.isValid() and frag.charFormat().anchorHref().startswith(prefix):
                if seen == nth:
                    cur = QTextCursor(doc)
                    cur.setPosition(frag.position())
                    cur.setPosition(frag.position() + frag.length(),
                                    QTextCursor.MoveMode.KeepAnchor)
                    return cur
                seen += 1
            it += 1
        block = block.next()
    raise AssertionError(f"no link {prefix!r} #{nth}")


def link_point(browser: ContentBrowser, prefix: str, nth: int = 0) -> tuple[QPoint, str]:
    """The middle of a link in viewport coordinates (scrolled into view), and its href."""
    cur = link_cursor(browser, prefix, nth)
    href = cur.charFormat().anchorHref()
    start, end = QTextCursor(cur), QTextCursor(cur)
    start.setPosition(cur.selectionStart())
    end.setPosition(cur.selectionStart() + 1)
    browser.setTextCursor(end)
    browser.ensureCursorVisible()
    a, b = browser.cursorRect(start), browser.cursorRect(end)
    return QPoint((a.left() + b.right()) // 2, b.center().y()), href


def not_clipped(pop) -> bool:
    """Every line of the popover's text fits its label (measured with the zoomed font)."""
    return all(label.height() >= label.heightForWidth(label.width())
               for label in (pop.heading, pop.body, pop.status) if label.isVisible())


def on_screen(win, widget) -> bool:
    """The widget lies inside the window and the screen's available area."""
    top_left = widget.mapToGlobal(QPoint(0, 0))
    box = QRect(top_left, widget.size())
    window_box = QRect(win.mapToGlobal(QPoint(0, 0)), win.size())
    screen = win.screen().availableGeometry()
    return window_box.contains(box) and screen.contains(box)


@pytest.fixture
def reader(window):
    window.open_target(ARTICLE)
    return window.reader.browser


def popover_of(window):
    return window.popovers[1].popover  # the reader's


def test_preview_text_comes_from_the_records(real_store) -> None:
    ref = real_store.references()[0]
    p = preview(real_store, f"ref:{ref.key}")
    assert p is not None and p.body == ref.citation and p.target == f"ref:{ref.key}"
    assert p.status.startswith(ref.status_label + ":")
    term = real_store.glossary()[0]
    t = preview(real_store, f"glossary:{term.id}")
    assert t is not None and t.body == term.definition
    assert preview(real_store, "substance:semaglutide") is None
    assert has_preview(mark_target("x")) and not has_preview("article:a#b")


def test_hover_on_a_citation_shows_its_reference_and_status(qtbot, window, reader) -> None:
    pos, href = link_point(reader, "ref:")
    qtbot.mouseMove(reader.viewport(), pos)
    pop = popover_of(window)
    qtbot.waitUntil(pop.isVisible)
    ref = window.store.reference(href.split(":", 1)[1])
    assert pop.body.text() == ref.citation
    assert ref.status_label in pop.status.text()
    assert window.current.target.startswith(ARTICLE)  # the place is kept
    assert on_screen(window, pop) and not_clipped(pop)
    # readable width, not one long line
    assert pop.width() <= pop.fontMetrics().averageCharWidth() * POPOVER_CHARS
    assert pop.body.height() > pop.fontMetrics().height() * 1.5
    qtbot.mouseMove(reader.viewport(), QPoint(2, 2))  # away from the link: it closes
    qtbot.waitUntil(lambda: not pop.isVisible())


def test_click_opens_the_popover_and_open_goes_to_the_page(qtbot, window, reader) -> None:
    pos, href = link_point(reader, "glossary:")
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=pos)
    pop = popover_of(window)
    assert pop.isVisible() and window.current.target.startswith(ARTICLE)
    term = window.store.term(href.split(":", 1)[1])
    assert pop.body.text() == term.definition
    assert pop.open_btn.hasFocus() or pop.open_btn is pop.focusWidget()
    qtbot.mouseClick(pop.open_btn, Qt.MouseButton.LeftButton)
    assert window.current.target == href and not pop.isVisible()
    window.go_back()
    assert window.current.target.startswith(ARTICLE)


def test_ctrl_click_navigates_directly(qtbot, window, reader) -> None:
    pos, href = link_point(reader, "ref:")
    qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton,
                     Qt.KeyboardModifier.ControlModifier, pos)
    assert window.current.target == href
    assert not popover_of(window).isVisible()


def test_keyboard_enter_opens_esc_closes_and_refocuses(qtbot, window, reader) -> None:
    reader.setFocus()
    reader.setTextCursor(link_cursor(reader, "ref:"))  # where Tab puts a focused link
    href = reader.textCursor().charFormat().anchorHref()
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    pop = popover_of(window)
    assert pop.isVisible() and pop.preview.target == href
    assert window.current.target.startswith(ARTICLE)
    qtbot.keyClick(pop.open_btn, Qt.Key.Key_Escape)
    assert not pop.isVisible()
    assert reader.textCursor().charFormat().anchorHref() == href  # still on the link
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    assert pop.isVisible()
    qtbot.keyClick(pop.open_btn, Qt.Key.Key_Return)  # Enter on "Open": the page
    assert window.current.target == href


def test_ctrl_enter_on_a_focused_link_navigates(qtbot, window, reader) -> None:
    reader.setFocus()
    reader.setTextCursor(link_cursor(reader, "glossary:"))
    href = reader.textCursor().charFormat().anchorHref()
    qtbot.keyClick(reader, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    assert window.current.target == href


def test_tab_reaches_links_and_enter_shows_a_popover(qtbot, window, reader) -> None:
    # terms and citations take no Tab stop each (issue 14): the section's chooser (Ctrl+L)
    # puts the keyboard on one, and Enter shows its popover as on any link
    links = window.reader.section_links()
    assert links
    menu = window.reader.choose_section_link()
    index = next(i for i, (href, _t) in enumerate(links) if has_preview(href))
    menu.actions()[index].trigger()
    menu.close()
    assert has_preview(reader.textCursor().charFormat().anchorHref())
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    assert popover_of(window).isVisible()


@pytest.mark.parametrize("corner", ["top-left", "top-right", "bottom-left", "bottom-right"])
def test_placement_stays_inside_bounds(corner: str) -> None:
    bounds, size = QRect(0, 0, 800, 600), QSize(330, 200)
    x = 0 if "left" in corner else 780
    y = 0 if "top" in corner else 585
    pos = place_popover(QRect(x, y, 20, 14), size, bounds)
    assert bounds.contains(QRect(pos, size))
    if "top" in corner:
        assert pos.y() > y  # below the link
    else:
        assert pos.y() + size.height() < y  # above it


def test_popover_on_screen_at_300_percent_near_the_edges(qtbot, window, reader) -> None:
    window.set_zoom(300, persist=False)
    screen = window.screen().availableGeometry()
    window.setGeometry(screen)  # the window fills the screen: its edges are the screen's
    qtbot.waitUntil(lambda: window.reader.browser.width() > 0)
    pop = popover_of(window)
    bar = reader.verticalScrollBar()
    for nth in (0, 3, 8):  # citations high and low on the page
        pos, _href = link_point(reader, "ref:", nth)
        for y in (pos.y(), reader.viewport().height() - 8):  # and one right at the bottom
            point = QPoint(pos.x(), y) if y == pos.y() else None
            if point is None:  # scroll the link to the bottom edge of the view
                bar.setValue(bar.value() + pos.y() - y)
                point, _href = link_point(reader, "ref:", nth)
            qtbot.mouseClick(reader.viewport(), Qt.MouseButton.LeftButton, pos=point)
            assert pop.isVisible()
            assert on_screen(window, pop), (nth, pop.geometry(), screen)
            assert not_clipped(pop)
            assert pop.width() <= screen.width()
            qtbot.keyClick(pop.open_btn, Qt.Key.Key_Escape)
    window.set_zoom(100, persist=False)


def test_no_unwrapped_tooltip_over_a_term(qtbot, window, reader) -> None:
    from PySide6.QtCore import QEvent
    from PySide6.QtGui import QHelpEvent

    pos, _href = link_point(reader, "glossary:")
    qtbot.mouseMove(reader.viewport(), pos)
    qtbot.waitUntil(lambda: has_preview(window.popovers[1]._hovered))
    event = QHelpEvent(QEvent.Type.ToolTip, pos, reader.viewport().mapToGlobal(pos))
    assert window.popovers[1].eventFilter(reader.viewport(), event) is True


def test_focus_leaving_the_popover_closes_it(qtbot, window, reader) -> None:
    reader.setFocus()
    reader.setTextCursor(link_cursor(reader, "ref:"))
    qtbot.keyClick(reader, Qt.Key.Key_Return)
    pop = popover_of(window)
    assert pop.isVisible()
    window.popovers[1]._focus_moved(pop.open_btn, pop.close_btn)  # Tab within: stays
    assert pop.isVisible()
    window.popovers[1]._focus_moved(pop.close_btn, window.search.edit)  # out: closes
    assert not pop.isVisible()
