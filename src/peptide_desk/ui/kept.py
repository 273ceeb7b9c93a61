"""The Bookmarks and History pages' own commands (their ``keep:`` links, ``list_pages``):
rename a bookmark, delete it and undo that, sort the list; delete a history entry, clear
the history after asking. The rows change through ``UserData``; the window redraws the page.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QInputDialog, QLineEdit, QMessageBox, QWidget

from peptide_desk.list_pages import BOOKMARK_SORTS, Kept, parse_keep
from peptide_desk.userdata import UserData


def ask_name(parent: QWidget, title: str) -> str | None:
    """The bookmark's new name; None when cancelled."""
    text, ok = QInputDialog.getText(parent, "Rename bookmark", "Name:",
                                    QLineEdit.EchoMode.Normal, title)
    return text if ok else None


def confirm_clear(parent: QWidget) -> bool:
    """Clearing the history cannot be undone: ask first."""
    answer = QMessageBox.question(
        parent, "Clear history",
        "Delete every entry in your history? Bookmarks and notes are kept.",
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
        QMessageBox.StandardButton.Cancel)
    return answer == QMessageBox.StandardButton.Yes


class KeptActions:
    """Runs a list page's commands; ``state`` is what the Bookmarks page shows (order, Undo).

    ``refresh()`` redraws the page in view; ``say(text)`` is the status bar. ``ask_name``
    and ``confirm_clear`` are the questions (replaceable in tests)."""

    def __init__(self, parent: QWidget, user: UserData, refresh: Callable[[], None],
                 say: Callable[[str], None]) -> None:
        self.parent, self.user, self.refresh, self.say = parent, user, refresh, say
        self.state = Kept()
        self.ask_name: Callable[[QWidget, str], str | None] = ask_name
        self.confirm_clear: Callable[[QWidget], bool] = confirm_clear

    def run(self, target: str) -> bool:
        """Do the command of a ``keep:`` link; False when ``target`` is not one."""
        parsed = parse_keep(target)
        if parsed is None:
            return False
        action, arg = parsed
        {"rename": self.rename, "delete": self.delete, "undo": lambda _a: self.undo(),
         "sort": self.sort, "forget": self.forget,
         "clear": lambda _a: self.clear()}[action](arg)
        self.refresh()
        return True

    def rename(self, target: str) -> None:
        mark = self.user.bookmark(target)
        if mark is None:
            return
        name = self.ask_name(self.parent, mark.title)
        if name is not None and name.strip():
            self.user.rename_bookmark(target, name.strip())
            self.say(f"Bookmark renamed: {name.strip()}")

    def delete(self, target: str) -> None:
        mark = self.user.bookmark(target)
        if mark is None:
            return
        self.user.remove_bookmark(target)
        self.state = self.state._replace(deleted=mark)
        self.say(f"Bookmark deleted: {mark.title}. Undo is at the top of the page.")

    def undo(self) -> None:
        mark = self.state.deleted
        if mark is not None:
            self.user.restore_bookmark(mark)
            self.state = self.state._replace(deleted=None)
            self.say(f"Bookmark restored: {mark.title}")

    def forget_undo(self) -> None:
        """The page was left: the deleted bookmark is no longer offered back."""
        self.state = self.state._replace(deleted=None)

    def sort(self, order: str) -> None:
        if order in BOOKMARK_SORTS:
            self.state = self.state._replace(sort=order)

    def forget(self, target: str) -> None:
        if self.user.delete_visits(target):
            self.say("Removed from your history.")

    def clear(self) -> None:
        if self.confirm_clear(self.parent):
            self.user.clear_history()
            self.say("History cleared.")
