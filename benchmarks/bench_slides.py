"""Slide advance: one clicker key in a running slide show until the next slide is painted.

A child process (offscreen) presents a deck of every kind of slide (sections, a long table
that runs over several screens, a chart stepped through its phases, a substance, a
comparison) at 1920×1080, high contrast, and goes through every screen forward and back
twice after a warm-up round: each advance is a PageDown/PageUp key event sent to the show,
then the event loop runs until the widget that shows the new screen (the text canvas, or
the chart's plot, whose scene repaints on its own schedule) has painted. The figure is the
95th percentile of those advances; the target (≤ 50 ms) is on the value. The floor,
measured in the same child, is the p95 of repainting a full-screen widget that draws one
already laid-out page of text: what any advance costs at the least.

Run as a script, this module is the child: ``bench_slides.py DB`` prints JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

TARGET_MS = 50.0
ROUNDS = 2
REPO = Path(__file__).resolve().parents[1]


def _p95(values: list[float]) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]


def run() -> dict[str, dict]:
    """slide_advance_p95_ms (its floor: repainting one laid-out page)."""
    from peptide_desk.resources import default_db_output

    with tempfile.TemporaryDirectory() as tmp:
        db = default_db_output()
        if not db.is_file():
            from peptide_desk.content.build import build_database

            db = Path(tmp) / "real.sqlite"
            build_database(REPO / "resources" / "content", db)
        env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
        out = subprocess.run([sys.executable, __file__, str(db)], capture_output=True,
                             text=True, env=env, check=True, timeout=600)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    value, floor = got["p95_ms"], got["floor_p95_ms"]
    return {"slide_advance_p95_ms": {
        "value": round(value, 2), "unit": "ms", "floor": round(floor, 2),
        "ratio": round(value / floor, 2) if floor else None, "target": TARGET_MS,
        "target_on": "value", "advances": got["advances"], "median_ms": got["median_ms"]}}


# --- child process ----------------------------------------------------------------------------
def _deck(store: object) -> object:
    from peptide_desk.decks import Deck, Slide

    article = "peptides-insulin-resistance-diabetes"
    return Deck("Benchmark", (
        Slide("section", f"article:{article}#insulin-basics", "S1", tier="fundamentals"),
        Slide("section", f"article:{article}#what-is-insulin-resistance", "S2",
              tier="fundamentals"),
        Slide("table", "table:clinical-trial-summary", "T"),
        Slide("chart", "chart:gh-secretagogue-phases", "C"),
        Slide("substance", "substance:semaglutide", "Sub"),
        Slide("compare", "compare:semaglutide,tirzepatide", "Cmp"),
        Slide("substance", "substance:tirzepatide", "Sub2"),
    ))


def _child(db: str) -> None:
    """Time every advance of the show and the floor; prints the figures as JSON."""
    import time

    from PySide6.QtCore import QEvent, QObject, Qt
    from PySide6.QtGui import QKeyEvent, QPainter
    from PySide6.QtWidgets import QApplication, QWidget

    from peptide_desk.store import Store
    from peptide_desk.ui.slideshow import SlideShow
    from peptide_desk.ui.theme import apply_theme

    app = QApplication([sys.argv[0], "-style", "fusion"])
    apply_theme(app, "high-contrast", 100)
    store = Store(Path(db))
    show = SlideShow(store, _deck(store), "high-contrast")  # type: ignore[arg-type]
    show.resize(1920, 1080)
    show.start(full_screen=False)
    for _ in range(5):
        app.processEvents()
    show.relayout()
    show.repaint()

    class Painted(QObject):
        """Counts the paints of the widgets a screen can be on."""

        count = 0

        def eventFilter(self, _obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint:
                self.count += 1
            return False

    painted = Painted()
    show.canvas.installEventFilter(painted)
    watched = False
    times: list[float] = []
    for _round in range(ROUNDS + 1):  # the first round warms up (builds the chart view)
        for key, step in ((Qt.Key.Key_PageDown, 1), (Qt.Key.Key_PageUp, -1)):
            for _ in range(len(show.run.steps) - 1):
                before = painted.count
                start = time.perf_counter()
                QApplication.sendEvent(show.canvas, QKeyEvent(QEvent.Type.KeyPress, key,
                                                              Qt.KeyboardModifier.NoModifier))
                for _spin in range(200):  # until the new screen is on it
                    app.processEvents()
                    if painted.count > before:
                        break
                elapsed = (time.perf_counter() - start) * 1000
                if show.chart is not None and not watched:
                    show.chart.plot.viewport().installEventFilter(painted)
                    watched = True
                if _round:
                    times.append(elapsed)
            assert show.run.index == (len(show.run.steps) - 1 if step > 0 else 0)
    layout = show.layouts[0]

    class Floor(QWidget):
        def paintEvent(self, _event: object) -> None:
            painter = QPainter(self)
            painter.fillRect(self.rect(), Qt.GlobalColor.black)
            _origin, _area = show.text_area(self.size())
            layout.paint(painter, 0, _origin)
            painter.end()

    floor = Floor()
    floor.resize(1920, 1080)
    floor.show()
    app.processEvents()
    floors: list[float] = []
    for _ in range(len(times)):
        start = time.perf_counter()
        floor.repaint()
        floors.append((time.perf_counter() - start) * 1000)
    show.finish()
    print(json.dumps({"p95_ms": _p95(times), "median_ms": round(statistics.median(times), 2),
                      "floor_p95_ms": _p95(floors), "advances": len(times)}), flush=True)
    os._exit(0)


if __name__ == "__main__":
    _child(sys.argv[1])
