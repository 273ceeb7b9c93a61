"""Nothing clipped at any zoom on any screen (issue 14, item 1).

Every view at 50–300% in a window the size of a screen's available area (the screen less a
40-pixel panel): the window's minimum size fits, so it never grows past the screen; no
widget is squeezed below its own minimum (a cut control, "ompare selecte"); reading text
needs no sideways scroll bar; the comparison table shows five rows at 300% on 1280×720.

Screens are logical geometries: a 3840×2160 screen at device pixel ratio 2 lays widgets out
in 1920×1080 logical pixels, the same case as a 1920×1080 screen at ratio 1 (Qt sizes
widgets and fonts in logical pixels), so the two share one window here. One window per
screen, every zoom and view in it, keeps this file to a few seconds.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import pytest
from PySide6.QtWidgets import (
    QAbstractScrollArea,
    QApplication,
    QComboBox,
    QHeaderView,
    QLineEdit,
    QScrollBar,
    QSizePolicy,
    QSplitter,
    QWidget,
)

from peptide_desk.ui.browser import ContentBrowser

if TYPE_CHECKING:
    from peptide_desk.ui.shell.main_window import MainWindow

PANEL = 40  # a task bar or top panel the window must leave alone
SCREENS = {"1280x720": (1280, 720), "1366x768": (1366, 768),
           "1920x1080 and 3840x2160 at ratio 2": (1920, 1080)}
ZOOMS = (50, 100, 150, 200, 300)


def settle() -> None:
    app = QApplication.instance()
    assert app is not None
    for _ in range(2):
        app.processEvents()


def views(win: MainWindow) -> list[tuple[str, Any]]:
    """(name, action) of every view the issue lists; dialogs are checked apart."""
    store = win.store
    article = store.articles()[0].id
    cls = store.classes()[0].id

    def article_at(tier: str) -> Any:
        def go() -> None:
            win.open_target(f"article:{article}")
            win.reader.set_tier(tier)
        return go

    def side_by_side() -> None:
        win.open_target("view:compare")
        assert win.panels.compare is not None
        win.panels.compare.compare_items(["semaglutide", "tirzepatide"])

    def search() -> None:
        win.open_target("view:home")
        win.search.focus("GLP-1")

    shown = [("home", lambda: win.open_target("view:home")),
             *((f"article {t}", article_at(t)) for t in ("fundamentals", "intermediate",
                                                          "academic")),
             ("substance", lambda: win.open_target("substance:semaglutide")),
             ("class", lambda: win.open_target(f"class:{cls}")),
             ("compare", lambda: win.open_target("view:compare")),
             ("side by side", side_by_side),
             *((f"chart {c}", lambda c=c: win.open_target(f"chart:{c}"))
               for c, _title in store.chart_ids()),
             *((name, lambda n=name: win.open_target(f"view:{n}"))
               for name in ("charts", "glossary", "references", "bookmarks", "history", "decks",
                            "library", "tables")),
             ("search drop-down", search)]
    return shown


def _inside_scrolled_content(w: QWidget) -> bool:
    """Content of a scroll area (it scrolls, by design), a scroll area's own parts, or the
    parts Qt draws inside a text field or a combo box (their clear buttons)."""
    parent = w.parentWidget()
    while parent is not None:
        if isinstance(parent, QAbstractScrollArea | QLineEdit | QComboBox):
            return True
        parent = parent.parentWidget()
    return False


def squeezed(win: QWidget) -> list[str]:
    """Visible widgets given less than their minimum size: something in them is cut."""
    found = []
    for w in win.findChildren(QWidget):
        if (not w.isVisible() or w.width() == 0 or w.height() == 0
                or isinstance(w, QHeaderView | QScrollBar) or w.objectName().startswith("qt_")
                or _inside_scrolled_content(w)):
            continue
        if isinstance(w.parentWidget(), QSplitter) and min(w.width(), w.height()) <= 1:
            continue  # a pane the splitter collapsed
        hint, policy = w.minimumSizeHint(), w.sizePolicy()
        if policy.verticalPolicy() == QSizePolicy.Policy.Fixed and w.sizeHint().isValid():
            hint.setHeight(min(hint.height(), w.sizeHint().height()))  # a text field's height
        narrow = (policy.horizontalPolicy() != QSizePolicy.Policy.Ignored
                  and not w.minimumWidth() and w.width() + 1 < hint.width())
        short = (policy.verticalPolicy() != QSizePolicy.Policy.Ignored  # 2 px: a frame
                 and not w.minimumHeight() and w.height() + 2 < hint.height())
        if narrow or short:
            found.append(f"{type(w).__name__} {w.accessibleName() or w.objectName()!r} "
                         f"{w.size().toTuple()} < {hint.toTuple()}")
    return found


def sideways(win: QWidget) -> list[str]:
    """Reading views showing a horizontal scroll bar."""
    return [w.accessibleName() for w in win.findChildren(ContentBrowser)
            if w.isVisible() and w.horizontalScrollBar().isVisible()
            and w.accessibleName() in ("Article text", "Page")]


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_view_fits_the_screen_at_every_zoom(windows: Any, real_db: Any,
                                                  screen: str) -> None:
    width, height = SCREENS[screen]
    room = (width, height - PANEL)
    win = windows.open(real_db, size=room)
    problems: list[str] = []
    for zoom in ZOOMS:
        win.set_zoom(zoom)
        for name, show in views(win):
            show()
            win.resize(*room)
            settle()
            where = f"{screen} {zoom}% {name}"
            need = win.minimumSizeHint()
            if need.width() > room[0] or need.height() > room[1]:
                problems.append(f"{where}: the window needs {need.toTuple()}")
            if win.width() > room[0] or win.height() > room[1]:
                problems.append(f"{where}: the window grew to {win.size().toTuple()}")
            problems += [f"{where}: {s}" for s in squeezed(win)]
            problems += [f"{where}: {s} scrolls sideways" for s in sideways(win)]
            if name == "search drop-down":
                popup = win.search.popup
                if not win.rect().contains(popup.geometry()):
                    problems.append(f"{where}: the drop-down {popup.geometry()} is cut")
                win.search.close_popup()
        if screen == "1280x720" and zoom == 300:
            win.open_target("view:compare")
            assert win.panels.compare is not None
            win.panels.compare.show_table()
            win.resize(*room)
            settle()
            rows = win.panels.compare.rows_in_view()
            if rows < 5:
                problems.append(f"{screen} {zoom}%: the comparison table shows {rows} rows")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("zoom", (100, 300))
def test_dialogs_fit_the_screen(windows: Any, real_db: Any, zoom: int) -> None:
    from peptide_desk.ui.shell import dialogs

    win = windows.open(real_db, size=(1280, 720 - PANEL))
    win.set_zoom(zoom)
    room = win.screen().availableGeometry().size()
    site = win.site
    for dlg in (dialogs.shortcuts_dialog(win),
                dialogs.about_dialog(win, dialogs.about_html(site.title, site.content_as_of,
                                                             site.disclaimer_html,
                                                             site.about_html))):
        dlg.show()
        settle()
        assert dlg.width() <= room.width() and dlg.height() <= room.height()
        assert squeezed(dlg) == []
        dlg.close()


def test_the_f1_sheet_fits_at_100_percent_without_scrolling(windows: Any,
                                                            real_db: Any) -> None:
    from peptide_desk.ui.shell import dialogs

    win = windows.open(real_db, size=(1280, 720 - PANEL))
    dlg = dialogs.shortcuts_dialog(win)
    dlg.setMaximumSize(16777215, 16777215)
    dlg.resize(1240, 720 - PANEL)  # on a 1280×720 screen (the offscreen one is 800×600)
    dlg.show()
    settle()
    view = dlg.findChild(ContentBrowser)
    assert view is not None
    assert view.verticalScrollBar().maximum() == 0
    assert dlg.height() <= 720 - PANEL
    dlg.close()
