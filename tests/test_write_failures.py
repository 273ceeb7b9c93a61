"""A user-data write that fails mid-session never raises into the window (issue 17, item 9
and the hardening round): one sentence in the status bar, a lasting "User data read-only",
the window keeps working, and what the user typed (a note) is kept for the session.

The failures are real SQLite failures: a lock held by another process past the busy
timeout, a full database (``max_page_count``, SQLite's own SQLITE_FULL), and a connection
that may not write (``query_only``, SQLITE_READONLY). A read-only folder cannot be made
here: the tests run as root, whom chmod does not stop, and no read-only mount is available.
"""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from peptide_desk.services import open_services
from peptide_desk.ui.shell import dialogs
from peptide_desk.ui.shell.main_window import MainWindow
from peptide_desk.ui.shell.session import READ_ONLY_LABEL
from peptide_desk.userdata import USER_DB_NAME, UserData, UserDataError

HOLD_LOCK = """
import sqlite3, sys
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
"""


@pytest.fixture
def locker(user_dir: Path) -> Iterator[Callable[[], None]]:
    """Starts another process holding the user database's write lock (until teardown)."""
    procs: list[subprocess.Popen[str]] = []

    def lock() -> None:
        proc = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(user_dir / USER_DB_NAME)],
                                stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
        procs.append(proc)
        assert proc.stdout is not None and proc.stdout.readline().strip() == "locked"

    yield lock
    for proc in procs:
        proc.communicate("\n", timeout=10)


def disk_full(win: MainWindow) -> None:
    conn = win.user.conn
    pages = conn.execute("PRAGMA page_count").fetchone()[0]
    conn.execute(f"PRAGMA max_page_count = {pages}")


def no_writes(win: MainWindow) -> None:
    win.user.conn.execute("PRAGMA query_only = ON")


def shown_problem(win: MainWindow) -> str:
    label = win.findChild(QLabel, READ_ONLY_LABEL)
    assert label is not None and label.isVisible(), "no lasting read-only mark"
    return label.toolTip()


def test_a_lock_held_by_another_process_mid_session(windows, fixture_db: Path,
                                                    locker: Callable[[], None]) -> None:
    win = windows.open(fixture_db)
    win.open_target("substance:semaglutide")
    win.toggle_bookmark()  # saved while nobody holds the lock
    win.user.conn.execute("PRAGMA busy_timeout = 200")
    locker()
    win.open_target("substance:tesamorelin")  # records a visit: the first failed write
    message = shown_problem(win)
    assert "another program is holding a lock" in message and "restart" in message
    assert win.statusBar().currentMessage() == message
    assert win.user.read_only
    win.toggle_bookmark()
    assert "this session only" in win.statusBar().currentMessage()
    win.open_target("view:bookmarks")  # the window goes on working
    text = win.doc.browser.toPlainText()
    assert "Semaglutide" in text and "Tesamorelin" in text


@pytest.mark.parametrize("fail", [disk_full, no_writes], ids=["disk-full", "read-only"])
def test_a_note_typed_when_the_write_fails_is_kept(windows, fixture_db: Path, user_dir: Path,
                                                   monkeypatch: pytest.MonkeyPatch,
                                                   fail: Callable[[MainWindow], None]) -> None:
    win = windows.open(fixture_db)
    win.open_target("substance:semaglutide")
    fail(win)
    long_text = "Check renal function before starting. " * 200  # needs new pages
    monkeypatch.setattr(dialogs, "edit_note", lambda *_a: long_text)
    win.add_note()  # raises nothing
    assert "could not be saved" in shown_problem(win)
    assert win.user.note("substance:semaglutide").body == long_text  # kept this session
    assert "this session only" in win.statusBar().currentMessage()
    win.set_theme("dark")  # a setting write after the failure: in memory, no error
    win.set_zoom(150)
    win.close()  # the session save at close raises nothing either
    reopened = UserData(user_dir)
    try:
        assert reopened.note("substance:semaglutide") is None  # honest: it was not saved
    finally:
        reopened.close()


def test_without_a_window_a_failed_write_raises_one_clear_error(user_dir: Path) -> None:
    data = UserData(user_dir)
    try:
        data.conn.execute("PRAGMA query_only = ON")
        with pytest.raises(UserDataError, match="could not be saved"):
            data.add_bookmark("substance:semaglutide", "Semaglutide")
        assert not data.read_only  # the command line decides what to do
    finally:
        data.close()


def test_a_failed_write_at_close_is_not_raised(qtbot, fixture_db: Path, user_dir: Path) -> None:
    services = open_services(fixture_db, user_dir)
    win = MainWindow(services)
    qtbot.addWidget(win)
    win.restore_session()
    win.show()
    no_writes(win)
    win.close()  # saves the session: fails, goes on in memory, says so
    assert services.user.read_only
    services.close()
