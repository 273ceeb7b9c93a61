"""The compare view's controls: rows toggle, filters, column chooser, compare and export.

The controls only report what was chosen; CompareView applies it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QLabel,
    QLineEdit,
    QMenu,
    QPushButton,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.compare import COLUMNS, KIND_LABELS, MAX_COMPARE, MIN_COMPARE, Filter, comparable
from peptide_desk.records import EVIDENCE_LABELS, STATUS_LABELS
from peptide_desk.ui.fit import FlowLayout

SCOPE_SHOWN, SCOPE_SELECTED = "shown", "selected"
EXPORTS: tuple[tuple[str, str], ...] = (
    ("csv", "Save as CSV…"),
    ("csv-strict", "Save as CSV (strict, sources in a sidecar)…"),
    ("html-file", "Save as HTML page…"),
    ("png", "Save as PNG image (16:9 slide)…"),
    ("html", "Copy as rich text (HTML)"),
    ("print", "Print…"),
)


class CompareControls(QWidget):
    """Two lines of controls, each wrapping onto more lines when space runs short."""

    kindChosen = Signal(str)
    filterChanged = Signal()
    columnToggled = Signal(str, bool)
    showAllColumns = Signal()
    compareRequested = Signal()
    exportRequested = Signal(str)

    def __init__(self, classes: list[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.zoom = 100
        self.kind_group = QButtonGroup(self)
        self.kind_buttons: dict[str, QToolButton] = {}
        for kind, label in (("substance", "Substances"), ("class", "Classes")):
            button = QToolButton(self)
            button.setText(label)
            button.setCheckable(True)
            button.setToolTip(f"One row per {kind}")
            button.clicked.connect(lambda _c=False, k=kind: self.kindChosen.emit(k))
            self.kind_group.addButton(button)
            self.kind_buttons[kind] = button
        self.count_label = QLabel(self)
        self.columns_button = self._menu_button("Columns", "Choose the columns to show")
        self.column_actions = {}
        menu = self.columns_button.menu()
        for col in COLUMNS:
            action = menu.addAction(col.header)
            action.setCheckable(True)
            action.setChecked(True)
            action.toggled.connect(lambda on, c=col.id: self.columnToggled.emit(c, on))
            self.column_actions[col.id] = action
        menu.addSeparator()
        menu.addAction("Show all columns", self.showAllColumns.emit)
        self.compare_button = QPushButton("Compare selected", self)
        self.compare_button.clicked.connect(self.compareRequested)
        self.export_button = self._menu_button("Export", "Export the table as shown")
        self._scope_menu(self.export_button.menu())
        for key, label in EXPORTS:
            self.export_button.menu().addAction(label, partial(self.exportRequested.emit, key))
        self.class_combo = self._combo("Filter by class", "Any class", classes)
        self.status_combo = self._combo("Filter by regulatory status", "Any status",
                                        list(STATUS_LABELS.items()))
        self.evidence_combo = self._combo("Filter by evidence level", "Any evidence",
                                          list(EVIDENCE_LABELS.items()))
        self.text_filter = QLineEdit(self)
        self.text_filter.setPlaceholderText("Filter by words…")
        self.text_filter.setAccessibleName("Filter rows by text")
        self.text_filter.setClearButtonEnabled(True)
        self.text_filter.textChanged.connect(lambda _t: self.filterChanged.emit())
        self.clear_button = QPushButton("Clear filters", self)
        self.clear_button.clicked.connect(self.clear)
        self._layout()

    def _scope_menu(self, menu: QMenu) -> None:
        """Which rows the exports take: all rows shown, or only the selected ones (the set
        chosen with Ctrl+click; chosen by default once two or more rows are selected)."""
        group = QActionGroup(self)
        self.scope_actions: dict[str, QAction] = {}
        for scope, label in ((SCOPE_SHOWN, "All rows shown"), (SCOPE_SELECTED,
                                                               "Selected rows only")):
            action = menu.addAction(label)
            action.setCheckable(True)
            action.setObjectName(f"export-scope-{scope}")
            group.addAction(action)
            self.scope_actions[scope] = action
        self.scope_actions[SCOPE_SHOWN].setChecked(True)
        self.scope_actions[SCOPE_SELECTED].setEnabled(False)
        menu.addSeparator()

    def set_selection(self, count: int) -> None:
        """``count`` rows are selected: offer (and, from two, choose) exporting only them."""
        selected = self.scope_actions[SCOPE_SELECTED]
        selected.setText(f"Selected rows only ({count})" if count else "Selected rows only")
        selected.setEnabled(count > 0)
        self.scope_actions[SCOPE_SELECTED if count >= MIN_COMPARE else SCOPE_SHOWN].setChecked(
            True)

    def export_scope(self) -> str:
        """SCOPE_SELECTED or SCOPE_SHOWN: the rows the next export takes."""
        selected = self.scope_actions[SCOPE_SELECTED]
        return SCOPE_SELECTED if selected.isChecked() and selected.isEnabled() else SCOPE_SHOWN

    def _menu_button(self, text: str, tip: str) -> QToolButton:
        button = QToolButton(self)
        button.setText(text)
        button.setToolTip(tip)
        button.setPopupMode(QToolButton.ToolButtonPopupMode.InstantPopup)
        button.setMenu(QMenu(button))
        return button

    def _combo(self, name: str, any_label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.setAccessibleName(name)
        combo.setToolTip(name)
        combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        combo.setMinimumContentsLength(12)
        combo.addItem(any_label, "")
        for ident, label in items:
            combo.addItem(label, ident)
        combo.currentIndexChanged.connect(lambda _i: self.filterChanged.emit())
        return combo

    def _layout(self) -> None:
        """Two wrapping lines (commands, then filters): they never widen the window, and on
        a short screen the filters fold behind the "Filters" button."""
        self.filters_button = QToolButton(self)
        self.filters_button.setText("Filters")
        self.filters_button.setCheckable(True)
        self.filters_button.setChecked(True)
        self.filters_button.setToolTip("Show or hide the filters")
        self.filters_button.toggled.connect(self._show_filters)
        self.more_button = self._menu_button("More", "Columns, export and filters")
        more = self.more_button.menu()
        for button, title in ((self.columns_button, "&Columns"), (self.export_button, "&Export")):
            menu = button.menu()
            menu.setTitle(title)
            more.addMenu(menu)
        self.filters_action = more.addAction("&Filters")
        self.filters_action.setCheckable(True)
        self.filters_action.toggled.connect(self.filters_button.setChecked)
        self.filters_button.toggled.connect(self.filters_action.setChecked)
        self.more_button.hide()
        self.compact = False
        self.command_line, self.filter_line = QWidget(self), QWidget(self)
        self.command_line.setObjectName("compareCommands")
        self.filter_line.setObjectName("compareFilters")
        self.flows = (FlowLayout(self.command_line), FlowLayout(self.filter_line))
        for w in (*self.kind_buttons.values(), self.count_label, self.columns_button,
                  self.compare_button, self.export_button, self.filters_button,
                  self.more_button):
            self.flows[0].addWidget(w)
        for w in (self.class_combo, self.status_combo, self.evidence_combo, self.text_filter,
                  self.clear_button):
            self.flows[1].addWidget(w)
        self.text_filter.setMinimumWidth(160)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.command_line)
        outer.addWidget(self.filter_line)

    def _show_filters(self, shown: bool) -> None:
        self.filter_line.setVisible(shown)

    def set_compact(self, compact: bool) -> None:
        """A short screen folds the filters away (the "Filters" button brings them back);
        an active filter stays in view."""
        active = self.current_filter().active
        if compact != self.compact:
            self.filters_button.setChecked(not compact or active)
        self.compact = compact
        for w in (self.columns_button, self.export_button, self.filters_button):
            w.setVisible(not compact)
        self.more_button.setVisible(compact)
        self.count_label.setVisible(not compact or active)

    def set_zoom(self, zoom: int) -> None:
        self.zoom = zoom
        gap = max(4, round(6 * zoom / 100))
        for flow in self.flows:
            flow.set_gap(gap)
        self.text_filter.setMinimumWidth(round(160 * zoom / 100))

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self.column_actions["class"].setText("Members" if kind == "class" else "Class")

    def current_filter(self) -> Filter:
        return Filter(self.class_combo.currentData() or "", self.status_combo.currentData() or "",
                      self.evidence_combo.currentData() or "", self.text_filter.text())

    def show_count(self, shown: int, total: int, kind: str) -> None:
        self.count_label.setText(f"Showing {shown} of {total} {KIND_LABELS[kind]}")
        active = self.current_filter().active
        self.clear_button.setEnabled(active)
        self.count_label.setVisible(not self.compact or active)

    def clear(self) -> None:
        """Reset every filter, then report one change."""
        widgets = (self.class_combo, self.status_combo, self.evidence_combo, self.text_filter)
        for w in widgets:
            w.blockSignals(True)
        for combo in widgets[:3]:
            assert isinstance(combo, QComboBox)
            combo.setCurrentIndex(0)
        self.text_filter.clear()
        for w in widgets:
            w.blockSignals(False)
        self.filterChanged.emit()

    def set_compare_enabled(self, count: int) -> None:
        ok = comparable(count)
        self.compare_button.setEnabled(ok)
        self.compare_button.setToolTip(
            "Show the selected rows side by side" if ok else
            f"Select {MIN_COMPARE} to {MAX_COMPARE} rows (Ctrl+click their names) to compare "
            "them side by side")
