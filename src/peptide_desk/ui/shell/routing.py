"""What each internal target shows: articles in the reader, pages and lists in the document
view, the rest in panels. Page HTML comes from the logic layer (``pages``, ``list_pages``),
never SQL here. Built when the window completes."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from peptide_desk.links import make_target, parse_target
from peptide_desk.list_pages import Kept

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from peptide_desk.link_previews import Preview
    from peptide_desk.navigation import Reading
    from peptide_desk.records import Article
    from peptide_desk.store import Store
    from peptide_desk.themes import Palette
    from peptide_desk.ui.reader import ArticleReader
    from peptide_desk.ui.shell.contents_pane import ContentsPane
    from peptide_desk.ui.shell.page_stack import PageStack
    from peptide_desk.ui.shell.panels import Panels
    from peptide_desk.userdata import UserData

#: Record pages shown in the document view.
PAGE_SCHEMES = ("substance", "class", "glossary", "ref")


class Router:
    """Shows a target where it belongs and says its title (for the window and history)."""

    def __init__(self, *, store: Store, user: UserData, reading: Reading,
                 palette: Callable[[], Palette], stack: PageStack, reader: ArticleReader,
                 contents: ContentsPane, panels: Panels, parent: QWidget) -> None:
        self.store, self.user, self.reading, self.palette = store, user, reading, palette
        self.stack, self.reader, self.contents, self.panels = stack, reader, contents, panels
        self.parent = parent  # of the "Compare with…" dialog
        #: What the Bookmarks page shows besides its rows (the window's list commands set it).
        self.kept: Callable[[], Kept] = Kept
        #: ``view:NAME`` pages the window adds (the Decks view): name -> show it, say its title
        self.views: dict[str, Callable[[], str]] = {}

    def show(self, target: str) -> str:
        """Show ``target``; returns its title ("" when there is nothing to show)."""
        t = parse_target(target)
        if t.scheme == "article":
            return self.show_article(t.ident, t.anchor or None)
        if t.scheme in PAGE_SCHEMES:
            return self.show_page(t.scheme, t.ident)
        if t.scheme == "view":
            return self.show_view(t.ident)
        if t.scheme == "compare":
            return self.show_compare(t.ident)
        if t.scheme in ("table", "chart"):
            return self.panels.show(t.scheme, t.ident)
        return ""

    # --- articles -----------------------------------------------------------------------
    def render_article(self, article: Article, tier: str) -> str:
        """The reader's renderer: the article at ``tier``, in the window's colours."""
        from peptide_desk import pages
        from peptide_desk.link_previews import add_marks

        html = pages.article_html(self.store, article, tier, self.palette(),
                                  self.reading.checks_open)
        return add_marks(html, self.section_marks(article))

    def section_marks(self, article: Article) -> dict[str, tuple[bool, bool]]:
        """anchor → (has a note, is bookmarked) for the sections of ``article``."""
        prefix = make_target("article", article.id) + "#"
        noted = {n.target for n in self.user.notes(prefix)}
        kept = self.user.bookmark_targets(prefix)
        return {parse_target(t).anchor: (t in noted, t in kept) for t in noted | kept}

    def show_article(self, ident: str, anchor: str | None) -> str:
        article = self.store.article(ident)
        if article is None:
            return ""
        self.stack.setCurrentWidget(self.reader)
        # a section of a higher tier raises it for this article only (the reader says so);
        # the tier the user chose stays in self.reading
        self.reader.show_article(article, self.reading.tier, anchor)
        self.refresh_contents()
        return article.title

    def refresh_contents(self) -> None:
        """The contents pane: the open article's sections at its tier, and its notes."""
        article = self.reader.article
        if article is None:
            return
        self.contents.set_sections(article.sections_for(self.reader.tier))
        self.contents.track(self.reader.current_anchor())
        from peptide_desk.notes_export import in_reading_order

        notes = in_reading_order(self.user.notes(make_target("article", article.id) + "#"),
                                 article)
        titles = {s.anchor: s.title for s in article.sections}  # the pane is this article's
        self.contents.set_notes([(n.target, titles.get(parse_target(n.target).anchor, n.title),
                                  n.body) for n in notes])

    def tier_changed(self, tier: str) -> None:
        """The reader switched tier: articles open at it from now on."""
        self.reading.tier = tier
        self.user.set("tier", tier)
        self.refresh_contents()

    # --- pages --------------------------------------------------------------------------
    def show_page(self, scheme: str, ident: str) -> str:
        from peptide_desk import pages

        p, st, checks = self.palette(), self.store, self.reading.checks_open
        html = title = ""
        if scheme == "substance" and (sub := st.substance(ident)) is not None:
            note = self.user.note(make_target("substance", ident))
            html = pages.substance_html(st, sub, p, note.body if note else None, checks)
            title = sub.name
        elif scheme == "class" and (cls := st.drug_class(ident)) is not None:
            html, title = pages.class_html(st, cls, p, checks), cls.name
        elif scheme == "glossary" and (term := st.term(ident)) is not None:
            html, title = pages.term_html(st, term, p), term.term
        elif scheme == "ref" and (ref := st.reference(ident)) is not None:
            html = pages.reference_html(st, ref, p)
            title = ref.title.rstrip(".") or ref.short_citation  # History lists it by title
        if title:  # the record exists (open_target checked; a restored place may be gone)
            self.stack.show_doc(html)
        return title

    def show_view(self, name: str) -> str:
        """``view:NAME``: the app's list pages, or the compare and tables panels."""
        from peptide_desk import pages
        from peptide_desk.list_pages import bookmarks_html, charts_index_html, history_html

        if name in self.views:
            return self.views[name]()
        p, st = self.palette(), self.store
        simple: dict[str, Callable[[], str]] = {
            "home": st.home_html,
            "library": lambda: pages.library_html(st, p),
            "glossary": lambda: pages.glossary_index_html(st, p),
            "references": lambda: pages.references_index_html(st, p),
            "bookmarks": lambda: bookmarks_html(self.user, self.kept(), self.gone),
            "history": lambda: history_html(self.user, self.title_of),
            "charts": lambda: charts_index_html(
                [(c.id, c.title, c.description, c.is_schematic)
                 for c in (st.chart(cid) for cid, _ in st.chart_ids()) if c]),
        }
        if name in simple:
            self.stack.show_doc(simple[name]())
            return name.title()
        if name in ("compare", "tables"):
            return self.panels.show(name, "")
        self.stack.show_doc(st.home_html())
        return "Home"

    def gone(self, target: str) -> bool:
        """Whether a bookmark's or note's content record is no longer in the content."""
        from peptide_desk.navigation import needs_lookup

        return needs_lookup(target) and not self.store.target_exists(target)

    def show_compare(self, ident: str) -> str:
        """``compare:ID`` asks what to compare it with; ``compare:A,B[,…]`` (a search result)
        opens those items side by side."""
        ids = ident.split(",")
        if len(ids) == 1:
            from peptide_desk.ui.shell import dialogs

            choices = [(s.id, s.name) for s in self.store.substances()]
            ids += dialogs.pick_substances(self.parent, ids[0], choices)
        return self.panels.show_compare(ids)

    def title_of(self, target: str) -> str | None:
        """A page's title as History lists it today: a reference by its title."""
        t = parse_target(target)
        ref = self.store.reference(t.ident) if t.scheme == "ref" else None
        return ref.title.rstrip(".") if ref is not None else None

    def preview(self, target: str) -> Preview | None:
        """The popover of a link: a reference, a term, or a section's margin marker."""
        from peptide_desk.link_previews import is_mark, mark_preview, preview

        if not is_mark(target):
            return preview(self.store, target)
        article = self.reader.article
        if article is None:
            return None
        anchor = parse_target(target).ident
        section = next((s.title for s in article.sections if s.anchor == anchor), "")
        place = make_target("article", article.id, anchor)
        note = self.user.note(place)
        return mark_preview(section or article.title, note.body if note else None,
                            self.user.is_bookmarked(place), place)
