"""``peptide-desk --self-test``: a headless end-to-end check that also runs frozen.

Runs the Qt-free checks of ``peptide_desk.selftest`` (database, quick_check, searches, every
page's HTML, the comparison), then the ones that need Qt: every page laid out in a
QTextDocument and one chart drawn. Prints one summary line; any failure prints a clear
message and returns exit code 1.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

from peptide_desk.selftest import DataChecks, SelfTestFailure, check_data


def run_self_test(db: Path | None = None) -> int:
    """Run every check; return 0 and print a summary line when all pass."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    try:
        found = check_data(db)
    except SelfTestFailure as exc:
        print(exc, file=sys.stderr)
        return 1
    step = "starting Qt"
    try:
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        step = "laying out the pages"
        _lay_out(found)
        step = "drawing a chart"
        chart_id = _draw_chart(found)
        app.processEvents()
    except Exception as exc:
        print(SelfTestFailure(step, exc), file=sys.stderr)
        return 1
    finally:
        found.store.close()
    seconds = time.perf_counter() - started
    print(f"self-test OK: database {found.store.path.name} sha256 {found.checksum}, "
          "structure ok, quick_check ok; "
          f"{found.searches} searches; {found.article_views} article views; "
          f"{found.substances} substance and {found.classes} class pages; "
          f"comparison of {found.rows} rows; chart '{chart_id}' drawn; {seconds:.2f} s")
    return 0


def _lay_out(found: DataChecks) -> None:
    """Every page as Qt shows it; an article view of under 200 characters rendered empty."""
    from PySide6.QtGui import QTextDocument

    for page in found.pages:
        doc = QTextDocument()
        doc.setHtml(page.html)
        if page.article and doc.characterCount() < 200:
            raise RuntimeError(f"{page.label} rendered empty")


def _draw_chart(found: DataChecks) -> str:
    """The first chart, drawn offscreen at a typical size; returns its id."""
    from peptide_desk.ui.chart_view import ChartView

    chart_id = found.store.chart_ids()[0][0]
    view = ChartView(found.store)
    view.resize(900, 600)
    if not view.show_chart(chart_id):
        raise RuntimeError(f"chart {chart_id} did not draw")
    if view.grab().isNull():
        raise RuntimeError("chart grab is empty")
    return chart_id
