"""First chart shown: request to painted, including the lazy ``import pyqtgraph``.

Each run is a fresh process (offscreen) in the state the app is in before its first chart
request: the theme applied, a shown window holding a page of HTML, the Store open. The clock
starts at the request and stops when the plot has painted. The floor, measured in the same
run the same way, imports pyqtgraph and paints one bare PlotWidget holding the same series
and points. Medians of 9 runs each, after one warm-up of each; the runs alternate floor and
chart, each pair in the opposite order to the last, so a machine whose load drifts during
the run (other work on a two-core machine) weighs on both alike.

Run as a script, this module is also the child process: ``bench_chart.py chart DB ID`` or
``bench_chart.py floor DB ID``; the child prints the milliseconds as JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

RUNS = 9
TARGET = 1.2
REPO = Path(__file__).resolve().parents[1]


def _largest_chart(db: Path) -> str:
    """The chart with the most plotted points (the real corpus: the GH-secretagogue phases)."""
    from peptide_desk.store import Store

    store = Store(db)
    try:
        sizes = {cid: sum(len(s.points) for s in store.chart(cid).series)
                 for cid, _ in store.chart_ids()}
    finally:
        store.close()
    return max(sizes, key=lambda cid: (sizes[cid], cid == "gh-secretagogue-phases"))


def _spawn(kind: str, db: Path, chart_id: str) -> float:
    """Milliseconds from request to painted in a fresh child process."""
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen"}
    out = subprocess.run([sys.executable, __file__, kind, str(db), chart_id],
                         capture_output=True, text=True, env=env, check=True, timeout=120)
    return float(json.loads(out.stdout.strip().splitlines()[-1])["ms"])


def run() -> dict[str, dict]:
    """chart_first_show_ms against its floor, medians of RUNS fresh processes each."""
    from peptide_desk.resources import default_db_output

    with tempfile.TemporaryDirectory() as tmp:
        db = default_db_output()
        if not db.is_file():
            from peptide_desk.content.build import build_database

            db = Path(tmp) / "fixture.sqlite"
            build_database(REPO / "tests" / "fixtures" / "content", db)
        chart_id = _largest_chart(db)
        from benchmarks import compile_bytecode  # here: this file is also the child script

        compile_bytecode()
        _spawn("floor", db, chart_id)  # warm the page cache for both
        _spawn("chart", db, chart_id)
        floors: list[float] = []
        charts: list[float] = []
        for i in range(RUNS):
            for kind in ("floor", "chart") if i % 2 == 0 else ("chart", "floor"):
                (floors if kind == "floor" else charts).append(_spawn(kind, db, chart_id))
    value, floor = statistics.median(charts), statistics.median(floors)
    return {"chart_first_show_ms": {"value": round(value, 1), "unit": "ms",
                                    "floor": round(floor, 1), "ratio": round(value / floor, 3),
                                    "target": TARGET, "runs": RUNS}}


# --- child process ------------------------------------------------------------------------
def _child(kind: str, db: str, chart_id: str) -> None:
    """Time one request in a fresh process; prints {"ms": …}."""
    import time

    from PySide6.QtCore import QEvent, QObject, QTimer
    from PySide6.QtWidgets import QApplication, QTextBrowser, QVBoxLayout, QWidget

    from peptide_desk.store import Store
    from peptide_desk.ui.theme import apply_theme

    app = QApplication([sys.argv[0]])
    apply_theme(app, "light", 100)
    store = Store(Path(db))
    chart = store.chart(chart_id)
    host = QWidget()
    host.resize(1100, 800)
    layout = QVBoxLayout(host)
    page = QTextBrowser(host)
    page.setHtml(f"<h1>{chart.title}</h1><p>{chart.description}</p>")
    layout.addWidget(page)
    host.show()
    for _ in range(3):
        app.processEvents()
    result: dict[str, float] = {}

    def done() -> None:
        result["ms"] = (time.perf_counter() - start) * 1000
        app.quit()

    class Painted(QObject):
        def eventFilter(self, obj, event) -> bool:
            if event.type() == QEvent.Type.Paint and "ms" not in result:
                QTimer.singleShot(0, done)  # runs once this paint has finished
            return False

    start = time.perf_counter()
    if kind == "chart":
        from peptide_desk.ui.chart_view import ChartView

        widget = ChartView(store)
        widget.show_chart(chart_id)
        plot = widget.plot
    else:
        import pyqtgraph as pg

        widget = plot = pg.PlotWidget()
        for series in chart.series:
            plot.plot(series.xs, series.ys)
    watcher = Painted()
    plot.viewport().installEventFilter(watcher)
    page.hide()  # the panel replaces the page, as in the window's stack
    layout.addWidget(widget)
    app.exec()
    print(json.dumps(result), flush=True)
    os._exit(0)


if __name__ == "__main__":
    _child(*sys.argv[1:4])
