"""Issue 18, item 6: the search box starts afresh after opening a result and the words that
found the page are marked (Esc clears them); views open at their top; the comparison shows
its first row after filtering and its focused cell distinctly; the side panes wrap without
a horizontal scrollbar; the contents highlight follows scrolling at any width; indicators
are drawn in the tested colours; print dialogs are released."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QEvent, QPoint, QPointF, Qt
from PySide6.QtGui import QColor, QImage, QPainter, QWheelEvent
from PySide6.QtWidgets import QStyle, QStyleOptionViewItem

from peptide_desk.contrast import indicators
from peptide_desk.themes import THEMES, palette
from peptide_desk.ui.theme import indicator_stylesheet

ARTICLE = "article:gh-peptides-insulin-sensitivity"


def open_result(qtbot, window, query: str, prefix: str) -> str:
    window.search.focus()
    qtbot.keyClicks(window.search.edit, query)
    qtbot.waitUntil(lambda: window.search.list.count() > 0)
    lst = window.search.list
    row = next(i for i in range(lst.count())
               if (lst.item(i).data(Qt.ItemDataRole.UserRole) or "").startswith(prefix))
    lst.setCurrentRow(row)
    target = lst.item(row).data(Qt.ItemDataRole.UserRole)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    return target


def test_search_box_clears_and_the_page_marks_the_words(qtbot, window) -> None:
    open_result(qtbot, window, "insulin resistance", "article:")
    assert window.search.edit.text() == ""
    browser = window.stack.browser_in_view()
    marks = browser.extraSelections()
    assert len(marks) > 3
    assert {m.cursor.selectedText().lower()[:7] for m in marks} >= {"insulin"}
    qtbot.keyClick(browser, Qt.Key.Key_Escape)
    assert browser.extraSelections() == []


def test_marks_go_with_the_page(qtbot, window) -> None:
    open_result(qtbot, window, "tesamorelin", "substance:")
    assert window.doc.browser.extraSelections()
    window.open_target("view:library")
    assert window.doc.browser.extraSelections() == []


def test_a_new_chart_opens_at_its_top(qtbot, windows, real_db) -> None:
    win = windows.open(real_db, size=(900, 600))
    win.set_zoom(250, persist=False)
    ids = [cid for cid, _ in win.store.chart_ids()]
    win.open_target(f"chart:{ids[0]}")
    bar = win.panels.chart.scroll_area.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    win.open_target(f"chart:{ids[1]}")
    assert bar.value() == 0


def test_comparison_shows_its_first_row_after_filtering(qtbot, windows, real_db) -> None:
    win = windows.open(real_db, size=(1000, 600))
    win.open_target("view:compare")
    view = win.panels.compare
    bar = view.table.verticalScrollBar()
    qtbot.waitUntil(lambda: bar.maximum() > 0)
    bar.setValue(bar.maximum())
    qtbot.keyClicks(view.controls.text_filter, "a")
    assert view.proxy.rowCount() > 0 and bar.value() == 0


def test_the_focused_cell_has_a_ring_of_its_own(qtbot, windows, real_db) -> None:
    win = windows.open(real_db)
    win.open_target("view:compare")
    view = win.panels.compare
    index = view.proxy.index(0, 1)
    option = QStyleOptionViewItem()
    option.rect = view.table.visualRect(index)
    option.widget = view.table

    def painted(state: QStyle.StateFlag) -> QImage:
        image = QImage(option.rect.size(), QImage.Format.Format_RGB32)
        image.fill(QColor("#FFFFFF"))
        painter = QPainter(image)
        painter.translate(-option.rect.topLeft())
        option.state = state | QStyle.StateFlag.State_Enabled
        view.delegate.paint(painter, option, index)
        painter.end()
        return image

    plain = painted(QStyle.StateFlag.State_None)
    focused = painted(QStyle.StateFlag.State_HasFocus)
    accent = QColor(view.delegate.pal.accent).rgb()
    edge = [focused.pixel(x, 1) for x in range(2, focused.width() - 2)]
    assert edge.count(accent) > len(edge) // 2
    assert [plain.pixel(x, 1) for x in range(2, plain.width() - 2)].count(accent) == 0


def test_side_panes_wrap_without_horizontal_scrollbars(qtbot, window) -> None:
    window.open_target(ARTICLE)
    for pane in (window.contents.sections, window.contents.notes):
        assert pane.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
        assert not pane.horizontalScrollBar().isVisible()
    lst = window.contents.sections
    line = lst.fontMetrics().lineSpacing()
    width = lst.viewport().width()
    for i in range(lst.count()):
        item = lst.item(i)
        height = lst.visualItemRect(item).height()
        lines = -(-lst.fontMetrics().horizontalAdvance(item.text()) // max(width - 16, 1))
        # no blank extra line: a row is at most the lines its text needs, plus padding
        assert height <= (max(lines, 1) + 1) * line + 12, (item.text(), height, lines)


def test_reader_at_academic_has_no_empty_horizontal_scrollbar(qtbot, window) -> None:
    window.open_target(ARTICLE)
    window.set_tier("academic")
    bar = window.reader.browser.horizontalScrollBar()
    for zoom, width in ((100, 1000), (200, 1320), (200, 1600)):  # a pixel over, before
        window.set_zoom(zoom, persist=False)
        window.resize(width, 860)
        qtbot.waitUntil(lambda: window.reader.browser.document().size().width() > 0)
        # the text is laid out again at the new width once the resize is delivered
        qtbot.waitUntil(lambda: bar.maximum() <= window.reader.browser.SLACK_PX)
        assert bar.maximum() <= window.reader.browser.SLACK_PX and not bar.isVisible()


def test_contents_highlight_follows_the_wheel_after_a_resize(qtbot, window) -> None:
    window.open_target(ARTICLE)
    reader = window.reader
    qtbot.waitUntil(lambda: bool(reader._anchors))
    window.resize(1000, window.height())  # a narrower text column: every section moves
    qtbot.waitUntil(lambda: reader.browser.document().size().width() > 0)
    viewport = reader.browser.viewport()
    for _ in range(25):
        event = QWheelEvent(QPointF(50, 50), QPointF(viewport.mapToGlobal(QPoint(50, 50))),
                            QPoint(0, 0), QPoint(0, -120), Qt.MouseButton.NoButton,
                            Qt.KeyboardModifier.NoModifier, Qt.ScrollPhase.NoScrollPhase,
                            False)
        QCoreApplication.sendEvent(viewport, event)
    layout = reader.browser.document().documentLayout()

    def expected() -> str:
        top = reader.browser.verticalScrollBar().value() + 48
        found = ""
        block = reader.browser.document().begin()
        while block.isValid():
            it = block.begin()
            while not it.atEnd():
                frag = it.fragment()
                for name in frag.charFormat().anchorNames() if frag.isValid() else []:
                    if layout.blockBoundingRect(block).top() <= top:
                        found = name
                it += 1
            block = block.next()
        return found

    qtbot.waitUntil(lambda: reader.current_anchor() == expected() != "")
    current = window.contents.sections.currentItem()
    assert current is not None and current.data(Qt.ItemDataRole.UserRole) == expected()


def test_indicators_are_drawn_in_the_tested_colours() -> None:
    for theme in THEMES:
        p = palette(theme)
        sheet = indicator_stylesheet(p, 100)
        ind = indicators(p)
        assert f"border: 2px solid {ind.border}" in sheet
        assert f"background: {ind.checked}" in sheet


def test_print_dialogs_are_released(window, monkeypatch) -> None:
    from PySide6.QtPrintSupport import QPrintDialog

    monkeypatch.setattr(QPrintDialog, "exec", lambda _self: 0)  # cancelled
    window.open_target("substance:tesamorelin")
    for _ in range(3):
        window.print_current()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    assert window.findChildren(QPrintDialog) == []
