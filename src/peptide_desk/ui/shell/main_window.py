"""The main window: toolbar with search, navigation pane, page stack, contents pane.

The window owns its collaborators and wires them together; each does one job and is given
what it needs, typed:
- ``History`` and ``Reading`` (``navigation``, no Qt): the place shown, back and forward,
  the tier articles open at; ``links.link_kind`` is the link policy;
- ``Router`` (``routing``): what each internal target shows, and its title;
- ``Panels`` (``panels``): the compare, tables, table and chart panels, built on first visit;
- ``Session`` and ``Bookmarks`` (``session``): the session, bookmarks and notes;
- ``Actions`` (``actions``): the menus, bound to the window's commands and keymap's keys;
- ``Presenter`` (``presentation``), ``WindowKeys`` (``window_keys``), ``PrintService``
  (``printing``).

Start-up is staged so the window paints as early as a bare window would: the constructor
builds the shell (toolbar and search field, menu titles, navigation, the pre-rendered home
page, status bar) from light modules only; ``complete()`` then adds the reader, contents
pane, menus' actions, search drop-down and the precise OS theme check. A window made with
``deferred=True`` (the app) completes right after its first paint; otherwise (tests,
snapshots) at once. Every entry point that needs the full window completes it first.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from PySide6.QtCore import QTimer, Signal
from PySide6.QtGui import QDesktopServices, QGuiApplication
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QMenu,
    QSplitter,
    QToolBar,
    QToolButton,
    QWidget,
)

from peptide_desk import APP_NAME, keymap
from peptide_desk.links import ANCHOR, BLOCKED, DISCLOSE, EXTERNAL, link_kind, parse_target
from peptide_desk.navigation import (
    HOME,
    History,
    Place,
    Reading,
    needs_lookup,
    page_place,
    remembered,
    restorable,
    section_place,
    window_title,
)
from peptide_desk.themes import THEMES, reading_css
from peptide_desk.ui.search_box import SearchBox
from peptide_desk.ui.shell.nav_pane import NavPane
from peptide_desk.ui.shell.page_stack import PageStack
from peptide_desk.ui.shell.panels import Panels
from peptide_desk.ui.shell.session import (
    Bookmarks,
    Session,
    export_user_data,
    import_user_data,
    recover_from_menu,
    user_data_notice,
    write_failed_notice,
)
from peptide_desk.ui.theme import (
    apply_theme,
    clamp_zoom,
    ensure_fusion,
    reading_pt,
    resolve_theme,
    zoom_window,
)

if TYPE_CHECKING:
    from pathlib import Path

    from PySide6.QtGui import QCloseEvent, QPaintEvent, QResizeEvent

    from peptide_desk.decks import Slide
    from peptide_desk.records import Article, SiteInfo
    from peptide_desk.services import Services
    from peptide_desk.ui.cite_menu import Citing
    from peptide_desk.ui.content_dialogs import ContentUpdates
    from peptide_desk.ui.decks_view import DecksView
    from peptide_desk.ui.find_bar import FindBar
    from peptide_desk.ui.reader import ArticleReader
    from peptide_desk.ui.save_flow import SaveFlow
    from peptide_desk.ui.shell.actions import Actions
    from peptide_desk.ui.shell.contents_pane import ContentsPane
    from peptide_desk.ui.shell.presentation import Presenter
    from peptide_desk.ui.shell.printing import PrintService
    from peptide_desk.ui.shell.routing import Router
    from peptide_desk.ui.shell.tab_strip import TabStrip
    from peptide_desk.ui.shell.window_keys import WindowKeys
    from peptide_desk.userdata import Problem

MENUS = ("&File", "&Edit", "&View", "&Go", "&Help")
ZOOM_SAVE_MS = 400  # the zoom setting is written once the zoom steps pause this long


def _app() -> QApplication:
    app = QApplication.instance()
    assert isinstance(app, QApplication), "a QApplication must exist before the window"
    return app


class MainWindow(QMainWindow):
    completed = Signal()  # complete() has run: menus, reader and search are in place
    # built by complete(), right after the first paint:
    site: SiteInfo
    reader: ArticleReader
    contents: ContentsPane
    router: Router
    menu_actions: Actions
    presenter: Presenter
    keys: WindowKeys
    citing: Citing
    tab_strip: TabStrip

    def __init__(self, services: Services, *, deferred: bool = False) -> None:
        super().__init__()
        self.services = services
        self.store, self.user = services.store, services.user
        #: the content check that ui/app.py attaches after the first paint (kept alive here)
        self.content_guard: object | None = None
        self.setWindowTitle(APP_NAME)
        self.theme_setting = str(self.user.get("theme", "system"))
        self.zoom = clamp_zoom(int(self.user.get("zoom", 100)))
        self.reading = Reading(str(self.user.get("tier", "academic")))
        self.history = History()
        self.page_title = APP_NAME  # of the page shown: what a bookmark on it is called
        self.confirm_external = _confirm_external  # replaceable in tests
        self.ask_user_data = _ask_user_data  # the start notice's question; replaceable too
        self.choose_set_aside = _choose_set_aside  # File → Recover's file picker; likewise
        self.open_external = QDesktopServices.openUrl
        self.ready = False
        self._deferred = deferred
        self._pending: Place | None = None  # a restored place shown once complete
        self._printing: PrintService | None = None
        self._updates: ContentUpdates | None = None
        self._zoom_save = QTimer(self, singleShot=True, interval=ZOOM_SAVE_MS)
        self._zoom_save.timeout.connect(self._save_zoom)
        self._app_restyle = QTimer(self, singleShot=True, interval=ZOOM_SAVE_MS)
        self._app_restyle.timeout.connect(self._restyle_app)
        self.decks_view: DecksView | None = None  # view:decks, built on first visit
        self._save_flow: SaveFlow | None = None  # built on the first save
        self._tabs_pending = False  # restore_session ran: reopen the saved tabs once complete
        # theme the application before any widget exists: nothing to re-polish or re-lay out
        self.theme = resolve_theme(self.theme_setting, precise=False)
        self.pal = apply_theme(_app(), self.theme, self.zoom)
        self._build_shell()
        self.panels = Panels(self.stack, self.store, self.open_target, self.theme, self.zoom)
        self.session = Session(self.user, self.store, self)
        self.bookmarks = Bookmarks(self.user, self, self.here, self._show_note)
        self.user.on_write_failed = self.user_data_failed  # never raised into a slot
        self._style_widgets()
        if not deferred:
            self.complete()

    # --- state ----------------------------------------------------------------------------
    @property
    def current(self) -> Place | None:
        """The place shown (None before the first)."""
        return self.history.current

    @property
    def tier(self) -> str:
        """The tier articles open at."""
        return self.reading.tier

    @tier.setter
    def tier(self, tier: str) -> None:
        self.reading.tier = tier

    # --- construction ---------------------------------------------------------------------
    def _build_shell(self) -> None:
        """What the first paint shows; light modules only (no records, pages or Qt enums)."""
        bar = QToolBar("Main", self)
        bar.setMovable(False)
        bar.setObjectName("mainToolbar")
        self.back_btn, self.fwd_btn = QToolButton(self), QToolButton(self)
        for btn, text, tip in ((self.back_btn, "‹ Back", f"Back ({keymap.key('back')})"),
                               (self.fwd_btn, "Forward ›",
                                f"Forward ({keymap.key('forward')})")):
            btn.setText(text)
            btn.setToolTip(tip)
            btn.setAccessibleName(tip)
            btn.setEnabled(False)
            bar.addWidget(btn)
        self.back_btn.clicked.connect(self.go_back)
        self.fwd_btn.clicked.connect(self.go_forward)
        self.search = SearchBox(self.services, self)
        self.search.setMinimumWidth(320)
        self.search.activated.connect(self.open_target)
        bar.addWidget(self.search)
        self.view_btn = QToolButton(self)
        self.view_btn.setText("Aa")
        self.view_btn.setToolTip("Theme and zoom")
        self.view_btn.setAccessibleName("Theme and zoom")
        self.appearance_menu = QMenu(self.view_btn)  # filled when the window completes
        self.view_btn.setMenu(self.appearance_menu)
        self.view_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.view_btn)
        self.addToolBar(bar)
        self.toolbar = bar
        self.menus = {title: self.menuBar().addMenu(title) for title in MENUS}
        self.nav = NavPane(self)
        self.nav.linkActivated.connect(self.open_target)
        self.stack = PageStack(self)
        self.doc = self.stack.doc
        self.doc.browser.linkActivated.connect(self.open_target)
        self.splitter = QSplitter(parent=self)  # horizontal; QSplitter(self) loads Qt enums
        self.splitter.addWidget(self.nav)
        self.splitter.addWidget(self.stack)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 1130])
        self.setCentralWidget(self.splitter)
        self.status_text = QLabel(self._status_line(), self)
        self.status_text.setMinimumWidth(1)  # elided once complete; never widens the window
        self.zoom_label = QLabel(self)
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.zoom_label)
        self.resize(1320, 860)

    def _status_line(self) -> str:
        c = self.store.counts()
        return (f"{c.get('articles', 0)} articles · {c.get('substances', 0)} substances · "
                f"{c.get('glossary', 0)} terms · {c.get('refs', 0)} references · content as of "
                f"{self.store.meta('content_as_of')} · oldest status check "
                f"{self.store.meta('oldest_status_check') or '—'}")

    def complete(self) -> None:
        """Add everything the first paint did not need; idempotent."""
        if self.ready:
            return
        self.ready = True
        from peptide_desk.records import TIERS
        from peptide_desk.ui.app import drop_source_cache
        from peptide_desk.ui.reader import ArticleReader
        from peptide_desk.ui.shell.actions import Actions
        from peptide_desk.ui.shell.contents_pane import ContentsPane
        from peptide_desk.ui.shell.presentation import Presenter
        from peptide_desk.ui.shell.routing import Router
        from peptide_desk.ui.shell.window_keys import WindowKeys

        drop_source_cache()  # what these imports left: the widgets below reuse its memory
        if self.reading.tier not in TIERS:
            self.reading.tier = "academic"
        self.site = self.store.site()
        self.doc.add_find_bar()
        self.reader = ArticleReader(self._render_article, self)
        self.contents = ContentsPane(self)
        self.router = Router(store=self.store, user=self.user, reading=self.reading,
                             palette=lambda: self.pal, stack=self.stack, reader=self.reader,
                             contents=self.contents, panels=self.panels, parent=self)
        self.router.views["whats-new"] = self._show_whats_new_page
        self.keys = WindowKeys(self, (self.doc.browser, self.reader.browser), self.search,
                               back=self.go_back, forward=self.go_forward,
                               at_home=self._at_home, panes=self.focus_panes)
        from peptide_desk.ui.popover import LinkPopovers

        self.popovers = [LinkPopovers(browser, self.router.preview, self.open_target,
                                      self._edit_marked_note, self.open_in_new_tab)
                         for browser in (self.doc.browser, self.reader.browser)]
        for browser in (self.doc.browser, self.reader.browser):
            browser.installEventFilter(self.keys)
            browser.hide_slack_scrollbar()
        from peptide_desk.ui.kept import KeptActions
        from peptide_desk.ui.query_marks import QueryMarks

        self.query_marks = QueryMarks((self.doc.browser, self.reader.browser),
                                      lambda: self.pal)
        self.search.activated.connect(self._mark_query)  # after open_target (first slot)

        self.kept = KeptActions(self, self.user, self._redraw,
                                lambda text: self.statusBar().showMessage(text, 6000))
        self.router.kept = lambda: self.kept.state
        self.reader.linkActivated.connect(self.open_target)
        self._add_citing()
        self.reader.tierChanged.connect(self.router.tier_changed)
        self.stack.add_reader(self.reader)
        self.contents.sectionChosen.connect(self.reader.scroll_to)
        self.contents.linkActivated.connect(self.open_target)
        self.contents.addNote.connect(self.add_note)
        self.reader.sectionChanged.connect(self.contents.track)
        self.contents.setVisible(False)
        self.nav.setVisible(not self.is_narrow())  # a narrow window folds its side panes
        self._add_tab_strip()
        self.splitter.addWidget(self.contents)
        self.splitter.setSizes([190, 880, 250])
        self.search.attach()
        from peptide_desk.ui.fit import elide

        self.status_elider = elide(self.status_text)
        self.menu_actions = Actions(self, self, self.menus, self.appearance_menu)
        self.addActions(self.menu_actions.bound)
        self.presenter = Presenter(self, self, toolbar=self.toolbar, nav=self.nav,
                                   contents=self.contents, search=self.search,
                                   stack=self.stack, store=self.store,
                                   deck=self.user.decks.current, theme=lambda: self.theme)
        self.router.views["decks"] = self.show_decks
        _app().installEventFilter(self.keys)
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._os_scheme_changed)
        restyled = ensure_fusion(_app())
        if restyled or resolve_theme(self.theme_setting) != self.theme:  # the precise check
            self.apply_appearance()
        else:
            self._style_reader()
        pending, self._pending = self._pending, None
        if pending is not None:  # reopening the last place is not a new visit
            self._show(pending.target, scroll=pending.scroll, revisit=True)
        if self._tabs_pending:
            self._restore_tabs()
        if self.user.problem is not None:  # said once the window is on screen
            QTimer.singleShot(0, self.user_data_notice)
        if self.services.content_notice:  # an installed content pack was set aside
            self.statusBar().showMessage(self.services.content_notice, 30000)
        self.completed.emit()

    def paintEvent(self, event: QPaintEvent) -> None:
        super().paintEvent(event)
        if self._deferred:  # the first paint is on its way to the screen: finish after it
            self._deferred = False
            QTimer.singleShot(0, self.complete)

    def show_shell_home(self) -> None:
        """The pre-rendered start page, before the window completes (no page code needed)."""
        self.history.show(HOME)
        self.doc.browser.setHtml(self.store.home_html())
        self.nav.mark(HOME)

    def _render_article(self, article: Article, tier: str) -> str:
        return self.router.render_article(article, tier)

    # --- appearance -----------------------------------------------------------------------
    def apply_appearance(self, zoom_only: bool = False) -> None:
        """Apply the theme and zoom everywhere and re-render the open page, keeping the
        article's first visible block in view; ``zoom_only`` (a zoom step) restyles this
        window now and the rest of the application once the steps pause."""
        reader = self.stack.reader_in_view() if self.ready else None
        mark = reader.position() if reader is not None else None
        with self._filters_paused():
            theme = resolve_theme(self.theme_setting, precise=self.ready)
            if reader is not None and mark is not None and self.history.current is not None:
                reader.drop_text(same_html=theme == self.theme)  # it is rendered again below
            if zoom_only and self.ready and theme == self.theme:
                self.pal = zoom_window(self, self.theme, self.zoom)
                self._app_restyle.start()
            else:
                self.theme = theme
                self.pal = apply_theme(_app(), self.theme, self.zoom)
                self._window_sheet_off()
            self._style_widgets()
            if self.history.current is not None:
                self._show(self.history.current.target, keep_scroll=True)
        if reader is not None:
            if reader.browser.document().isEmpty():  # the article is gone: show what was
                reader.rerender()
            reader.set_position(mark)

    def _restyle_app(self) -> None:
        """The zoom steps paused: the application's stylesheet follows (tooltips, windows
        of their own) and the window's own is dropped, so the two never disagree."""
        if self.styleSheet():
            with self._filters_paused():
                self.pal = apply_theme(_app(), self.theme, self.zoom)
                self._window_sheet_off()

    def _window_sheet_off(self) -> None:
        """Drop the window's own stylesheet (after the application's has caught up, so no
        font changes on the way)."""
        self._app_restyle.stop()
        if self.styleSheet():
            self.setStyleSheet("")

    @contextmanager
    def _filters_paused(self) -> Iterator[None]:
        """Restyling sends every widget thousands of events, and each one would pass through
        the application's Python event filters (keys, presenting): about three quarters of a
        zoom step's restyle. No input arrives meanwhile, so they step aside until it is done."""
        filters = (self.presenter, self.keys) if self.ready else ()
        for f in filters:
            _app().removeEventFilter(f)
        try:
            yield
        finally:
            for f in filters:  # in their first order: the last installed is asked first
                _app().installEventFilter(f)

    def _style_widgets(self) -> None:
        """What the application theme does not reach: page CSS, measures, chart panels."""
        self.doc.browser.document().setDefaultStyleSheet(self._css())
        self.doc.browser.set_reading_pt(reading_pt(self.zoom))
        self._style_reader()
        self.panels.set_look(self.theme, self.zoom)
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
        """Zoom the whole window; the setting is saved once the steps pause (each save is a
        synced write) and at the latest when the window closes."""
        self.zoom = clamp_zoom(percent)
        if persist:
            self._zoom_save.start()
        self.apply_appearance(zoom_only=True)

    def _save_zoom(self) -> None:
        self._zoom_save.stop()
        self.user.set("zoom", self.zoom)

    # --- navigation -----------------------------------------------------------------------
    def open_target(self, target: str, record: bool = True) -> bool:
        """Open an internal target; ask before https; refuse every other scheme."""
        self.complete()
        target = target.strip()
        if self.kept.run(target):  # a command of the Bookmarks or History page
            return False
        kind = link_kind(target)
        if kind == ANCHOR:  # a place on the page shown (e.g. "Full safety information")
            self.stack.browser_in_view().scrollToAnchor(parse_target(target).anchor)
            return False
        if kind == DISCLOSE:  # "How this was checked" on substance and class pages
            self.reading.toggle_checks()
            if self.history.current is not None:
                self._show(self.history.current.target, keep_scroll=True)
            return False
        if kind == EXTERNAL:
            if self.confirm_external(self, target):
                from PySide6.QtCore import QUrl

                self.open_external(QUrl(target))
            return False
        if kind == BLOCKED:
            self.statusBar().showMessage(
                f"Blocked a link Peptide Desk does not open: {target[:80]}", 6000)
            return False
        if needs_lookup(target) and not self.store.target_exists(target):
            self.statusBar().showMessage(f"Not found: {target}", 6000)
            return False
        if record:
            self.history.leave_for(target, self._place_now)
        if target != "view:bookmarks":
            self.kept.forget_undo()
        self._close_find()
        self._show(target)
        return True

    def open_link(self, url: str, *, new_tab: bool = False) -> bool:
        """A ``peptide-desk://`` link (the command line, or a second launch handing it over:
        ``new_tab``, so the place being read stays in its tab): open that place; a
        malformed or unknown link says so in one line, nothing else."""
        from peptide_desk.links import from_app_url
        from peptide_desk.ui.shell.actions import GO_ITEMS

        self.complete()
        target = from_app_url(url.strip())
        shown = "".join(c if c.isprintable() else " " for c in url)  # one line, as given
        shown = shown if len(shown) <= 80 else shown[:79] + "…"
        if target is None:
            self.statusBar().showMessage(f"Peptide Desk cannot open this link (it is not one "
                                         f"of its own, or it is damaged): {shown}", 12000)
            return False
        known = (self.store.target_exists(target) if needs_lookup(target) else
                 target in {t for _label, t, _id in GO_ITEMS}
                 if parse_target(target).scheme == "view" else True)
        if not known:
            self.statusBar().showMessage(f"This link names a page this version does not have: "
                                         f"{shown}; search for the topic instead.", 12000)
            return False
        if new_tab and self.history.current is not None:
            self.open_in_new_tab(target)
            return True
        return self.open_target(target)
    def _close_find(self) -> None:
        """Another page opens: the find bars close and their highlights clear."""
        for bar in (self.doc.find_bar, self.reader.find_bar):
            if bar.isVisible():
                bar.dismiss()

    def _mark_query(self, _target: str) -> None:
        """A search result opened: mark the words that found it (Esc clears them)."""
        self.query_marks.mark(self.stack.browser_in_view(), self.search.opened_query)

    def _redraw(self) -> None:
        """Show the page in view again where it is (a list page's command changed it)."""
        if self.history.current is not None:
            self._show(self.history.current.target, keep_scroll=True)

    def _place_now(self) -> Place:
        current = self.history.current
        assert current is not None
        return self.stack.place(current.target)

    def _show(self, target: str, keep_scroll: bool = False, scroll: int | None = None,
              revisit: bool = False) -> None:
        """Show ``target``; ``revisit`` (Back, Forward) adds no history entry."""
        self.complete()
        old_scroll = self._place_now().scroll if (keep_scroll and self.history.current) \
            else None
        self.history.show(target)
        self.search.close_popup()
        title = self.router.show(target)
        self._fit_panes()
        self.nav.mark(target if parse_target(target).scheme == "view" else "")
        self.back_btn.setEnabled(bool(self.history.back))
        self.fwd_btn.setEnabled(bool(self.history.forward))
        if title:
            self.page_title = title
            self.setWindowTitle(window_title(title))
            self.tab_strip.set_title(title)
            if remembered(target) and not revisit and not keep_scroll:  # a redraw is no visit
                self.user.record_visit(target, title)
        if not keep_scroll:
            self.user.set("last_target", target)
        restore = scroll if scroll is not None else old_scroll
        if restore is not None:
            self.stack.set_scroll(restore)

    def go_back(self) -> None:
        if self.history.can_go_back:
            place = self.history.go_back(self._place_now())
            self._close_find()
            self._show(place.target, scroll=place.scroll, revisit=True)

    def go_forward(self) -> None:
        if self.history.can_go_forward:
            place = self.history.go_forward(self._place_now())
            self._close_find()
            self._show(place.target, scroll=place.scroll, revisit=True)

    def focus_panes(self) -> list[QWidget]:
        """What F6 cycles through: navigation, the page, the contents, the notes."""
        from peptide_desk.ui.shell.window_keys import first_focusable

        page = self.stack.currentWidget()
        reader = self.stack.reader_in_view()
        shown = reader.browser if reader is not None else (
            self.doc.browser if page is self.doc or page is None else first_focusable(page))
        return [self.nav.list, shown, self.contents.sections, self.contents.notes]

    def _at_home(self) -> bool:
        return self.history.current is not None and self.history.current.target == HOME

    # --- session, bookmarks and notes ---------------------------------------------------------
    def restore_session(self) -> None:
        """Reopen the last place, tier and scroll position (home on first start)."""
        place = self.session.restore()
        if self.ready:
            self._show(place.target, scroll=place.scroll, revisit=True)
        elif place.target == HOME:
            self.show_shell_home()  # pre-rendered: painted before the window completes
        else:
            self._pending = place  # shown as soon as the window completes
        self._tabs_pending = True
        if self.ready:
            self._restore_tabs()

    def save_session(self) -> None:
        shown = self.history.current is not None and self.ready
        self.session.save(self._place_now() if shown else None, self.reading.tier)
        if self.ready:
            self.user.set("tabs", self.tab_strip.saved())

    # --- tabs (ui/shell/tab_strip.py) ---------------------------------------------------------
    def _add_tab_strip(self) -> None:
        """The tab strip above the page: the centre of the splitter becomes strip + stack."""
        from PySide6.QtWidgets import QVBoxLayout

        from peptide_desk.ui.shell.tab_strip import TabStrip

        centre = QWidget(self)
        layout = QVBoxLayout(centre)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.tab_strip = TabStrip(centre, self.history, here=self._tab_place,
                                  show=self._show_tab_place, open_target=self.open_target,
                                  say=lambda text: self.statusBar().showMessage(text, 4000))
        self.splitter.replaceWidget(1, centre)
        self.splitter.setStretchFactor(1, 1)  # the page takes the room, as the stack did
        layout.addWidget(self.tab_strip.bar)
        layout.addWidget(self.stack, 1)
        self.stack.show()

    def _tab_place(self) -> Place | None:
        return self._place_now() if self.history.current is not None else None

    def _show_tab_place(self, place: Place) -> None:
        """A tab becomes active: its place, where it was left (no new visit)."""
        self._show(place.target, scroll=place.scroll, revisit=True)

    def _restore_tabs(self) -> None:
        """The tabs open at the last exit, each at its place (the active one is shown)."""
        self._tabs_pending = False
        self.tab_strip.restore_saved(self.user.get("tabs"),
                                     lambda t: restorable(t, self.store.target_exists))

    def open_in_new_tab(self, target: str) -> None:
        """Ctrl+click, Ctrl+Enter or a middle click on a link: it opens in a new tab."""
        self.tab_strip.new_tab(target)

    def new_tab(self) -> None:
        """Ctrl+T: a new tab at the start page, the search field ready."""
        self.tab_strip.new_tab(HOME)
        self.search.focus()

    def close_tab(self) -> None:
        self.tab_strip.close()

    def next_tab(self) -> None:
        self.tab_strip.next()

    def previous_tab(self) -> None:
        self.tab_strip.previous()

    def here(self) -> tuple[str, str] | None:
        """(target, title) of the place a bookmark or note would attach to."""
        current = self.history.current
        if current is None:
            return None
        article = self.stack.article_in_view()
        if article is not None:
            anchor = self.reader.current_anchor()
            section = next((s.title for s in article.sections if s.anchor == anchor), "")
            return section_place(article.id, article.title, anchor, section)
        return page_place(current.target, self.page_title)

    def _edit_marked_note(self, target: str) -> None:
        """A margin marker's "Edit note…": the note on that section."""
        article = self.reader.article
        if article is not None:
            anchor = parse_target(target).anchor
            section = next((s.title for s in article.sections if s.anchor == anchor), "")
            self.bookmarks.add_note(section_place(article.id, article.title, anchor, section))

    def _show_note(self) -> None:
        """A note or bookmark changed: the contents pane lists it, the reader marks it, a
        substance page shows it."""
        if self.stack.reader_in_view() is not None:
            self.reader.rerender()
            self.router.refresh_contents()
        elif self.history.current is not None:
            self._show(self.history.current.target, keep_scroll=True)

    # --- commands (the menus' actions) --------------------------------------------------------
    def toggle_bookmark(self) -> None:
        self.bookmarks.toggle()

    def add_note(self) -> None:
        self.bookmarks.add_note()

    def export_user_data(self) -> None:
        export_user_data(self, self.user)

    def _add_citing(self) -> None:
        """Copy citation / link: the pages' context menus (the reader's cites the section
        under the mouse); the Edit menu calls copy_citation and copy_link."""
        from peptide_desk.ui.cite_menu import (
            Citing,
            install_context_menu,
            reader_place_at,
            reader_slide_at,
        )

        self.citing = Citing(self, self.here, lambda: self.site.content_as_of)
        self.citing.slide_here, self.citing.add_slide = self.slide_here, self.add_slide
        install_context_menu(self.doc.browser, self.citing)
        install_context_menu(self.reader.browser, self.citing, reader_place_at(self.reader),
                             reader_slide_at(self.reader))
        self.panels.built = self._panel_menu

    def _panel_menu(self, panel: QWidget) -> None:
        """The lazily built panels get the page menu too (a chart, the side-by-side view,
        a table)."""
        from PySide6.QtWidgets import QTextBrowser

        from peptide_desk.ui import cite_menu

        side = getattr(panel, "side", None)  # the comparison: its side-by-side view
        browser = getattr(panel, "browser", None)  # a table page
        if isinstance(browser, QTextBrowser):
            cite_menu.install_context_menu(browser, self.citing)
        elif self.panels.chart is panel or side is not None:
            cite_menu.install_panel_menu(side if side is not None else panel, self.citing)

    def copy_citation(self, style: str) -> None:
        self.citing.copy_citation(style)

    def copy_link(self) -> None:
        self.citing.copy_link()

    @property
    def save_flow(self) -> SaveFlow:
        """How this window's exports are saved (dialog, last folders in the user data,
        messages); widgets reach it through ``ui.save_flow.flow_for``."""
        if self._save_flow is None:
            from peptide_desk.ui.save_flow import SaveFlow

            self._save_flow = SaveFlow(self.user)
        return self._save_flow

    def user_data_notice(self) -> None:
        """Why the user data did not open normally (set aside, locked, read-only); after a
        recovery the page shown is redrawn, and "Quit" on a lock closes the window."""
        choice = user_data_notice(self, self.user, self.ask_user_data)
        if choice == "quit":
            self.close()
        elif choice == "recover" and self.history.current is not None:
            self._show(self.history.current.target, keep_scroll=True)

    def import_user_data(self) -> None:
        import_user_data(self, self.user)

    def recover_set_aside(self) -> None:
        """File → Recover Set-Aside User Data…: what a set-aside file holds, merged in."""
        if recover_from_menu(self, self.user, self.choose_set_aside, self.ask_user_data) \
                and self.history.current is not None:
            self._show(self.history.current.target, keep_scroll=True)

    def user_data_failed(self, problem: Problem) -> None:
        """A write failed mid-session (a lock, a full disk, a read-only folder): one
        sentence; the window works on, and what was typed is kept for the session."""
        write_failed_notice(self, problem.message)
    def export_notes_markdown(self, path: str | None = None) -> bool:
        """Every note as one Markdown file (asks where unless ``path`` is given)."""
        from peptide_desk.ui.shell.session import export_notes

        return export_notes(self, self.store, self.user, path)

    def print_service(self) -> PrintService:
        """Printing, built on first use (QtPrintSupport stays off the start path)."""
        if self._printing is None:
            self.complete()
            from peptide_desk.ui.shell.printing import PrintService

            self._printing = PrintService(self, store=self.store, site=self.site,
                                          history=self.history, stack=self.stack,
                                          panels=self.panels)
        return self._printing

    def content_updates(self) -> ContentUpdates:
        """Content packs: install, content version, revert (built on first use)."""
        if self._updates is None:
            self.complete()
            from peptide_desk.ui.content_dialogs import ContentUpdates

            self._updates = ContentUpdates(self, self.services, self.content_changed,
                                           self.open_target)
        return self._updates

    def install_content_update(self) -> None:
        self.content_updates().install()

    def show_content_version(self) -> None:
        self.content_updates().show_version()

    def show_whats_new(self) -> None:
        self.open_target("view:whats-new")

    def _show_whats_new_page(self) -> str:
        """``view:whats-new``: the page ``packs.whats_new`` computes; its title."""
        self.stack.show_doc(self.content_updates().whats_new_html())
        return "What's new"

    def content_changed(self) -> None:
        """The store now serves other content (an install or a revert): every page, panel
        and the status line are drawn from it again; the place shown stays if it exists."""
        self.site = self.store.site()
        self._printing = None  # it holds the site (title, content date) of the old content
        self.status_text.setText(self._status_line())
        self.panels.forget()
        current = self.history.current
        if current is not None and (not needs_lookup(current.target)
                                    or self.store.target_exists(current.target)):
            self._show(current.target, keep_scroll=True)
        else:
            self.open_target("view:home")

    def content_fallback(self, problem: str) -> bool:
        """The content failed its check after the first paint: when it is an installed
        content pack, it is set aside, the previous content is shown and the status line says
        so (True); the bundled database has nothing to fall back to (False)."""
        from peptide_desk.store import StoreError

        try:
            if not self.services.fall_back(problem):
                return False
        except StoreError:
            return False
        if self.ready:
            self.content_changed()
        else:  # the shell: its home page and status line, from the content now in use
            self.status_text.setText(self._status_line())
            self.panels.forget()
            self.show_shell_home()
        self.statusBar().showMessage(self.services.content_notice, 30000)
        return True

    def print_current(self) -> None:
        self.print_service().print_current()

    def export_pdf(self) -> None:
        self.print_service().export_pdf()

    def export_section_pdf(self) -> None:
        self.print_service().export_section_pdf()

    def quit(self) -> None:
        self.close()

    def find_bar(self) -> FindBar:
        return self.stack.find_bar()

    def focus_search(self) -> None:
        self.search.focus()

    def set_tier(self, tier: str) -> None:
        """The reader switches at once; elsewhere, articles open at ``tier`` from now on."""
        reader = self.stack.reader_in_view()
        if reader is not None:
            reader.set_tier(tier)
        else:
            self.reading.tier = tier
            self.user.set("tier", tier)
            self.statusBar().showMessage(f"Articles will open at this tier: {tier.title()}",
                                         4000)

    def toggle_nav(self) -> None:
        self.nav.setVisible(not self.nav.isVisible())

    def toggle_contents(self) -> None:
        self.contents.setVisible(not self.contents.isVisible())

    def toggle_presenting(self) -> None:
        self.presenter.toggle()

    def show_shortcuts(self) -> None:
        from peptide_desk.ui.shell import dialogs

        dialogs.show_shortcuts(self)

    def show_about(self) -> None:
        from peptide_desk.ui.shell import dialogs

        site = self.site
        dialogs.show_about(self, dialogs.about_html(site.title, site.content_as_of,
                                                    site.disclaimer_html, site.about_html))

    # --- decks ------------------------------------------------------------------------------
    def show_decks(self) -> str:
        """``view:decks``: the Decks view, built on first visit."""
        if self.decks_view is None:
            from peptide_desk.ui.decks_view import DecksView

            self.decks_view = DecksView(self.user, self.store, self)
            self.decks_view.linkActivated.connect(self.open_target)
            self.decks_view.message.connect(lambda text: self.statusBar().showMessage(text,
                                                                                      8000))
            self.decks_view.presentRequested.connect(self.toggle_presenting)
            self.stack.addWidget(self.decks_view)
        self.decks_view.refresh()
        self.stack.setCurrentWidget(self.decks_view)
        return "Decks"

    def slide_here(self) -> Slide | None:
        """What "Add to deck" adds: the section in view at its tier, the chart at its phase,
        the side-by-side comparison, the table or substance shown (None elsewhere)."""
        from peptide_desk.decks import slide_for
        from peptide_desk.links import make_target

        current = self.history.current
        reader = self.stack.reader_in_view()
        if current is None:
            return None
        if reader is not None and reader.article is not None:
            art = reader.article
            at_tier = art.sections_for(reader.tier)
            # before the reader has laid the page out, the section the place names
            anchor = reader.current_anchor() or parse_target(current.target).anchor or (
                at_tier[0].anchor if at_tier else "")
            section = next((s.title for s in art.sections if s.anchor == anchor), art.title)
            return slide_for(make_target("article", art.id, anchor), section, tier=reader.tier)
        shown = self.stack.currentWidget()
        chart = self.panels.chart
        if chart is not None and shown is chart and chart.chart is not None:
            return slide_for(make_target("chart", chart.chart.id), chart.chart.title,
                             phase=chart.stepper.current)
        compare = self.panels.compare_in_view()
        if compare is not None:
            if compare.stack.currentWidget() is not compare.side:
                return None
            rows = compare.side.rows
            return slide_for("compare:" + ",".join(r.id for r in rows),
                             " · ".join(r.name for r in rows))
        return slide_for(current.target, self.page_title)

    def add_to_deck(self) -> None:
        """Edit → Add to Deck: the current deck gets what is in view as its last slide."""
        self.add_slide(self.slide_here())

    def add_slide(self, slide: Slide | None) -> None:
        """Add ``slide`` (from the menu, the keys or a context menu) to the current deck."""
        from peptide_desk.userdata import UserDataError

        if slide is None:
            self.statusBar().showMessage(
                "Only a section, table, chart, substance or side-by-side comparison can be "
                "a slide; open one and add it again.", 8000)
            return
        try:
            deck, number = self.user.decks.add_to_current(slide)
        except UserDataError as exc:
            self.statusBar().showMessage(str(exc), 8000)
            return
        self.statusBar().showMessage(f"Added “{slide.title}” to the deck “{deck.name}” as "
                                     f"slide {number}; {keymap.key('present')} presents it.",
                                     8000)
        if self.decks_view is not None:
            self.decks_view.refresh()

    # --- window events ----------------------------------------------------------------------
    def closeEvent(self, event: QCloseEvent) -> None:
        if not self.user.closed:  # a second close after the data was closed saves nothing
            if self._zoom_save.isActive():
                self._save_zoom()
            self.save_session()
        if self._app_restyle.isActive():
            self._restyle_app()  # the application keeps this window's last zoom
        if self.ready:
            _app().removeEventFilter(self.keys)
        super().closeEvent(event)

    def is_narrow(self) -> bool:
        """Too little room (in zoomed units) for side panes: they collapse automatically."""
        return self.width() * 100 / max(self.zoom, 1) < 900

    def _fit_panes(self) -> None:
        """Side panes show when there is room and the window is not presenting; the contents
        pane only beside an article."""
        room = not self.is_narrow() and not self.presenter.active
        self.nav.setVisible(room)
        self.tab_strip.visible_when(not self.presenter.active)
        current = self.history.current
        if current is not None:
            self.contents.setVisible(room and parse_target(current.target).scheme == "article")

    def resizeEvent(self, event: QResizeEvent) -> None:
        if self.ready:  # the shell has no side panes to fold yet
            self._fit_panes()
        super().resizeEvent(event)


def _ask_user_data(parent: QWidget, kind: str, message: str) -> str:
    from peptide_desk.ui.shell import dialogs

    return dialogs.user_data_problem(parent, kind, message)


def _choose_set_aside(parent: QWidget, files: list[Path]) -> Path | None:
    from peptide_desk.ui.shell import dialogs

    return dialogs.choose_set_aside(parent, files)


def _confirm_external(parent: QWidget, url: str) -> bool:
    from peptide_desk.ui.shell import dialogs

    return dialogs.confirm_external(parent, url)
