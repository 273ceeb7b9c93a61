"""The app in a child process, as a user starts it (``python -m peptide_desk``, offscreen,
its own user folder): for the signal and second-launch tests."""

from __future__ import annotations

import json
import os
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from peptide_desk.handoff import instance_running
from peptide_desk.userdata import USER_DB_NAME

REPO = Path(__file__).resolve().parents[1]


def start_app(db: Path, user_dir: Path, *args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen", "PEPTIDE_DESK_DB": str(db),
           "PEPTIDE_DESK_USER_DIR": str(user_dir), "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-m", "peptide_desk", *args], env=env, cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def wait_ready(qtbot, proc: subprocess.Popen[str], user_dir: Path) -> None:
    """The window is complete: it holds the hand-off lock (or the app ended early)."""
    qtbot.waitUntil(lambda: instance_running(user_dir) or proc.poll() is not None,
                    timeout=60_000)
    if proc.poll() is not None:
        _out, err = proc.communicate()
        pytest.fail(f"the app ended before it was ready ({proc.returncode}): {err[-2000:]}")


def settings(user_dir: Path) -> dict[str, object]:
    """The user's stored settings (read while an app may have the file open)."""
    try:
        conn = sqlite3.connect(f"{(user_dir / USER_DB_NAME).as_uri()}?mode=ro", uri=True)
    except sqlite3.Error:  # not created yet
        return {}
    try:
        return {k: json.loads(v) for k, v in conn.execute("SELECT key, value FROM settings")}
    except sqlite3.Error:
        return {}
    finally:
        conn.close()


def finish(proc: subprocess.Popen[str], signal_first: int | None = None,
           timeout: float = 60) -> tuple[int, str]:
    """Send ``signal_first`` (if any), wait for the end; returns (exit code, stderr)."""
    try:
        if signal_first is not None and proc.poll() is None:
            proc.send_signal(signal_first)
        _out, err = proc.communicate(timeout=timeout)
    finally:
        if proc.poll() is None:
            proc.kill()
            _out, err = proc.communicate()
    return proc.returncode, err
