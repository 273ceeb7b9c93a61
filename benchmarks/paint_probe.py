"""Shared by the start-up children and their floor: report a paint of a window, then exit.

Protocol: the child prints one JSON line ``{"painted": wall time, "rss_mib": own peak RSS}``
on stdout and exits at once (``report_and_exit``); a child that cannot reach its paint
prints ``{"error": "..."}`` and exits 1 (``fail_and_exit``).
"""

from __future__ import annotations

import json
import os
import sys
import time
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the floor imports this module: keep its start free of extra imports
    from collections.abc import Callable
    from typing import Any

MIB = 2**20


def peak_rss_mib() -> float:
    """This process's own peak resident set size since it was exec'd, in MiB.

    Linux: ``VmHWM`` from /proc/self/status, the high-water mark of this process's address
    space, which exec replaced. Not ``ru_maxrss``: the kernel carries the pre-exec peak into
    it, and before exec a forked (or vforked) child's memory is the parent's, so a child of
    a large benchmark parent reads the parent's size. Windows: PeakWorkingSetSize (a new
    process has no parent memory). Elsewhere (macOS, BSD): ``ru_maxrss``, the best there is.
    """
    if sys.platform.startswith("linux"):
        try:
            with open("/proc/self/status", encoding="ascii") as status:
                for line in status:
                    if line.startswith("VmHWM:"):
                        return int(line.split()[1]) / 1024  # kB
        except (OSError, ValueError, IndexError):
            pass
    if sys.platform == "win32":
        return _windows_peak_working_set() / MIB
    return _ru_maxrss_mib()


def _ru_maxrss_mib() -> float:
    """``ru_maxrss`` in MiB (kilobytes on Linux and BSD, bytes on macOS)."""
    import resource

    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / MIB if sys.platform == "darwin" else peak / 1024


def _windows_peak_working_set() -> int:
    import ctypes
    from ctypes import wintypes

    class Counters(ctypes.Structure):
        _fields_ = [("cb", wintypes.DWORD), ("PageFaultCount", wintypes.DWORD),
                    ("PeakWorkingSetSize", ctypes.c_size_t), ("WorkingSetSize", ctypes.c_size_t),
                    ("QuotaPeakPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaPeakNonPagedPoolUsage", ctypes.c_size_t),
                    ("QuotaNonPagedPoolUsage", ctypes.c_size_t),
                    ("PagefileUsage", ctypes.c_size_t), ("PeakPagefileUsage", ctypes.c_size_t)]

    counters = Counters()
    counters.cb = ctypes.sizeof(Counters)
    kernel32 = ctypes.WinDLL("kernel32")  # type: ignore[attr-defined]
    process = kernel32.GetCurrentProcess()
    if not kernel32.K32GetProcessMemoryInfo(process, ctypes.byref(counters), counters.cb):
        raise OSError("K32GetProcessMemoryInfo failed")
    return int(counters.PeakWorkingSetSize)


def report_and_exit(**extra: Any) -> None:
    """Print {"painted": wall time now, "rss_mib": own peak RSS so far, **extra}; exit at once."""
    painted = time.time()
    print(json.dumps({"painted": painted, "rss_mib": peak_rss_mib(), **extra}), flush=True)
    os._exit(0)


def fail_and_exit(message: str) -> None:
    """Print {"error": message} and exit 1 at once (the parent reports the figure missing)."""
    print(json.dumps({"error": message}), flush=True)
    os._exit(1)


def exit_on_first_paint(win) -> None:
    """Print {"painted": wall time, "rss_mib": peak RSS} at ``win``'s first paint and exit."""
    from PySide6.QtCore import QEvent, QObject

    class Painted(QObject):
        def eventFilter(self, obj, event):
            if event.type() == QEvent.Type.Paint and obj is win:
                report_and_exit()
            return False

    win.installEventFilter(Painted(win))


def app_start_functions() -> tuple[Callable[..., Any], Callable[..., Any]]:
    """``(make_application, start_window)`` from the app's start module, which lives in
    ``peptide_desk.app`` or, after the move into the ui package, ``peptide_desk.ui.app``."""
    try:
        from peptide_desk.app import make_application, start_window
    except ModuleNotFoundError as exc:
        if exc.name != "peptide_desk.app":
            raise
        from peptide_desk.ui.app import (  # type: ignore[no-redef]
            make_application,
            start_window,
        )
    return make_application, start_window
