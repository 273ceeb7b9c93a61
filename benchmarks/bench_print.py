"""Export as PDF of the longest article at the Academic tier, through the print layout.

The figure is the whole export: blocks cut from the page, each laid out and measured, the
pages planned, the charts drawn in place, the running header and page numbers painted and
the PDF's information dictionary written. The floor, measured in the same child process the
same way, is what printing did before the layout: one QTextDocument of the same HTML printed
to the same A4 PDF writer with ``QTextDocument.print_`` (no charts, no page furniture).
Medians of RUNS alternating pairs after one warm-up of each, in a fresh offscreen process.

Run as a script, this module is also the child: ``bench_print.py DB`` prints the medians
as JSON.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

RUNS = 5
TARGET = 2.0
REPO = Path(__file__).resolve().parents[1]


def run() -> dict[str, dict]:
    """print_article_pdf_ms against its floor."""
    from peptide_desk.resources import default_db_output

    db = default_db_output()
    if not db.is_file():
        return {"print_article_pdf_ms": {"value": None, "unit": "ms",
                                         "error": f"no database at {db}; run build-db"}}
    env = {**os.environ, "QT_QPA_PLATFORM": "offscreen",
           "PYTHONPATH": os.pathsep.join([str(REPO / "src"), os.environ.get("PYTHONPATH", "")])}
    out = subprocess.run([sys.executable, __file__, str(db)], capture_output=True, text=True,
                         env=env, check=True, timeout=600)
    got = json.loads(out.stdout.strip().splitlines()[-1])
    value, floor = got["layout"], got["floor"]
    return {"print_article_pdf_ms": {"value": round(value, 1), "unit": "ms",
                                     "floor": round(floor, 1), "ratio": round(value / floor, 3),
                                     "target": TARGET, "runs": RUNS, "pages": got["pages"]}}


def _child(db: str) -> None:
    from PySide6.QtGui import QPdfWriter, QTextDocument
    from PySide6.QtWidgets import QApplication

    from peptide_desk import print_targets
    from peptide_desk.store import Store
    from peptide_desk.themes import palette, reading_css
    from peptide_desk.ui import print_layout

    app = QApplication(["bench"])
    store = Store(Path(db))
    longest = max(store.articles(), key=lambda a: sum(a.reading_minutes.values()))
    article = store.article(longest.id)
    assert article is not None
    pages = 0

    with tempfile.TemporaryDirectory() as tmp:
        def layout() -> float:
            nonlocal pages
            started = time.perf_counter()
            doc = print_targets.article_doc(store, article, "academic")
            pages = print_layout.write_pdf(store, doc, Path(tmp) / "layout.pdf")
            return (time.perf_counter() - started) * 1000

        def floor() -> float:
            started = time.perf_counter()
            doc = print_targets.article_doc(store, article, "academic")
            text = QTextDocument()
            text.setDefaultStyleSheet(reading_css(palette("light"), print_layout.BASE_PT))
            text.setHtml(doc.html)
            writer = QPdfWriter(str(Path(tmp) / "floor.pdf"))
            writer.setPageLayout(print_layout.page_layout())
            text.setPageSize(writer.pageLayout().paintRect().size())
            text.print_(writer)
            del writer
            return (time.perf_counter() - started) * 1000

        layout(), floor()  # warm-up
        lays, floors = [], []
        for i in range(RUNS):
            for kind in ("floor", "layout") if i % 2 == 0 else ("layout", "floor"):
                (floors if kind == "floor" else lays).append(floor() if kind == "floor"
                                                             else layout())
    store.close()
    del app
    print(json.dumps({"layout": statistics.median(lays), "floor": statistics.median(floors),
                      "pages": pages}))


if __name__ == "__main__":
    _child(sys.argv[1])
