"""What each internal target shows: articles in the reader, pages and lists in the document
view (mixed into MainWindow; page HTML comes from the logic layer, never SQL here)."""

from __future__ import annotations


class RoutesMixin:
    """Rendering of ``article:``, ``substance:``/``class:``/``glossary:``/``ref:`` and ``view:``."""

    def _render_article(self, article, tier: str) -> str:
        from peptide_desk import pages

        return pages.article_html(self.store, article, tier, self.pal, self.checks_open)

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
        from peptide_desk import pages

        p = self.pal
        if scheme == "substance":
            sub = self.store.substance(ident)
            note = self.user.note(f"substance:{ident}")
            html, title = pages.substance_html(self.store, sub, p, note.body if note else None,
                                               self.checks_open), sub.name
        elif scheme == "class":
            cls = self.store.drug_class(ident)
            html, title = pages.class_html(self.store, cls, p, self.checks_open), cls.name
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
        from peptide_desk import pages
        from peptide_desk.list_pages import bookmarks_html, charts_index_html, history_html

        p, st = self.pal, self.store
        simple = {
            "home": st.home_html,
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
        self._set_doc(st.home_html())
        return "Home"

    def _show_compare(self, ids: list[str]) -> str:
        """``compare:ID`` asks what to compare it with; ``compare:A,B[,…]`` (a search result)
        opens those items side by side."""
        from peptide_desk.ui import lazy_panels

        ids = [i for part in ids for i in part.split(",")]
        if len(ids) == 1:
            from peptide_desk.ui import dialogs

            choices = [(s.id, s.name) for s in self.store.substances()]
            ids += dialogs.pick_substances(self, ids[0], choices)
        return lazy_panels.show_compare(self, ids)

    def _hover_text(self, key: str) -> str | None:
        if key.startswith("ref:"):
            ref = self.store.reference(key[4:])
            return f"{ref.citation}\n[{ref.status_label}]" if ref else None
        term = self.store.term(key)
        return f"{term.term}: {term.definition}" if term else None
