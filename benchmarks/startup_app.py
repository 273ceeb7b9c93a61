"""Child process for bench_startup: the app's own start function, reporting the first paint
of its window and, on stderr, when the window has completed (menus, reader, search)."""

from __future__ import annotations

import os
import sys

from paint_probe import exit_on_first_paint

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")


def main(db: str, user_dir: str) -> None:
    from pathlib import Path

    from peptide_desk.app import make_application, start_window

    app = make_application([sys.argv[0]])
    win = start_window(app, Path(db), Path(user_dir))

    exit_on_first_paint(win)
    win.show()
    app.exec()


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
