"""Shared by the start-up app and its floor: report the first paint of a window, then exit."""

from __future__ import annotations

import json
import os
import resource
import time


def report_and_exit() -> None:
    """Print {"painted": wall time now, "rss_mib": peak RSS so far} and exit at once."""
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps({"painted": time.time(), "rss_mib": rss}), flush=True)
    os._exit(0)


def exit_on_first_paint(win) -> None:
    """Print {"painted": wall time, "rss_mib": peak RSS} at ``win``'s first paint and exit."""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is win:
                report_and_exit()
            return False

    win.installEventFilter(Painted(win))
