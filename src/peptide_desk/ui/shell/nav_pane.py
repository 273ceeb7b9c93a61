"""The left navigation pane (on the start path: no ``Qt`` namespace, no content records)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

NAV_ITEMS: tuple[tuple[str, str, str], ...] = (
    ("Home", "view:home", "Start page: articles, compare, charts, disclaimer"),
    ("Library", "view:library", "The five articles and all substances by class"),
    ("Compare", "view:compare", "Substances and classes side by side"),
    ("Charts", "view:charts", "Response phases and trial figures over time"),
    ("Tables", "view:tables", "Every table from the articles, with provenance"),
    ("Glossary", "view:glossary", "Terms and abbreviations"),
    ("References", "view:references", "Every cited work with its verification status"),
    ("Bookmarks", "view:bookmarks", "Your bookmarks and notes"),
    ("History", "view:history", "Pages you opened recently"),
    ("Decks", "view:decks", "Presentation decks: slides, speaker notes, hand-outs"),
)


class NavPane(QWidget):
    """The navigation list; selecting an entry asks the window to open its view."""

    linkActivated = Signal(str)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.list = QListWidget(self)
        self.list.setAccessibleName("Navigation")
        self.targets = [target for _label, target, _tip in NAV_ITEMS]
        for label, _target, tip in NAV_ITEMS:
            item = QListWidgetItem(label)
            item.setToolTip(tip)
            self.list.addItem(item)
        self.list.itemActivated.connect(self._open)
        self.list.itemClicked.connect(self._open)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        layout.addWidget(self.list)

    def _open(self, item: QListWidgetItem) -> None:
        self.linkActivated.emit(self.targets[self.list.row(item)])

    def mark(self, target: str) -> None:
        """Highlight the entry of the current view (or none)."""
        self.list.blockSignals(True)
        self.list.clearSelection()
        if target in self.targets:
            self.list.setCurrentRow(self.targets.index(target))
        self.list.blockSignals(False)
