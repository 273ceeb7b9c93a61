"""The main window: toolbar with search, navigation pane, content stack, contents pane.

It routes every internal link (``article:``, ``substance:``, ``view:`` …) to a panel and
keeps back/forward history. Panels that need pyqtgraph are imported on first use.

Start-up is staged so the window paints as early as a bare window would: the constructor
builds the shell (toolbar and search field, menu titles, navigation, the pre-rendered home
page, status bar) from light modules only; ``complete()`` then adds the reader, contents
pane, menus' actions, search drop-down and the precise OS theme check. A window made with
``deferred=True`` (the app) completes right after its first paint; otherwise (tests,
snapshots) at once. Every entry point that needs the full window completes it first.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, NamedTuple

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import APP_NAME
from peptide_desk.themes import THEMES, reading_css
from peptide_desk.ui.browser import ContentBrowser
from peptide_desk.ui.nav_pane import NavPane
from peptide_desk.ui.routes import RoutesMixin
from peptide_desk.ui.search_box import SearchBox
from peptide_desk.ui.session import INTERNAL, SessionMixin
from peptide_desk.ui.theme import (
    apply_theme,
    clamp_zoom,
    ensure_fusion,
    reading_pt,
    resolve_theme,
)

if TYPE_CHECKING:
    from peptide_desk.services import Services
    from peptide_desk.ui.find_bar import FindBar
    from peptide_desk.ui.reader import ArticleReader
    from peptide_desk.ui.side_panes import ContentsPane

MENUS = ("&File", "&Edit", "&View", "&Go", "&Help")


class Place(NamedTuple):
    target: str
    scroll: int = 0


class DocumentView(QWidget):
    """A rendered page (substance, class, term, reference, lists) with find in page."""

    find_bar: FindBar  # added by add_find_bar() when the window completes

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName("Page")
        self.browser.MEASURE_CHARS = 100  # reference pages carry wide attribute tables
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._layout.addWidget(self.browser, 1)

    def add_find_bar(self) -> None:
        from peptide_desk.ui.find_bar import FindBar

        self.find_bar = FindBar(self.browser, self)
        self._layout.insertWidget(0, self.find_bar)


class MainWindow(RoutesMixin, SessionMixin, QMainWindow):
    completed = Signal()  # complete() has run: menus, reader and search are in place
    reader: ArticleReader  # these exist once complete() has run
    contents: ContentsPane

    def __init__(self, services: Services, *, deferred: bool = False) -> None:
        super().__init__()
        self.s = services
        self.store, self.user = services.store, services.user
        self.setWindowTitle(APP_NAME)
        self.theme_setting = str(self.user.get("theme", "system"))
        self.zoom = clamp_zoom(int(self.user.get("zoom", 100)))
        self.tier = str(self.user.get("tier", "academic"))
        self.current: Place | None = None
        self.checks_open = False  # "How this was checked" on substance and class pages
        self.back_stack: list[Place] = []
        self.fwd_stack: list[Place] = []
        self._compare = self._chart = self._table = self._tables = None
        self.confirm_external = _confirm_external  # replaceable in tests
        self.open_external = QDesktopServices.openUrl
        self.ready = False
        self._deferred = deferred
        self._pending: Place | None = None  # a restored place shown once complete
        # theme the application before any widget exists: nothing to re-polish or re-lay out
        self.theme = resolve_theme(self.theme_setting, precise=False)
        self.pal = apply_theme(QApplication.instance(), self.theme, self.zoom)
        self._build_shell()
        self._style_widgets()
        if not deferred:
            self.complete()

    # --- construction ---------------------------------------------------------------------
    def _build_shell(self) -> None:
        """What the first paint shows; light modules only (no records, pages or Qt enums)."""
        bar = QToolBar("Main", self)
        bar.setMovable(False)
        bar.setObjectName("mainToolbar")
        self.back_btn, self.fwd_btn = QToolButton(self), QToolButton(self)
        for btn, text, tip in ((self.back_btn, "‹ Back", "Back (Alt+Left)"),
                               (self.fwd_btn, "Forward ›", "Forward (Alt+Right)")):
            btn.setText(text)
            btn.setToolTip(tip)
            btn.setAccessibleName(tip)
            btn.setEnabled(False)
            bar.addWidget(btn)
        self.back_btn.clicked.connect(self.go_back)
        self.fwd_btn.clicked.connect(self.go_forward)
        self.search = SearchBox(self.s, self)
        self.search.setMinimumWidth(320)
        self.search.activated.connect(self.open_target)
        bar.addWidget(self.search)
        self.view_btn = QToolButton(self)
        self.view_btn.setText("Aa")
        self.view_btn.setToolTip("Theme and zoom")
        self.view_btn.setAccessibleName("Theme and zoom")
        self.view_btn.setMenu(QMenu(self.view_btn))  # filled when the window completes
        self.view_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.view_btn)
        self.addToolBar(bar)
        self.toolbar = bar
        self.menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self.nav = NavPane(self)
        self.nav.linkActivated.connect(self.open_target)
        self.stack = QStackedWidget(self)
        self.doc = DocumentView(self)
        self.doc.browser.linkActivated.connect(self.open_target)
        self.stack.addWidget(self.doc)
        self.splitter = QSplitter(parent=self)  # horizontal; QSplitter(self) loads Qt enums
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1130])
        self.setCentralWidget(self.splitter)
        c = self.store.counts()
        self.status_text = QLabel(
            f"{c.get('articles', 0)} articles · {c.get('substances', 0)} substances · "
            f"{c.get('glossary', 0)} terms · {c.get('refs', 0)} references · content as of "
            f"{self.store.meta('content_as_of')} · oldest status check "
            f"{self.store.meta('oldest_status_check') or '—'}", self)
        self.zoom_label = QLabel(self)
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.resize(1320, 860)

    def complete(self) -> None:
        """Add everything the first paint did not need; idempotent."""
        if self.ready:
            return
        self.ready = True
        from peptide_desk.records import TIERS
        from peptide_desk.ui.actions import build_actions
        from peptide_desk.ui.reader import ArticleReader
        from peptide_desk.ui.side_panes import ContentsPane
        from peptide_desk.ui.window_keys import WindowKeys

        if self.tier not in TIERS:
            self.tier = "academic"
        self.site = self.store.site()
        self.doc.add_find_bar()
        self.doc.browser.definition_for = self._hover_text
        self.keys = WindowKeys(self)
        self.doc.browser.installEventFilter(self.keys)
        self.reader = ArticleReader(self._render_article, self)
        self.reader.browser.definition_for = self._hover_text
        self.reader.browser.installEventFilter(self.keys)
        self.reader.linkActivated.connect(self.open_target)
        self.reader.tierChanged.connect(self._tier_changed)
        self.stack.addWidget(self.reader)
        self.contents = ContentsPane(self)
        self.contents.sectionChosen.connect(self.reader.scroll_to)
        self.contents.linkActivated.connect(self.open_target)
        self.contents.addNote.connect(self.add_note)
        self.reader.sectionChanged.connect(self.contents.track)
        self.contents.setVisible(False)
        self.nav.setVisible(not self.is_narrow())  # a narrow window folds its side panes
        self.splitter.addWidget(self.contents)
        self.splitter.setSizes([190, 880, 250])
        self.search.attach()
        build_actions(self)
        QApplication.instance().installEventFilter(self.keys)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._os_scheme_changed)
        restyled = ensure_fusion(QApplication.instance())
        if restyled or resolve_theme(self.theme_setting) != self.theme:  # the precise check
            self.apply_appearance()
        else:
            self._style_reader()
        pending, self._pending = self._pending, None
        if pending is not None:
            self._show(pending.target, scroll=pending.scroll)
        self.completed.emit()

    def paintEvent(self, event) -> None:
        super().paintEvent(event)
        if self._deferred:  # the first paint is on its way to the screen: finish after it
            self._deferred = False
            QTimer.singleShot(0, self.complete)

    def show_shell_home(self) -> None:
        """The pre-rendered start page, before the window completes (no page code needed)."""
        self.current = Place("view:home")
        self.doc.browser.setHtml(self.store.home_html())
        self.nav.mark("view:home")

    # --- appearance -----------------------------------------------------------------------
    def apply_appearance(self) -> None:
        """Apply the theme and zoom everywhere and re-render the open page."""
        self.theme = resolve_theme(self.theme_setting, precise=self.ready)
        self.pal = apply_theme(QApplication.instance(), self.theme, self.zoom)
        self._style_widgets()
        if self.current is not None:
            self._show(self.current.target, keep_scroll=True)

    def _style_widgets(self) -> None:
        """What the application theme does not reach: page CSS, measures, chart panels."""
        self.doc.browser.document().setDefaultStyleSheet(self._css())
        self.doc.browser.set_reading_pt(reading_pt(self.zoom))
        self._style_reader()
        for panel in (self._compare, self._chart, self._table):
            if panel is not None:
                panel.set_theme(self.theme)
                panel.set_zoom(self.zoom)
        self.zoom_label.setText(f"Zoom {self.zoom}%")

    def _css(self) -> str:
        return reading_css(self.pal, reading_pt(self.zoom))

    def _style_reader(self) -> None:
        if self.ready:
            self.reader.browser.document().setDefaultStyleSheet(self._css())
            self.reader.browser.set_reading_pt(reading_pt(self.zoom))

    def _os_scheme_changed(self, _scheme: object) -> None:
        """Follow the OS live when the theme setting is 'system'."""
        if self.theme_setting not in THEMES:
            self.apply_appearance()

    def set_theme(self, setting: str) -> None:
        self.theme_setting = setting
        self.user.set("theme", setting)
        self.apply_appearance()

    def set_zoom(self, percent: int, persist: bool = True) -> None:
        self.zoom = clamp_zoom(percent)
        if persist:
            self.user.set("zoom", self.zoom)
        self.apply_appearance()

    # --- navigation -----------------------------------------------------------------------
    def open_target(self, target: str, record: bool = True) -> bool:
        """Open an internal target; ask before https; refuse every other scheme."""
        self.complete()
        target = target.strip()
        scheme = target.partition(":")[0]
        if target.startswith("#"):  # a place on the page shown (e.g. "Full safety information")
            shown = self.reader if self.stack.currentWidget() is self.reader else self.doc
            shown.browser.scrollToAnchor(target[1:])
            return False
        if target == "disclose:checks":  # page_safety.CHECKS_TARGET: "How this was checked"
            self.checks_open = not self.checks_open
            if self.current is not None:
                self._show(self.current.target, keep_scroll=True)
            return False
        if scheme == "https":
            if self.confirm_external(self, target):
                from PySide6.QtCore import QUrl

                self.open_external(QUrl(target))
            return False
        if scheme not in INTERNAL:
            self.statusBar().showMessage(
                f"Blocked a link Peptide Desk does not open: {target[:80]}", 6000)
            return False
        if scheme not in ("view", "compare") and not self.store.target_exists(target):
            self.statusBar().showMessage(f"Not found: {target}", 6000)
            return False
        if record and self.current is not None and self.current.target != target:
            self.back_stack.append(self._place_now())
            self.fwd_stack.clear()
        self._show(target)
        return True

    def _place_now(self) -> Place:
        assert self.current is not None
        target = self.current.target
        if self.stack.currentWidget() is self.reader and self.reader.article is not None:
            anchor = self.reader.current_anchor()
            target = f"article:{self.reader.article.id}" + (f"#{anchor}" if anchor else "")
            return Place(target, self.reader.scroll_position())
        return Place(target, self.doc.browser.verticalScrollBar().value())

    def _show(self, target: str, keep_scroll: bool = False, scroll: int | None = None) -> None:
        self.complete()
        scheme, _, rest = target.partition(":")
        ident, _, anchor = rest.partition("#")
        old_scroll = self._place_now().scroll if (keep_scroll and self.current) else None
        self.current = Place(target)
        self.search.close_popup()
        title = ""
        if scheme == "article":
            title = self._show_article(ident, anchor or None)
        elif scheme in ("substance", "class", "glossary", "ref"):
            title = self._show_page(scheme, ident)
        elif scheme == "view":
            title = self._show_view(ident)
        elif scheme == "compare":
            title = self._show_compare([ident])
        elif scheme in ("table", "chart"):
            from peptide_desk.ui import lazy_panels

            title = lazy_panels.show(self, scheme, ident)
        self.contents.setVisible(scheme == "article" and not self.is_narrow()
                                 and not getattr(self, "presenting", False))
        self.nav.setVisible(not self.is_narrow() and not getattr(self, "presenting", False))
        self.nav.mark(target if scheme == "view" else "")
        self.back_btn.setEnabled(bool(self.back_stack))
        self.fwd_btn.setEnabled(bool(self.fwd_stack))
        if title:
            self.setWindowTitle(f"{title} — {APP_NAME}")
            if scheme != "view":
                self.user.record_visit(target, title)
        self.user.set("last_target", target)
        restore = scroll if scroll is not None else old_scroll
        if restore is not None:
            self._set_scroll(restore)

    def _set_scroll(self, value: int) -> None:
        if self.stack.currentWidget() is self.reader:
            self.reader.set_scroll_position(value)
        else:
            self.doc.browser.verticalScrollBar().setValue(value)

    def go_back(self) -> None:
        if self.back_stack and self.current is not None:
            self.fwd_stack.append(self._place_now())
            place = self.back_stack.pop()
            self._show(place.target, scroll=place.scroll)

    def go_forward(self) -> None:
        if self.fwd_stack and self.current is not None:
            self.back_stack.append(self._place_now())
            place = self.fwd_stack.pop()
            self._show(place.target, scroll=place.scroll)

    def closeEvent(self, event) -> None:
        if not self.user.closed:  # a second close after the data was closed saves nothing
            self.save_session()
        if self.ready:
            QApplication.instance().removeEventFilter(self.keys)
        super().closeEvent(event)

    def is_narrow(self) -> bool:
        """Too little room (in zoomed units) for side panes: they collapse automatically."""
        return self.width() * 100 / max(self.zoom, 1) < 900

    def resizeEvent(self, event) -> None:
        if not self.ready:  # the shell has no side panes to fold yet
            super().resizeEvent(event)
            return
        narrow = self.is_narrow()
        self.nav.setVisible(not narrow and not getattr(self, "presenting", False))
        if self.current is not None:
            self.contents.setVisible(not narrow and self.current.target.startswith("article:")
                                     and not getattr(self, "presenting", False))
        super().resizeEvent(event)

def _confirm_external(parent: QWidget, url: str) -> bool:
    from peptide_desk.ui import dialogs

    return dialogs.confirm_external(parent, url)
