"""Scale (issue 17, item 9): a 5,000-row source table, and the Bookmarks page over 50,000
bookmarks and 20,000 notes, each from request to painted.

One child process (offscreen) builds the fixtures (``tests/scale_data.py``: the fixture
corpus plus a 5,000-row table, through the real build code; a user folder stocked with
50,000 bookmarks and 20,000 notes) and times, alternately, each figure and its floor in the
same run: the floor of ``table_open_5000_ms`` is the fixture's two-row table in the same
view, the floor of ``bookmarks_page_50000_ms`` the same page over empty user data. The clock
stops after a synchronous repaint of the window. Medians of RUNS each, after a warm-up. The
target is on the value (under 1 s, as the issue asks), the ratio says what the scale costs.

Run as a script, this module is the child: it prints the figures as JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

RUNS = 7
TARGET_MS = 1000.0
REPO = Path(__file__).resolve().parents[1]
BOOKMARKS, NOTES = 50_000, 20_000


def run() -> dict[str, dict]:
    """table_open_5000_ms and bookmarks_page_50000_ms with their floors, from one child."""
    from benchmarks import compile_bytecode

    compile_bytecode()
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, __file__], capture_output=True, text=True, env=env,
                         check=True, timeout=600, cwd=REPO)
    medians: dict[str, list[float]] = json.loads(out.stdout.strip().splitlines()[-1])
    figures: dict[str, dict] = {}
    for name in ("table_open_5000_ms", "bookmarks_page_50000_ms"):
        value = statistics.median(medians[name])
        floor = statistics.median(medians[name + ":floor"])
        figures[name] = {"value": round(value, 1), "unit": "ms", "floor": round(floor, 1),
                         "ratio": round(value / floor, 3), "target": TARGET_MS,
                         "target_on": "value", "runs": RUNS}
    return figures


# --- child process ------------------------------------------------------------------------
def _timed(action: Callable[[], object], paint: Callable[[], None]) -> float:
    start = time.perf_counter()
    action()
    paint()
    return (time.perf_counter() - start) * 1000


def _child() -> None:
    from PySide6.QtWidgets import QApplication

    sys.path.insert(0, str(REPO / "tests"))
    from peptide_desk.services import open_services
    from peptide_desk.store import Store
    from peptide_desk.ui.shell.main_window import MainWindow
    from peptide_desk.ui.table_view import DataTableView
    from peptide_desk.ui.theme import apply_theme
    from scale_data import BIG_TABLE, build_big_table, stocked

    app = QApplication([sys.argv[0]])
    apply_theme(app, "light", 100)
    times: dict[str, list[float]] = {}
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        db = build_big_table(root, 5000)
        store = Store(db)
        view = DataTableView(store)
        view.resize(1100, 800)
        view.show()
        app.processEvents()

        def show(table_id: str) -> float:
            view.show_table("gh-peptide-comparison" if table_id == BIG_TABLE else BIG_TABLE)
            app.processEvents()  # from the other table, as a reader would come
            return _timed(lambda: view.show_table(table_id),
                          lambda: (app.processEvents(), view.repaint()))

        (root / "full").mkdir()
        (root / "empty").mkdir()
        stocked(root / "full", BOOKMARKS, NOTES, note_lines=40).close()
        windows = {}
        for kind in ("full", "empty"):
            win = MainWindow(open_services(db, root / kind))
            win.resize(1320, 860)
            win.show()
            app.processEvents()
            windows[kind] = win

        def page(kind: str) -> float:
            win = windows[kind]
            win.open_target("view:home")
            app.processEvents()
            return _timed(lambda: win.open_target("view:bookmarks"),
                          lambda: (app.processEvents(), win.repaint()))

        cases: list[tuple[str, Callable[[], float]]] = [
            ("table_open_5000_ms", lambda: show(BIG_TABLE)),
            ("table_open_5000_ms:floor", lambda: show("gh-peptide-comparison")),
            ("bookmarks_page_50000_ms", lambda: page("full")),
            ("bookmarks_page_50000_ms:floor", lambda: page("empty"))]
        for _name, case in cases:  # warm-up
            case()
        for i in range(RUNS):
            for name, case in cases if i % 2 == 0 else list(reversed(cases)):
                times.setdefault(name, []).append(case())
        for win in windows.values():
            win.close()
            win.services.close()
        store.close()
    print(json.dumps(times), flush=True)
    os._exit(0)


if __name__ == "__main__":
    _child()
