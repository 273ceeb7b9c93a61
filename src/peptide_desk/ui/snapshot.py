"""``peptide-desk snapshot``: render the main views offscreen to PNG files."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication

    from peptide_desk.ui.shell.main_window import MainWindow

THEMES = ("light", "dark", "high-contrast")
SIZE = (1400, 900)


def _settle(app: QApplication) -> None:
    for _ in range(4):
        app.processEvents()


def _views(win: MainWindow) -> list[tuple[str, Callable[[], object]]]:
    """(name, action) pairs: each action puts the window in the state to capture."""
    first = win.store.articles()[0].id
    sub = "semaglutide" if win.store.substance("semaglutide") else win.store.substances()[0].id
    chart = ("gh-secretagogue-phases" if win.store.chart("gh-secretagogue-phases")
             else win.store.chart_ids()[0][0])

    def search() -> None:
        win.open_target("view:home")
        win.search.focus("GLP-1")

    def article(tier: str) -> Callable[[], None]:
        def go() -> None:
            win.search.edit.clear()
            win.search.close_popup()
            win.tier = tier
            win.open_target(f"article:{first}")
            win.reader.set_tier(tier)
        return go

    return [
        ("home", lambda: win.open_target("view:home")),
        ("search-glp1", search),
        ("article-fundamentals", article("fundamentals")),
        ("article-intermediate", article("intermediate")),
        ("article-academic", article("academic")),
        ("substance", lambda: win.open_target(f"substance:{sub}")),
        ("compare", lambda: win.open_target("view:compare")),
        ("chart", lambda: win.open_target(f"chart:{chart}")),
    ]


def run_snapshot(out: Path, themes: list[str] | None = None, zooms: list[int] | None = None,
                 db: Path | None = None) -> int:
    """Write PNGs named VIEW-THEME-ZOOM.png into ``out``; returns an exit code."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from peptide_desk.services import open_services
    from peptide_desk.store import StoreError
    from peptide_desk.ui.app import make_application
    from peptide_desk.ui.shell.main_window import MainWindow

    app = make_application([sys.argv[0]])
    out.mkdir(parents=True, exist_ok=True)
    written = 0
    with tempfile.TemporaryDirectory(prefix="peptide-desk-snapshot-") as user_dir:
        try:
            services = open_services(db, Path(user_dir))
        except StoreError as exc:
            print(exc, file=sys.stderr)
            return 1
        for theme in themes or list(THEMES):
            for zoom in zooms or [100, 200]:
                services.user.set("theme", theme)
                services.user.set("zoom", zoom)
                win = MainWindow(services)
                win.resize(*SIZE)
                win.show()
                win.open_target("view:home")
                for name, action in _views(win):
                    action()
                    _settle(app)
                    path = out / f"{name}-{theme}-{zoom}.png"
                    win.grab().save(str(path))
                    written += 1
                win.close()
                win.deleteLater()
                _settle(app)
        services.close()
    print(f"wrote {written} PNG files to {out}")
    return 0
