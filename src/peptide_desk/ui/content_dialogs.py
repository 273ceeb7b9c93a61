"""File → Install content update…, Help → Content version (with revert) and the
"What's new" page's source. Widgets only: every check, write and comparison is in
``peptide_desk.packs`` (no Qt); this module asks it and shows the answer in one sentence."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QApplication,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk import APP_NAME

if TYPE_CHECKING:
    from peptide_desk.services import Services

WHATS_NEW = "view:whats-new"
PACK_FILTER = "Peptide Desk content packs (*.pdpack);;All files (*)"


def _choose_pack(parent: QWidget) -> str:
    """The file dialog (replaceable in tests): a path, or '' when cancelled."""
    path, _ = QFileDialog.getOpenFileName(parent, "Install content update", "", PACK_FILTER)
    return path


def _tell(parent: QWidget, kind: str, text: str) -> None:
    """One message box (replaceable in tests): ``kind`` is "information" or "warning"."""
    icon = QMessageBox.Icon.Warning if kind == "warning" else QMessageBox.Icon.Information
    box = QMessageBox(icon, APP_NAME, text, QMessageBox.StandardButton.Ok, parent)
    box.setTextFormat(Qt.TextFormat.PlainText)  # a pack's change summary is never markup
    box.exec()


class ContentUpdates:
    """The window's content-update commands, given the services and what to do after the
    content switched (``changed``: redraw from the new content) and how to open a page."""

    def __init__(self, parent: QWidget, services: Services, changed: Callable[[], None],
                 open_target: Callable[[str], object]) -> None:
        self.parent, self.services = parent, services
        self.changed, self.open_target = changed, open_target
        self.choose_pack = _choose_pack
        self.tell = _tell
        self.dialog: ContentVersionDialog | None = None

    # --- install ------------------------------------------------------------------------
    def install(self, path: str | None = None) -> bool:
        """Ask for a pack, verify and install it, switch to it and show What's new."""
        from peptide_desk.packs.errors import PackRefused
        from peptide_desk.packs.install import install
        from peptide_desk.packs.keys import KeyFileError

        chosen = path if path is not None else self.choose_pack(self.parent)
        folder = self.services.user_dir
        if not chosen:
            return False
        if folder is None:
            self.tell(self.parent, "warning", "Content updates are kept in the user data "
                                              "folder, which this window does not use.")
            return False
        from PySide6.QtGui import QCursor

        QApplication.setOverrideCursor(QCursor(Qt.CursorShape.WaitCursor))
        try:
            done = install(Path(chosen), folder)
        except (PackRefused, KeyFileError) as exc:
            refused: str | None = str(exc)
        else:
            refused = None
        finally:
            QApplication.restoreOverrideCursor()
        if refused is not None:
            self.tell(self.parent, "warning", refused)
            return False
        if not self._switch():
            return False
        m = done.manifest
        self.open_target(WHATS_NEW)
        self.tell(self.parent, "information",
                  f"Content update version {m.content_version} (content as of "
                  f"{m.content_date}) is installed and in use. {m.changes}")
        return True

    # --- content version and revert -------------------------------------------------------
    def show_version(self) -> ContentVersionDialog:
        """Help → Content version: what is in use, and the ways back."""
        self.dialog = ContentVersionDialog(self, self.parent)
        self.dialog.show()
        return self.dialog

    def facts(self) -> list[tuple[str, str]]:
        """(label, value) rows of the Content version dialog."""
        from peptide_desk import __version__
        from peptide_desk.packs.manifest import CONTENT_ID

        store, choice = self.services.store, self.services.content
        date = store.meta("content_as_of")
        if choice is None or not choice.version or choice.manifest is None:
            return [("Content", CONTENT_ID), ("Version", "bundled"),
                    ("Content as of", date),
                    ("Source", f"bundled with Peptide Desk {__version__}")]
        m = choice.manifest
        return [("Content", m.content_id), ("Version", str(m.content_version)),
                ("Content as of", m.content_date),
                ("Source", f"content update (pack), signed by key {m.key_id}"
                           + _key_name(m.key_id)),
                ("Created", m.created), ("Changes", m.changes)]

    def previous(self) -> int:
        """The installed pack "Revert to previous pack" goes to (0: none)."""
        from peptide_desk.packs.install import previous_pack

        folder = self.services.user_dir
        return previous_pack(folder) if folder is not None else 0

    def current(self) -> int:
        choice = self.services.content
        return choice.version if choice is not None else 0

    def revert(self, version: int) -> bool:
        """Serve pack ``version`` (0: the bundled content) from now on."""
        from peptide_desk.packs.install import RevertError, use

        folder = self.services.user_dir
        if folder is None:
            return False
        try:
            use(folder, version)
        except RevertError as exc:
            self.tell(self.parent, "warning", str(exc))
            return False
        return self._switch()

    def _switch(self) -> bool:
        """Open what the pack state now names; the window redraws from it."""
        from peptide_desk.store import StoreError

        try:
            self.services.reload_content()
        except StoreError as exc:
            self.tell(self.parent, "warning", str(exc))
            return False
        self.changed()
        return True

    # --- What's new ---------------------------------------------------------------------
    def whats_new_html(self) -> str:
        """The page for ``view:whats-new`` (computed by ``packs.whats_new``)."""
        from peptide_desk.packs.whats_new import whats_new_page

        s = self.services
        return whats_new_page(s.store, s.bundled, s.user_dir)


def _key_name(key_id: str) -> str:
    """" (its keyring name)" of a trusted key, or a note that the key is no longer trusted."""
    from peptide_desk.packs.keys import KeyFileError, load_keyring

    try:
        ring = load_keyring()
    except KeyFileError:
        return ""
    key = ring.get(key_id)
    if key is None:
        return " (no longer among the trusted keys)"
    return f" ({key.name})" if key.name else ""


class ContentVersionDialog(QDialog):
    """Content id, version, date and source, and "Revert to bundled content" / "Revert to
    previous pack" (after a revert to the bundled content: back to the pack left)."""

    def __init__(self, updates: ContentUpdates, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.updates = updates
        self.setWindowTitle("Content version")
        layout = QVBoxLayout(self)
        self.form = QFormLayout()
        layout.addLayout(self.form)
        self.bundled_button = QPushButton("Revert to &bundled content", self)
        self.previous_button = QPushButton("Revert to &previous pack", self)
        self.bundled_button.clicked.connect(lambda: self._revert(0))
        self.previous_button.clicked.connect(lambda: self._revert(self.updates.previous()))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.addButton(self.bundled_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.previous_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.refresh()

    def refresh(self) -> None:
        """The facts and the buttons for the content now in use."""
        while self.form.rowCount():
            self.form.removeRow(0)
        for label, value in self.updates.facts():
            text = QLabel(value, self)
            text.setTextFormat(Qt.TextFormat.PlainText)  # values come from the pack
            text.setWordWrap(True)
            text.setObjectName(label)
            self.form.addRow(f"{label}:", text)
        current, previous = self.updates.current(), self.updates.previous()
        self.bundled_button.setEnabled(bool(current))
        self.previous_button.setEnabled(bool(previous))
        self.previous_button.setText(f"Revert to &previous pack (version {previous})"
                                     if previous and current else
                                     f"Use content &update version {previous}" if previous
                                     else "Revert to &previous pack")

    def _revert(self, version: int) -> None:
        if self.updates.revert(version):
            self.refresh()
