"""Start the desktop app: one QApplication, one main window. Only Qt and sqlite3 load here."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication


def run_app(db: Path | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; a missing or damaged database gets a clear dialog, not a trace."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from peptide_desk import APP_NAME, __version__
    from peptide_desk.services import open_services
    from peptide_desk.store import StoreError
    from peptide_desk.userdata import UserDataError

    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(
        argv if argv is not None else sys.argv)
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Peptide Desk")
    app.setDesktopFileName("peptide-desk")
    from PySide6.QtGui import QIcon

    from peptide_desk.resources import asset

    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = asset("icons", f"peptide-desk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    app.setWindowIcon(icon)
    try:
        services = open_services(db)
    except (StoreError, UserDataError) as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    from peptide_desk.ui.main_window import MainWindow

    window = MainWindow(services)
    window.restore_session()
    window.show()
    app.aboutToQuit.connect(lambda: _release_clipboard(app))
    code = int(app.exec())
    services.close()
    return code


def _release_clipboard(app: QApplication) -> None:
    """Hand clipboard data we set (HTML tables) back before exit: Qt frees it in an exit
    handler after Python has finalised, which would crash the interpreter."""
    clipboard = app.clipboard()
    if clipboard.ownsClipboard() and clipboard.mimeData() is not None \
            and clipboard.mimeData().hasHtml():
        text = clipboard.text()
        clipboard.clear()
        clipboard.setText(text)  # keep a plain-text copy (created by Qt, not Python)
