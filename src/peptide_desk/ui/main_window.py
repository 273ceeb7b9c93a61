"""The main window: toolbar with search, navigation pane, content stack, contents pane.

It routes every internal link (``article:``, ``substance:``, ``view:`` …) to a panel and
keeps back/forward history. Panels that need pyqtgraph are imported on first use.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QEvent, QObject, Qt, QUrl
from PySide6.QtGui import QDesktopServices, QKeyEvent, QMouseEvent
from PySide6.QtWidgets import (
    QApplication,
    QLabel,
    QMainWindow,
    QSplitter,
    QStackedWidget,
    QToolBar,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import APP_NAME, pages
from peptide_desk.list_pages import bookmarks_html, charts_index_html, history_html
from peptide_desk.records import TIERS
from peptide_desk.services import Services
from peptide_desk.themes import reading_css
from peptide_desk.ui.actions import build_actions
from peptide_desk.ui.browser import ContentBrowser, FindBar
from peptide_desk.ui.reader import ArticleReader
from peptide_desk.ui.search_box import SearchBox
from peptide_desk.ui.session import INTERNAL, SessionMixin
from peptide_desk.ui.side_panes import ContentsPane, NavPane
from peptide_desk.ui.theme import apply_theme, clamp_zoom, reading_pt, resolve_theme


@dataclass
class Place:
    target: str
    scroll: int = 0


class DocumentView(QWidget):
    """A rendered page (substance, class, term, reference, lists) with find in page."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = ContentBrowser(self)
        self.browser.setAccessibleName("Page")
        self.browser.MEASURE_CHARS = 100  # reference pages carry wide attribute tables
        self.find_bar = FindBar(self.browser, self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.find_bar)
        layout.addWidget(self.browser, 1)


class MainWindow(SessionMixin, QMainWindow):
    def __init__(self, services: Services) -> None:
        super().__init__()
        self.s = services
        self.store, self.user = services.store, services.user
        self.site = self.store.site()
        self.setWindowTitle(APP_NAME)
        self.theme_setting = str(self.user.get("theme", "system"))
        self.zoom = clamp_zoom(int(self.user.get("zoom", 100)))
        self.tier = str(self.user.get("tier", "academic"))
        if self.tier not in TIERS:
            self.tier = "academic"
        self.current: Place | None = None
        self.back_stack: list[Place] = []
        self.fwd_stack: list[Place] = []
        self._compare = self._chart = self._table = self._tables = None
        self.confirm_external = _confirm_external  # replaceable in tests
        self.open_external = QDesktopServices.openUrl
        self._build()
        build_actions(self)
        self.apply_appearance()
        QApplication.instance().installEventFilter(self)

    # --- construction ---------------------------------------------------------------------
    def _build(self) -> None:
        bar = QToolBar("Main", self)
        bar.setMovable(False)
        bar.setObjectName("mainToolbar")
        self.back_btn, self.fwd_btn = QToolButton(self), QToolButton(self)
        for btn, text, tip in ((self.back_btn, "‹ Back", "Back (Alt+Left)"),
                               (self.fwd_btn, "Forward ›", "Forward (Alt+Right)")):
            btn.setText(text)
            btn.setToolTip(tip)
            btn.setAccessibleName(tip)
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
        self.view_btn.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        bar.addWidget(self.view_btn)
        self.addToolBar(bar)
        self.toolbar = bar
        self.nav = NavPane(self)
        self.nav.linkActivated.connect(self.open_target)
        self.stack = QStackedWidget(self)
        self.doc = DocumentView(self)
        self.doc.browser.linkActivated.connect(self.open_target)
        self.doc.browser.definition_for = self._hover_text
        self.doc.browser.installEventFilter(self)
        self.reader = ArticleReader(self._render_article, self)
        self.reader.browser.definition_for = self._hover_text
        self.reader.browser.installEventFilter(self)
        self.reader.linkActivated.connect(self.open_target)
        self.reader.tierChanged.connect(self._tier_changed)
        self.stack.addWidget(self.doc)
        self.stack.addWidget(self.reader)
        self.contents = ContentsPane(self)
        self.contents.sectionChosen.connect(self.reader.scroll_to)
        self.contents.linkActivated.connect(self.open_target)
        self.contents.addNote.connect(self.add_note)
        self.reader.sectionChanged.connect(self.contents.track)
        self.splitter = QSplitter(Qt.Orientation.Horizontal, self)
        for w in (self.nav, self.stack, self.contents):
            self.splitter.addWidget(w)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([190, 880, 250])
        self.setCentralWidget(self.splitter)
        self.status_text = QLabel(self)
        self.zoom_label = QLabel(self)
        self.statusBar().addWidget(self.status_text, 1)
        self.statusBar().addPermanentWidget(self.zoom_label)
        c = self.site.counts
        self.status_text.setText(
            f"{c.get('articles', 0)} articles · {c.get('substances', 0)} substances · "
            f"{c.get('glossary', 0)} terms · {c.get('refs', 0)} references · content as of "
            f"{self.site.content_as_of}")
        self.resize(1320, 860)

    # --- appearance -----------------------------------------------------------------------
    def apply_appearance(self) -> None:
        """Apply the theme and zoom everywhere and re-render the open page."""
        self.theme = resolve_theme(self.theme_setting)
        self.pal = apply_theme(QApplication.instance(), self.theme, self.zoom)
        css = reading_css(self.pal, reading_pt(self.zoom))
        for browser in (self.doc.browser, self.reader.browser):
            browser.document().setDefaultStyleSheet(css)
        for panel in (self._compare, self._chart, self._table):
            if panel is not None:
                panel.set_theme(self.theme)
                panel.set_zoom(self.zoom)
        self.zoom_label.setText(f"Zoom {self.zoom}%")
        if self.current is not None:
            self._show(self.current.target, keep_scroll=True)

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
        target = target.strip()
        scheme = target.partition(":")[0]
        if scheme == "https":
            if self.confirm_external(self, target):
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

    def _render_article(self, article, tier: str) -> str:
        return pages.article_html(self.store, article, tier, self.pal)

    def _show_article(self, ident: str, anchor: str | None) -> str:
        article = self.store.article(ident)
        if article is None:
            return ""
        self.stack.setCurrentWidget(self.reader)
        self.reader.show_article(article, self.tier, anchor)
        self.tier = self.reader.tier
        self._refresh_contents()
        return article.title

    def _refresh_contents(self) -> None:
        article = self.reader.article
        if article is None:
            return
        self.contents.set_sections(article.sections_for(self.reader.tier))
        self.contents.track(self.reader.current_anchor())
        notes = self.user.notes(f"article:{article.id}#")
        self.contents.set_notes([(n.target, n.title, n.body) for n in notes])

    def _tier_changed(self, tier: str) -> None:
        self.tier = tier
        self.user.set("tier", tier)
        self._refresh_contents()

    def _show_page(self, scheme: str, ident: str) -> str:
        p = self.pal
        if scheme == "substance":
            sub = self.store.substance(ident)
            note = self.user.note(f"substance:{ident}")
            html, title = pages.substance_html(self.store, sub, p, note.body if note else None), \
                sub.name
        elif scheme == "class":
            cls = self.store.drug_class(ident)
            html, title = pages.class_html(self.store, cls, p), cls.name
        elif scheme == "glossary":
            term = self.store.term(ident)
            html, title = pages.term_html(self.store, term, p), term.term
        else:
            ref = self.store.reference(ident)
            html, title = pages.reference_html(self.store, ref, p), \
                f"{ref.authors.split(',')[0]} {ref.year}"
        self._set_doc(html)
        return title

    def _set_doc(self, html: str) -> None:
        self.stack.setCurrentWidget(self.doc)
        self.doc.browser.setHtml(html)
        self.doc.browser.verticalScrollBar().setValue(0)
        if self.doc.find_bar.isVisible():
            self.doc.find_bar.highlight_all(self.doc.find_bar.edit.text())

    def _show_view(self, name: str) -> str:
        p, st = self.pal, self.store
        simple = {
            "home": lambda: pages.home_html(st, p),
            "library": lambda: pages.library_html(st, p),
            "glossary": lambda: pages.glossary_index_html(st, p),
            "references": lambda: pages.references_index_html(st, p),
            "bookmarks": lambda: bookmarks_html(self.user),
            "history": lambda: history_html(self.user),
            "charts": lambda: charts_index_html(
                [(c.id, c.title, c.description, c.is_schematic)
                 for c in (st.chart(cid) for cid, _ in st.chart_ids()) if c]),
        }
        if name in simple:
            self._set_doc(simple[name]())
            return name.title()
        if name in ("compare", "tables"):
            from peptide_desk.ui import lazy_panels

            return lazy_panels.show(self, name, "")
        self._set_doc(pages.home_html(st, p))
        return "Home"

    def _show_compare(self, ids: list[str]) -> str:
        from peptide_desk.ui import lazy_panels

        choices = [(s.id, s.name) for s in self.store.substances()]
        from peptide_desk.ui import dialogs

        extra = dialogs.pick_substances(self, ids[0], choices) if len(ids) == 1 else []
        return lazy_panels.show_compare(self, ids + extra)

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
        QApplication.instance().removeEventFilter(self)
        super().closeEvent(event)

    def _hover_text(self, key: str) -> str | None:
        if key.startswith("ref:"):
            ref = self.store.reference(key[4:])
            return f"{ref.citation}\n[{ref.status_label}]" if ref else None
        term = self.store.term(key)
        return f"{term.term}: {term.definition}" if term else None

    def is_narrow(self) -> bool:
        """Too little room (in zoomed units) for side panes: they collapse automatically."""
        return self.width() * 100 / max(self.zoom, 1) < 900

    def resizeEvent(self, event) -> None:
        narrow = self.is_narrow()
        self.nav.setVisible(not narrow and not getattr(self, "presenting", False))
        if self.current is not None:
            self.contents.setVisible(not narrow and self.current.target.startswith("article:")
                                     and not getattr(self, "presenting", False))
        super().resizeEvent(event)

    def eventFilter(self, obj: QObject, event: QEvent) -> bool:
        etype = event.type()
        if etype == QEvent.Type.MouseButtonPress and isinstance(event, QMouseEvent) \
                and self.isActiveWindow():
            if event.button() == Qt.MouseButton.BackButton:
                self.go_back()
                return True
            if event.button() == Qt.MouseButton.ForwardButton:
                self.go_forward()
                return True
        if obj in (self.doc.browser, self.reader.browser) and etype == QEvent.Type.KeyPress \
                and isinstance(event, QKeyEvent):
            text = event.text()
            plain = not (event.modifiers() & ~Qt.KeyboardModifier.ShiftModifier)
            if plain and text == "/":
                self.search.focus()
                return True
            if plain and text.isprintable() and text.strip() and self.current is not None \
                    and self.current.target == "view:home":
                self.search.focus(text)
                return True
        return super().eventFilter(obj, event)


def _confirm_external(parent: QWidget, url: str) -> bool:
    from peptide_desk.ui import dialogs

    return dialogs.confirm_external(parent, url)
