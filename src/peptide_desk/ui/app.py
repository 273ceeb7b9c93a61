"""Start the desktop app: one QApplication, one main window. Only Qt and sqlite3 load here.

``peptide_desk.cli`` (the composition root) calls :func:`run_app`; the start-up benchmark and
the snapshot command call :func:`make_application` and :func:`start_window`.

Damaged content is never served: a database that cannot be opened gets one dialog before
any window; one that opens is verified (``integrity.verify``: the recorded SHA-256 and size,
then tables, schema and row counts from ``meta``) right after the window's first paint, before
the window completes, and a failure hides the window and shows one dialog saying what is
wrong and what to do (reinstall, or revert the content). A :class:`StoreError` raised later
(a page that cannot be read) ends the window the same way, never with a traceback.
"""

from __future__ import annotations

import contextlib
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import TracebackType

    from PySide6.QtWidgets import QApplication, QWidget

    from peptide_desk.ui.instance import InstanceServer
    from peptide_desk.ui.shell.main_window import MainWindow


def run_app(db: Path | None = None, argv: list[str] | None = None, *,
            link: str | None = None, new_window: bool = False) -> int:
    """Open the main window; a missing or damaged database gets a clear dialog, not a trace.

    ``link`` (a ``peptide-desk://`` link) is handed to the instance already running on this
    user's data when there is one (``handoff``; not with ``new_window``), else opened here
    once the window is complete. SIGINT and SIGTERM close the window the normal way."""
    import signal

    from peptide_desk.ui.signals import QUIT_SIGNALS

    early: list[int] = []  # a signal before the loop can be woken: acted on once it runs
    originals = {sig: signal.signal(sig, lambda n, _f: early.append(n)) for sig in QUIT_SIGNALS}
    try:
        return _run(db, argv, link, new_window, early)
    finally:
        for sig, handler in originals.items():
            signal.signal(sig, handler)


def _run(db: Path | None, argv: list[str] | None, link: str | None, new_window: bool,
         early: list[int]) -> int:
    from PySide6.QtWidgets import QMessageBox

    from peptide_desk import APP_NAME
    from peptide_desk.store import StoreError
    from peptide_desk.userdata import UserDataError

    if link is not None and not new_window and _handed_off(link):
        return 0
    app = make_application(argv if argv is not None else sys.argv)
    from peptide_desk.ui.signals import QuitOnSignals

    windows: list[MainWindow] = []  # the window, once built: a signal during start waits
    signals = QuitOnSignals(lambda: _close_and_quit(app, windows), pending=early)
    try:
        window = start_window(app, db)
    except StoreError as exc:
        signals.uninstall()
        show_content_problem(None, _diagnosis(db, exc))
        return 1
    except UserDataError as exc:
        signals.uninstall()
        set_app_icon(app)
        QMessageBox.critical(None, APP_NAME, str(exc))
        return 1
    windows.append(window)
    services = window.services  # the window is deleted when its content fails the check
    window.completed.connect(lambda: _serve_and_open(window, link))
    window.show()
    app.aboutToQuit.connect(lambda: _release_clipboard(app))
    global _in_main_loop
    _in_main_loop = True
    try:
        code = int(app.exec())
    finally:
        _in_main_loop = False
        signals.uninstall()
        for server in _servers:
            server.close()
        _servers.clear()
    services.close()
    return code


def _handed_off(link: str) -> bool:
    """Give ``link`` to the running instance (True), or start here (False)."""
    from peptide_desk.handoff import hand_off
    from peptide_desk.resources import user_data_dir

    try:
        return hand_off(user_data_dir(), link)
    except OSError:  # an unusable user folder: this launch opens the link itself
        return False


#: The hand-off servers of the windows run_app started (closed when the loop ends).
_servers: list[InstanceServer] = []


def _serve_and_open(window: MainWindow, link: str | None) -> None:
    """Once complete: serve links from later launches, and open this launch's own."""
    from peptide_desk.ui.instance import serve

    server = serve(window.user.folder, window, lambda url: window.open_link(url, new_tab=True))
    if server is not None:
        _servers.append(server)
    if link is not None:
        window.open_link(link)


def _close_and_quit(app: QApplication, windows: list[MainWindow]) -> None:
    """SIGINT or SIGTERM: the window's own close (session saved), then the loop ends. Runs
    from the event loop (a zero timer), so a signal during the start acts once it runs."""
    for window in windows:
        with contextlib.suppress(RuntimeError):  # RuntimeError: the window was deleted
            window.close()
    app.quit()


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

    # Start-up creates long-lived objects only (modules, types, widgets): no cyclic GC pass
    # until the window has completed, which then freezes them out of later collections.
    gc.disable()
    from peptide_desk import APP_NAME, __version__
    from peptide_desk.services import open_services
    from peptide_desk.ui.shell.main_window import MainWindow

    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setApplicationVersion(__version__)
    app.setOrganizationName("Peptide Desk")
    app.setDesktopFileName("peptide-desk")
    try:
        window = MainWindow(open_services(db, user_dir), deferred=True)
    except BaseException:
        gc.enable()
        raise
    window.completed.connect(_end_of_start)
    window.completed.connect(lambda: set_app_icon(app))
    _guard_content(app, window)
    window.restore_session()
    drop_source_cache()
    return window


def drop_source_cache() -> None:
    """Forget the source lines PySide6 read on import: its ``__feature__`` hook reads every
    module imported after it (``inspect.getsource``) and ``linecache`` keeps them, about
    2 MiB by the first paint and 3.5 MiB once complete. Only tracebacks use the cache, and
    they read the files again when they need them."""
    import linecache

    linecache.clearcache()


def set_app_icon(app: QApplication) -> None:
    """Give the application its icon (every size shipped), once: when the window completes
    or with a dialog that ends the start. Not before the first paint: the first QIcon loads
    Qt's icon-engine plugins (~4 ms), and a window takes the icon when it is set later."""
    from PySide6.QtCore import QSize
    from PySide6.QtGui import QIcon

    from peptide_desk.resources import asset

    if not app.windowIcon().isNull():
        return
    icon = QIcon()
    for size in (16, 32, 48, 64, 128, 256):
        path = asset("icons", f"peptide-desk-{size}.png")
        if path.is_file():  # each file's size given: Qt reads a PNG only when it is shown
            icon.addFile(str(path), QSize(size, size))
    app.setWindowIcon(icon)


def _diagnosis(db: Path | None, exc: Exception) -> str:
    """What the full check says about a database that failed to open (it names the damage
    more precisely than the error that stopped the start), else the error itself."""
    from peptide_desk.integrity import verify
    from peptide_desk.resources import database_path

    try:
        report = verify(db or database_path())
    except Exception:  # the error that stopped the start says enough
        return str(exc)
    return str(exc) if report.ok else report.message()


def show_content_problem(parent: QWidget | None, message: str) -> None:
    """The one dialog for damaged content (replaceable in tests, which record it)."""
    from PySide6.QtWidgets import QApplication, QMessageBox

    from peptide_desk import APP_NAME

    app = QApplication.instance()
    if isinstance(app, QApplication):
        set_app_icon(app)
    box = QMessageBox(QMessageBox.Icon.Critical, APP_NAME,
                      "Peptide Desk cannot show its content: the content database is damaged "
                      "or is not the one this version installed.", QMessageBox.StandardButton.Ok,
                      parent)
    box.setInformativeText(message)
    box.exec()


#: The guard of the newest window; the exception hook reports through it.
_guard: _ContentGuard | None = None
_previous_hook = sys.excepthook
#: True while run_app's app.exec() runs. Only then may a failed check end the application:
#: QCoreApplication.exit() outside exec() leaves "quit now" set, and every later nested
#: event loop (dialogs, waits) would return at once.
_in_main_loop = False


class _ContentGuard:
    """Verifies the database after the window's first paint; ends the window on failure.

    A plain object holding a tiny QObject event filter: the filter sees the first Paint
    before the window's own paintEvent schedules its completion, so the check (a few ms for
    the bundled 3 MB file) runs first, off the paint path."""

    def __init__(self, app: QApplication, window: MainWindow) -> None:
        from PySide6.QtCore import QEvent, QObject, QTimer

        self.app, self.window = app, window
        self.message: str | None = None  # set when the content was found damaged
        self.checked = False
        guard = self

        class FirstPaint(QObject):
            def eventFilter(self, obj: QObject, event: QEvent) -> bool:
                if event.type() == QEvent.Type.Paint and obj is guard.window:
                    guard.window.removeEventFilter(self)
                    QTimer.singleShot(0, guard.verify)
                return False

        self._filter = FirstPaint(window)
        window.installEventFilter(self._filter)

    def verify(self) -> None:
        """The checksum and structural check (``integrity.verify``)."""
        if self.checked or self.message is not None:
            return
        self.checked = True
        drop_source_cache()  # what the first paint's imports left: the check's reuse it
        try:
            report = self.window.store.verify()
        except Exception as exc:  # a check that cannot run is a failed check
            self.fail(f"The content database could not be checked ({exc}). Reinstall "
                      "Peptide Desk to restore it.")
            return
        if not report.ok and self.window.content_fallback(report.problems[0]):
            self.checked = False  # an installed content pack was set aside: check what
            self.verify()  # is shown now (the bundled database ends the recursion)
        elif not report.ok:
            self.fail(report.message())

    def fail(self, message: str) -> None:
        """Hide the window (never half-working), say what is wrong once, end the app."""
        if self.message is not None:
            return
        self.message = message
        import gc

        gc.enable()  # disabled for the start (start_window), which ends here
        with contextlib.suppress(RuntimeError):  # RuntimeError: the window was deleted
            self.window.hide()
        show_content_problem(None, message)
        with contextlib.suppress(RuntimeError):  # gone, with the event filters it installed
            self.window.deleteLater()
        if _in_main_loop:
            self.app.exit(1)

    def handles(self, exc: BaseException) -> bool:
        """Whether an exception escaping a slot is damaged content (reported, not printed)."""
        from PySide6.QtCore import QTimer

        from peptide_desk.store import StoreError

        if self.message is not None:  # the window is going away: its read errors are moot
            return isinstance(exc, StoreError)
        if isinstance(exc, StoreError):
            try:
                self.window.hide()
            except RuntimeError:
                return False
            QTimer.singleShot(0, lambda: self.fail(str(exc)))
            return True
        return False


def _guard_content(app: QApplication, window: MainWindow) -> _ContentGuard:
    global _guard
    _guard = _ContentGuard(app, window)
    window.content_guard = _guard  # kept alive with its window
    if sys.excepthook is not _excepthook:
        global _previous_hook
        _previous_hook = sys.excepthook
        sys.excepthook = _excepthook
    return _guard


def _excepthook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
    guard = _guard
    if guard is not None and guard.handles(exc):
        return
    _previous_hook(kind, exc, tb)


def _end_of_start() -> None:
    import gc

    drop_source_cache()  # what completing the window imported
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
