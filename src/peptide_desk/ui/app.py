"""Start the desktop app: one QApplication, one main window. Only Qt and sqlite3 load here.

``peptide_desk.cli`` (the composition root) calls :func:`run_app`; the start-up benchmark and
the snapshot command call :func:`make_application` and :func:`start_window`.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui.shell.main_window import MainWindow


def run_app(db: Path | None = None, argv: list[str] | None = None) -> int:
    """Open the main window; a missing or damaged database gets a clear dialog, not a trace."""
    from PySide6.QtWidgets import QMessageBox

    from peptide_desk import APP_NAME
    from peptide_desk.store import StoreError
    from peptide_desk.userdata import UserDataError

    app = make_application(argv if argv is not None else sys.argv)
    try:
        window = start_window(app, db)
    except (StoreError, UserDataError) as exc:
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    window.show()
    app.aboutToQuit.connect(lambda: _release_clipboard(app))
    code = int(app.exec())
    window.services.close()
    return code


def make_application(argv: list[str]) -> QApplication:
    """The QApplication (or the one that exists), in the Fusion style from the start."""
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui.theme import FUSION_SET

    existing = QApplication.instance()
    if isinstance(existing, QApplication):
        return existing
    app = QApplication([*argv, "-style", "fusion"] if "-style" not in argv else argv)
    app.setProperty(FUSION_SET, "-style" not in argv)
    return app


def start_window(app: QApplication, db: Path | None = None,
                 user_dir: Path | None = None) -> MainWindow:
    """Name the application, open the data and build the window, ready to show.

    The window is staged (``deferred``): its first paint needs only the shell; the rest is
    built right after that paint. The start-up benchmark runs exactly this function.
    """
    import gc

    from PySide6.QtGui import QIcon

    # Start-up creates long-lived objects only (modules, types, widgets): no cyclic GC pass
    # until the window has completed, which then freezes them out of later collections.
    gc.disable()
    from peptide_desk import APP_NAME, __version__
    from peptide_desk.resources import asset
    from peptide_desk.services import open_services
    from peptide_desk.ui.shell.main_window import MainWindow

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Peptide Desk")
    app.setDesktopFileName("peptide-desk")
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = asset("icons", f"peptide-desk-{size}.png")
        if path.is_file():
            icon.addFile(str(path))
    app.setWindowIcon(icon)
    try:
        window = MainWindow(open_services(db, user_dir), deferred=True)
    except BaseException:
        gc.enable()
        raise
    window.completed.connect(_end_of_start)
    window.restore_session()
    return window


def _end_of_start() -> None:
    import gc

    gc.freeze()
    gc.enable()


def _release_clipboard(app: QApplication) -> None:
    """Hand clipboard data we set (HTML tables) back before exit: Qt frees it in an exit
    handler after Python has finalised, which would crash the interpreter."""
    clipboard = app.clipboard()
    if clipboard.ownsClipboard() and clipboard.mimeData() is not None \
            and clipboard.mimeData().hasHtml():
        text = clipboard.text()
        clipboard.clear()
        clipboard.setText(text)  # keep a plain-text copy (created by Qt, not Python)
