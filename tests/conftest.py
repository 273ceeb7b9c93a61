"""Shared fixtures: databases built by the real build code, a temp user folder, offscreen Qt.

Nothing here imports Qt unless a test did: the logic tests run where Qt is not installed.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest

if TYPE_CHECKING:
    from peptide_desk.services import Services
    from peptide_desk.ui.shell.main_window import MainWindow

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

REPO = Path(__file__).resolve().parents[1]
FIXTURE_CONTENT = REPO / "tests" / "fixtures" / "content"
REAL_CONTENT = REPO / "resources" / "content"


@pytest.fixture(scope="session")
def fixture_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The small fixture corpus, built once per session."""
    from peptide_desk.content.build import build_database

    path = tmp_path_factory.mktemp("fixture-db") / "fixture.sqlite"
    build_database(FIXTURE_CONTENT, path)
    return path


@pytest.fixture(scope="session")
def real_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus (resources/content), built once per session."""
    from peptide_desk.content.build import build_database

    path = tmp_path_factory.mktemp("real-db") / "peptide_desk.sqlite"
    build_database(REAL_CONTENT, path)
    return path


@pytest.fixture(scope="module")
def sound(real_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The bundled corpus with its recorded checksum beside it, as the bundle ships it."""
    from packkit import shipped_copy

    return shipped_copy(real_db, tmp_path_factory.mktemp("sound"))


@pytest.fixture(scope="module")
def store(fixture_db: Path):
    """A read-only Store over the fixture corpus."""
    from peptide_desk.store import Store

    st = Store(fixture_db)
    yield st
    st.close()


@pytest.fixture(scope="module")
def real_store(real_db: Path):
    """A read-only Store over the bundled corpus."""
    from peptide_desk.store import Store

    st = Store(real_db)
    yield st
    st.close()


@pytest.fixture
def user_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "user"
    folder.mkdir()
    return folder


class Windows:
    """Main windows for one test, each with its services; all are closed at teardown.

    ``open()`` builds a window the way the app does (services, restore, show); ``close()``
    ends one early, for a test that restarts the app. Teardown closes whatever is still open,
    windows before the services they use, even when the test failed half way.
    """

    def __init__(self, qtbot: Any, user_dir: Path) -> None:
        self._qtbot, self._user_dir = qtbot, user_dir
        self._closers: list[Callable[[], None]] = []
        self._owned: dict[int, Callable[[], None]] = {}

    def services(self, db: Path, user_dir: Path | None = None) -> Services:
        """Services over ``db`` and the test's user folder, closed at teardown."""
        return self._services(db, user_dir)[0]

    def _services(self, db: Path, user_dir: Path | None = None,
                  ) -> tuple[Services, Callable[[], None]]:
        from peptide_desk.services import open_services

        services = open_services(db, user_dir or self._user_dir)
        close = _once(services.close)
        self._closers.append(close)
        return services, close

    def open(self, db: Path | None = None, *, services: Services | None = None,
             deferred: bool = False, restore: bool = True, show: bool = True,
             size: tuple[int, int] | None = None) -> MainWindow:
        """A window over ``db`` (new services) or over ``services`` (shared, left open)."""
        from peptide_desk.ui.shell.main_window import MainWindow

        close_services: Callable[[], None] | None = None
        if services is None:
            assert db is not None, "open(db) or open(services=...)"
            services, close_services = self._services(db)
        win = MainWindow(services, deferred=deferred)
        self._qtbot.addWidget(win)
        close_win = _once(win.close)
        self._closers.append(close_win)
        self._owned[id(win)] = close_win if close_services is None \
            else _chain(close_win, close_services)
        if restore:
            win.restore_session()
        if size is not None:
            win.resize(*size)
        if show:
            win.show()
            self._qtbot.waitExposed(win)
        return win

    def close(self, win: MainWindow) -> None:
        """Close ``win`` now, and the services it was opened with (a restart)."""
        self._owned[id(win)]()

    def close_all(self) -> None:
        """Newest first (a window before its services); every closer runs even if one fails."""
        closers, self._closers = self._closers, []
        errors: list[Exception] = []
        for close in reversed(closers):
            try:
                close()
            except Exception as exc:  # keep closing the rest, then report the first
                errors.append(exc)
        if errors:
            raise errors[0]


def _once(fn: Callable[[], object]) -> Callable[[], None]:
    done = False

    def run() -> None:
        nonlocal done
        if not done:
            done = True
            fn()
    return run


def _chain(*fns: Callable[[], None]) -> Callable[[], None]:
    def run() -> None:
        for fn in fns:
            fn()
    return run


@pytest.fixture
def windows(qtbot: Any, user_dir: Path) -> Iterator[Windows]:
    """Opens main windows (see ``Windows``); closes them and their services in ``finally``."""
    opened = Windows(qtbot, user_dir)
    try:
        yield opened
    finally:
        opened.close_all()


@pytest.fixture
def window(windows: Windows, real_db: Path) -> MainWindow:
    """The main window over the bundled corpus: session restored, shown and exposed."""
    return windows.open(real_db)


@pytest.fixture(scope="session", autouse=True)
def _release_clipboard():
    """Qt deletes clipboard data in an exit handler, after Python has finalised; data set
    from Python (the compare view's HTML copy) would then crash the interpreter at exit."""
    yield
    if "PySide6.QtWidgets" not in sys.modules:  # no widget ran (or no Qt: the logic tests)
        return
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is not None:
        app.clipboard().clear()
        app.processEvents()
