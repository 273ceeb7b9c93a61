"""Entry script of the frozen app: the same ``peptide-desk`` command line as the venv.

A separate file rather than src/peptide_desk/__main__.py, so PyInstaller does not put the
package folder itself on the module search path.

``PEPTIDE_DESK_PROBE_FIRST_PAINT=1`` (benchmarks only) prints ``{"painted": <epoch s>}``
when the main window first paints and exits at once; benchmarks/bench_bundle.py uses it to
time the frozen app against the same launcher run from the venv.
"""

from __future__ import annotations

import os
import sys


def _install_first_paint_probe() -> None:
    """Create the QApplication early and exit on the first paint of a main window."""
    import json
    import time

    from PySide6.QtCore import QEvent, QObject
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication(sys.argv[:1])

    class _Probe(QObject):
        def eventFilter(self, obj: QObject, event: QEvent) -> bool:
            if event.type() == QEvent.Type.Paint and isinstance(obj, QMainWindow):
                print(json.dumps({"painted": time.time()}), flush=True)
                os._exit(0)
            return False

    probe = _Probe(app)
    app.installEventFilter(probe)


if __name__ == "__main__":
    if os.environ.get("PEPTIDE_DESK_PROBE_FIRST_PAINT") == "1":
        _install_first_paint_probe()
    from peptide_desk.cli import main

    raise SystemExit(main())
