"""Panels created on first use: compare, tables, table, chart (the chart loads pyqtgraph)."""

from __future__ import annotations


def _add(win, attr: str, factory):
    panel = getattr(win, attr)
    if panel is None:
        panel = factory()
        if hasattr(panel, "linkActivated"):
            panel.linkActivated.connect(win.open_target)
        win.stack.addWidget(panel)
        setattr(win, attr, panel)
    win.stack.setCurrentWidget(panel)
    return panel


def compare_panel(win):
    from peptide_desk.ui.compare_view import CompareView

    return _add(win, "_compare", lambda: CompareView(win.store, win.theme, win.zoom))


def chart_panel(win):
    from peptide_desk.ui.chart_view import ChartView

    return _add(win, "_chart", lambda: ChartView(win.store, win.theme, win.zoom))


def show(win, kind: str, ident: str) -> str:
    """Show a lazily built panel; returns the title for history and the window."""
    if kind == "compare":
        compare_panel(win)
        return "Compare"
    if kind == "tables":
        from peptide_desk.ui.table_view import TablesIndex

        _add(win, "_tables", lambda: TablesIndex(win.store))
        return "Tables"
    if kind == "table":
        from peptide_desk.ui.table_view import DataTableView

        panel = _add(win, "_table", lambda: DataTableView(win.store))
        panel.show_table(ident)
        table = win.store.table(ident)
        return table.title if table else "Table"
    panel = chart_panel(win)
    panel.show_chart(ident)
    chart = win.store.chart(ident)
    return chart.title if chart else "Chart"


def show_compare(win, ids: list[str]) -> str:
    panel = compare_panel(win)
    if len(ids) >= 2:
        panel.compare_items(ids)
    return "Compare"
