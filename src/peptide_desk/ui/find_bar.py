"""Find in page for any ContentBrowser: every match highlighted, F3/Shift+F3 step; Esc
closes it (from the field or the page), and so does going to another page."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QKeySequence, QShortcut, QTextCharFormat, QTextCursor
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QTextBrowser,
    QTextEdit,
    QToolButton,
    QWidget,
)

from peptide_desk import keymap


class FindBar(QWidget):
    """Find in page: every match highlighted, F3/Shift+F3 step through them."""

    def __init__(self, browser: QTextBrowser, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.browser = browser
        self.edit = QLineEdit(self)
        self.edit.setPlaceholderText("Find in page")
        self.edit.setAccessibleName("Find in page")
        self.count = QLabel(self)
        self.count.setObjectName("muted")
        prev_btn, next_btn, close_btn = QToolButton(self), QToolButton(self), QToolButton(self)
        prev_btn.setText("Previous")
        next_btn.setText("Next")
        close_btn.setText("Close")
        prev_btn.setToolTip("Previous match (Shift+F3)")
        next_btn.setToolTip("Next match (F3)")
        layout = QHBoxLayout(self)
        layout.setContentsMargins(6, 4, 6, 4)
        for w in (self.edit, self.count, prev_btn, next_btn, close_btn):
            layout.addWidget(w)
        self.edit.textChanged.connect(self.highlight_all)
        self.edit.returnPressed.connect(self.next)
        next_btn.clicked.connect(self.next)
        prev_btn.clicked.connect(self.previous)
        close_btn.clicked.connect(self.close_bar)
        self.matches: list[QTextCursor] = []
        self.current = -1
        self.mark = QColor("#FFE58A")
        close_btn.setToolTip("Close the find bar (Esc)")
        # Esc anywhere in the page the bar belongs to (its field or the text), only while
        # the bar is open: otherwise Esc stays free for others (the search field, presenting)
        self.escape = QShortcut(QKeySequence(keymap.key("find-close")), parent or self,
                                self.close_bar,
                                context=Qt.ShortcutContext.WidgetWithChildrenShortcut)
        self.escape.setEnabled(False)
        self.hide()

    def open_bar(self) -> None:
        self.show()
        self.escape.setEnabled(True)
        self.edit.setFocus()
        self.edit.selectAll()
        self.highlight_all(self.edit.text())

    def close_bar(self) -> None:
        """Close and clear the highlight; the focus goes back to the text."""
        self.dismiss()
        self.browser.setFocus()

    def dismiss(self) -> None:
        """Close and clear the highlight without moving the focus (another page opened)."""
        self.hide()
        self.escape.setEnabled(False)
        self.matches, self.current = [], -1
        self.browser.setExtraSelections([])

    def highlight_all(self, text: str) -> None:
        """Mark every occurrence of ``text`` (case-insensitive) in the document."""
        doc = self.browser.document()
        self.matches = []
        cursor = QTextCursor(doc)
        while text:
            cursor = doc.find(text, cursor)
            if cursor.isNull():
                break
            self.matches.append(QTextCursor(cursor))
        fmt = QTextCharFormat()
        fmt.setBackground(self.mark)
        fmt.setForeground(QColor("#000000"))
        selections = []
        for c in self.matches:
            sel = QTextEdit.ExtraSelection()
            sel.cursor = c
            sel.format = fmt
            selections.append(sel)
        self.browser.setExtraSelections(selections)
        self.current = -1
        self._update_count()
        if self.matches:
            self.next()

    def _go(self, index: int) -> None:
        if not self.matches:
            return
        self.current = index % len(self.matches)
        self.browser.setTextCursor(self.matches[self.current])
        self.browser.ensureCursorVisible()
        self._update_count()

    def next(self) -> None:
        self._go(self.current + 1)

    def previous(self) -> None:
        self._go(self.current - 1)

    def _update_count(self) -> None:
        text = self.edit.text()
        if not text:
            self.count.setText("")
        elif not self.matches:
            self.count.setText("No matches")
        else:
            self.count.setText(f"{max(self.current, 0) + 1} of {len(self.matches)}")
