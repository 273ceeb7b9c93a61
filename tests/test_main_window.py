"""The main window as a user drives it (pytest-qt, offscreen, no sleeps)."""

from __future__ import annotations

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QKeySequence

from peptide_desk.ui.shell.main_window import MainWindow


def press(win: MainWindow, keys: str) -> None:
    """Trigger the one action bound to ``keys`` (offscreen windows never become active, so
    Qt's shortcut map would not dispatch a synthetic key press)."""
    seq = QKeySequence(keys)
    bound = [a for a in win.actions() if seq in a.shortcuts()]
    assert len(bound) == 1, f"{keys} is bound to {len(bound)} actions"
    bound[0].trigger()


def test_MainWindow_typing_shows_grouped_results(qtbot, window) -> None:
    window.search.focus()
    qtbot.keyClicks(window.search.edit, "ozem")
    qtbot.waitUntil(lambda: window.search.popup.isVisible())
    texts = [window.search.list.item(i).text() for i in range(window.search.list.count())]
    assert texts[0].startswith("Substances (")
    assert "Semaglutide" in texts


def test_MainWindow_enter_opens_article_at_section(qtbot, window) -> None:
    window.search.focus()
    qtbot.keyClicks(window.search.edit, "response phases")
    qtbot.waitUntil(lambda: window.search.list.count() > 0)
    lst = window.search.list
    row = next(i for i in range(lst.count())
               if (lst.item(i).data(Qt.ItemDataRole.UserRole) or "").startswith("article:"))
    target = lst.item(row).data(Qt.ItemDataRole.UserRole)
    lst.setCurrentRow(row)
    qtbot.keyClick(window.search.edit, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: window.stack.currentWidget() is window.reader)
    anchor = target.split("#", 1)[1]
    qtbot.waitUntil(lambda: window.reader.current_anchor() == anchor)
    assert not window.search.popup.isVisible()


def test_MainWindow_tier_switch_changes_document(qtbot, window) -> None:
    window.open_target("article:gh-peptides-insulin-sensitivity")
    press(window, "Ctrl+1")
    assert window.reader.tier == "fundamentals"
    short = window.reader.browser.toPlainText()
    press(window, "Ctrl+3")
    qtbot.waitUntil(lambda: window.reader.tier == "academic")
    full = window.reader.browser.toPlainText()
    assert len(full) > len(short) * 2
    article = window.store.article("gh-peptides-insulin-sensitivity")
    academic_only = next(s for s in article.sections if s.tier == "academic")
    assert academic_only.title in full and academic_only.title not in short
    assert window.contents.sections.count() > 0


def test_MainWindow_bookmark_persists_across_restart(qtbot, windows, real_db) -> None:
    win = windows.open(real_db, restore=False)
    win.activateWindow()
    win.open_target("substance:tesamorelin")
    press(win, "Ctrl+D")
    qtbot.waitUntil(lambda: win.user.is_bookmarked("substance:tesamorelin"))
    windows.close(win)  # the window and its services: the app quits
    win2 = windows.open(real_db, show=False)
    assert win2.current.target == "substance:tesamorelin"  # last view restored
    win2.open_target("view:bookmarks")
    assert "Tesamorelin" in win2.doc.browser.toPlainText()


def test_MainWindow_external_link_asks_and_file_link_refused(window) -> None:
    asked, opened = [], []
    window.confirm_external = lambda _parent, url: asked.append(url) or False
    window.open_external = lambda url: opened.append(url)
    assert window.open_target("https://www.ema.europa.eu/") is False
    assert asked == ["https://www.ema.europa.eu/"] and opened == []
    window.confirm_external = lambda _parent, url: True
    window.open_target("https://www.ema.europa.eu/")
    assert opened and opened[0].toString() == "https://www.ema.europa.eu/"
    before = window.current.target
    for bad in ("file:///etc/passwd", "javascript:alert(1)", "data:text/html,x", "ftp://x/y"):
        assert window.open_target(bad) is False
        assert window.current.target == before
    assert window.reader.browser.loadResource(0, QUrl("file:///etc/passwd")) is None
    assert window.doc.browser.loadResource(2, QUrl("https://example.org/x.png")) is None


def test_MainWindow_zoom_and_theme_persist(windows, real_db) -> None:
    services = windows.services(real_db)
    win = windows.open(services=services, restore=False, show=False)
    press(win, "Ctrl+=")
    assert win.zoom == 110
    win.set_zoom(150)
    win.set_theme("high-contrast")
    windows.close(win)
    win2 = windows.open(services=services, restore=False, show=False)
    assert win2.zoom == 150 and win2.theme == "high-contrast"
    win2.set_zoom(1000)
    assert win2.zoom == 300
    win2.set_zoom(10)
    assert win2.zoom == 50


def test_MainWindow_back_and_forward(window) -> None:
    window.open_target("substance:semaglutide")
    window.open_target("glossary:igf-1")
    window.go_back()
    assert window.current.target == "substance:semaglutide"
    window.go_forward()
    assert window.current.target == "glossary:igf-1"


def test_MainWindow_find_in_page_highlights_all(qtbot, window) -> None:
    window.open_target("article:peptide-interventions-evidence")
    window.reader.find_bar.open_bar()
    qtbot.keyClicks(window.reader.find_bar.edit, "tesamorelin")
    assert len(window.reader.find_bar.matches) > 3
    assert len(window.reader.browser.extraSelections()) == len(window.reader.find_bar.matches)

