"""``peptide-desk --self-test``: a headless end-to-end check that also runs frozen.

Opens the database read-only, runs SQLite's quick_check, a set of searches, renders every
article (each tier) and every substance and class page, builds the comparison rows and one
chart, then prints one summary line. Any failure: a clear message and exit code 1.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

SEARCHES = ("GLP-1", "ozempic", "Egrifta", "semaglutid", "hypoglycaemia", '"unbalanced',
            "AND", "PT-141", "2.4 mg", "\x00(", "插入 🧪")


def _fail(step: str, exc: BaseException) -> int:
    print(f"self-test FAILED at {step}: {exc}", file=sys.stderr)
    return 1


def run_self_test(db: Path | None = None) -> int:
    """Run every check; return 0 and print a summary line when all pass."""
    started = time.perf_counter()
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    step = "opening the database"
    try:
        from peptide_desk.resources import database_path
        from peptide_desk.search import SearchService
        from peptide_desk.store import Store

        store = Store(db or database_path())
        step = "quick_check"
        check = store.quick_check()
        if check != "ok":
            raise RuntimeError(f"quick_check reported: {check}")
        step = "search"
        service = SearchService(store.conn)
        hits = {q: len(service.search(q).results) for q in SEARCHES}
        if not hits["GLP-1"] or not hits["ozempic"]:
            raise RuntimeError(f"expected results for GLP-1 and ozempic, got {hits}")
        step = "starting Qt"
        from PySide6.QtGui import QTextDocument
        from PySide6.QtWidgets import QApplication

        app = QApplication.instance() or QApplication([sys.argv[0], "-platform", "offscreen"])
        from peptide_desk import pages
        from peptide_desk.records import TIERS
        from peptide_desk.themes import palette

        pal = palette("light")
        step = "rendering articles"
        views = 0
        for summary in store.articles():
            article = store.article(summary.id)
            assert article is not None
            for tier in TIERS:
                doc = QTextDocument()
                doc.setHtml(pages.article_html(store, article, tier, pal))
                if doc.characterCount() < 200:
                    raise RuntimeError(f"article {article.id} at {tier} rendered empty")
                views += 1
        step = "rendering substance and class pages"
        subs = store.substances()
        for sub in subs:
            full = store.substance(sub.id)
            assert full is not None
            QTextDocument().setHtml(pages.substance_html(store, full, pal))
        classes = store.classes()
        for cls in classes:
            full_cls = store.drug_class(cls.id)
            assert full_cls is not None
            QTextDocument().setHtml(pages.class_html(store, full_cls, pal))
        step = "building the comparison"
        from peptide_desk import compare

        rows = compare.substance_rows(store)
        if len(rows) != len(subs):
            raise RuntimeError("comparison rows do not match the substances")
        step = "drawing a chart"
        from peptide_desk.ui.chart_view import ChartView

        chart_id = store.chart_ids()[0][0]
        view = ChartView(store)
        view.resize(900, 600)
        if not view.show_chart(chart_id):
            raise RuntimeError(f"chart {chart_id} did not draw")
        if view.grab().isNull():
            raise RuntimeError("chart grab is empty")
        app.processEvents()
    except Exception as exc:
        return _fail(step, exc)
    seconds = time.perf_counter() - started
    print(f"self-test OK: database {store.path.name} quick_check ok; {len(SEARCHES)} searches; "
          f"{views} article views; {len(subs)} substance and {len(classes)} class pages; "
          f"comparison of {len(rows)} rows; chart '{chart_id}' drawn; {seconds:.2f} s")
    return 0
