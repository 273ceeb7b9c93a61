"""``peptide-desk export``: the window's exports from the command line, for hand-outs in batches.

``export TARGET --format F --out FILE`` writes what File → Export as PDF and the panels'
export buttons write, through the same code (``print_targets`` + ``ui/print_layout`` for
PDF, the chart view's own PNG/SVG export, ``compare_export`` for the comparison). A bad
target, format, option or path exits 1 with one line saying what to fix; every file is
written all or nothing, so a failure leaves no partial file.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from peptide_desk import compare, compare_export, print_targets
from peptide_desk.atomic import SaveError, write_text
from peptide_desk.links import parse_target
from peptide_desk.records import TIERS
from peptide_desk.themes import PALETTES, palette

if TYPE_CHECKING:
    from peptide_desk.print_targets import PrintDoc
    from peptide_desk.store import Store
    from peptide_desk.ui.chart_view import ChartView

#: what each kind of target can be exported as (the first is the usual one)
FORMATS: dict[str, tuple[str, ...]] = {
    "article": ("pdf", "html"),
    "substance": ("pdf", "html"),
    "table": ("pdf", "html", "csv"),
    "chart": ("pdf", "png", "svg", "html"),
    "compare": ("pdf", "csv", "html"),
    "deck": ("pdf",),
}
ALL_FORMATS = ("pdf", "csv", "html", "png", "svg")
TARGET_HELP = ("article:ID, article:ID#SECTION, substance:ID, table:ID, chart:ID, compare:ID,ID… "
               "or deck:FILE (a deck exported from the Decks view)")


class ExportProblem(Exception):
    """What to fix, in one sentence (the command prints it and exits 1)."""


def _choose(value: str | None, allowed: tuple[str, ...], what: str, default: str) -> str:
    if value is None:
        return default
    if value not in allowed:
        raise ExportProblem(f"unknown {what} '{value}'; use one of: {', '.join(allowed)}")
    return value


def _check_format(kind: str, fmt: str) -> None:
    if fmt not in ALL_FORMATS:
        raise ExportProblem(f"unknown format '{fmt}'; use one of: {', '.join(ALL_FORMATS)}")
    if fmt not in FORMATS[kind]:
        raise ExportProblem(f"a {kind} cannot be exported as {fmt}; use "
                            + " or ".join(FORMATS[kind]))


def _doc(store: Store, target: str, tier: str, theme: str) -> PrintDoc | tuple[str, list[str]]:
    """The document for an article, substance or table target; compare gives its ids."""
    t = parse_target(target)
    pal = palette(theme)
    if t.scheme == "article":
        art = store.article(t.ident)
        if art is None:
            raise ExportProblem(f"there is no article '{t.ident}'; "
                                "'peptide-desk search' finds articles and their ids")
        if t.anchor:
            doc = print_targets.section_doc(store, art, t.anchor, pal)
            if doc is None:
                raise ExportProblem(f"the article '{t.ident}' has no section '{t.anchor}'")
            return doc
        return print_targets.article_doc(store, art, tier, pal)
    if t.scheme == "substance":
        sub = store.substance(t.ident)
        if sub is None:
            raise ExportProblem(f"there is no substance '{t.ident}'; "
                                "'peptide-desk search' finds substances and their ids")
        return print_targets.substance_doc(store, sub, pal=pal)
    if t.scheme == "table":
        table = store.table(t.ident)
        if table is None:
            raise ExportProblem(f"there is no table '{t.ident}'; "
                                "'peptide-desk search --kind table' lists them")
        return print_targets.table_doc(store, table, pal)
    if t.scheme == "chart":
        chart = store.chart(t.ident)
        if chart is None:
            raise ExportProblem(f"there is no chart '{t.ident}'; "
                                "'peptide-desk search --kind chart' lists them")
        return print_targets.chart_doc(store, chart)
    ids = [i.strip() for i in t.ident.split(",") if i.strip()]
    return ("compare", ids)


def _compare_rows(store: Store, ids: list[str]) -> tuple[list[compare.Row], str]:
    """The rows of the chosen set, all of one kind, in the order given."""
    if not ids:
        raise ExportProblem("name what to compare: compare:ID,ID… (substance or class ids)")
    rows = compare.find_rows(store, ids)
    found = {r.id for r in rows}
    missing = [i for i in ids if i.partition(":")[2 if ":" in i else 0] not in found]
    if missing:
        raise ExportProblem(f"nothing to compare is called {', '.join(missing)}; use "
                            "substance or class ids ('peptide-desk search' finds them)")
    kinds = {r.kind for r in rows}
    if len(kinds) > 1:
        raise ExportProblem("compare substances with substances and classes with classes")
    return rows, kinds.pop()


def _ensure_app() -> object:
    """A QApplication, offscreen unless a platform is chosen (no window is ever shown)."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import qInstallMessageHandler
    from PySide6.QtWidgets import QApplication

    if QApplication.instance() is None:
        qInstallMessageHandler(_quiet)  # the offscreen platform's notices are not news
        return QApplication(["peptide-desk", "-style", "fusion"])
    return QApplication.instance()


def _quiet(kind: object, context: object, message: str) -> None:
    """Drop Qt's platform notices; the command's own line is its only output."""
    del kind, context, message


def _chart_file(store: Store, chart_id: str, fmt: str, out: Path, theme: str) -> None:
    """The chart's PNG or SVG, exactly as the chart panel's Export buttons write it."""
    view = _chart_view(store, theme)
    try:
        view.show_chart(chart_id)
        (view.export_png if fmt == "png" else view.export_svg)(out)
    finally:
        view.close()
        view.deleteLater()


def _chart_view(store: Store, theme: str) -> ChartView:
    """A chart panel never on screen, at the size the window's exports use."""
    from PySide6.QtCore import Qt

    from peptide_desk.ui.chart_view import ChartView

    view = ChartView(store, theme, 100)
    view.setAttribute(Qt.WidgetAttribute.WA_DontShowOnScreen, True)
    view.resize(1000, 800)
    view.show()
    return view


def _figures(store: Store, ids: list[str], theme: str) -> dict[str, str]:
    """Each chart as inline SVG for an HTML hand-out, as the chart panel exports it."""
    if not ids:
        return {}
    _ensure_app()
    from peptide_desk.ui.chart_export import svg_markup

    view = _chart_view(store, theme)
    try:
        return {cid: svg_markup(view) for cid in ids if view.show_chart(cid)}
    finally:
        view.close()
        view.deleteLater()


def export(store: Store, target: str, fmt: str, out: Path, *, tier: str | None = None,
           theme: str | None = None) -> str:
    """Write ``target`` as ``fmt`` to ``out``; the line to print on success.

    Raises :class:`ExportProblem` or :class:`~peptide_desk.atomic.SaveError`."""
    t = parse_target(target)
    if t.scheme not in FORMATS or not t.ident:
        raise ExportProblem(f"'{target}' is not something to export; use {TARGET_HELP}")
    _check_format(t.scheme, fmt)
    tier = _choose(tier, TIERS, "tier", "academic")
    theme = _choose(theme, tuple(PALETTES), "theme", "light")
    if out.is_dir():
        raise ExportProblem(f"{out} is a folder; give a file name with --out")
    if t.scheme == "deck":
        doc, notes = _deck_doc(store, target.partition(":")[2])
        _ensure_app()
        line = _pdf(store, doc, out)
        return line + (f"; {len(notes)} slide(s) name content this library does not have"
                       if notes else "")
    made = _doc(store, target, tier, theme)
    if isinstance(made, tuple):
        rows, kind = _compare_rows(store, made[1])
        cols = [c.id for c in compare.ALL_COLUMNS]
        if fmt == "csv":
            write_text(out, compare_export.to_csv(rows, cols, kind))
        elif fmt == "html":
            title = f"Peptide Desk — {compare.KIND_LABELS[kind]} compared"
            write_text(out, compare_export.to_html(rows, cols, kind, title=title,
                                                   theme=theme))
        else:
            _ensure_app()
            return _pdf(store, print_targets.compare_doc(store, rows, cols, kind), out)
        return f"wrote {out} ({len(rows)} {compare.KIND_LABELS[kind]})"
    doc = made
    if fmt == "pdf":
        _ensure_app()
        return _pdf(store, doc, out)
    if fmt == "html":
        figures = _figures(store, print_targets.chart_ids(doc), theme)
        write_text(out, print_targets.standalone_html(doc, palette(theme), figures))
    elif fmt == "csv":
        table = store.table(t.ident)
        assert table is not None  # _doc found it
        write_text(out, print_targets.table_csv(store, table))
    else:
        _ensure_app()
        _chart_file(store, t.ident, fmt, out, theme)
    return f"wrote {out}"


def _deck_doc(store: Store, file: str) -> tuple[PrintDoc, tuple[str, ...]]:
    """A deck file's hand-out (the Decks view's "Hand-out as PDF"), and a note per slide
    whose content this library no longer has (those slides print as such)."""
    from peptide_desk.decks import DeckFileError, read_file_text
    from peptide_desk.slide_pages import handout_doc

    path = Path(file)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else "not text"
        raise ExportProblem(f"the deck file {path} cannot be read ({reason}); export it "
                            "again from the Decks view") from exc
    try:
        imported = read_file_text(text, store.target_exists)
    except DeckFileError as exc:
        raise ExportProblem(f"{path.name}: {exc}") from exc
    return handout_doc(store, imported.deck), imported.notes


def _pdf(store: Store, doc: PrintDoc, out: Path) -> str:
    from peptide_desk.ui import print_layout

    pages = print_layout.write_pdf(store, doc, out)
    return f"wrote {out} ({pages} page{'s' if pages != 1 else ''})"


def run(store_factory: Callable[[], Store], target: str, fmt: str, out: Path,
        tier: str | None, theme: str | None) -> int:
    """The command: 0 and one line on stdout, or 1 and one line on stderr."""
    from peptide_desk.store import StoreError

    try:
        store = store_factory()
    except StoreError as exc:
        print(f"export: {exc}", file=sys.stderr)
        return 1
    try:
        print(export(store, target, fmt, out, tier=tier, theme=theme))
        return 0
    except (ExportProblem, SaveError) as exc:
        print(f"export: {' '.join(str(exc).split())}", file=sys.stderr)
        return 1
    finally:
        store.close()
