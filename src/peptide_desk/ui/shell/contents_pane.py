"""The right-hand pane: contents of the open article and the notes on it (built when the
window completes, after the first paint; the left-hand pane is nav_pane)."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from peptide_desk.records import TIER_LABELS, Section

ROLE = Qt.ItemDataRole.UserRole


class ContentsPane(QWidget):
    """Sections of the open article (tracks the reading position) and the notes on it."""

    sectionChosen = Signal(str)  # anchor
    linkActivated = Signal(str)
    addNote = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        title = QLabel("Contents", self)
        title.setObjectName("paneTitle")
        self.sections = QListWidget(self)
        self.sections.setAccessibleName("Article contents")
        self.sections.setWordWrap(True)
        self.sections.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.sections.itemClicked.connect(lambda it: self.sectionChosen.emit(it.data(ROLE)))
        self.sections.itemActivated.connect(lambda it: self.sectionChosen.emit(it.data(ROLE)))
        self.notes_title = QLabel("Notes", self)
        self.notes_title.setObjectName("paneTitle")
        self.notes = QListWidget(self)
        self.notes.setAccessibleName("Your notes on this page")
        self.notes.setWordWrap(True)
        self.notes.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.notes.itemActivated.connect(lambda it: self.linkActivated.emit(it.data(ROLE)))
        self.notes.itemClicked.connect(lambda it: self.linkActivated.emit(it.data(ROLE)))
        for pane in (self.sections, self.notes):
            _wrap_only(pane)
        add = QPushButton("Add note…", self)
        add.setToolTip("Write a note on the section in view (Ctrl+Shift+N)")
        add.clicked.connect(self.addNote)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 6, 6, 6)
        layout.addWidget(title)
        layout.addWidget(self.sections, 3)
        layout.addWidget(self.notes_title)
        layout.addWidget(self.notes, 1)
        layout.addWidget(add)

    def set_sections(self, sections: tuple[Section, ...]) -> None:
        self.sections.clear()
        last_tier = ""
        for s in sections:
            if s.tier != last_tier:
                head = QListWidgetItem(TIER_LABELS[s.tier].upper())
                head.setFlags(Qt.ItemFlag.NoItemFlags)
                self.sections.addItem(head)
                last_tier = s.tier
            item = QListWidgetItem(s.title)
            item.setData(ROLE, s.anchor)
            self.sections.addItem(item)

    def track(self, anchor: str) -> None:
        self.sections.blockSignals(True)
        for i in range(self.sections.count()):
            if self.sections.item(i).data(ROLE) == anchor:
                self.sections.setCurrentRow(i)
                self.sections.scrollToItem(self.sections.item(i))
        self.sections.blockSignals(False)

    def set_notes(self, notes: list[tuple[str, str, str]]) -> None:
        """(target, title, body) of the notes on this page."""
        self.notes.clear()
        self.notes_title.setText(f"Notes ({len(notes)})")
        for target, title, body in notes:
            item = QListWidgetItem(f"{title}\n{body[:160]}")
            item.setData(ROLE, target)
            item.setToolTip(body)
            self.notes.addItem(item)


def _wrap_only(pane: QListWidget) -> None:
    """Entries wrap to the pane's width: no horizontal scrollbar, no cut or blank line (the
    rows are laid out again whenever the pane's width changes)."""
    pane.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    pane.setHorizontalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    pane.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
    pane.setTextElideMode(Qt.TextElideMode.ElideNone)
    pane.setResizeMode(QListWidget.ResizeMode.Adjust)
    pane.setUniformItemSizes(False)
