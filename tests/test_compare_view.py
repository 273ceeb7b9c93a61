"""The compare view, side by side, exports and the source-table views (pytest-qt, offscreen)."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt, QUrl
from PySide6.QtGui import QColor, QImage
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QStyleOptionViewItem
from pytestqt.qtbot import QtBot

from peptide_desk import badges, compare
from peptide_desk.compare import ALL_COLUMNS, COLUMN_IDS, Filter
from peptide_desk.records import EVIDENCE_ORDER
from peptide_desk.store import Store
from peptide_desk.themes import palette
from peptide_desk.ui.compare_side import DIFF_MARK
from peptide_desk.ui.compare_table import CELL_ROLE as CELL_ROLE_
from peptide_desk.ui.compare_table import WIDTHS
from peptide_desk.ui.compare_view import CompareView
from peptide_desk.ui.table_view import TARGET_ROLE, DataTableView, TablesIndex

COL = {c.id: i for i, c in enumerate(ALL_COLUMNS)}


def make_view(qtbot: QtBot, st: Store, theme: str = "light", zoom: int = 100) -> CompareView:
    view = CompareView(st, theme, zoom)
    qtbot.addWidget(view)
    view.resize(1400, 900)
    view.show()
    qtbot.waitExposed(view)
    return view


def read_csv(path: Path) -> list[list[str]]:
    """A saved CSV without its provenance block (the lines starting with '#')."""
    lines = path.read_text(encoding="utf-8-sig").splitlines(keepends=True)
    return list(csv.reader(io.StringIO("".join(x for x in lines if not x.startswith("#")))))


def shown_ids(view: CompareView) -> list[str]:
    return [r.id for r in view.proxy.visible_rows()]


def test_model_equals_compare_rows(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    for kind in ("substance", "class"):
        view.show_kind(kind)
        rows = compare.build_rows(store, kind)
        assert view.model.rowCount() == len(rows)
        assert view.model.columnCount() == len(ALL_COLUMNS)
        for r, row in enumerate(rows):
            for c, col in enumerate(ALL_COLUMNS):
                index = view.model.index(r, c)
                assert index.data() == row.cell(col.id).plain
                assert index.data(Qt.ItemDataRole.ToolTipRole) == compare.provenance_text(
                    row.cell(col.id), store.reference)
        header = view.model.headerData(COL["class"], Qt.Orientation.Horizontal)
        assert header == ("Members" if kind == "class" else "Class")
    assert view.controls.count_label.text() == f"Showing {len(rows)} of {len(rows)} classes"


def test_proxy_filters(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    rows = compare.substance_rows(store)
    view.controls.class_combo.setCurrentIndex(view.controls.class_combo.findData("glp1-ra"))
    assert shown_ids(view) == ["semaglutide"]
    view.clear_filters()
    view.controls.status_combo.setCurrentIndex(view.controls.status_combo.findData("approved-narrow"))
    assert shown_ids(view) == ["tesamorelin"]
    view.clear_filters()
    view.controls.evidence_combo.setCurrentIndex(view.controls.evidence_combo.findData("phase-2"))
    assert shown_ids(view) == [] and view.empty_label.isVisible()
    assert "Clear filters" in view.empty_label.text()
    view.clear_filters()
    assert not view.empty_label.isVisible()
    qtbot.keyClicks(view.controls.text_filter, "egrifta")
    assert shown_ids(view) == ["tesamorelin"]
    assert view.controls.count_label.text() == "Showing 1 of 2 substances"
    assert view.controls.current_filter() == Filter(text="egrifta")
    view.clear_filters()
    assert shown_ids(view) == [r.id for r in compare.sort_rows(rows, "name")]
    assert not view.controls.clear_button.isEnabled()


def test_proxy_sort_matches_compare_sort(qtbot: QtBot, real_store: Store) -> None:
    view = make_view(qtbot, real_store)
    rows = compare.substance_rows(real_store)
    for cid in ("evidence", "fda", "ema", "name", "route"):
        for order in (Qt.SortOrder.AscendingOrder, Qt.SortOrder.DescendingOrder):
            view.table.sortByColumn(COL[cid], order)
            expect = compare.sort_rows(rows, cid, order == Qt.SortOrder.DescendingOrder)
            got = view.proxy.visible_rows()
            assert [compare.sort_key(r, cid) for r in got] == [
                compare.sort_key(r, cid) for r in expect]
    view.table.sortByColumn(COL["evidence"], Qt.SortOrder.AscendingOrder)
    levels = [r.evidence for r in view.proxy.visible_rows()]
    assert levels == sorted(levels, key=EVIDENCE_ORDER.index)
    assert levels[0] == "approved" and levels[-1] == "no-evidence"


def test_frozen_column_exists_and_stays_in_sync(qtbot: QtBot, real_store: Store) -> None:
    view = make_view(qtbot, real_store)
    table, frozen = view.table, view.table.frozen
    assert frozen.isVisible() and frozen.model() is table.model()
    assert frozen.selectionModel() is table.selectionModel()
    assert [frozen.isColumnHidden(c) for c in range(len(ALL_COLUMNS))] == [
        c != 0 for c in range(len(ALL_COLUMNS))]
    assert frozen.columnWidth(0) == table.columnWidth(0)
    assert [frozen.rowHeight(r) for r in range(view.proxy.rowCount())] == [
        table.rowHeight(r) for r in range(view.proxy.rowCount())]
    table.setColumnWidth(0, 260)
    assert frozen.columnWidth(0) == 260 and frozen.width() == 261
    bar = table.verticalScrollBar()
    assert bar.maximum() > 0
    bar.setValue(bar.maximum() // 2)
    assert frozen.verticalScrollBar().value() == bar.value()
    table.horizontalScrollBar().setValue(table.horizontalScrollBar().maximum())
    assert frozen.geometry().x() == table.frameWidth()  # does not scroll sideways
    view.controls.status_combo.setCurrentIndex(view.controls.status_combo.findData("preclinical"))
    assert [frozen.rowHeight(r) for r in range(view.proxy.rowCount())] == [
        table.rowHeight(r) for r in range(view.proxy.rowCount())]


def test_rows_tall_enough_at_200_percent_and_high_contrast(qtbot: QtBot,
                                                           real_store: Store) -> None:
    view = make_view(qtbot, real_store, "high-contrast", 200)
    assert view.table.columnWidth(COL["mechanism"]) == WIDTHS["mechanism"] * 2
    assert view.table.font().pointSizeF() == pytest.approx(20.0)
    for r in range(view.proxy.rowCount()):
        for c in range(len(ALL_COLUMNS)):
            opt = QStyleOptionViewItem()
            opt.font = view.table.font()
            hint = view.delegate.sizeHint(opt, view.proxy.index(r, c))
            assert view.table.rowHeight(r) >= hint.height()
    header = view.table.horizontalHeader()
    assert header.height() > header.fontMetrics().height() * 2  # wrapped two-line titles fit


def test_column_chooser_hides_columns_in_view_and_exports(qtbot: QtBot, store: Store,
                                                          tmp_path: Path) -> None:
    view = make_view(qtbot, store)
    view.controls.column_actions["mechanism"].setChecked(False)
    assert view.table.isColumnHidden(COL["mechanism"])
    assert "mechanism" not in view.visible_columns()
    view.table.horizontalHeader().moveSection(COL["evidence"], 1)
    assert view.visible_columns()[:2] == ["name", "evidence"]
    view.table.horizontalHeader().moveSection(1, 0)  # the name column is kept first
    assert view.visible_columns()[0] == "name"
    view.table.sortByColumn(0, Qt.SortOrder.DescendingOrder)
    parsed = read_csv(view.export_csv(tmp_path / "view.csv"))
    assert parsed[0][:2] == ["Name", "Evidence level"] and "Mechanism" not in parsed[0]
    assert parsed[0][-1] == "Sources"
    assert [p[0] for p in parsed[1:]] == ["Tesamorelin", "Semaglutide"]
    rows, cols = view.current_view()
    assert [p[:-1] for p in parsed[1:]] == [[r.cell(c).plain for c in cols] for r in rows]
    view.show_kind("class")  # a model reset keeps the choice
    assert view.table.isColumnHidden(COL["mechanism"])
    view.show_all_columns()
    assert not view.table.isColumnHidden(COL["mechanism"])


def test_png_export_is_a_1920_by_1080_slide(qtbot: QtBot, real_store: Store,
                                            tmp_path: Path) -> None:
    view = make_view(qtbot, real_store)
    for cid in ("mechanism", "insulin_effect", "key_figure", "off_label", "target_organs"):
        view.set_column_visible(cid, False)
    path = view.export_png(tmp_path / "slide.png")
    assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    image = QImage(str(path))
    assert (image.width(), image.height()) == (1920, 1080)
    colours = {image.pixelColor(x, y).name() for x in range(0, 1920, 16)
               for y in range(0, 1080, 16)}
    assert len(colours) > 3  # text, rules and badges drawn, not a blank page
    base = QColor(palette("light").base).name()
    assert image.pixelColor(2, 2).name() == base


def test_clipboard_has_html_and_text(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    view.copy_html()
    mime = QApplication.clipboard().mimeData()
    assert mime.hasHtml() and mime.hasText()
    assert ">FDA status</th>" in mime.html() and "Tesamorelin" in mime.html()
    assert mime.text().splitlines()[0].startswith(
        "Name\tFDA status\tEMA status\tEvidence level\tSafety\tClass\tMechanism")
    assert ">Safety</th>" in mime.html() and "⚠ Boxed warning" in mime.html()
    sema = next(line for line in mime.text().splitlines() if line.startswith("Semaglutide"))
    assert sema.split("\t")[4].startswith("⚠ Boxed warning: Risk of thyroid C-cell tumours")


def test_print_to_pdf(qtbot: QtBot, store: Store, tmp_path: Path) -> None:
    view = make_view(qtbot, store)
    printer = QPrinter(QPrinter.PrinterMode.ScreenResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "view.pdf"))
    view.print_view(printer)
    assert (tmp_path / "view.pdf").read_bytes()[:5] == b"%PDF-"
    printed = view.view_html(font_pt=8.5)  # what print_view lays out
    assert ">Safety</th>" in printed and "⚠ Boxed warning: Risk of thyroid" in printed
    assert compare.SAFETY_NOTE in printed


def test_side_by_side_highlights_differences(qtbot: QtBot, real_store: Store) -> None:
    view = make_view(qtbot, real_store)
    assert view.compare_items(["semaglutide", "liraglutide", "tesamorelin"])
    side = view.side
    assert view.stack.currentWidget() is side
    assert side.table.columnCount() == 4 and side.table.rowCount() == len(compare.COLUMN_IDS)
    attrs = compare.side_by_side(compare.find_rows(real_store, ["semaglutide", "liraglutide",
                                                                "tesamorelin"]))
    mark = QColor(palette("light").mark)
    for r, attr in enumerate(attrs):
        label_item = side.table.item(r, 0)
        label = label_item.text()
        assert (DIFF_MARK in label) == attr.differs
        assert (label_item.background().color() == mark) == attr.differs
        for c in (1, 2, 3):
            highlighted = side.table.item(r, c).background().color() == mark
            assert highlighted == (attr.differs and attr.unique[c - 1])
        assert [side.table.item(r, c).text() for c in (1, 2, 3)] == [c.plain for c in attr.cells]
    view.compare_items(["semaglutide", "liraglutide"])
    same = [r for r in range(side.table.rowCount()) if DIFF_MARK not in side.table.item(r, 0)
            .text()]
    assert same  # both GLP-1 receptor agonists acting at the GLP-1 receptor
    class_row = [a.column.id for a in attrs].index("class")
    assert attrs[class_row].unique == (False, False, True)  # only tesamorelin is not a GLP-1 RA
    side.only_diff.setChecked(True)
    assert all(side.table.isRowHidden(r) for r in same)
    with qtbot.waitSignal(view.linkActivated) as sig:
        side.table.doubleClicked.emit(side.table.model().index(0, 2))
    assert sig.args == ["substance:liraglutide"]
    side.back.click()
    assert view.stack.currentIndex() == 0
    assert not view.compare_items(["semaglutide"]) and not view.compare_items(["nothing", "x"])


def test_compare_selected_rows(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    assert not view.controls.compare_button.isEnabled()
    view.table.selectAll()
    assert view.controls.compare_button.isEnabled()
    view.controls.compare_button.click()
    assert view.stack.currentWidget() is view.side
    assert [r.id for r in view.side.rows] == shown_ids(view)


def test_provenance_panel_and_links(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    row = shown_ids(view).index("semaglutide")
    view.table.setCurrentIndex(view.proxy.index(row, COL["mechanism"]))
    text = view.provenance.toPlainText()
    assert "Semaglutide — Mechanism" in text and "Verified" in text and "Drucker DJ" in text
    with qtbot.waitSignal(view.linkActivated) as sig:
        view.provenance.anchorClicked.emit(QUrl("ref:drucker2006"))
    assert sig.args == ["ref:drucker2006"]
    view.table.setCurrentIndex(view.proxy.index(row, COL["ema"]))
    assert compare.NO_REFERENCE in view.provenance.toPlainText()
    index = view.proxy.index(row, COL["route"])
    view.table.scrollTo(index)
    rect = view.table.visualRect(index)
    assert view.table.viewport().rect().contains(rect.center())
    qtbot.mouseClick(view.table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    with qtbot.waitSignal(view.linkActivated) as sig:
        qtbot.mouseDClick(view.table.viewport(), Qt.MouseButton.LeftButton,
                          pos=rect.center())
    assert sig.args == ["substance:semaglutide"]
    view.show_kind("class")
    with qtbot.waitSignal(view.linkActivated) as sig:
        view.table.rowActivated.emit(view.proxy.index(0, 0))
    assert sig.args[0].startswith("class:")


def test_theme_and_zoom_switch(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    for theme in ("dark", "high-contrast", "light"):
        view.set_theme(theme)
        assert view.delegate.pal.name == theme
    view.set_zoom(200)
    assert view.table.columnWidth(COL["fda"]) == WIDTHS["fda"] * 2
    view.set_zoom(100)
    assert view.table.columnWidth(COL["fda"]) == WIDTHS["fda"]
    assert view.table.currentIndex() == QModelIndex() or view.provenance.toPlainText()


def test_data_table_view_shows_table_and_provenance(qtbot: QtBot, store: Store) -> None:
    view = DataTableView(store)
    qtbot.addWidget(view)
    assert view.show_table("gh-peptide-comparison")
    text = view.text()
    for expected in ("GH-axis peptides compared", "From the article", "Peptide", "Mechanism",
                     "Tesamorelin", "GHRH analogue", "Sources", "Bramnert et al. 2003",
                     "Corrected", "Drucker 2006", "Verified", "Rows rewritten.", "Two agents."):
        assert expected in text, expected
    assert 'href="article:gh-basics"' in view.browser.toHtml()
    assert 'href="ref:bramnert2003"' in view.references.toHtml()
    assert view.rows.model().index(0, 0).data(TARGET_ROLE) == "substance:tesamorelin"
    with qtbot.waitSignal(view.linkActivated) as sig:
        view.browser.anchorClicked.emit(QUrl("article:gh-basics"))
    assert sig.args == ["article:gh-basics"]
    assert not view.show_table("no-such-table")
    assert "Table not found" in view.text()


def test_tables_index_lists_filters_and_opens(qtbot: QtBot, store: Store) -> None:
    index = TablesIndex(store)
    qtbot.addWidget(index)
    index.show()
    assert index.visible_tables() == [t for t, _, _ in store.table_ids()]
    group = index.tree.topLevelItem(0)
    assert group.text(0) == store.article("gh-basics").title
    assert group.child(0).text(2) == "Corrected"
    qtbot.keyClicks(index.filter, "glp-1 receptor")  # words from a cell
    assert index.visible_tables() == ["gh-peptide-comparison"]
    index.filter.setText("nothing like this")
    assert index.visible_tables() == [] and index.empty.isVisible()
    index.filter.clear()
    with qtbot.waitSignal(index.linkActivated) as sig:
        index.tree.itemActivated.emit(group.child(0), 0)
    assert sig.args == ["table:gh-peptide-comparison"]


def test_data_table_view_follows_the_application_theme(qtbot: QtBot, store: Store) -> None:
    from peptide_desk.ui.theme import apply_theme

    app = QApplication.instance()
    assert isinstance(app, QApplication)
    view = DataTableView(store)
    qtbot.addWidget(view)
    saved = (app.styleSheet(), app.palette(), app.font())
    try:
        apply_theme(app, "dark", 150)
        view.show_table("gh-peptide-comparison")
        assert (view.theme, view.zoom) == ("dark", 150)
        assert palette("dark").text.lower() in view.browser.document().defaultStyleSheet().lower()
    finally:
        app.setStyleSheet(saved[0])
        app.setPalette(saved[1])
        app.setFont(saved[2])
    view.set_theme("high-contrast")
    view.show_table("gh-peptide-comparison")
    assert view.theme == "high-contrast"  # an explicit choice is kept


# --- safety column, side-by-side safety row, unconfirmed colours --------------------------------
def test_safety_column_is_visible_by_default_at_1280_px(qtbot: QtBot, windows,
                                                        fixture_db: Path) -> None:
    win = windows.open(fixture_db, restore=False, size=(1280, 860))
    win.open_target("view:compare")
    view = win.panels.compare
    assert isinstance(view, CompareView) and view.isVisible()
    table, col = view.table, COL["safety"]
    assert view.visible_columns()[:5] == ["name", "fda", "ema", "evidence", "safety"]
    assert not table.isColumnHidden(col)
    assert view.controls.column_actions["safety"].isChecked()
    assert view.model.headerData(col, Qt.Orientation.Horizontal) == "Safety"
    assert table.horizontalScrollBar().value() == 0
    room = table.viewport().width() - table.verticalScrollBar().sizeHint().width()
    right = table.columnViewportPosition(col) + table.columnWidth(col)
    assert table.columnViewportPosition(col) >= table.frozen.columnWidth(0)
    assert right <= room, f"Safety ends at {right} px of {room}"
    row = shown_ids(view).index("semaglutide")
    assert view.proxy.index(row, col).data().startswith("⚠ Boxed warning")


def test_safety_cells_text_badge_and_provenance(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    ids, col = shown_ids(view), COL["safety"]
    sema = view.proxy.index(ids.index("semaglutide"), col)
    assert sema.data().startswith("⚠ Boxed warning: Risk of thyroid C-cell tumours")
    assert "Contraindications: Medullary thyroid carcinoma or MEN 2" in sema.data()
    tesa = view.proxy.index(ids.index("tesamorelin"), col)
    assert tesa.data() == "No boxed warning — Contraindications: Pregnancy"
    opt = QStyleOptionViewItem()
    opt.font = view.table.font()
    assert view.delegate._parts(sema, opt.font)[1]  # drawn as a badge that carries the words
    assert not view.delegate._parts(tesa, opt.font)[1]
    assert not view.delegate._parts(tesa, opt.font)[3].italic()  # safety lines are not asides
    view.table.setCurrentIndex(sema)
    text = view.provenance.toPlainText()
    assert "Semaglutide — Safety" in text and "Drucker DJ" in text and "Verified" in text
    assert "From the approved label" in text
    assert "Drucker DJ" in sema.data(Qt.ItemDataRole.ToolTipRole)
    view.table.sortByColumn(col, Qt.SortOrder.AscendingOrder)
    assert shown_ids(view) == ["semaglutide", "tesamorelin"]  # boxed warnings first
    view.show_kind("class")
    glp1 = view.proxy.index(shown_ids(view).index("glp1-ra"), col)
    assert glp1.data().startswith("⚠ Boxed warning in 1 of 1 members")
    assert view.model.headerData(col, Qt.Orientation.Horizontal) == "Safety"


def test_safety_column_in_chooser_and_exports(qtbot: QtBot, store: Store,
                                              tmp_path: Path) -> None:
    view = make_view(qtbot, store)
    menu = [a.text() for a in view.controls.columns_button.menu().actions() if a.text()]
    assert menu[:5] == ["FDA status", "EMA status", "Evidence level", "Safety", "Class"]
    parsed = read_csv(view.export_csv(tmp_path / "v.csv"))
    assert parsed[0][:5] == ["Name", "FDA status", "EMA status", "Evidence level", "Safety"]
    sema = next(p for p in parsed if p[0] == "Semaglutide")
    assert sema[4].startswith("⚠ Boxed warning: Risk of thyroid C-cell tumours")
    image = QImage(str(view.export_png(tmp_path / "slide.png")))
    assert (image.width(), image.height()) == (1920, 1080)
    view.controls.column_actions["safety"].setChecked(False)
    assert "safety" not in view.visible_columns()
    assert ">Safety</th>" not in view.view_html()
    view.show_all_columns()
    assert view.visible_columns() == ["name", *COLUMN_IDS]


def test_side_by_side_safety_row_after_status(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    assert view.compare_items(["semaglutide", "tesamorelin"])
    side, mark = view.side, QColor(palette("light").mark)
    labels = [side.table.item(r, 0).text() for r in range(side.table.rowCount())]
    row = labels.index(f"Safety — {DIFF_MARK} differs")
    assert row == 3 and labels[2].startswith("Evidence level")  # right after the status rows
    assert side.table.item(row, 0).background().color() == mark
    assert side.table.item(row, 1).text().startswith("⚠ Boxed warning: Risk of thyroid")
    assert side.table.item(row, 2).text() == "No boxed warning — Contraindications: Pregnancy"
    assert all(side.table.item(row, c).background().color() == mark for c in (1, 2))
    side.table.setCurrentCell(row, 1)
    assert "Semaglutide — Safety" in side.provenance.toPlainText()
    assert "Drucker DJ" in side.provenance.toPlainText()
    side.only_diff.setChecked(True)
    assert not side.table.isRowHidden(row)
    view.compare_items(["semaglutide", "semaglutide"])
    assert side.table.item(3, 0).text() == "Safety"  # the same values: no marker


def _cell_colours(view: CompareView, row: int, cid: str) -> set[str]:
    view.table.scrollTo(view.proxy.index(row, COL[cid]))
    image = view.table.viewport().grab().toImage()
    rect = view.table.visualRect(view.proxy.index(row, COL[cid]))
    return {image.pixelColor(x, y).name() for x in range(rect.left(), rect.right(), 2)
            for y in range(rect.top(), rect.bottom(), 2)}


def test_unconfirmed_approval_drawn_neutral(qtbot: QtBot, store: Store) -> None:
    view = make_view(qtbot, store)
    pal = palette("light")
    row = shown_ids(view).index("semaglutide")
    ema = view.proxy.index(row, COL["ema"]).data(CELL_ROLE_)
    assert ema.text == "Approved (not confirmed)" and ema.badge == badges.UNVERIFIED
    green = pal.badges["approved"][0].lower()
    assert green in _cell_colours(view, row, "fda")  # the confirmed FDA approval is green
    ema_colours = _cell_colours(view, row, "ema")
    assert green not in ema_colours
    assert pal.badges["no-evidence"][0].lower() in ema_colours
    assert pal.badges[badges.BOXED_BADGE][0].lower() in _cell_colours(view, row, "safety")
    evidence = _cell_colours(view, row, "evidence")  # "Approved product": evidence, not status
    assert green not in evidence and pal.badges["no-evidence"][0].lower() in evidence


def test_cells_are_measured_at_the_width_they_are_painted(qtbot: QtBot, store: Store) -> None:
    """The grid line takes a pixel of each column: measuring at the full column width let a
    long detail wrap one line later than painted, clipping its last line."""
    view = make_view(qtbot, store)
    opt = QStyleOptionViewItem()
    opt.font = view.table.font()
    for c in range(len(ALL_COLUMNS)):
        index = view.proxy.index(0, c)
        assert view.delegate._width(opt, index) == view.table.visualRect(index).width()
