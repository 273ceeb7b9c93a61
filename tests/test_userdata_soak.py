"""SIGKILL loop of user-data writes (issue 17, item 10): a child writes bookmarks, notes,
settings and history and acknowledges each write once it returned; it is killed at a random
moment (during start-up and migration too), over and over. No acknowledged write may be
lost, the file must pass ``integrity_check`` and never be set aside. ``make test`` runs 20
kills; ``make soak`` runs PEPTIDE_DESK_SOAK of them (400)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from peptide_desk.userdata import UserData

KILLS = int(os.environ.get("PEPTIDE_DESK_SOAK", "20"))

WRITER = textwrap.dedent("""
    import sys
    from pathlib import Path
    from peptide_desk.userdata import UserData
    run = sys.argv[2]
    data = UserData(Path(sys.argv[1]))
    print("open", data.problem.kind if data.problem else "ok", flush=True)
    i = 0
    while True:
        data.add_bookmark(f"substance:k{run}-{i}", f"K {run} {i}")
        data.save_note(f"article:n{i % 7}#x", "N", f"{run} {i}")
        data.set("soak", [int(run), i])
        data.record_visit(f"glossary:g{i % 3}", "G")
        if i % 5 == 4:
            data.remove_bookmark(f"substance:k{run}-{i - 1}")
        print(f"ack {i}", flush=True)  # everything above has returned: acknowledged
        i += 1
""")


@pytest.mark.slow
@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_no_acknowledged_write_is_lost_under_sigkill(tmp_path: Path) -> None:
    folder = tmp_path / "user"
    rng = random.Random(17)
    acked_total = 0
    expected: set[str] = set()
    removed: set[str] = set()
    for run in range(KILLS):
        proc = subprocess.Popen([sys.executable, "-c", WRITER, str(folder), str(run)],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
        assert proc.stdout is not None
        try:
            if rng.random() < 0.25:  # somewhere in start-up, opening or migrating
                time.sleep(rng.uniform(0.0, 0.4))
            else:
                first = proc.stdout.readline()
                assert first.startswith("open ok"), first + (proc.stderr.read() or "")
                time.sleep(rng.uniform(0.0, 0.08))
            os.kill(proc.pid, signal.SIGKILL)
            proc.wait(timeout=30)
        finally:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        lines = proc.stdout.read().split("\n")[:-1]  # a line cut by the kill is no ack
        if any(line.startswith("open") and line != "open ok" for line in lines):
            pytest.fail(f"run {run} opened with a problem: {lines[:1]}")
        acks = [int(line.split()[1]) for line in lines if line.startswith("ack")]
        acked_total += len(acks)
        last = max(acks, default=-1)
        for i in range(last + 1):
            key = f"substance:k{run}-{i}"
            if i % 5 != 3:
                expected.add(key)
            elif i + 1 <= last:  # its removal was acknowledged too
                removed.add(key)
            # else: removed by the next, unacknowledged, step or not: either is right
        data = UserData(folder)
        assert data.problem is None, data.problem
        assert data.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        marks = {b.target for b in data.bookmarks()}
        assert expected <= marks, sorted(expected - marks)[:5]
        assert not removed & marks, sorted(removed & marks)[:5]
        if last >= 0:
            stored = data.get("soak")
            assert stored is not None and stored >= [run, last]
            note = data.note(f"article:n{last % 7}#x")
            assert note is not None and [int(x) for x in note.body.split()] >= [run, last]
        data.close()
    assert not [p for p in folder.iterdir() if "damaged" in p.name]
    print(f"{KILLS} kills, {acked_total} acknowledged write groups, 0 lost")
