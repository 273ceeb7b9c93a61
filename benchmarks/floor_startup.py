"""Floor for bench_startup: a minimal PySide6 window with a QTextBrowser holding the same
home HTML as the app, reporting its first paint."""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(html_path: str) -> None:
    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    browser = QTextBrowser(win)
    with open(html_path, encoding="utf-8") as fh:
        browser.setHtml(fh.read())
    win.setCentralWidget(browser)
    win.resize(1320, 860)

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is win:
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(json.dumps({"painted": time.time(), "rss_mib": rss}), flush=True)
                os._exit(0)
            return False

    win.installEventFilter(Painted(win))
    win.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
