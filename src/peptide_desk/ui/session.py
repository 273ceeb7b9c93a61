"""Bookmarks, notes and session restore of the main window (user data, never content)."""

from __future__ import annotations

from peptide_desk import APP_NAME

#: Link schemes the window opens itself.
INTERNAL = ("article", "substance", "class", "glossary", "ref", "table", "chart", "view",
            "compare")


class SessionMixin:
    """Mixed into MainWindow: everything that reads or writes the per-user database."""

    def here(self) -> tuple[str, str] | None:
        """(target, title) of the place a bookmark or note would attach to."""
        if self.current is None:
            return None
        if self.stack.currentWidget() is self.reader and self.reader.article is not None:
            art = self.reader.article
            anchor = self.reader.current_anchor()
            section = next((s.title for s in art.sections if s.anchor == anchor), "")
            target = f"article:{art.id}" + (f"#{anchor}" if anchor else "")
            return target, f"{art.title} — {section}" if section else art.title
        scheme = self.current.target.partition(":")[0]
        if scheme in ("substance", "class", "glossary", "ref", "table", "chart"):
            return self.current.target, self.windowTitle().replace(f" — {APP_NAME}", "")
        return None

    def toggle_bookmark(self) -> None:
        place = self.here()
        if place is None:
            self.statusBar().showMessage("Open an article, substance or term to bookmark it.")
            return
        target, title = place
        if self.user.is_bookmarked(target):
            self.user.remove_bookmark(target)
            self.statusBar().showMessage(f"Bookmark removed: {title}", 4000)
        else:
            self.user.add_bookmark(target, title)
            self.statusBar().showMessage(f"Bookmarked: {title}", 4000)

    def add_note(self) -> None:
        place = self.here()
        if place is None or place[0].partition(":")[0] not in ("article", "substance"):
            self.statusBar().showMessage("Notes attach to article sections and substances.")
            return
        target, title = place
        existing = self.user.note(target)
        from peptide_desk.ui import dialogs

        text = dialogs.edit_note(self, title, existing.body if existing else "")
        if text is None:
            return
        self.user.save_note(target, title, text)
        self.statusBar().showMessage("Note saved." if text.strip() else "Note deleted.", 4000)
        if self.stack.currentWidget() is self.reader:
            self._refresh_contents()
        else:
            self._show(self.current.target, keep_scroll=True)

    def restore_session(self) -> None:
        """Reopen the last place, tier and scroll position (home on first start)."""
        geometry = self.user.get("geometry")
        if geometry:
            from PySide6.QtCore import QByteArray

            self.restoreGeometry(QByteArray.fromBase64(geometry.encode()))
        target = str(self.user.get("last_target", "view:home"))
        if target.partition(":")[0] not in INTERNAL or (
                not target.startswith(("view:", "compare:"))
                and not self.store.target_exists(target)):
            target = "view:home"
        scroll = int(self.user.get("last_scroll", 0) or 0)
        if self.ready:
            self._show(target, scroll=scroll)
        elif target == "view:home":
            self.show_shell_home()  # pre-rendered: painted before the window completes
        else:
            from peptide_desk.ui.main_window import Place

            self._pending = Place(target, scroll)  # shown as soon as the window completes

    def save_session(self) -> None:
        if self.current is not None and self.ready:
            place = self._place_now()
            self.user.set("last_target", place.target)
            self.user.set("last_scroll", place.scroll)
        self.user.set("tier", self.tier)
        self.user.set("geometry", bytes(self.saveGeometry().toBase64()).decode())

