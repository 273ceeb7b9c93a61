"""SIGINT (Ctrl+C) and SIGTERM end the app cleanly (issue 17, item 9): the app runs in a
child process (offscreen, its own user folder); once its window is complete (it serves the
hand-off spool then), the signal is sent; it exits 0, prints no traceback, and the session
saved by the window's close (the geometry only the close writes) is in the user data."""

from __future__ import annotations

import signal
import sys
from pathlib import Path

import pytest

from app_child import finish, settings, start_app, wait_ready
from peptide_desk.handoff import instance_running

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_a_signal_closes_the_window_and_saves(qtbot, sound: Path, tmp_path: Path,
                                              sig: signal.Signals) -> None:
    user_dir = tmp_path / "user"
    proc = start_app(sound, user_dir)
    wait_ready(qtbot, proc, user_dir)
    code, err = finish(proc, sig)
    assert code == 0, err[-2000:]
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err[-2000:]
    saved = settings(user_dir)
    assert isinstance(saved.get("geometry"), str) and saved["geometry"]  # the close saved it
    assert saved.get("tier") == "academic"
    assert not instance_running(user_dir)  # the lock went with the process


def test_a_second_signal_while_closing_is_harmless(qtbot, sound: Path, tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    proc = start_app(sound, user_dir)
    wait_ready(qtbot, proc, user_dir)
    proc.send_signal(signal.SIGTERM)
    code, err = finish(proc, signal.SIGINT)
    assert code == 0 and "Traceback" not in err, err[-2000:]
