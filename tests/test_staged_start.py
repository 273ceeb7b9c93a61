"""The staged start: the shell (toolbar, search field, navigation, pre-rendered home page,
status bar) paints first; the window completes right after and nothing typed is lost.

The start path is probed here once, in a child process (a fresh interpreter is the only
honest ``sys.modules``): what the first paint imports, what the complete window imports,
and that pyqtgraph arrives with the first chart."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk.services import open_services
from peptide_desk.ui.shell.main_window import MainWindow

if TYPE_CHECKING:
    from PySide6.QtGui import QImage

    from conftest import Windows

#: The package's modules the first paint needs: the shell and the data it shows, nothing more
#: (docs/architecture.md, "Start path"). A module joins this list only if it is tiny or the
#: paint cannot do without it; records, pages, search, the reader and the menus come after.
FIRST_PAINT_MODULES = {
    "peptide_desk", "peptide_desk.contrast", "peptide_desk.keymap", "peptide_desk.links",
    "peptide_desk.navigation",
    "peptide_desk.resources", "peptide_desk.services", "peptide_desk.store",
    "peptide_desk.themes", "peptide_desk.userdata",
    "peptide_desk.ui", "peptide_desk.ui.app", "peptide_desk.ui.browser",
    "peptide_desk.ui.search_box", "peptide_desk.ui.theme",
    "peptide_desk.ui.shell", "peptide_desk.ui.shell.main_window",
    "peptide_desk.ui.shell.nav_pane", "peptide_desk.ui.shell.page_stack",
    "peptide_desk.ui.shell.panels", "peptide_desk.ui.shell.session",
}

FIRST_PAINT_PROBE = """
import gc, json, os, sys
os.environ["QT_QPA_PLATFORM"] = "offscreen"
from pathlib import Path
from peptide_desk.ui.app import make_application, start_window
app = make_application([sys.argv[0]])
win = start_window(app, Path(sys.argv[1]), Path(sys.argv[2]))
from PySide6.QtCore import QEvent, QObject, QTimer
seen = {}
WATCHED = ("peptide_desk", "pyqtgraph", "numpy", "sqlite_utils", "markdown", "nh3",
           "hashlib", "_hashlib")

class Probe(QObject):
    def eventFilter(self, obj, event):
        if obj is win and event.type() == QEvent.Type.Paint and "modules" not in seen:
            seen["modules"] = sorted(m for m in sys.modules if m.startswith(WATCHED))
            # PySide6 creates a module's types on first access: "Qt" stays out of QtCore's
            # namespace until something touches the Qt enums (about 40 ms at start-up).
            seen["qt_enums_at_paint"] = "Qt" in vars(sys.modules["PySide6.QtCore"])
            seen["ready_at_paint"] = win.ready
            seen["gc_at_paint"] = gc.isenabled()
            seen["icon_at_paint"] = not app.windowIcon().isNull()
            seen["home"] = win.doc.browser.toPlainText()
            seen["status"] = win.status_text.text()
            seen["menus"] = [m.title() for m in win.menus.values()]
        return False

def poll():
    if "modules" in seen and win.ready and "ready" not in seen:
        seen["ready"] = True
        seen["gc"] = gc.isenabled()
        seen["actions"] = len(win.actions())
        import linecache
        from PySide6.QtWidgets import QFrame
        seen["source_lines_kept"] = len(linecache.cache)
        seen["icon_sizes"] = sorted(s.width() for s in app.windowIcon().availableSizes())
        seen["popover_frames"] = sum(f.objectName() == "popover" for f in win.findChildren(QFrame))
        # the complete window, idle: still no chart, build or markup libraries
        seen["modules_at_ready"] = sorted(m for m in sys.modules if m.startswith(WATCHED[1:]))
        from PySide6.QtCore import Qt  # proves the paint-time check can see the enums
        seen["qt_enums_seen"] = "Qt" in vars(sys.modules["PySide6.QtCore"])
        seen["chart_opened"] = win.open_target("chart:" + win.store.chart_ids()[0][0])
        app.processEvents()
        seen["pyqtgraph_with_chart"] = "pyqtgraph" in sys.modules
        print(json.dumps(seen), flush=True)
        app.quit()

probe = Probe()
win.installEventFilter(probe)
timer = QTimer()
timer.timeout.connect(poll)
timer.start(5)
win.show()
app.exec()
"""


def test_start_path_first_paint_then_complete_window_then_first_chart(
        real_db: Path, tmp_path: Path) -> None:
    """The one start-path probe: the shell paints before records, pages, search and every
    heavy library load; the completed window still has none of pyqtgraph, numpy,
    sqlite-utils, markdown, nh3 or hashlib (OpenSSL: the content check hashes with
    CPython's own SHA-256), builds no popover until one shows and keeps none of the source
    PySide6 read on import; the first chart brings pyqtgraph."""
    out = subprocess.run([sys.executable, "-c", FIRST_PAINT_PROBE, str(real_db), str(tmp_path)],
                         capture_output=True, text=True, check=True, timeout=120)
    seen = json.loads(out.stdout.strip().splitlines()[-1])
    assert seen["ready_at_paint"] is False
    loaded = set(seen["modules"])
    for module in ("peptide_desk.records", "peptide_desk.pages", "peptide_desk.search",
                   "peptide_desk.ui.reader", "peptide_desk.ui.shell.actions",
                   "peptide_desk.ui.shell.routing", "pyqtgraph", "numpy", "sqlite_utils",
                   "markdown", "nh3", "hashlib", "_hashlib"):
        assert module not in loaded, f"{module} was imported before the first paint"
    ours = {m for m in loaded if m == "peptide_desk" or m.startswith("peptide_desk.")}
    assert sorted(ours - FIRST_PAINT_MODULES) == [], "imported before the first paint"
    assert sorted(FIRST_PAINT_MODULES - ours) == [], "no longer on the start path: drop them"
    # the start-path rule of docs/architecture.md: no Qt namespace enums before the paint
    assert seen["qt_enums_seen"] is True, "the probe no longer sees PySide6 create QtCore.Qt"
    assert seen["qt_enums_at_paint"] is False, \
        "something on the start path touched the Qt namespace (from PySide6.QtCore import Qt)"
    # what the first paint shows is the real start page, status line and menus
    assert "Articles" in seen["home"] and "Before you use this reference" in seen["home"]
    assert "articles" in seen["status"] and "content as of" in seen["status"]
    assert seen["menus"] == ["&File", "&Edit", "&View", "&Go", "&Help"]
    # and the window completes on its own right after
    assert seen["ready"] is True and seen["actions"] > 30
    # no cyclic GC passes during start-up, and collection is back on once complete
    assert seen["gc_at_paint"] is False and seen["gc"] is True
    # complete and idle, the window has loaded no heavy library; a chart loads pyqtgraph
    assert seen["modules_at_ready"] == []
    # the icon (Qt's icon plugins) comes once complete, in every size shipped
    assert seen["icon_at_paint"] is False and seen["icon_sizes"] == [16, 32, 48, 64, 128, 256]
    # hidden widgets wait for their first use; PySide6's source reads are not kept
    assert seen["popover_frames"] == 0
    assert seen["source_lines_kept"] < 5, "linecache keeps what PySide6 read on import"
    assert seen["chart_opened"] is True and seen["pyqtgraph_with_chart"] is True


def _deferred(windows: Windows, real_db: Path) -> MainWindow:
    """A window as the app starts it: deferred, session restored, not yet shown."""
    return windows.open(real_db, deferred=True, show=False)


def test_deferred_window_completes_after_its_first_paint(qtbot, windows, real_db) -> None:
    win = _deferred(windows, real_db)
    assert not win.ready
    assert "Before you use this reference" in win.doc.browser.toPlainText()
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    assert win.stack.indexOf(win.reader) >= 0 and win.doc.find_bar is not None
    assert any(a.text() == "&Find in Page" for a in win.actions())
    # the menu titles painted first are the menus that got filled: none added twice
    titles = [a.text() for a in win.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&View", "&Go", "&Help"]
    assert all(menu.actions() for menu in win.menus.values())
    # the home page is laid out within the reading column, not clipped at its edge
    browser = win.doc.browser
    assert 0 < browser.document().textWidth() <= browser.viewport().width()


def test_keys_typed_while_starting_are_searched_once_complete(qtbot, windows, real_db) -> None:
    win = _deferred(windows, real_db)
    qtbot.keyClicks(win.search.edit, "ozem")  # before the window has completed
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    qtbot.waitUntil(lambda: win.search.popup.isVisible())
    texts = [win.search.list.item(i).text() for i in range(win.search.list.count())]
    assert any("Semaglutide" in t for t in texts)


def test_restored_article_opens_when_the_window_completes(qtbot, windows, real_db, user_dir,
                                                          real_store) -> None:
    article = real_store.articles()[0]
    services = open_services(real_db, user_dir)
    try:
        services.user.set("last_target", f"article:{article.id}")
    finally:
        services.close()
    win = _deferred(windows, real_db)
    assert win.current is None  # not the home page: nothing flashes before the article
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    assert win.stack.currentWidget() is win.reader
    assert win.reader.article is not None and win.reader.article.id == article.id
    assert article.title in win.windowTitle()


def test_navigation_before_completion_completes_first(qtbot, windows, real_db) -> None:
    win = _deferred(windows, real_db)
    assert win.open_target("view:glossary")  # e.g. a click queued during start-up
    assert win.ready and win.windowTitle().startswith("Glossary")


def test_completing_the_window_changes_nothing_on_screen(qtbot, windows, real_db) -> None:
    """The shell painted first is pixel for pixel the window once complete (no jump, no
    late menu bar, no restyle): staging is invisible."""
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui.theme import ensure_fusion

    ensure_fusion(QApplication.instance())  # as app.make_application starts Qt
    win = _deferred(windows, real_db)
    win._deferred = False  # complete by hand, after the first grab
    win.resize(1320, 860)
    flash = QApplication.cursorFlashTime()
    QApplication.setCursorFlashTime(0)  # a steady caret: the grabs cannot catch it mid-blink
    try:
        win.show()
        qtbot.waitExposed(win)
        shell = settled_grab(qtbot, win)
        assert not win.ready
        win.complete()
        assert win.ready
        assert settled_grab(qtbot, win) == shell
    finally:
        QApplication.setCursorFlashTime(flash)


def settled_grab(qtbot, win: MainWindow) -> QImage:
    """The window's pixels once it has settled: the search field has focus, the status bar's
    size grip is shown (both arrive just after exposure) and two grabs in a row are alike
    (pending layouts are done). A condition, not a delay."""
    from PySide6.QtWidgets import QSizeGrip

    grip = win.statusBar().findChild(QSizeGrip)
    grabs: list[QImage] = []

    def settled() -> bool:
        if not (win.search.edit.hasFocus() and grip is not None and grip.isVisible()):
            return False
        grabs.append(win.grab().toImage())
        return len(grabs) > 1 and grabs[-1] == grabs[-2]

    qtbot.waitUntil(settled)
    return grabs[-1]


def test_a_narrow_window_folds_the_navigation_once_complete(qtbot, windows, real_db) -> None:
    win = _deferred(windows, real_db)
    win.resize(700, 600)  # under 900 px at 100 % zoom
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    assert not win.nav.isVisible()
