"""The Qt-free half of ``peptide-desk --self-test``: the data and every page, without widgets.

Opens the database read-only, verifies it (``integrity.verify``: the SHA-256 and size
``build-db`` recorded, and the structure: tables, schema, row counts from ``meta``), runs
SQLite's quick_check and a set of searches, renders every
article (each tier) and every substance and class page to HTML, and builds the comparison
rows. ``ui/selftest.py`` runs this first, then lays the pages out in Qt and draws a chart,
and prints the one summary line; it also runs frozen. A failed check raises
:class:`SelfTestFailure` naming the step.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from peptide_desk.store import Store

SEARCHES = ("GLP-1", "ozempic", "Egrifta", "semaglutid", "hypoglycaemia", '"unbalanced',
            "AND", "PT-141", "2.4 mg", "\x00(", "插入 🧪")


class SelfTestFailure(RuntimeError):
    """A check failed at ``step``; the message says what was found."""

    def __init__(self, step: str, exc: BaseException) -> None:
        super().__init__(f"self-test FAILED at {step}: {exc}")
        self.step = step


@dataclass
class Page:
    """One rendered page: what it is (for messages), its HTML, and whether it is an article
    view (those must lay out to more than a stub)."""

    label: str
    html: str
    article: bool = False


@dataclass
class DataChecks:
    """What the Qt-free checks found, for the Qt half and the summary line."""

    store: Store
    checksum: str = ""  # "verified" or "not recorded" (a database without its sidecar)
    searches: int = 0
    pages: list[Page] = field(default_factory=list)
    article_views: int = 0
    substances: int = 0
    classes: int = 0
    rows: int = 0


def check_data(db: Path | None = None) -> DataChecks:
    """Run the checks that need no Qt; raise :class:`SelfTestFailure` on the first failure.

    The store stays open (the chart check reads it): the caller closes ``result.store``.
    """
    try:
        from peptide_desk.resources import database_path
        from peptide_desk.store import Store

        found = DataChecks(Store(db or database_path()))
    except Exception as exc:
        raise SelfTestFailure("opening the database", exc) from exc
    checks = (("verifying the database", _verify), ("quick_check", _quick_check),
              ("search", _searches),
              ("rendering articles", _articles),
              ("rendering substance and class pages", _entity_pages),
              ("building the comparison", _comparison))
    for step, check in checks:
        try:
            check(found)
        except Exception as exc:
            found.store.close()
            raise SelfTestFailure(step, exc) from exc
    return found


def _verify(found: DataChecks) -> None:
    report = found.store.verify()
    if not report.ok:
        raise RuntimeError(report.message())
    found.checksum = report.checksum


def _quick_check(found: DataChecks) -> None:
    check = found.store.quick_check()
    if check != "ok":
        raise RuntimeError(f"quick_check reported: {check}")


def _searches(found: DataChecks) -> None:
    from peptide_desk.search import SearchService

    service = SearchService(found.store.conn)
    hits = {q: len(service.search(q).results) for q in SEARCHES}
    if not hits["GLP-1"] or not hits["ozempic"]:
        raise RuntimeError(f"expected results for GLP-1 and ozempic, got {hits}")
    found.searches = len(SEARCHES)


def _articles(found: DataChecks) -> None:
    from peptide_desk import pages
    from peptide_desk.records import TIERS
    from peptide_desk.themes import palette

    store, pal = found.store, palette("light")
    for summary in store.articles():
        article = store.article(summary.id)
        if article is None:
            raise RuntimeError(f"article {summary.id} is listed but cannot be read")
        for tier in TIERS:
            found.pages.append(Page(f"article {article.id} at {tier}",
                                    pages.article_html(store, article, tier, pal), True))
            found.article_views += 1


def _entity_pages(found: DataChecks) -> None:
    from peptide_desk import pages
    from peptide_desk.themes import palette

    store, pal = found.store, palette("light")
    for sub in store.substances():
        full = store.substance(sub.id)
        if full is None:
            raise RuntimeError(f"substance {sub.id} is listed but cannot be read")
        found.pages.append(Page(f"substance {sub.id}", pages.substance_html(store, full, pal)))
        found.substances += 1
    for cls in store.classes():
        full_cls = store.drug_class(cls.id)
        if full_cls is None:
            raise RuntimeError(f"class {cls.id} is listed but cannot be read")
        found.pages.append(Page(f"class {cls.id}", pages.class_html(store, full_cls, pal)))
        found.classes += 1


def _comparison(found: DataChecks) -> None:
    from peptide_desk import compare

    found.rows = len(compare.substance_rows(found.store))
    if found.rows != found.substances:
        raise RuntimeError("comparison rows do not match the substances")
