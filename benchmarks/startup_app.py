"""Child process for bench_startup: the real app window, reporting its first paint."""

from __future__ import annotations

import json
import os
import resource
import sys
import time

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db: str, user_dir: str) -> None:
    from pathlib import Path

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication

    app = QApplication([sys.argv[0]])
    from peptide_desk.services import open_services
    from peptide_desk.ui.main_window import MainWindow

    win = MainWindow(open_services(Path(db), Path(user_dir)))
    win.restore_session()

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
    main(sys.argv[1], sys.argv[2])
