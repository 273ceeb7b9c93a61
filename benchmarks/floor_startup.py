"""Floor for bench_startup: a minimal PySide6 window with a QTextBrowser holding the same
home HTML as the app, reporting its first paint."""

from __future__ import annotations

import os
import sys

from paint_probe import exit_on_first_paint

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(html_path: str) -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow, QTextBrowser

    app = QApplication([sys.argv[0]])
    win = QMainWindow()
    browser = QTextBrowser(win)
    with open(html_path, encoding="utf-8") as fh:
        browser.setHtml(fh.read())
    win.setCentralWidget(browser)
    win.resize(1320, 860)

    exit_on_first_paint(win)
    win.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1])
