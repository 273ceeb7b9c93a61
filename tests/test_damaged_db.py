"""The damaged-database set (tests/damage.py) against ``self-test`` and the GUI start: every
case exits 1 with one clear message, and the window shows one dialog (what is wrong, what to
do) instead of a half-working window or a traceback (issue 17, items 5 and 10)."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from damage import CASES, damaged
from peptide_desk import cli
from peptide_desk.ui import app as app_mod


@pytest.fixture
def dialogs(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The damaged-content dialogs shown (recorded instead of waiting for a click)."""
    shown: list[str] = []

    def record(parent: object, text: str) -> None:
        guard = app_mod._guard
        if guard is not None and guard.message is not None and guard.window.isVisible():
            text = "the dialog showed over a working window: " + text  # fails the test
        shown.append(text)

    monkeypatch.setattr(app_mod, "show_content_problem", record)
    monkeypatch.setattr(app_mod, "_guard", None)  # a window of an earlier test is gone
    return shown


# --- self-test -----------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_self_test_fails_on_every_damaged_database(sound: Path, tmp_path: Path, case: str,
                                                   capsys: pytest.CaptureFixture[str]) -> None:
    bad = damaged(sound, case, tmp_path)
    assert cli.main(["--db", str(bad), "self-test"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    lines = captured.err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("self-test FAILED at ")
    assert "Traceback" not in captured.err


def test_self_test_passes_and_says_the_checksum_was_verified(
        sound: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.main(["self-test", "--db", str(sound)]) == 0
    assert "sha256 verified, structure ok" in capsys.readouterr().out


@pytest.mark.parametrize("order", ["global", "--self-test", "subcommand"])
def test_the_db_option_reaches_the_self_test_in_every_position(tmp_path: Path,
                                                               order: str) -> None:
    """Issue 17: ``peptide-desk --db garbage.sqlite self-test`` checked the default database."""
    garbage = tmp_path / "garbage.sqlite"
    garbage.write_bytes(b"garbage" * 1000)
    argv = {"global": ["--db", str(garbage), "self-test"],
            "--self-test": ["--self-test", "--db", str(garbage)],
            "subcommand": ["self-test", "--db", str(garbage)]}[order]
    out = subprocess.run([sys.executable, "-m", "peptide_desk", *argv], capture_output=True,
                         text=True, timeout=120, check=False)
    assert out.returncode == 1, out.stdout
    assert "self-test FAILED" in out.stderr and "garbage.sqlite" in out.stderr
    assert "Traceback" not in out.stderr


# --- the GUI start -------------------------------------------------------------------------------

@pytest.mark.parametrize("case", sorted(CASES))
def test_the_window_shows_one_dialog_on_every_damaged_database(
        qapp, sound: Path, tmp_path: Path, case: str, dialogs: list[str],
        monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]) -> None:
    from PySide6.QtCore import QTimer

    bad = damaged(sound, case, tmp_path / "db")
    monkeypatch.setenv("PEPTIDE_DESK_USER_DIR", str(tmp_path / "user"))
    watchdog = QTimer()  # a missed detection would leave the window running
    watchdog.setSingleShot(True)
    watchdog.timeout.connect(lambda: qapp.exit(99))
    watchdog.start(20_000)
    try:
        code = app_mod.run_app(db=bad, argv=[sys.argv[0]])
    finally:
        watchdog.stop()
    assert code == 1, case
    assert len(dialogs) == 1, dialogs
    assert dialogs[0].startswith("The content database") and "Reinstall" in dialogs[0]
    assert str(bad) in dialogs[0]
    assert "Traceback" not in capfd.readouterr().err


def test_the_check_runs_after_the_first_paint_and_before_the_window_completes(
        qtbot, sound: Path, user_dir: Path, dialogs: list[str]) -> None:
    from PySide6.QtWidgets import QApplication

    win = app_mod.start_window(QApplication.instance(), sound, user_dir)
    qtbot.addWidget(win)
    guard = win.content_guard
    order: list[str] = []
    win.completed.connect(lambda: order.append(f"completed (checked: {guard.checked})"))
    assert not guard.checked  # nothing is checked before the paint
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    assert order == ["completed (checked: True)"]
    assert guard.message is None and dialogs == []
    win.close()
    win.services.close()


def test_a_page_that_cannot_be_read_later_ends_the_window_with_the_dialog(
        qtbot, sound: Path, tmp_path: Path, user_dir: Path, dialogs: list[str]) -> None:
    """A row that passes the checks (no recorded checksum to compare) but cannot become a
    record: the StoreError it raises in a slot becomes the dialog, not a traceback."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    bad = tmp_path / "rows.sqlite"
    shutil.copyfile(sound, bad)
    with sqlite3.connect(bad) as conn:
        conn.execute("UPDATE substances SET fda = '{bad' WHERE id = 'semaglutide'")
    conn.close()
    from shiboken6 import isValid

    win = app_mod.start_window(QApplication.instance(), bad, user_dir)
    services = win.services
    win.show()
    qtbot.waitUntil(lambda: win.ready)
    assert dialogs == []
    QTimer.singleShot(0, lambda: win.open_target("substance:semaglutide"))
    qtbot.waitUntil(lambda: bool(dialogs))
    assert len(dialogs) == 1 and dialogs[0].startswith("The content database")
    assert "damaged" in dialogs[0] and "Reinstall" in dialogs[0]
    assert not isValid(win) or not win.isVisible()  # gone, never left half-working
    services.close()


# --- snapshot: bad output paths ---------------------------------------------------------------

@pytest.mark.parametrize("which", ["file-in-the-way", "proc", "under-a-file"])
def test_snapshot_bad_output_paths_exit_1_with_one_line(
        real_db: Path, tmp_path: Path, which: str, capsys: pytest.CaptureFixture[str]) -> None:
    a_file = tmp_path / "a-file"
    a_file.write_text("x")
    out = {"file-in-the-way": a_file, "proc": Path("/proc/peptide-desk-test"),
           "under-a-file": a_file / "pngs"}[which]
    assert cli.main(["snapshot", "--out", str(out), "--db", str(real_db)]) == 1
    err = capsys.readouterr().err
    assert err.startswith("snapshot: cannot write to") and len(err.strip().splitlines()) == 1
    assert a_file.read_text() == "x" and sorted(tmp_path.iterdir()) == [a_file]


def test_snapshot_refuses_a_damaged_database(sound: Path, tmp_path: Path,
                                             capsys: pytest.CaptureFixture[str]) -> None:
    bad = damaged(sound, "100-bytes-short", tmp_path / "db")
    assert cli.main(["snapshot", "--out", str(tmp_path / "png"), "--db", str(bad)]) == 1
    assert "100 bytes short" in capsys.readouterr().err
    assert not (tmp_path / "png").exists()
