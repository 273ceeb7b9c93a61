"""The panels built on first visit: compare, tables, table and chart (the chart loads
pyqtgraph). Each is added to the page stack once, follows the window's theme and zoom, and
reports its links to the window."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

if TYPE_CHECKING:
    from PySide6.QtCore import SignalInstance
    from PySide6.QtWidgets import QWidget

    from peptide_desk.store import Store
    from peptide_desk.ui.chart_view import ChartView
    from peptide_desk.ui.compare_view import CompareView
    from peptide_desk.ui.shell.page_stack import PageStack
    from peptide_desk.ui.table_view import DataTableView, TablesIndex

P = TypeVar("P", bound="QWidget")


class Panels:
    """Owns the lazily built panels; a panel is None until its first visit."""

    def __init__(self, stack: PageStack, store: Store, open_target: Callable[[str], object],
                 theme: str, zoom: int) -> None:
        self.stack = stack
        self.store = store
        self.open_target = open_target
        self.theme, self.zoom = theme, zoom
        self.compare: CompareView | None = None
        self.chart: ChartView | None = None
        self.table: DataTableView | None = None
        self.tables: TablesIndex | None = None
        #: told of each panel when it is built (the window gives it its context menu)
        self.built: Callable[[QWidget], object] | None = None

    def set_look(self, theme: str, zoom: int) -> None:
        """The window's theme and zoom, for the panels built and those to come."""
        self.theme, self.zoom = theme, zoom
        for panel in (self.compare, self.chart, self.table):
            if panel is not None:
                panel.set_theme(theme)
                panel.set_zoom(zoom)

    def forget(self) -> None:
        """Drop the panels built so far (the content changed): each is built again from the
        new content on its next visit."""
        for panel in (self.compare, self.chart, self.table, self.tables):
            if panel is not None:
                self.stack.removeWidget(panel)
                panel.deleteLater()
        self.compare = self.chart = None
        self.table = self.tables = None

    def compare_in_view(self) -> CompareView | None:
        """The comparison panel when it is the page in view (it prints itself)."""
        shown = self.stack.currentWidget()
        return self.compare if self.compare is not None and shown is self.compare else None

    # --- showing ------------------------------------------------------------------------
    def show(self, kind: str, ident: str) -> str:
        """Show a ``compare``, ``tables``, ``table`` or ``chart`` panel; returns its title."""
        if kind == "compare":
            self.compare_panel()
            return "Compare"
        if kind == "tables":
            self._raise(self.tables_panel())
            return "Tables"
        if kind == "table":
            view = self.table_panel()
            self._raise(view)
            view.show_table(ident)
            view.browser.verticalScrollBar().setValue(0)
            table = self.store.table(ident)
            return table.title if table else "Table"
        chart_view = self.chart_panel()
        chart_view.show_chart(ident)
        chart_view.scroll_area.verticalScrollBar().setValue(0)  # a new chart opens at its top
        chart = self.store.chart(ident)
        return chart.title if chart else "Chart"

    def show_compare(self, ids: list[str]) -> str:
        """The comparison panel, with ``ids`` side by side when there are two or more."""
        panel = self.compare_panel()
        panel.compare_items(ids)
        return "Compare"

    # --- building -----------------------------------------------------------------------
    def compare_panel(self) -> CompareView:
        if self.compare is None:
            from peptide_desk.ui.compare_view import CompareView

            self.compare = CompareView(self.store, self.theme, self.zoom)
            self._adopt(self.compare, self.compare.linkActivated)
        return self._raise(self.compare)

    def chart_panel(self) -> ChartView:
        if self.chart is None:
            from peptide_desk.ui.chart_view import ChartView

            self.chart = ChartView(self.store, self.theme, self.zoom)
            self._adopt(self.chart, self.chart.linkActivated)
        return self._raise(self.chart)

    def table_panel(self) -> DataTableView:
        if self.table is None:
            from peptide_desk.ui.table_view import DataTableView

            self.table = DataTableView(self.store)
            self._adopt(self.table, self.table.linkActivated)
        return self.table

    def tables_panel(self) -> TablesIndex:
        if self.tables is None:
            from peptide_desk.ui.table_view import TablesIndex

            self.tables = TablesIndex(self.store)
            self._adopt(self.tables, self.tables.linkActivated)
        return self.tables

    def _adopt(self, panel: QWidget, links: SignalInstance) -> None:
        links.connect(self.open_target)
        self.stack.addWidget(panel)
        if self.built is not None:
            self.built(panel)

    def _raise(self, panel: P) -> P:
        self.stack.setCurrentWidget(panel)
        return panel
