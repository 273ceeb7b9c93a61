"""Floor for bench_bundle: a minimal PySide6 + pyqtgraph app, frozen with the app's options.

A main window with a QTextBrowser holding about 30 KB of HTML and one pyqtgraph PlotWidget
with a line. With ``PEPTIDE_DESK_PROBE_FIRST_PAINT=1`` it prints ``{"painted": <epoch s>}``
on its first paint and exits, the same protocol as packaging/launcher.py.
"""

from __future__ import annotations

import json
import os
import sys
import time

PARAGRAPH = ("<p>Glucagon-like peptide-1 receptor agonists lower glucose in a "
             "glucose-dependent way, slow gastric emptying and reduce appetite; the size of "
             "the effect differs between substances, doses and trials.</p>")


def main() -> int:
    """Show the window; exit on first paint when probing."""
    import pyqtgraph as pg
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QSplitter, QTextBrowser

    app = QApplication(sys.argv[:1])
    win = QMainWindow()
    split = QSplitter(win)
    browser = QTextBrowser(split)
    browser.setHtml("<h1>Floor</h1>" + PARAGRAPH * (30_000 // len(PARAGRAPH)))
    plot = pg.PlotWidget(split)
    plot.plot(list(range(50)), [(x % 10) ** 1.5 for x in range(50)])
    win.setCentralWidget(split)
    win.resize(1320, 860)

    class Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and obj is win:
                print(json.dumps({"painted": time.time()}), flush=True)
                os._exit(0)
            return False

    if os.environ.get("PEPTIDE_DESK_PROBE_FIRST_PAINT") == "1":
        app.installEventFilter(Probe(app))
    win.show()
    return int(app.exec())


if __name__ == "__main__":
    raise SystemExit(main())
