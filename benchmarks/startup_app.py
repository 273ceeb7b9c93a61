"""Child process for bench_startup: the app's own start function, reporting the first paint
of its window or (``ready``) when the window has completed (menus, reader, search)."""

from __future__ import annotations

import os
import sys

from paint_probe import app_start_functions, exit_on_first_paint, report_and_exit

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db: str, user_dir: str, until: str = "paint") -> None:
    """``until`` is "paint" (the first paint) or "ready" (the window has completed)."""
    from pathlib import Path

    make_application, start_window = app_start_functions()
    app = make_application([sys.argv[0]])
    win = start_window(app, Path(db), Path(user_dir))

    if until == "ready":
        exit_when_ready(win)
    else:
        exit_on_first_paint(win)
    win.show()
    app.exec()


def exit_when_ready(win) -> None:
    """Report (as at a paint) once ``win.complete()`` has run, and exit."""
    complete = win.complete

    def timed() -> None:
        complete()
        report_and_exit()

    win.complete = timed


if __name__ == "__main__":
    main(*sys.argv[1:4])
