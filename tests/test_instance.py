"""A second launch hands its link to the running instance (issue 17 item 3, issue 15 item
5), with no network: QtNetwork is never loaded. The running window is raised and opens the
place; a crashed instance's leftovers are cleared and the new launch opens the link itself;
``--new-window``, and a running instance that does not answer, still give a window of its
own on the same user folder."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from app_child import REPO, finish, settings, start_app, wait_ready
from peptide_desk import handoff
from peptide_desk.handoff import REQUEST, Primary, instance_running, spool
from peptide_desk.ui.instance import serve

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="POSIX signals")
LINK = "peptide-desk://substance/semaglutide"


def second_launch(user_dir: Path, *args: str) -> subprocess.Popen[str]:
    """``hand_off`` alone in another process (the launch's first step), printing its answer."""
    code = ("import sys; from pathlib import Path; from peptide_desk.handoff import hand_off; "
            "print(hand_off(Path(sys.argv[1]), sys.argv[2]))")
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    return subprocess.Popen([sys.executable, "-c", code, str(user_dir), *args], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def test_the_running_window_opens_a_handed_link(qtbot, windows, fixture_db: Path,
                                                user_dir: Path) -> None:
    win = windows.open(fixture_db)
    win.open_target("substance:tesamorelin")  # what the user is reading stays in its tab
    server = serve(user_dir, win, lambda url: win.open_link(url, new_tab=True))
    assert server is not None and instance_running(user_dir)
    assert serve(user_dir, win, win.open_link) is None  # one server per user folder
    win.showMinimized()
    proc = second_launch(user_dir, LINK)
    qtbot.waitUntil(lambda: proc.poll() is not None, timeout=20_000)
    out, err = proc.communicate()
    assert out.strip() == "True", err
    qtbot.waitUntil(lambda: win.current is not None
                    and win.current.target == "substance:semaglutide")
    assert not win.isMinimized()  # raised
    assert len(win.tab_strip.tabs) == 2  # the link in a new tab, the reading kept
    assert "PySide6.QtNetwork" not in sys.modules
    server.close()
    assert not instance_running(user_dir)


def test_a_second_app_launch_hands_over_and_exits(qtbot, sound: Path, tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    first = start_app(sound, user_dir)
    wait_ready(qtbot, first, user_dir)
    second = start_app(sound, user_dir, LINK)
    code, err = finish(second)
    assert code == 0 and "Traceback" not in err, err[-2000:]
    qtbot.waitUntil(lambda: settings(user_dir).get("last_target") == "substance:semaglutide",
                    timeout=20_000)
    assert first.poll() is None  # still running, now at the link's place
    code, err = finish(first, signal.SIGTERM)
    assert code == 0 and "Traceback" not in err, err[-2000:]
    assert "QtNetwork" not in err


def test_a_crashed_instance_is_replaced(qtbot, sound: Path, tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    crashed = subprocess.Popen(
        [sys.executable, "-c", "import sys, time; from pathlib import Path; "
         "from peptide_desk.handoff import Primary; p = Primary.claim(Path(sys.argv[1])); "
         "print('claimed', flush=True); time.sleep(600)", str(user_dir)],
        env={**os.environ, "PYTHONPATH": str(REPO / "src")}, stdout=subprocess.PIPE, text=True)
    assert crashed.stdout is not None and crashed.stdout.readline().strip() == "claimed"
    assert instance_running(user_dir)
    crashed.kill()  # SIGKILL: no clean-up at all
    crashed.wait()
    left = spool(user_dir) / f"left{REQUEST}"
    left.write_text('{"link": "peptide-desk://substance/tesamorelin"}', encoding="utf-8")
    stale = time.time() - handoff.STALE - 5
    os.utime(left, (stale, stale))
    assert not instance_running(user_dir)  # the lock went with the process
    app = start_app(sound, user_dir, LINK)
    wait_ready(qtbot, app, user_dir)  # it serves now
    qtbot.waitUntil(lambda: settings(user_dir).get("last_target") == "substance:semaglutide",
                    timeout=20_000)
    assert not left.exists()  # the stale request was cleared, not opened
    code, err = finish(app, signal.SIGTERM)
    assert code == 0 and "Traceback" not in err, err[-2000:]


def test_new_window_and_an_unanswered_handoff_open_a_window_of_their_own(
        qtbot, sound: Path, tmp_path: Path) -> None:
    user_dir = tmp_path / "user"
    hung = Primary.claim(user_dir)  # an instance that holds the lock and never answers
    assert hung is not None
    try:
        second = start_app(sound, user_dir, "--new-window", "peptide-desk://class/glp1-ra")
        qtbot.waitUntil(lambda: settings(user_dir).get("last_target") == "class:glp1-ra",
                        timeout=30_000)
        third = start_app(sound, user_dir, LINK)  # waits handoff.WAIT, then opens itself
        qtbot.waitUntil(lambda: settings(user_dir).get("last_target")
                        == "substance:semaglutide", timeout=30_000)
        assert not hung.take()  # the unanswered request was withdrawn
        for proc in (second, third):
            code, err = finish(proc, signal.SIGTERM)
            assert code == 0 and "Traceback" not in err, err[-2000:]
    finally:
        hung.close()
