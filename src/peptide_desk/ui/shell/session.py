"""The window's user data (never content): the session restored at start and saved at exit,
bookmarks and notes on the place in view, export/import of it all as JSON, and what the
window says at start when the user data did not open normally (set aside, locked,
read-only), with "Recover what can be read".

On the start path (the session is restored before the first paint): Qt names are imported
where they are used. Which places take a bookmark or a note is ``navigation``'s rule.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk.navigation import HOME, Place, can_note, restorable
from peptide_desk.userdata import LOCKED, SET_ASIDE, UserData, UserDataError

if TYPE_CHECKING:
    from PySide6.QtWidgets import QMainWindow, QWidget

    from peptide_desk.store import Store
    from peptide_desk.userdata_recover import Recovery

#: ``ask(window, kind, message) -> choice``: the start question (dialogs.user_data_problem).
Ask = Callable[["QWidget", str, str], str]
#: The object name of the status bar's "User data read-only" label.
READ_ONLY_LABEL = "userDataReadOnly"
#: The kind of export whose last folder the save dialog remembers for user-data files.
USER_DATA_KIND = "user-data"
#: A file larger than this shows its reading progress in the status bar.
PROGRESS_BYTES = 4 * 1024 * 1024


class Session:
    """The last place, its scroll position, the tier and the window geometry."""

    def __init__(self, user: UserData, store: Store, window: QWidget) -> None:
        self.user, self.store, self.window = user, store, window

    def restore(self) -> Place:
        """Put the window back where it was; returns the place to reopen (home on the first
        start, or when the saved place no longer exists)."""
        geometry = self.user.get("geometry")  # a stored value that is not valid reads as None
        if isinstance(geometry, str) and geometry:
            from PySide6.QtCore import QByteArray

            self.window.restoreGeometry(QByteArray.fromBase64(geometry.encode("ascii")))
        target = str(self.user.get("last_target", HOME))
        if not restorable(target, self.store.target_exists):
            target = HOME
        scroll = self.user.get("last_scroll", 0)
        return Place(target, scroll if isinstance(scroll, int) else 0)

    def save(self, place: Place | None, tier: str) -> None:
        """``place`` is where the reader is (None before anything was shown in full)."""
        if place is not None:
            self.user.set("last_target", place.target)
            self.user.set("last_scroll", place.scroll)
        self.user.set("tier", tier)
        self.user.set("geometry", bytes(self.window.saveGeometry().toBase64().data()).decode())


class Bookmarks:
    """Bookmarks and notes on the place in view; ``here()`` says which place that is."""

    def __init__(self, user: UserData, window: QMainWindow,
                 here: Callable[[], tuple[str, str] | None],
                 noted: Callable[[], None]) -> None:
        """``noted()`` shows a saved or deleted note where it belongs."""
        self.user, self.window, self.here, self.noted = user, window, here, noted

    def _say(self, text: str, ms: int = 0) -> None:
        if self.user.read_only and ms:  # the change lasts this session only: say so
            text += " (this session only: your user data is read-only)"
            ms = max(ms, 8000)
        self.window.statusBar().showMessage(text, ms)

    def toggle(self) -> None:
        place = self.here()
        if place is None:
            self._say("Open an article, substance or term to bookmark it.")
            return
        target, title = place
        if self.user.is_bookmarked(target):
            self.user.remove_bookmark(target)
            self._say(f"Bookmark removed: {title}", 4000)
        else:
            self.user.add_bookmark(target, title)
            self._say(f"Bookmarked: {title}", 4000)
        self.noted()  # the reader's margin marker follows

    def add_note(self, place: tuple[str, str] | None = None) -> None:
        """Write the note on ``place`` (target, title), by default the place in view."""
        place = place or self.here()
        if place is None or not can_note(place[0]):
            self._say("Notes attach to article sections and substances.")
            return
        target, title = place
        existing = self.user.note(target)
        from peptide_desk.ui.shell import dialogs

        text = dialogs.edit_note(self.window, title, existing.body if existing else "")
        if text is None:
            return
        self.user.save_note(target, title, text)
        self._say("Note saved." if text.strip() else "Note deleted.", 4000)
        self.noted()


def export_user_data(window: QMainWindow, user: UserData) -> bool:
    """File → Export user data: bookmarks, notes, history and settings as one JSON file,
    saved through the save flow (native dialog, all or nothing, "Saved to …")."""
    from peptide_desk.ui import save_flow

    path = save_flow.ask_save_path(window, USER_DATA_KIND, "peptide-desk-user-data.json",
                                   "JSON (*.json)", "Export user data")
    if path is None:
        return False
    try:
        text = user.export_text()
    except UserDataError as exc:
        save_flow.flow_for(window).tell_failure(window, str(exc))
        return False
    return save_flow.save(window, path, save_flow.text_writer(text))


def export_notes(window: QMainWindow, store: Store, user: UserData,
                 path: str | None = None) -> bool:
    """File → Export notes as Markdown: every note in one file (``notes_export``), through
    the save flow (native dialog, all or nothing, "Saved to …"); ``path`` skips the dialog.
    True when the file was written."""
    from peptide_desk.notes_export import export_notes_markdown
    from peptide_desk.ui import save_flow

    chosen = Path(path) if path is not None else save_flow.ask_save_path(
        window, "notes", "peptide-desk-notes.md", "Markdown (*.md)", "Export notes as Markdown")
    if chosen is None:
        return False
    try:
        text = export_notes_markdown(store, user)
    except UserDataError as exc:
        save_flow.flow_for(window).tell_failure(window, str(exc))
        return False
    return save_flow.save(window, chosen, save_flow.text_writer(text))


def import_user_data(window: QMainWindow, user: UserData) -> None:
    """File → Import user data: merge such a file (nothing is deleted)."""
    from PySide6.QtWidgets import QFileDialog, QMessageBox

    if user.read_only and user.problem is not None:
        QMessageBox.warning(window, "Import not possible", user.problem.message)
        return
    path, _ = QFileDialog.getOpenFileName(window, "Import user data", "", "JSON (*.json)")
    if not path:
        return

    def progress(done: int, total: int) -> None:
        if total > PROGRESS_BYTES:
            from PySide6.QtCore import QEventLoop
            from PySide6.QtWidgets import QApplication

            window.statusBar().showMessage(f"Reading {Path(path).name}… {done * 100 // total}%")
            QApplication.processEvents(QEventLoop.ProcessEventsFlag.ExcludeUserInputEvents)

    try:
        counts = user.import_file(Path(path), progress)
    except UserDataError as exc:
        QMessageBox.warning(window, "Import failed", str(exc))
        return
    window.statusBar().showMessage(
        "Imported " + ", ".join(f"{n} {k}" for k, n in counts.items() if n) + ".")


def user_data_notice(window: QMainWindow, user: UserData, ask: Ask) -> str:
    """Right after the first paint: say why the user data did not open normally. A file set
    aside offers "Recover what can be read"; a lock offers to go on read-only or quit; any
    other read-only start is one line in the status bar. Returns the choice ("recover",
    "read-only", "quit", "ok"), or "" when nothing was asked."""
    problem = user.problem
    if problem is None:
        return ""
    if user.read_only:
        mark_read_only(window, problem.message)
    window.statusBar().showMessage(problem.message)
    if problem.kind not in (SET_ASIDE, LOCKED):
        return ""
    choice = ask(window, problem.kind, problem.message)
    if choice == "recover":
        result = recover_user_data(window, user)
        if result is not None:
            ask(window, "recovered", f"{result.summary()} They were read from {problem.damaged}"
                ", which stays where it is.")
    return choice


def mark_read_only(window: QMainWindow, message: str) -> None:
    """A lasting "User data read-only" in the status bar, saying why on hover (once)."""
    from PySide6.QtWidgets import QLabel

    label = window.findChild(QLabel, READ_ONLY_LABEL)
    if label is None:
        label = QLabel("User data read-only", window)
        label.setObjectName(READ_ONLY_LABEL)
        window.statusBar().addPermanentWidget(label)
    label.setToolTip(message)
    label.setAccessibleName(message)


def write_failed_notice(window: QMainWindow, message: str) -> None:
    """A write failed mid-session: the data goes on in memory; say so in one sentence."""
    mark_read_only(window, message)
    window.statusBar().showMessage(message)


def recover_user_data(window: QMainWindow, user: UserData) -> Recovery | None:
    """Merge the rows still readable in the file set aside into the user data."""
    from PySide6.QtWidgets import QMessageBox

    from peptide_desk.userdata_recover import recover

    damaged = user.problem.damaged if user.problem is not None else None
    if damaged is None:
        return None
    try:
        result = recover(user, damaged)
    except UserDataError as exc:
        QMessageBox.warning(window, "Recovery failed", str(exc))
        return None
    window.statusBar().showMessage(result.summary())
    return result


#: ``choose(window, files) -> file``: which set-aside file to read (dialogs.choose_set_aside).
Choose = Callable[["QWidget", list[Path]], "Path | None"]


def recover_from_menu(window: QMainWindow, user: UserData, choose: Choose, tell: Ask) -> bool:
    """File → Recover Set-Aside User Data…: list the files set aside in the user data folder,
    merge what the chosen one still holds, and say how many bookmarks and notes came back.
    True when rows were merged (the page shown may need redrawing)."""
    from peptide_desk.userdata_recover import recover, set_aside_files

    files = set_aside_files(user.folder)
    if not files:
        tell(window, "recovered", f"No set-aside user data was found in {user.folder}, so "
                                  "there is nothing to recover.")
        return False
    chosen = choose(window, files)
    if chosen is None:
        return False
    try:
        result = recover(user, chosen)
    except UserDataError as exc:
        tell(window, "recovered", str(exc))
        return False
    window.statusBar().showMessage(result.summary())
    tell(window, "recovered", f"{result.summary()} They were read from {chosen}, which stays "
                              "where it is.")
    return any(result.added.values())
