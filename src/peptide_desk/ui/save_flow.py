"""Saving an export the same way everywhere: ask, write all or nothing, say what happened.

:func:`ask_save_path` shows the platform's native save dialog, starting in the folder this
kind of export was last saved to (remembered per kind in the user's settings, the
``save_folders`` setting, validated when read), else the user's Documents folder, else home.
:func:`save` writes through :mod:`peptide_desk.atomic` (a temporary file renamed into place,
so a failure leaves any existing file as it was) and then tells the user: the one-sentence
reason when the file could not be written, or "Saved to …" with an "Open folder" action.

Each window owns a :class:`SaveFlow` (``MainWindow.save_flow``, bound to its user data); a
widget reaches it through its window (:func:`flow_for`), and a widget shown on its own uses
a flow that remembers folders for this session only. The dialog, the message boxes' opening
and the folder opener are attributes, so tests replace them and no native dialog opens.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QFileDialog,
    QMainWindow,
    QMessageBox,
    QPushButton,
    QWidget,
)

from peptide_desk.atomic import SaveError, save_error, write_with
from peptide_desk.userdata import SAVE_FOLDERS, UserDataError

#: ``dialog(parent, title, start_path, name_filter) -> chosen path, or "" when cancelled``.
SaveDialog = Callable[[QWidget | None, str, str, str], str]
#: Writes the export to the temporary path it is given (atomic.write_with).
Writer = Callable[[Path], object]
#: How long "Saved to …" stays in the status bar, in milliseconds.
SAVED_MS = 15000
NOT_SAVED_TITLE = "Not saved"
OPEN_FOLDER = "Open folder"
_PATTERN = re.compile(r"\*(\.[A-Za-z0-9]+)")


class Settings(Protocol):
    """What the flow needs of the user data: one validated setting read and written."""

    def get(self, key: str, default: Any = None) -> Any: ...
    def set(self, key: str, value: Any) -> None: ...


class SessionSettings:
    """Settings kept for this session only (a widget shown without a window, in tests)."""

    def __init__(self) -> None:
        self.values: dict[str, Any] = {}

    def get(self, key: str, default: Any = None) -> Any:
        return self.values.get(key, default)

    def set(self, key: str, value: Any) -> None:
        self.values[key] = value


def native_dialog(parent: QWidget | None, title: str, start: str, name_filter: str) -> str:
    """The platform's own save dialog (it asks before replacing a file)."""
    path, _chosen = QFileDialog.getSaveFileName(parent, title, start, name_filter)
    return path


def documents_folder() -> Path:
    """The user's Documents folder (platformdirs), or home when there is none."""
    try:
        from platformdirs import user_documents_dir

        docs = Path(user_documents_dir())
    except Exception:  # an odd platform setup must not stop a save: fall back to home
        return Path.home()
    return docs if docs.is_dir() else Path.home()


def with_extension(path: Path, name_filter: str) -> Path:
    """``path`` with the filter's first extension added when it has none of the filter's
    (some native dialogs return the name exactly as typed)."""
    extensions = _PATTERN.findall(name_filter)
    if not extensions or path.suffix.lower() in (e.lower() for e in extensions):
        return path
    return path.with_name(path.name + extensions[0])


def open_folder_url(folder: Path) -> QUrl:
    """A local folder as the URL the system file manager opens."""
    return QUrl.fromLocalFile(str(folder))


class SaveFlow:
    """The save dialog, the remembered folders and the messages of one window."""

    def __init__(self, settings: Settings | None = None) -> None:
        self.settings: Settings = settings if settings is not None else SessionSettings()
        self.dialog: SaveDialog = native_dialog
        self.open_url: Callable[[QUrl], object] = QDesktopServices.openUrl
        #: The last thing said to the user (a sentence), for the window's tests and notices.
        self.last_message = ""

    # --- where to save ---------------------------------------------------------------------
    def folders(self) -> dict[str, str]:
        """The last folder per kind of export (an invalid stored value reads as none)."""
        value = self.settings.get(SAVE_FOLDERS, {})
        return dict(value) if isinstance(value, dict) else {}

    def start_folder(self, kind: str) -> Path:
        """Where the dialog opens: the last folder of ``kind`` while it exists, else
        Documents, else home."""
        last = self.folders().get(kind, "")
        if last and Path(last).is_dir():
            return Path(last)
        return documents_folder()

    def remember(self, kind: str, folder: Path) -> None:
        """Keep ``folder`` as the start of the next ``kind`` export (best effort)."""
        folders = self.folders()
        folders[kind] = str(folder)
        # not worth an error when it cannot be kept: the file itself is saved
        with contextlib.suppress(UserDataError, OSError, ValueError):
            self.settings.set(SAVE_FOLDERS, folders)

    def ask_save_path(self, parent: QWidget | None, kind: str, suggested_name: str,
                      name_filter: str, title: str = "Save As") -> Path | None:
        """The path the user chose for ``suggested_name`` (None when cancelled)."""
        start = self.start_folder(kind) / suggested_name
        chosen = self.dialog(parent, title, str(start), name_filter)
        if not chosen:
            return None
        path = with_extension(Path(chosen), name_filter)
        self.remember(kind, path.parent)
        return path

    # --- writing and telling -------------------------------------------------------------------
    def save(self, parent: QWidget | None, path: Path, writer: Writer,
             also: Sequence[tuple[Path, Writer]] = ()) -> bool:
        """Write ``path`` (and each sidecar in ``also``) all or nothing; say how it went."""
        done: list[Path] = []
        for target, write in ((path, writer), *also):
            try:
                write_with(target, write)
            except SaveError as exc:
                self.tell_failure(parent, str(exc))
                return False
            except Exception as exc:  # a writer's own error: still one sentence, no traceback
                self.tell_failure(parent, str(save_error(target, exc)))
                return False
            done.append(target)
        self.tell_saved(parent, done)
        return True

    def tell_failure(self, parent: QWidget | None, sentence: str) -> None:
        """The reason, in a message box that does not block the window."""
        self.last_message = sentence
        box = QMessageBox(QMessageBox.Icon.Warning, NOT_SAVED_TITLE, sentence,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("saveFailed")
        box.open()

    def tell_saved(self, parent: QWidget | None, paths: Sequence[Path]) -> None:
        """'Saved to …' with an "Open folder" action: in the window's status bar, else in a
        message box."""
        first = paths[0]
        more = "".join(f" and {p.name}" for p in paths[1:])
        text = f"Saved to {first}{more}."
        self.last_message = text
        window = parent.window() if parent is not None else None
        if isinstance(window, QMainWindow):
            self._status_notice(window, text, first.parent)
            return
        box = QMessageBox(QMessageBox.Icon.Information, "Saved", text,
                          QMessageBox.StandardButton.Ok, parent)
        box.setObjectName("saved")
        button = box.addButton(OPEN_FOLDER, QMessageBox.ButtonRole.ActionRole)
        button.clicked.connect(lambda: self.open_url(open_folder_url(first.parent)))
        box.open()

    def _status_notice(self, window: QMainWindow, text: str, folder: Path) -> None:
        """The message and an "Open folder" button beside it, hidden when the message goes
        (one button per status bar, pointed at the folder of the latest save)."""
        bar = window.statusBar()
        button = bar.findChild(QPushButton, "openFolder")
        if button is None:
            button = QPushButton(OPEN_FOLDER, bar)
            button.setObjectName("openFolder")
            bar.addPermanentWidget(button)
            shown = button  # not None, for the slots below
            bar.messageChanged.connect(
                lambda message: shown.setVisible(message == shown.property("savedText")))
            button.clicked.connect(
                lambda: self.open_url(open_folder_url(Path(str(shown.property("folder"))))))
            # adding a widget leaves events posted to the bar's normal widgets that would show
            # them again over the message: deliver them before the message hides them
            for child in bar.findChildren(QWidget):
                QApplication.sendPostedEvents(child)
        button.setProperty("savedText", text)
        button.setProperty("folder", str(folder))
        button.setAccessibleName(f"Open the folder {folder}")
        button.setToolTip(str(folder))
        bar.showMessage(text, SAVED_MS)
        button.show()


#: The flow of widgets shown without a window (remembers folders for this session only).
_DETACHED = SaveFlow()


def flow_for(widget: QWidget | None) -> SaveFlow:
    """The save flow of ``widget``'s window, or the detached one."""
    window = widget.window() if widget is not None else None
    found = getattr(window, "save_flow", None)
    return found if isinstance(found, SaveFlow) else _DETACHED


def ask_save_path(parent: QWidget | None, kind: str, suggested_name: str,
                  name_filter: str, title: str = "Save As") -> Path | None:
    """Ask where to save (native dialog, last folder of ``kind``); None when cancelled."""
    return flow_for(parent).ask_save_path(parent, kind, suggested_name, name_filter, title)


def save(parent: QWidget | None, path: Path, writer: Writer,
         also: Sequence[tuple[Path, Writer]] = ()) -> bool:
    """Write ``path`` through atomic.py and tell the user how it went; True when saved."""
    return flow_for(parent).save(parent, path, writer, also)


def text_writer(text: str, encoding: str = "utf-8") -> Writer:
    """A writer of ``text`` (``utf-8-sig`` gives spreadsheets their byte-order mark)."""
    def write(tmp: Path) -> None:
        tmp.write_bytes(text.encode(encoding))  # atomic.py flushes it before the rename

    return write
