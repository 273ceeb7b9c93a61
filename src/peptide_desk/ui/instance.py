"""The running instance serves the hand-off spool (``handoff.py``): a link a second launch
leaves there opens in this window, which is raised. A QFileSystemWatcher on the folder
wakes it (no network, no QtNetwork); where the folder cannot be watched, a slow timer looks
instead."""

from __future__ import annotations

import contextlib
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QObject, QTimer
from PySide6.QtWidgets import QWidget

from peptide_desk.handoff import Primary

#: How often the spool is looked at when it cannot be watched (milliseconds).
POLL_MS = 1000


class InstanceServer(QObject):
    """Opens each link handed to this instance with ``open_link``, after raising ``window``."""

    def __init__(self, primary: Primary, window: QWidget,
                 open_link: Callable[[str], object]) -> None:
        super().__init__(window)
        self.primary, self.window, self.open_link = primary, window, open_link
        self.watcher = QFileSystemWatcher(self)
        self.watcher.directoryChanged.connect(lambda _path: self.serve())
        self.poll = QTimer(self, interval=POLL_MS)
        self.poll.timeout.connect(self.serve)
        if not self.watcher.addPath(str(primary.folder)):
            self.poll.start()
        window.destroyed.connect(lambda *_: primary.close())
        self.serve()  # what arrived while the window was starting

    def serve(self) -> None:
        """Take every waiting link: raise the window, then open each."""
        links = self.primary.take()
        if not links:
            return
        window = self.window
        if window.isMinimized():
            window.showNormal()
        window.show()
        window.raise_()
        window.activateWindow()
        for link in links:
            self.open_link(link)

    def close(self) -> None:
        """Stop serving (the lock is released: the next launch starts its own window)."""
        self.primary.close()
        with contextlib.suppress(RuntimeError):  # gone with its window (damaged content)
            self.poll.stop()
            self.watcher.removePaths(self.watcher.directories())


def serve(folder: Path, window: QWidget, open_link: Callable[[str], object]
          ) -> InstanceServer | None:
    """Serve ``folder``'s spool from ``window`` unless another instance already does."""
    primary = Primary.claim(folder)
    return None if primary is None else InstanceServer(primary, window, open_link)
