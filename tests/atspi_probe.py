"""Count the focusable AT-SPI nodes without a name in every view (issue 14, item 3).

Not a test (it needs Xvfb, a D-Bus session and the system's python3-gi): run it as

    dbus-run-session -- xvfb-run -a env QT_LINUX_ACCESSIBILITY_ALWAYS_ON=1 \\
        PYTHONPATH=src .venv/bin/python tests/atspi_probe.py

The app half (this file, in the project's Python) opens the window on the bundled corpus
and shows each view; for each one it runs the client half (this file with ``--walk``, in the
system's /usr/bin/python3, which has gi and Atspi) while its own event loop keeps answering
the screen reader's questions. The client walks the application's accessible tree and
prints the focusable nodes that have no name. The app prints one line per view and a total.
"""

from __future__ import annotations

import json
import sys
import tempfile
from pathlib import Path

SYSTEM_PYTHON = "/usr/bin/python3"
APP_NAME = "peptide-desk-atspi-probe"


def walk() -> None:
    """Client half: focusable nodes without a name in the probe application."""
    import gi

    gi.require_version("Atspi", "2.0")
    from gi.repository import Atspi

    desktop = Atspi.get_desktop(0)
    apps = [desktop.get_child_at_index(i) for i in range(desktop.get_child_count())]
    app = next((a for a in apps if a is not None and a.get_name() == APP_NAME), None)
    if app is None:
        print(json.dumps({"error": "the application is not on the accessibility bus",
                          "apps": [a.get_name() for a in apps if a is not None]}))
        return
    unnamed: list[str] = []
    focusable = 0
    stack = [app]
    seen = 0
    while stack and seen < 20000:
        node = stack.pop()
        seen += 1
        try:
            states = node.get_state_set()
            role = node.get_role_name()
            if states.contains(Atspi.StateType.FOCUSABLE) and states.contains(
                    Atspi.StateType.SHOWING):
                focusable += 1
                if not (node.get_name() or "").strip():
                    unnamed.append(role)
            stack.extend(node.get_child_at_index(i) for i in range(node.get_child_count()))
        except Exception:  # a node that went away while walking
            continue
    print(json.dumps({"focusable": focusable, "unnamed": unnamed, "nodes": seen}))


def _client() -> dict:
    """Run the client half while this event loop keeps answering AT-SPI."""
    from PySide6.QtCore import QEventLoop, QProcess

    proc = QProcess()
    loop = QEventLoop()
    proc.finished.connect(loop.quit)
    proc.start(SYSTEM_PYTHON, [__file__, "--walk"])
    loop.exec()
    out = bytes(proc.readAllStandardOutput().data()).decode().strip().splitlines()
    return json.loads(out[-1]) if out else {"error": "no output"}


def _pause(ms: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def probe() -> int:
    """App half: every view, one client walk each."""
    from PySide6.QtWidgets import QApplication

    from peptide_desk.services import open_services
    from peptide_desk.ui.app import make_application
    from peptide_desk.ui.shell.main_window import MainWindow

    app = make_application([APP_NAME])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    with tempfile.TemporaryDirectory() as tmp:
        services = open_services(None, Path(tmp))
        win = MainWindow(services)
        win.resize(1280, 720)
        win.show()
        store = services.store
        views = ["view:home", f"article:{store.articles()[0].id}", "substance:semaglutide",
                 f"class:{store.classes()[0].id}", "view:compare",
                 *(f"chart:{c}" for c, _t in store.chart_ids()),
                 *(f"view:{v}" for v in ("charts", "glossary", "references", "bookmarks",
                                         "history", "library", "tables", "decks"))]
        total = 0
        for view in [*views, "side-by-side", "search"]:
            if view == "side-by-side":
                win.open_target("view:compare")
                assert win.panels.compare is not None
                win.panels.compare.compare_items(["semaglutide", "tirzepatide"])
            elif view == "search":
                win.search.focus("GLP-1")
            else:
                win.open_target(view)
            for _ in range(5):
                QApplication.processEvents()
            for _attempt in range(20):  # the app registers on the bus a moment after start
                result = _client()
                if "error" not in result:
                    break
                _pause(500)
            if "error" in result:
                print(f"{view}: {result}")
                return 1
            total += len(result["unnamed"])
            print(f"{view}: {result['focusable']} focusable, {len(result['unnamed'])} "
                  f"unnamed {result['unnamed']}", flush=True)
        print(f"total unnamed focusable nodes: {total}")
        win.close()
        services.close()
    return 0


if __name__ == "__main__":
    if "--walk" in sys.argv:
        walk()
    else:
        sys.exit(probe())
