"""The compare view's controls: rows toggle, filters, column chooser, compare and export.

The controls only report what was chosen; CompareView applies it.
"""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Signal
from PySide6.QtGui import QAction, QActionGroup, QResizeEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QGridLayout,
    QHBoxLayout,
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
    """Two lines of controls; the filter line wraps its text field when space runs short."""

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
        self.count_label.setWordWrap(True)
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
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        for button in self.kind_buttons.values():
            row.addWidget(button)
        row.addWidget(self.count_label, 1)
        for w in (self.columns_button, self.compare_button, self.export_button):
            row.addWidget(w)
        self.filters = QGridLayout()
        self._wide: bool | None = None
        self.arrange()
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addLayout(row)
        outer.addLayout(self.filters)

    def arrange(self, force: bool = False) -> None:
        """Filters on one line when they fit, else the text field on a line of its own."""
        combos = (self.class_combo, self.status_combo, self.evidence_combo)
        need = sum(w.sizeHint().width() for w in (*combos, self.clear_button))
        wide = need + round(320 * self.zoom / 100) + 40 <= self.width()
        if wide == self._wide and not force:
            return
        self._wide = wide
        for w in (*combos, self.text_filter, self.clear_button):
            self.filters.removeWidget(w)
        for col, w in enumerate(combos):
            self.filters.addWidget(w, 0, col)
        self.filters.addWidget(self.text_filter, 0 if wide else 1, 3 if wide else 0, 1,
                               1 if wide else 4)
        self.filters.addWidget(self.clear_button, 0 if wide else 1, 4)
        for col in range(5):
            self.filters.setColumnStretch(col, 1 if col == 3 else 0)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.arrange()

    def set_zoom(self, zoom: int) -> None:
        self.zoom = zoom
        self.arrange(force=True)

    def set_kind(self, kind: str) -> None:
        self.kind_buttons[kind].setChecked(True)
        self.column_actions["class"].setText("Members" if kind == "class" else "Class")

    def current_filter(self) -> Filter:
        return Filter(self.class_combo.currentData() or "", self.status_combo.currentData() or "",
                      self.evidence_combo.currentData() or "", self.text_filter.text())

    def show_count(self, shown: int, total: int, kind: str) -> None:
        self.count_label.setText(f"Showing {shown} of {total} {KIND_LABELS[kind]}")
        self.clear_button.setEnabled(self.current_filter().active)

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
