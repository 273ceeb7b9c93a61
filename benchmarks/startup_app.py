"""Child process for bench_startup: the real app window, reporting its first paint."""

from __future__ import annotations

import os
import sys

from paint_probe import exit_on_first_paint

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db: str, user_dir: str) -> None:
    from pathlib import Path

    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from peptide_desk.services import open_services
    from peptide_desk.ui.main_window import MainWindow

    win = MainWindow(open_services(Path(db), Path(user_dir)))
    win.restore_session()

    exit_on_first_paint(win)
    win.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
