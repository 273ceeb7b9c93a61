"""The window on user data that did not open normally (issue 17, items 1, 2, 4, 9): a file
set aside is said at start and "Recover what can be read" brings its rows back; a lock
offers read-only or quit; a read-only start is one line; bad stored settings fall back to
their defaults; 50,000 bookmarks open their page with a bounded number of rows."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from peptide_desk import userdata
from peptide_desk.services import Services, open_services
from peptide_desk.store import Store
from peptide_desk.ui.shell.main_window import MainWindow
from peptide_desk.userdata import USER_DB_NAME, UserData


def start(qtbot, services: Services, answers: dict[str, str]) -> tuple[MainWindow, list]:
    asked: list[tuple[str, str]] = []
    win = MainWindow(services)
    win.ask_user_data = lambda _parent, kind, message: asked.append((kind, message)) or \
        answers.get(kind, "ok")
    qtbot.addWidget(win)
    win.restore_session()
    win.show()
    qtbot.waitExposed(win)
    return win, asked


def damaged_folder(folder: Path) -> None:
    data = UserData(folder)
    for i in range(50):
        data.add_bookmark(f"substance:s{i}", f"Bookmark {i}")
    for i in range(20):
        data.save_note(f"substance:s{i}", f"Bookmark {i}", f"note {i}")
    data.close()
    db = folder / USER_DB_NAME
    db.write_bytes(os.urandom(4096) + db.read_bytes()[4096:])


def test_set_aside_is_said_and_recovery_brings_rows_back(qtbot, fixture_db: Path,
                                                         user_dir: Path) -> None:
    damaged_folder(user_dir)
    services = open_services(fixture_db, user_dir)
    win, asked = start(qtbot, services, {"set-aside": "recover"})
    qtbot.waitUntil(lambda: len(asked) == 2)
    (kind, message), (done, summary) = asked
    assert kind == "set-aside" and "user.damaged-" in message and str(user_dir) in message
    assert done == "recovered"
    assert summary.startswith("Recovered 50 bookmarks, 20 notes")
    assert services.user.problem is not None
    assert str(services.user.problem.damaged) in summary
    win.open_target("view:bookmarks")
    text = win.doc.browser.toPlainText()
    assert "Bookmark 49" in text and "note 19" in text
    win.close()
    services.close()


def test_set_aside_declined_still_says_where_the_file_is(qtbot, fixture_db: Path,
                                                         user_dir: Path) -> None:
    damaged_folder(user_dir)
    services = open_services(fixture_db, user_dir)
    win, asked = start(qtbot, services, {"set-aside": "ok"})
    qtbot.waitUntil(lambda: len(asked) == 1)
    assert "user.damaged-" in win.statusBar().currentMessage()
    assert services.user.bookmarks() == []
    win.close()
    services.close()


def test_lock_offers_read_only_or_quit(qtbot, fixture_db: Path, user_dir: Path) -> None:
    UserData(user_dir).close()
    holder = sqlite3.connect(user_dir / USER_DB_NAME, isolation_level=None)
    holder.execute("PRAGMA locking_mode = EXCLUSIVE")
    holder.execute("BEGIN EXCLUSIVE")
    holder.execute("INSERT INTO settings VALUES ('held', '1')")
    try:
        services = Services(Store(fixture_db), UserData(user_dir, busy_timeout=0.2))
        win, asked = start(qtbot, services, {"locked": "quit"})
        qtbot.waitUntil(lambda: bool(asked))
        assert asked[0][0] == "locked" and "locked by another program" in asked[0][1]
        qtbot.waitUntil(lambda: not win.isVisible())  # "Quit"
        services.close()
    finally:
        holder.close()


def test_read_only_start_is_one_line(qtbot, fixture_db: Path, user_dir: Path,
                                     monkeypatch: pytest.MonkeyPatch) -> None:
    """Disk full (simulated: the error SQLite raises, which root cannot otherwise meet)."""
    data = UserData(user_dir)
    data.add_bookmark("substance:semaglutide", "Semaglutide")
    data.close()
    real = sqlite3.connect

    def full(database, *args, **kwargs):
        if isinstance(database, Path):
            raise sqlite3.OperationalError("database or disk is full")
        return real(database, *args, **kwargs)

    monkeypatch.setattr(userdata.sqlite3, "connect", full)
    services = open_services(fixture_db, user_dir)
    win, asked = start(qtbot, services, {})
    qtbot.waitUntil(lambda: "disk is full" in win.statusBar().currentMessage())
    assert asked == []  # nothing to choose: one line, and the window works
    line = win.statusBar().currentMessage()
    assert "\n" not in line and "read-only" in line
    win.open_target("view:bookmarks")
    assert "Semaglutide" in win.doc.browser.toPlainText()
    win.open_target("substance:semaglutide")
    win.toggle_bookmark()
    assert "this session only" in win.statusBar().currentMessage()
    win.close()
    services.close()


def test_bad_stored_settings_fall_back_to_defaults(qtbot, fixture_db: Path,
                                                   user_dir: Path) -> None:
    data = UserData(user_dir)
    for key, raw in [("zoom", '"big"'), ("last_scroll", '"down"'), ("geometry", "12345"),
                     ("theme", "[1]"), ("tier", "{}"), ("last_target", "42")]:
        data.conn.execute("INSERT OR REPLACE INTO settings VALUES (?, ?)", (key, raw))
    data.close()
    services = open_services(fixture_db, user_dir)
    win, asked = start(qtbot, services, {})
    assert win.zoom == 100 and win.theme_setting == "system" and win.tier == "academic"
    assert win.current is not None and win.current.target == "view:home"
    assert asked == []
    win.close()
    services.close()


def test_fifty_thousand_bookmarks_open_a_bounded_page(qtbot, fixture_db: Path,
                                                      user_dir: Path) -> None:
    data = UserData(user_dir)
    data.conn.execute("BEGIN")
    data.conn.executemany("INSERT INTO bookmarks VALUES (?, ?, ?)", (
        (f"substance:s{i}", f"Bookmark {i}", 1.6e9 + i) for i in range(50_000)))
    data.conn.executemany("INSERT INTO notes VALUES (?, ?, ?, ?)", (
        (f"article:a{i}#x", f"Note {i}", "note text", 1.6e9 + i) for i in range(20_000)))
    data.conn.execute("INSERT INTO bookmarks VALUES ('substance:odd', 'Odd', 1e300)")
    data.conn.execute("COMMIT")
    data.close()
    services = open_services(fixture_db, user_dir)
    win, _asked = start(qtbot, services, {})
    win.open_target("view:bookmarks")
    doc = win.doc.browser.document()
    text = win.doc.browser.toPlainText()
    assert "Showing the 300 newest of 50,001 bookmarks" in text and "date unknown" in text
    assert doc.blockCount() < 300 + 100 * 2 + 50  # rows rendered: bounded, not 70,000
    win.close()
    services.close()
