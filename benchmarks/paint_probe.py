"""Shared by the start-up app and its floor: report the first paint of a window, then exit."""

from __future__ import annotations

import json
import os
import resource
import time


def exit_on_first_paint(win) -> None:
    """Print {"painted": wall time, "rss_mib": peak RSS} at ``win``'s first paint and exit."""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is win:
                rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
                print(json.dumps({"painted": time.time(), "rss_mib": rss}), flush=True)
                os._exit(0)
            return False

    win.installEventFilter(Painted(win))
