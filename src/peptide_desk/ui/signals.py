"""SIGINT (an interrupt typed in the terminal) and SIGTERM end the app cleanly: the window
closes through its normal close path (the session is saved), the event loop ends, and
``run_app`` closes the user data, so the process exits 0, everything flushed, no traceback.

Python runs a signal handler only when the interpreter next runs, and Qt's event loop is C++:
``signal.set_wakeup_fd`` writes each signal to a non-blocking pipe that a QSocketNotifier
watches, so the loop wakes at once and the handler runs. Where that cannot be done
(Windows: the wake-up descriptor must be a socket there), a slow no-op timer lets the
interpreter look for signals instead. The handler itself only schedules the quit, so it never
runs in the middle of another slot's work.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sys
from collections.abc import Callable
from types import FrameType
from typing import Any

from PySide6.QtCore import QObject, QSocketNotifier, QTimer

#: The signals that end the app.
QUIT_SIGNALS = (signal.SIGINT, signal.SIGTERM)
#: How often the interpreter looks for signals where the loop cannot be woken (ms).
POLL_MS = 200


class QuitOnSignals(QObject):
    """Runs ``quit()`` once, soon after SIGINT or SIGTERM; ``uninstall()`` puts back what
    was there before."""

    def __init__(self, quit: Callable[[], None], parent: QObject | None = None, *,
                 pending: list[int] | None = None) -> None:
        """``pending``: signals received before (the app's start): the quit is scheduled."""
        super().__init__(parent)
        self.quit = quit
        self.received: list[int] = []
        self._previous: dict[int, Any] = {}
        self._fds: tuple[int, int] | None = None
        self._old_wakeup = -1
        self._notifier: QSocketNotifier | None = None
        self._timer: QTimer | None = None
        for sig in QUIT_SIGNALS:
            self._previous[sig] = signal.signal(sig, self._handle)
        if not self._wake_by_pipe():
            self._timer = QTimer(self, interval=POLL_MS)
            self._timer.timeout.connect(lambda: None)  # back in Python: handlers run
            self._timer.start()
        for signum in pending or ():
            self._handle(signum, None)

    def _wake_by_pipe(self) -> bool:
        if sys.platform == "win32":
            return False
        read, write = os.pipe()
        for fd in (read, write):
            os.set_blocking(fd, False)
        try:
            self._old_wakeup = signal.set_wakeup_fd(write, warn_on_full_buffer=False)
        except (ValueError, OSError):  # not the main thread: poll instead
            os.close(read)
            os.close(write)
            return False
        self._fds = (read, write)
        self._notifier = QSocketNotifier(read, QSocketNotifier.Type.Read, self)
        self._notifier.activated.connect(self._drain)
        return True

    def _drain(self) -> None:
        """Empty the pipe (the handler has run by now: we are back in Python)."""
        if self._fds is not None:
            with contextlib.suppress(OSError):
                while os.read(self._fds[0], 512):
                    pass

    def _handle(self, signum: int, _frame: FrameType | None) -> None:
        self.received.append(signum)
        if len(self.received) == 1:
            QTimer.singleShot(0, self.quit)

    def uninstall(self) -> None:
        """The previous handlers and wake-up descriptor back; the pipe closed."""
        for sig, handler in self._previous.items():
            with contextlib.suppress(ValueError, OSError, TypeError):
                signal.signal(sig, handler)
        self._previous.clear()
        if self._timer is not None:
            self._timer.stop()
        if self._fds is not None:
            with contextlib.suppress(ValueError, OSError):
                signal.set_wakeup_fd(self._old_wakeup)
            if self._notifier is not None:
                self._notifier.setEnabled(False)
            for fd in self._fds:
                with contextlib.suppress(OSError):
                    os.close(fd)
            self._fds = None
